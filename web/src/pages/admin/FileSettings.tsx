import { useState, type SyntheticEvent } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { fieldBase } from '../../components/ui';
import type { AdminSettings } from '../../types';
import { Row, Section } from './GeneralSettings';
import { SaveBar } from './SaveBar';
import { useAdminSettings } from './useAdminSettings';

const MB = 1024 * 1024;

/** Admin Panel → Settings → Files: how large an upload may be and which types are taken (docs/api.md, Files). */
export function FileSettings() {
  const { settings } = useAdminSettings();
  if (settings.error) return <ErrorText error={settings.error} prefix="Settings could not be loaded" />;
  if (!settings.data) return null;
  return <FileForm initial={settings.data.files} />;
}

function FileForm({ initial }: { initial: AdminSettings['files'] }) {
  const { save } = useAdminSettings();
  const [maxMegabytes, setMaxMegabytes] = useState(String(Math.round((initial.maxBytes / MB) * 100) / 100));
  const [allowedTypes, setAllowedTypes] = useState(initial.allowedTypes.join(', '));

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    // A size the server refuses (not a number, 0, over the limit) comes back as its 400 naming files.maxBytes.
    const maxBytes = Math.round(Number(maxMegabytes) * MB);
    const types = allowedTypes
      .split(/[\s,]+/)
      .map((type) => type.trim().toLowerCase())
      .filter((type) => type !== '');
    save.mutate({ files: { maxBytes: Number.isFinite(maxBytes) ? maxBytes : 0, allowedTypes: types } });
  };
  const edit = (set: (value: string) => void) => (value: string) => {
    save.reset();
    set(value);
  };

  return (
    <form onSubmit={onSubmit} className="max-w-2xl">
      <Section title="Files">
        <Row label="Max File Size (MB)" description="The largest upload taken, at most 100 MB; larger ones are refused.">
          {(id) => (
            <input
              id={id}
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              className={`${fieldBase} w-32`}
              value={maxMegabytes}
              onChange={(e) => edit(setMaxMegabytes)(e.target.value)}
            />
          )}
        </Row>
        <Row label="Allowed File Types" description="Media types separated by commas, such as image/png, image/* or */* for any.">
          {(id) => (
            <input id={id} className={`${fieldBase} w-80`} value={allowedTypes} onChange={(e) => edit(setAllowedTypes)(e.target.value)} />
          )}
        </Row>
      </Section>
      <SaveBar pending={save.isPending} saved={save.isSuccess} error={save.error} />
    </form>
  );
}
