import { createContext, useContext } from 'react';

export type SettingsTab = 'general' | 'data' | 'api-keys';

/** What any screen inside the app shell can open: the dialogs and the sidebar. */
export interface Layout {
  openSettings: (tab?: SettingsTab) => void;
  openArchived: () => void;
  openShare: (chatId: string) => void;
  sidebarOpen: boolean;
  setSidebarOpen: (open: boolean) => void;
  /** True when a signed-in user may make links (the admin can turn sharing off for others). */
  canShare: boolean;
}

export const LayoutContext = createContext<Layout | null>(null);

export function useLayout(): Layout {
  const layout = useContext(LayoutContext);
  if (!layout) throw new Error('useLayout is used outside the app shell');
  return layout;
}
