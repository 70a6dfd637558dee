import { useState } from 'react';
import type { SettingsTab } from '../lib/layout';
import type { User } from '../types';
import { ArchivedChatsDialog } from './ArchivedChatsDialog';
import { DeleteAllChats, ExportChats } from './ChatData';
import { Dialog } from './Dialog';
import { ImportChats } from './ImportChats';
import { ApiKeysSettings } from './ApiKeysSettings';
import { ArchiveIcon, SettingsIcon, ShieldIcon } from './icons';
import { SharedChatsDialog } from './SharedChatsDialog';
import { Tabs } from './Tabs';
import { ThemePicker } from './ThemePicker';
import { btnSecondary } from './ui';
import { Avatar } from './UserMenu';
import { UserText } from './UserText';

const roleNames = { admin: 'Admin', user: 'User', pending: 'Pending approval' } as const;

/** Settings: General (account, appearance), Data (Shared Chats, Archived Chats, import, export, delete all) and API keys. */
export function SettingsDialog({ user, initialTab, onClose }: { user: User; initialTab: SettingsTab; onClose: () => void }) {
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const [open, setOpen] = useState<'shared' | 'archived' | null>(null);

  return (
    <Dialog title="Settings" onClose={onClose} size="lg">
      <Tabs
        label="Settings sections"
        vertical
        selected={tab}
        onSelect={setTab}
        tabs={[
          { key: 'general', label: 'General', icon: <SettingsIcon width={16} height={16} /> },
          { key: 'data', label: 'Data', icon: <ArchiveIcon width={16} height={16} /> },
          { key: 'api-keys', label: 'API keys', icon: <ShieldIcon width={16} height={16} /> },
        ]}
      >
        {tab === 'general' ? (
          <div className="space-y-6 sm:min-h-72">
            <section>
              <h3 className="mb-3 text-sm font-semibold">Account</h3>
              <div className="flex items-center gap-3">
                <Avatar name={user.name} />
                <div className="min-w-0">
                  <div className="truncate text-sm font-medium"><UserText>{user.name}</UserText></div>
                  <div className="truncate text-sm text-zinc-500 dark:text-zinc-400">{user.email}</div>
                </div>
                <span className="ml-auto rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium dark:bg-zinc-800">
                  {roleNames[user.role]}
                </span>
              </div>
            </section>
            <section>
              <h3 className="mb-3 text-sm font-semibold">Appearance</h3>
              <ThemePicker />
            </section>
          </div>
        ) : tab === 'api-keys' ? (
          <ApiKeysSettings />
        ) : (
          <div className="divide-y divide-zinc-200 sm:min-h-72 dark:divide-zinc-800">
            <SettingRow
              title="Shared Chats"
              description="Every link you have made: copy it again, or unshare it."
              onManage={() => setOpen('shared')}
            />
            <SettingRow title="Archived Chats" description="Chats you put away: open, unarchive or delete them." onManage={() => setOpen('archived')} />
            <ImportChats />
            <ExportChats />
            <DeleteAllChats />
          </div>
        )}
      </Tabs>
      {open === 'shared' && <SharedChatsDialog onClose={() => setOpen(null)} />}
      {open === 'archived' && <ArchivedChatsDialog onClose={() => setOpen(null)} />}
    </Dialog>
  );
}

function SettingRow({ title, description, onManage }: { title: string; description: string; onManage: () => void }) {
  return (
    <div className="flex items-center justify-between gap-4 py-3" role="group" aria-label={title}>
      <div>
        <div className="text-sm font-medium">{title}</div>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">{description}</div>
      </div>
      <button type="button" className={btnSecondary} onClick={onManage}>
        Manage
      </button>
    </div>
  );
}
