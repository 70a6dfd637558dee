import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { AdminSettings, AdminSettingsPatch } from '../../types';

/** The instance settings, and a Save that PATCHes part of them and refreshes what the app shows. */
export function useAdminSettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['admin', 'settings'], queryFn: api.adminSettings });
  const save = useMutation({
    mutationFn: (patch: AdminSettingsPatch) => api.updateAdminSettings(patch),
    onSuccess: async (next) => {
      queryClient.setQueryData<AdminSettings>(['admin', 'settings'], next);
      // The instance config and the models on offer follow the settings (sharing, connections).
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['config'] }), queryClient.invalidateQueries({ queryKey: ['models'] })]);
    },
  });
  return { settings, save };
}
