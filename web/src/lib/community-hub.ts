import { useMemo, useState } from 'react';
import type { Handoff } from '../../../common/handoff';
import { latestLeafFrom, siblingsOf, threadTo } from '../../../common/tree';
import { query, request } from '../api';
import type { Message, Page } from '../types';

/** The community hub's side of the API (docs/api.md, "Community hub"). */

export type CommunityVisibility = 'private' | 'public' | 'public_full_history';

export interface CommunityChat {
  id: string;
  url: string;
  title: string;
  visibility: CommunityVisibility;
  createdAt: string;
  updatedAt: string;
}

export interface CommunityChatView {
  chat: CommunityChat;
  messages: Message[];
  currentMessageId: string | null;
}

/** The labels of Open WebUI's community, in the order they are offered. */
export const visibilityOptions: { value: CommunityVisibility; label: string; description: string }[] = [
  { value: 'private', label: 'Private', description: 'Only you can see it.' },
  { value: 'public', label: 'Public', description: 'Anyone can read the messages shown in the snapshot.' },
  { value: 'public_full_history', label: 'Public, Full History', description: 'Anyone can read it, every regenerated version included.' },
];

export const visibilityLabel = (visibility: CommunityVisibility): string =>
  visibilityOptions.find((option) => option.value === visibility)?.label ?? visibility;

const enc = encodeURIComponent;

export const communityApi = {
  list: (params: { q?: string; cursor?: string | null }) =>
    request<Page<CommunityChat>>('GET', `/api/v1/community/chats${query(params)}`),
  mine: (params: { cursor?: string | null }) => request<Page<CommunityChat>>('GET', `/api/v1/community/chats/mine${query(params)}`),
  get: (id: string) => request<CommunityChatView>('GET', `/api/v1/community/chats/${enc(id)}`),
  upload: (input: Handoff & { visibility: CommunityVisibility }) =>
    request<{ id: string; url: string }>('POST', '/api/v1/community/chats', input),
  update: (id: string, patch: { visibility?: CommunityVisibility; title?: string }) =>
    request<{ chat: CommunityChat }>('PATCH', `/api/v1/community/chats/${enc(id)}`, patch),
  remove: (id: string) => request<undefined>('DELETE', `/api/v1/community/chats/${enc(id)}`),
};

/**
 * A read-only tree shown one thread at a time: the thread to the current leaf, each message's
 * siblings for ‹ 2/3 ›, and a switch that only changes what this page shows.
 */
export function useReadOnlyThread(messages: Message[], currentMessageId: string | null) {
  const [leafId, setLeafId] = useState<string | null>(null);
  const shownLeaf = leafId !== null && messages.some((m) => m.id === leafId) ? leafId : currentMessageId;
  const thread = useMemo(() => threadTo(messages, shownLeaf), [messages, shownLeaf]);
  return {
    thread,
    siblings: (message: Message) => siblingsOf(messages, message.id),
    switchTo: (sibling: Message) => setLeafId(latestLeafFrom(messages, sibling.id)),
  };
}
