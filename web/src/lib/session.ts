import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../api';
import type { User } from '../types';

/** The signed-in user: null once signed out here, a 401 error when the session is gone. */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: (): Promise<{ user: User } | null> => api.me() });
}

/** Forgets everything the signed-out user's session had loaded. */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries();
  queryClient.setQueryData(['me'], null);
}

/** The instance's public configuration: which features are on. */
export function useConfig() {
  return useQuery({ queryKey: ['config'], queryFn: api.config, staleTime: 30_000 });
}
