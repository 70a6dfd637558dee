import { Outlet, useLocation, useNavigate } from 'react-router';
import { Tabs } from '../../components/Tabs';

type Section = 'general' | 'connections' | 'audio';

/** Admin Panel → Settings, with its sub-tabs General, Connections and Audio. */
export function AdminSettingsPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const selected = (location.pathname.split('/')[3] ?? 'general') as Section;
  return (
    <Tabs
      label="Settings sections"
      vertical
      selected={selected}
      onSelect={(section) => void navigate(`/admin/settings/${section}`)}
      tabs={[
        { key: 'general', label: 'General' },
        { key: 'connections', label: 'Connections' },
        { key: 'audio', label: 'Audio' },
      ]}
    >
      <Outlet />
    </Tabs>
  );
}

export function ConnectionsSettings() {
  return (
    <section className="max-w-2xl space-y-2 pt-1">
      <h2 className="text-base font-semibold">Connections</h2>
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        Adding model connections here is not available yet. For now Parley uses the OpenAI-compatible connection set in the
        environment (<code>OPENAI_API_BASE_URL</code> and <code>OPENAI_API_KEY</code>).
      </p>
    </section>
  );
}
