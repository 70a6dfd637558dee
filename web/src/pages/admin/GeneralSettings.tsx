import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { Switch } from '../../components/Switch';
import { fieldBase } from '../../components/ui';
import type { AdminSettings, ShareAccess } from '../../types';
import { SaveBar } from './SaveBar';
import { useAdminSettings } from './useAdminSettings';

/** What "Share to Community" does with these settings (rule S17), in the admin's words. */
function communityInEffect(enabled: boolean, url: string): string {
  if (!enabled) return 'Community sharing is off: nobody sees "Share to Community".';
  if (url === '') {
    return 'With no Community URL, this instance is its own community: "Share to Community" publishes here, at /community, where its users can browse the chats.';
  }
  return `"Share to Community" opens the hub at ${url}.`;
}

/** Admin Panel → Settings → General: sign-ups, sharing and the community options. */
export function GeneralSettings() {
  const { settings } = useAdminSettings();
  if (settings.error) return <ErrorText error={settings.error} prefix="Settings could not be loaded" />;
  if (!settings.data) return null;
  return <GeneralForm initial={settings.data} />;
}

type Draft = Pick<AdminSettings, 'signup' | 'sharing' | 'enableCommunitySharing' | 'communityHub'> & { communityUrl: string };

function GeneralForm({ initial }: { initial: AdminSettings }) {
  const { save } = useAdminSettings();
  const [draft, setDraft] = useState<Draft>({
    signup: initial.signup,
    sharing: initial.sharing,
    enableCommunitySharing: initial.enableCommunitySharing,
    communityHub: initial.communityHub,
    communityUrl: initial.communityUrl ?? '',
  });
  const change = (next: Partial<Draft>) => {
    save.reset();
    setDraft({ ...draft, ...next });
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const url = draft.communityUrl.trim();
    save.mutate({
      signup: draft.signup,
      sharing: draft.sharing,
      enableCommunitySharing: draft.enableCommunitySharing,
      communityHub: draft.communityHub,
      communityUrl: url === '' ? null : url,
    });
  };

  return (
    <form onSubmit={onSubmit} className="max-w-2xl">
      <Section title="Authentication">
        <Switch
          label="Enable New Sign Ups"
          description="When off, only existing accounts can sign in."
          checked={draft.signup.enabled}
          onChange={(enabled) => change({ signup: { ...draft.signup, enabled } })}
        />
        <Row label="Default User Role" description="The role new accounts get. Pending accounts wait for an admin to approve them.">
          {(id) => (
            <select
              id={id}
              className={`${fieldBase} w-40`}
              value={draft.signup.defaultRole}
              onChange={(e) => change({ signup: { ...draft.signup, defaultRole: e.target.value as 'user' | 'pending' } })}
            >
              <option value="user">user</option>
              <option value="pending">pending</option>
            </select>
          )}
        </Row>
      </Section>

      <Section title="Sharing">
        <Switch
          label="Allow Chat Sharing"
          description="When off, only admins can make links to their chats."
          checked={draft.sharing.enabled}
          onChange={(enabled) => change({ sharing: { ...draft.sharing, enabled } })}
        />
        <Switch
          label="Allow Public Links"
          description="Links that anyone with the URL can read, signed in or not."
          checked={draft.sharing.publicLinks}
          onChange={(publicLinks) => change({ sharing: { ...draft.sharing, publicLinks } })}
        />
        <Row label="Default Link Access" description="Who can open a new link unless its owner chooses otherwise.">
          {(id) => (
            <select
              id={id}
              className={`${fieldBase} w-40`}
              value={draft.sharing.defaultAccess}
              onChange={(e) => change({ sharing: { ...draft.sharing, defaultAccess: e.target.value as ShareAccess } })}
            >
              <option value="members">members</option>
              <option value="public">public</option>
              <option value="restricted">restricted</option>
            </select>
          )}
        </Row>
      </Section>

      <Section title="Community">
        <Switch
          label="Enable Community Sharing"
          description='Shows "Share to Community" in the Share dialog, for everyone on this instance.'
          checked={draft.enableCommunitySharing}
          onChange={(enableCommunitySharing) => change({ enableCommunitySharing })}
        />
        <Row label="Community URL" description="The community hub that Share to Community opens; leave it empty to use this instance.">
          {(id) => (
            <input
              id={id}
              type="url"
              inputMode="url"
              placeholder="https://hub.example.org"
              className={`${fieldBase} w-64`}
              value={draft.communityUrl}
              onChange={(e) => change({ communityUrl: e.target.value })}
            />
          )}
        </Row>
        <Switch
          label="Enable Community Hub"
          description="Make this instance a hub that other instances can publish chats to."
          checked={draft.communityHub.enabled}
          onChange={(enabled) => change({ communityHub: { enabled } })}
        />
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="community-in-effect">
          {communityInEffect(draft.enableCommunitySharing, draft.communityUrl.trim())}
        </p>
      </Section>

      <SaveBar pending={save.isPending} saved={save.isSuccess} error={save.error} />
    </form>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-b border-zinc-200 py-3 first:pt-0 dark:border-zinc-800">
      <h2 className="mb-1 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
      {children}
    </section>
  );
}

/** A labelled control on the right of a setting's name. */
export function Row({ label, description, children }: { label: string; description?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2.5">
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {description && <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</div>}
      </div>
      {children(id)}
    </div>
  );
}
