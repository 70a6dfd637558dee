import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { Page } from '../types';

/** A cursor-paged API list (`{items, nextCursor}`): its pages joined into `items`, and the query behind "Load more". */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
