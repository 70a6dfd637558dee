import type { ShareAccess, ShareInput } from '../../types';

/** A new link's settings as the Share dialog's fields hold them, and what of them goes to the API. */

/** How long the link lives, from now. */
export type ExpiryChoice = 'never' | '1' | '7' | '30';

export interface ShareSettingsForm {
  title: string;
  showName: boolean;
  access: ShareAccess;
  /** Emails, separated by commas: the people of a restricted link. */
  people: string;
  expiry: ExpiryChoice;
}

/** A new link: the chat's title, anonymous (S6), members of this instance, for ever. */
export function newLinkSettings(title: string): ShareSettingsForm {
  return { title, showName: false, access: 'members', people: '', expiry: 'never' };
}

const DAY_MS = 86_400_000;

function emails(people: string): string[] {
  return people
    .split(',')
    .map((email) => email.trim())
    .filter((email) => email !== '');
}

/** What to send for a new link: every setting. */
export function settingsPatch(form: ShareSettingsForm, now = Date.now()): ShareInput {
  const patch: ShareInput = { title: form.title.trim(), showName: form.showName, access: form.access };
  if (form.expiry === 'never') patch.expiresAt = null;
  else patch.expiresAt = new Date(now + Number(form.expiry) * DAY_MS).toISOString();
  if (form.access === 'restricted') patch.userEmails = emails(form.people);
  return patch;
}
