import { btnGhost } from './ui';

/** "Load more" under a paged list, while the server says there is more. */
export function LoadMore({
  list,
  className = '',
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  className?: string;
}) {
  if (!list.hasNextPage) return null;
  return (
    <button type="button" className={`${btnGhost} ${className}`} disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </button>
  );
}
