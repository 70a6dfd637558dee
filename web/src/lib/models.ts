import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import type { Message, ModelOption } from '../types';

const LAST_MODEL_KEY = 'parley.lastModel';

/** The models one can talk to now (every enabled connection that answers). */
export function useModels() {
  return useQuery({ queryKey: ['models'], queryFn: api.models, staleTime: 60_000 });
}

function storedModel(): string | null {
  try {
    return localStorage.getItem(LAST_MODEL_KEY);
  } catch {
    // Storage can be off (private mode, a policy): the first model is then the default.
    return null;
  }
}

function storeModel(id: string): void {
  try {
    localStorage.setItem(LAST_MODEL_KEY, id);
  } catch {
    // See storedModel: not remembering is the only consequence.
  }
}

/** The model of the thread's last reply, the one a chat goes on with unless the user picks another. */
export function threadModel(thread: readonly Message[]): string | null {
  return thread.findLast((m) => m.role === 'assistant' && m.model !== null)?.model ?? null;
}

/**
 * The model the next message goes with: what the user picked here, else `preferred` (a chat's
 * last used model), else the last one picked anywhere (remembered for new chats), else the first
 * offered. Undefined while no model is known: the server then picks, or says why it cannot.
 */
export function useModelChoice(scope: string, preferred: string | null) {
  const models = useModels();
  const [picked, setPicked] = useState<Record<string, string>>({});
  const offered: ModelOption[] = models.data?.items ?? [];
  const isOffered = (id: string | null | undefined): id is string => id !== null && id !== undefined && offered.some((m) => m.id === id);
  const model = [picked[scope], preferred, storedModel()].find(isOffered) ?? offered[0]?.id;
  return {
    models,
    model,
    pick: (id: string) => {
      setPicked((before) => ({ ...before, [scope]: id }));
      storeModel(id);
    },
  };
}
