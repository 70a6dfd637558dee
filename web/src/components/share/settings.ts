import type { Share, ShareAccess, ShareSettingsInput } from '../../types';

/**
 * A link's settings as the Share dialog's fields hold them, for a new link and for one made
 * before, and what of them goes to the API.
 */

/** How long the link lives: `keep` leaves a link's expiry as it is; the others are from now. */
export type ExpiryChoice = 'keep' | 'never' | '1' | '7' | '30';

export interface ShareSettingsForm {
  title: string;
  showName: boolean;
  access: ShareAccess;
  /** Emails, separated by commas: the people a restricted link invites (rule S7). */
  people: string;
  expiry: ExpiryChoice;
}

/** A new link: the chat's title, anonymous (S6), members of this instance, for ever. */
export function newLinkSettings(title: string): ShareSettingsForm {
  return { title, showName: false, access: 'members', people: '', expiry: 'never' };
}

/** The settings of a link made before, with the emails it invites: emails typed here replace them. */
export function linkSettings(share: Share): ShareSettingsForm {
  return {
    title: share.title,
    showName: share.showName,
    access: share.access,
    people: share.userEmails.join(', '),
    expiry: share.expiresAt ? 'keep' : 'never',
  };
}

const DAY_MS = 86_400_000;

function emails(people: string): string[] {
  return people
    .split(',')
    .map((email) => email.trim().toLowerCase())
    .filter((email) => email !== '');
}

/**
 * What to send: every setting for a new link; for one made before (`before`), only what changed,
 * so that saving a new title is not refused over a setting the admin has since turned off.
 */
export function settingsPatch(form: ShareSettingsForm, before?: Share, now = Date.now()): ShareSettingsInput {
  const patch: ShareSettingsInput = {};
  const title = form.title.trim();
  if (!before || title !== before.title) patch.title = title;
  if (!before || form.showName !== before.showName) patch.showName = form.showName;
  if (!before || form.access !== before.access) patch.access = form.access;
  if (form.expiry === 'never') {
    if (!before || before.expiresAt !== null) patch.expiresAt = null;
  } else if (form.expiry !== 'keep') {
    patch.expiresAt = new Date(now + Number(form.expiry) * DAY_MS).toISOString();
  }
  const people = [...new Set(emails(form.people))];
  const invitedBefore = before?.userEmails ?? [];
  const samePeople = people.length === invitedBefore.length && people.every((email) => invitedBefore.includes(email));
  if (form.access === 'restricted' && (!before || !samePeople)) patch.userEmails = people;
  return patch;
}

/** Whether the form holds anything to save. */
export function hasChanges(form: ShareSettingsForm, before: Share): boolean {
  return Object.keys(settingsPatch(form, before)).length > 0;
}
