import { useId } from 'react';
import { formatDateTime } from '../../lib/format';
import type { ShareAccess } from '../../types';
import { field } from '../ui';
import type { ExpiryChoice, ShareSettingsForm } from './settings';

/**
 * A link's settings (S6, S7): its title, the sharer's name or "Anonymous", who can open it and
 * until when. The same fields make a new link and change one made before.
 */
export function ShareSettingsFields({
  value,
  onChange,
  publicLinks,
  expiresAt,
  peopleCount,
}: {
  value: ShareSettingsForm;
  onChange: (next: ShareSettingsForm) => void;
  /** Whether the admin allows links for anyone (S7). */
  publicLinks: boolean;
  /** A link made before: its expiry now (`keep`), and how many people and groups it names by id (the API's userIds, groupIds). */
  expiresAt?: string | null;
  peopleCount?: number;
}) {
  const radioName = useId();
  const peopleHint = useId();
  const set = (patch: Partial<ShareSettingsForm>) => onChange({ ...value, ...patch });
  const named = peopleCount ?? 0;
  return (
    <>
      <label className="block text-sm font-medium">
        Title
        <input dir="auto" className={`${field} mt-1`} value={value.title} maxLength={500} onChange={(e) => set({ title: e.target.value })} />
      </label>
      <fieldset className="space-y-1 text-sm">
        <legend className="mb-1 font-medium">Name</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name={radioName} checked={!value.showName} onChange={() => set({ showName: false })} />
          Share anonymously
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={radioName} checked={value.showName} onChange={() => set({ showName: true })} />
          Share your name
        </label>
      </fieldset>
      <label className="block text-sm font-medium">
        Who can open the link
        <select className={`${field} mt-1`} value={value.access} onChange={(e) => set({ access: e.target.value as ShareAccess })}>
          <option value="members">Members of this instance</option>
          {/* A public link stays listed as it is after the admin turns public links off (it is suspended, S22). */}
          {(publicLinks || value.access === 'public') && <option value="public">Anyone with the link</option>}
          <option value="restricted">Specific people</option>
        </select>
      </label>
      {value.access === 'restricted' && (
        <div>
          <label className="block text-sm font-medium">
            People (emails, separated by commas)
            <input
              className={`${field} mt-1`}
              type="text"
              inputMode="email"
              placeholder="ada@example.com, bob@example.com"
              aria-describedby={peopleHint}
              value={value.people}
              onChange={(e) => set({ people: e.target.value })}
            />
          </label>
          <p id={peopleHint} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            Each email is invited, whether or not it has an account here yet; whoever signs up with it later can open the link.
            {named > 0 && ` Also open to ${named === 1 ? '1 person or group' : `${named} people and groups`} named by an admin or a script.`}
          </p>
        </div>
      )}
      <label className="block text-sm font-medium">
        Link expires
        <select className={`${field} mt-1`} value={value.expiry} onChange={(e) => set({ expiry: e.target.value as ExpiryChoice })}>
          {expiresAt && <option value="keep">As now: {formatDateTime(expiresAt)}</option>}
          <option value="never">Never</option>
          <option value="1">In 1 day</option>
          <option value="7">In 7 days</option>
          <option value="30">In 30 days</option>
        </select>
      </label>
    </>
  );
}
