import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { api } from '../../api';
import type { Share } from '../../types';
import { ErrorText } from '../ErrorText';
import { btnSecondary } from '../ui';
import { hasChanges, settingsPatch, type ShareSettingsForm } from './settings';
import { ShareSettingsFields } from './ShareSettingsFields';

/**
 * A link's settings, changed after it was made (`PATCH /api/v1/shares/:shareId`): same URL, same
 * snapshot; only who sees it, under what title and name, and until when.
 */
export function LinkSettings({
  share,
  value,
  onChange,
  publicLinks,
  onSaved,
}: {
  share: Share;
  value: ShareSettingsForm;
  onChange: (next: ShareSettingsForm) => void;
  publicLinks: boolean;
  onSaved: (share: Share) => Promise<void>;
}) {
  const save = useMutation({
    mutationFn: async () => (await api.updateShare(share.id, settingsPatch(value, share))).share,
    onSuccess: onSaved,
  });
  const changed = hasChanges(value, share);
  const heading = useId();
  return (
    <section aria-labelledby={heading} className="space-y-4">
      <h3 id={heading} className="text-sm font-semibold">
        Link settings
      </h3>
      <ShareSettingsFields
        value={value}
        onChange={(next) => {
          save.reset();
          onChange(next);
        }}
        publicLinks={publicLinks}
        expiresAt={share.expiresAt}
        peopleCount={share.access === 'restricted' ? share.userIds.length + share.groupIds.length : 0}
      />
      <div className="flex flex-wrap items-center justify-end gap-3">
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {save.isSuccess && !changed ? 'Settings saved. The link and what it shows stay the same.' : ''}
        </p>
        <button type="button" className={btnSecondary} disabled={!changed || value.title.trim() === '' || save.isPending} onClick={() => save.mutate()}>
          Save settings
        </button>
      </div>
      <ErrorText error={save.error} prefix="Could not save the settings" />
    </section>
  );
}
