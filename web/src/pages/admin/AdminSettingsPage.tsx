import { Outlet, useLocation, useNavigate } from 'react-router';
import { Tabs } from '../../components/Tabs';

type Section = 'general' | 'connections' | 'audio' | 'files';

/** Admin Panel → Settings, with its sub-tabs General, Connections, Audio and Files. */
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
        { key: 'files', label: 'Files' },
      ]}
    >
      <Outlet />
    </Tabs>
  );
}
