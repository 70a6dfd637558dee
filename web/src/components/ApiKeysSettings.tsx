import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { api } from '../api';
import type { ApiKey } from '../types';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorText } from './ErrorText';
import { btnPrimary, btnSecondary, field } from './ui';

type Expiry = 'never' | '30' | '90' | 'date';

const KEYS = ['api-keys'] as const;

// The end of the chosen day in the browser's time zone, or now plus the chosen days.
function expiryOf(choice: Expiry, date: string): string | null {
  switch (choice) {
    case 'never':
      return null;
    case '30':
    case '90':
      return new Date(Date.now() + Number(choice) * 86_400_000).toISOString();
    case 'date':
      return new Date(`${date}T23:59:59`).toISOString();
  }
}

const when = (iso: string | null, none: string) => (iso === null ? none : new Date(iso).toLocaleDateString());

/** Settings → API keys: create a key (shown once) with an expiry, and if wanted the right to manage keys, see each key's dates, revoke one behind a confirmation. */
export function ApiKeysSettings() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: api.apiKeys });
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<Expiry>('never');
  const [date, setDate] = useState('');
  const [canManageKeys, setCanManageKeys] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const create = useMutation({
    mutationFn: () => api.createApiKey({ name, expiresAt: expiryOf(expiry, date), canManageKeys }),
    onSuccess: async (created) => {
      setShown(created.key);
      setName('');
      setCanManageKeys(false);
      await queryClient.invalidateQueries({ queryKey: KEYS });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeApiKey(id),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: KEYS });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <div className="space-y-6 sm:min-h-72">
      <section>
        <h3 className="mb-3 text-sm font-semibold">New API key</h3>
        <form className="flex flex-wrap items-end gap-2" onSubmit={submit}>
          <label className="text-sm">
            Key name
            <input className={field} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </label>
          <label className="text-sm">
            Expires
            <select className={field} value={expiry} onChange={(e) => setExpiry(e.target.value as Expiry)}>
              <option value="never">Never</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="date">On a date</option>
            </select>
          </label>
          {expiry === 'date' && (
            <label className="text-sm">
              Expiry date
              <input className={field} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
            </label>
          )}
          <label className="flex items-center gap-2 self-center text-sm">
            <input type="checkbox" checked={canManageKeys} onChange={(e) => setCanManageKeys(e.target.checked)} />
            Allow this key to manage keys
          </label>
          <button type="submit" className={btnPrimary} disabled={create.isPending}>
            Create key
          </button>
        </form>
        <ErrorText error={create.error} />
        {shown !== null && (
          <div className="mt-3 space-y-1 text-sm" role="status">
            <div>Copy this key now: it is not shown again.</div>
            <code className="block break-all rounded bg-zinc-100 p-2 dark:bg-zinc-800">{shown}</code>
          </div>
        )}
      </section>
      <section>
        <h3 className="mb-3 text-sm font-semibold">Your API keys</h3>
        <ErrorText error={keys.error} />
        {keys.data?.items.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">No API keys.</p>}
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {keys.data?.items.map((key) => (
            <li key={key.id} className="flex items-center justify-between gap-4 py-2" role="group" aria-label={key.name}>
              <div className="min-w-0 text-sm">
                <div className="truncate font-medium">{key.name}</div>
                <div className="text-xs text-zinc-500 dark:text-zinc-400">
                  Created {when(key.createdAt, '')} · Last used {when(key.lastUsedAt, 'never')} · Expires {when(key.expiresAt, 'never')}
                  {key.canManageKeys && ' · Can manage keys'}
                </div>
              </div>
              <button type="button" className={btnSecondary} onClick={() => setRevoking(key)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      </section>
      {revoking !== null && (
        <ConfirmDialog
          title="Revoke API key"
          confirmLabel="Revoke key"
          onConfirm={() => revoke.mutate(revoking.id)}
          onClose={() => setRevoking(null)}
          pending={revoke.isPending}
          error={revoke.error}
        >
          Scripts using “{revoking.name}” stop working at once. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
