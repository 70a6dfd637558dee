import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { api } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { PlusIcon, TrashIcon } from '../../components/icons';
import { Switch } from '../../components/Switch';
import { btnSecondary, btnGhost, fieldBase } from '../../components/ui';
import type { ConnectionInput, ConnectionTestInput, ConnectionView } from '../../types';
import { SaveBar } from './SaveBar';
import { useAdminSettings } from './useAdminSettings';

/** Admin Panel → Settings → Connections: the OpenAI-compatible servers replies come from. */
export function ConnectionsSettings() {
  const { settings } = useAdminSettings();
  if (settings.error) return <ErrorText error={settings.error} prefix="Settings could not be loaded" />;
  if (!settings.data) return null;
  return <ConnectionsForm initial={settings.data.connections} />;
}

/** A connection being edited. The stored key is never sent to the browser, only its masked form. */
interface Draft {
  /** Unique in the form, for React; a saved connection's id is also its `id`. */
  key: string;
  id?: string;
  name: string;
  baseUrl: string;
  maskedKey: string | null;
  /** A new key typed in; empty keeps the stored one. */
  newKey: string;
  enabled: boolean;
  readOnly: boolean;
}

let drafts = 0;
function toDraft(c: ConnectionView): Draft {
  return { key: c.id, id: c.id, name: c.name, baseUrl: c.baseUrl, maskedKey: c.apiKey, newKey: '', enabled: c.enabled, readOnly: c.readOnly };
}

/** The key to send: a new one typed in, else the masked one (the server keeps the stored key for it). */
function keyToSend(draft: Draft): string | null {
  return draft.newKey.trim() !== '' ? draft.newKey.trim() : draft.maskedKey;
}

function ConnectionsForm({ initial }: { initial: ConnectionView[] }) {
  const { save } = useAdminSettings();
  const [list, setList] = useState<Draft[]>(() => initial.map(toDraft));

  const change = (key: string, next: Partial<Draft>) => {
    save.reset();
    setList((before) => before.map((d) => (d.key === key ? { ...d, ...next } : d)));
  };
  const add = () => {
    save.reset();
    drafts += 1;
    setList((before) => [...before, { key: `new-${drafts}`, name: '', baseUrl: '', maskedKey: null, newKey: '', enabled: true, readOnly: false }]);
  };
  const remove = (key: string) => {
    save.reset();
    setList((before) => before.filter((d) => d.key !== key));
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The environment's connection is not the admin's to change; the list replaces the saved one.
    const connections: ConnectionInput[] = list
      .filter((d) => !d.readOnly)
      .map((d) => ({
        ...(d.id === undefined ? {} : { id: d.id }),
        name: d.name.trim() === '' ? null : d.name.trim(),
        baseUrl: d.baseUrl.trim(),
        apiKey: keyToSend(d),
        enabled: d.enabled,
      }));
    save.mutate({ connections }, { onSuccess: (next) => setList(next.connections.map(toDraft)) });
  };

  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-4">
      <div>
        <h2 className="text-base font-semibold">Connections</h2>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          OpenAI-compatible servers (Ollama, vLLM, llama.cpp, OpenAI, OpenRouter…). Everyone can talk to the models of the enabled ones.
        </p>
      </div>
      {list.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">No connections yet. Add one to start chatting.</p>}
      {list.map((draft) => (
        <ConnectionCard key={draft.key} draft={draft} onChange={(next) => change(draft.key, next)} onRemove={() => remove(draft.key)} />
      ))}
      <button type="button" className={btnSecondary} onClick={add}>
        <PlusIcon width={16} height={16} />
        Add Connection
      </button>
      <SaveBar pending={save.isPending} saved={save.isSuccess} error={save.error} />
    </form>
  );
}

function ConnectionCard({ draft, onChange, onRemove }: { draft: Draft; onChange: (next: Partial<Draft>) => void; onRemove: () => void }) {
  const ids = { name: useId(), url: useId(), key: useId() };
  const test = useMutation({
    mutationFn: (input: ConnectionTestInput) => api.testConnection(input),
  });
  const edit = (next: Partial<Draft>) => {
    test.reset();
    onChange(next);
  };
  const runTest = () => {
    const apiKey = keyToSend(draft);
    test.mutate({ ...(draft.id === undefined ? {} : { id: draft.id }), baseUrl: draft.baseUrl.trim(), ...(apiKey === null ? {} : { apiKey }) });
  };
  const label = draft.name.trim() || draft.baseUrl.trim() || 'New connection';
  const disabled = draft.readOnly;

  return (
    <div role="group" aria-label={label} className="space-y-3 rounded-2xl p-4 ring-1 ring-zinc-200 dark:ring-zinc-800">
      <div className="flex items-center gap-2">
        <h3 className="min-w-0 flex-1 truncate text-sm font-semibold">{label}</h3>
        {draft.readOnly && (
          <span className="rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
            Read-only · set by the environment
          </span>
        )}
        {!draft.readOnly && (
          <button type="button" className={btnGhost} onClick={onRemove}>
            <TrashIcon width={16} height={16} />
            Remove
          </button>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.name} className="text-sm font-medium">
            Name
          </label>
          <input
            id={ids.name}
            className={`${fieldBase} mt-1 w-full`}
            placeholder="My Ollama"
            maxLength={100}
            value={draft.name}
            disabled={disabled}
            onChange={(e) => edit({ name: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={ids.url} className="text-sm font-medium">
            API Base URL
          </label>
          <input
            id={ids.url}
            type="url"
            required
            className={`${fieldBase} mt-1 w-full`}
            placeholder="http://localhost:11434/v1"
            value={draft.baseUrl}
            disabled={disabled}
            onChange={(e) => edit({ baseUrl: e.target.value })}
          />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={ids.key} className="text-sm font-medium">
            API Key
          </label>
          <input
            id={ids.key}
            type="password"
            autoComplete="off"
            className={`${fieldBase} mt-1 w-full`}
            placeholder={draft.maskedKey ? `Saved key ${draft.maskedKey} (type a new one to replace it)` : 'No key (optional)'}
            value={draft.newKey}
            disabled={disabled}
            onChange={(e) => edit({ newKey: e.target.value })}
          />
          {draft.maskedKey && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Saved key: {draft.maskedKey}</p>}
        </div>
      </div>
      <Switch
        label="Enabled"
        description="Its models are offered in the Model picker."
        checked={draft.enabled}
        disabled={disabled}
        onChange={(enabled) => edit({ enabled })}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={btnSecondary} onClick={runTest} disabled={test.isPending || draft.baseUrl.trim() === ''}>
          {test.isPending ? 'Testing…' : 'Test'}
        </button>
        <div role="status" className="min-w-0 flex-1 text-sm text-emerald-700 dark:text-emerald-400">
          {test.data &&
            (test.data.items.length === 0
              ? 'Connected, but it offers no models.'
              : `Connected. ${test.data.items.length} ${test.data.items.length === 1 ? 'model' : 'models'}: ${test.data.items.map((m) => m.id).join(', ')}`)}
        </div>
      </div>
      <ErrorText error={test.error} prefix="The test failed" />
    </div>
  );
}
