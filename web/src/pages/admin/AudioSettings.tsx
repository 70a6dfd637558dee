import { useState, type SyntheticEvent } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { fieldBase } from '../../components/ui';
import type { AdminSettings, TtsEngine } from '../../types';
import { Row, Section } from './GeneralSettings';
import { SaveBar } from './SaveBar';
import { useAdminSettings } from './useAdminSettings';

/** Admin Panel → Settings → Audio: the text-to-speech engine behind the read-aloud buttons. */
export function AudioSettings() {
  const { settings } = useAdminSettings();
  if (settings.error) return <ErrorText error={settings.error} prefix="Settings could not be loaded" />;
  if (!settings.data) return null;
  return <AudioForm initial={settings.data.tts} />;
}

function AudioForm({ initial }: { initial: AdminSettings['tts'] }) {
  const { save } = useAdminSettings();
  const [engine, setEngine] = useState<TtsEngine>(initial.engine);
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl ?? '');
  const [model, setModel] = useState(initial.model ?? '');
  const [voice, setVoice] = useState(initial.voice ?? '');
  const [apiKey, setApiKey] = useState(initial.apiKey ?? '');

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    // A blank field clears it; the masked key, sent back as it came, keeps the stored key.
    const optional = (value: string) => (value.trim() === '' ? null : value.trim());
    save.mutate({
      tts: { engine, baseUrl: optional(baseUrl), model: optional(model), voice: optional(voice), apiKey: optional(apiKey) },
    });
  };
  const edit = (set: (value: string) => void) => (value: string) => {
    save.reset();
    set(value);
  };

  return (
    <form onSubmit={onSubmit} className="max-w-2xl">
      <Section title="Text-to-Speech">
        <Row label="Text-to-Speech Engine" description="What reads messages aloud on shared pages and in chats.">
          {(id) => (
            <select id={id} className={`${fieldBase} w-56`} value={engine} onChange={(e) => edit((v) => setEngine(v as TtsEngine))(e.target.value)}>
              <option value="none">None (off)</option>
              <option value="browser">Browser (Web Speech)</option>
              <option value="openai">OpenAI-compatible</option>
            </select>
          )}
        </Row>
        {engine === 'openai' && (
          <>
            <Row label="API Base URL" description="An OpenAI-compatible endpoint with /audio/speech.">
              {(id) => (
                <input id={id} type="url" placeholder="https://api.openai.com/v1" className={`${fieldBase} w-64`} value={baseUrl} onChange={(e) => edit(setBaseUrl)(e.target.value)} />
              )}
            </Row>
            <Row label="TTS Model">
              {(id) => <input id={id} placeholder="tts-1" className={`${fieldBase} w-64`} value={model} onChange={(e) => edit(setModel)(e.target.value)} />}
            </Row>
            <Row label="TTS Voice">
              {(id) => <input id={id} placeholder="alloy" className={`${fieldBase} w-64`} value={voice} onChange={(e) => edit(setVoice)(e.target.value)} />}
            </Row>
            <Row label="TTS API Key" description="Sent as a Bearer token to the speech endpoint; shown masked.">
              {(id) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="off"
                  className={`${fieldBase} w-64`}
                  value={apiKey}
                  onChange={(e) => edit(setApiKey)(e.target.value)}
                />
              )}
            </Row>
          </>
        )}
      </Section>
      <SaveBar pending={save.isPending} saved={save.isSuccess} error={save.error} />
    </form>
  );
}
