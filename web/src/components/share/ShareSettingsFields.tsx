import { useId } from 'react';
import type { ShareAccess } from '../../types';
import { field } from '../ui';
import type { ExpiryChoice, ShareSettingsForm } from './settings';

/** A link's settings (S6, S7): its title, the sharer's name or "Anonymous", who can open it and until when. */
export function ShareSettingsFields({
  value,
  onChange,
  publicLinks,
}: {
  value: ShareSettingsForm;
  onChange: (next: ShareSettingsForm) => void;
  /** Whether the admin allows links for anyone (S7). */
  publicLinks: boolean;
}) {
  const radioName = useId();
  const set = (patch: Partial<ShareSettingsForm>) => onChange({ ...value, ...patch });
  return (
    <>
      <label className="block text-sm font-medium">
        Title
        <input className={`${field} mt-1`} value={value.title} maxLength={500} onChange={(e) => set({ title: e.target.value })} />
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
          {publicLinks && <option value="public">Anyone with the link</option>}
          <option value="restricted">Specific people</option>
        </select>
      </label>
      {value.access === 'restricted' && (
        <label className="block text-sm font-medium">
          People (emails, separated by commas)
          <input
            className={`${field} mt-1`}
            type="text"
            inputMode="email"
            placeholder="ada@example.com, bob@example.com"
            value={value.people}
            onChange={(e) => set({ people: e.target.value })}
          />
        </label>
      )}
      <label className="block text-sm font-medium">
        Link expires
        <select className={`${field} mt-1`} value={value.expiry} onChange={(e) => set({ expiry: e.target.value as ExpiryChoice })}>
          <option value="never">Never</option>
          <option value="1">In 1 day</option>
          <option value="7">In 7 days</option>
          <option value="30">In 30 days</option>
        </select>
      </label>
    </>
  );
}
