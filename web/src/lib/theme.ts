import { useSyncExternalStore } from 'react';

/** Light, Dark, or whatever the system says (the default), chosen in Settings → General. */
export type ThemeChoice = 'light' | 'dark' | 'system';

/** Also read by web/public/theme.js, which applies the choice before the first paint. */
const THEME_KEY = 'parley.theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

function isChoice(value: string | null): value is ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system';
}

function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    // Storage can be off (private mode, a policy): the system's theme then.
    return 'system';
  }
}

let current = storedChoice();

/** The page's colours follow `data-theme` on <html> (the Tailwind `dark:` variant and common/markdown.css). */
function apply(): void {
  const dark = current === 'dark' || (current === 'system' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  for (const listener of listeners) listener();
}

/** Keeps the page's theme up to date: with the system's when following it, and with other tabs' choices. */
export function followTheme(): void {
  apply();
  systemDark.addEventListener('change', apply);
  window.addEventListener('storage', (event) => {
    if (event.key !== THEME_KEY) return;
    current = storedChoice();
    apply();
  });
}

/** Chooses and remembers the theme, for this browser. */
export function setTheme(choice: ThemeChoice): void {
  current = choice;
  try {
    localStorage.setItem(THEME_KEY, choice);
  } catch {
    // See storedChoice: the choice then lasts until the page is reloaded.
  }
  apply();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme chosen now. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, () => current);
}
