import { useId, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab<K extends string> {
  key: K;
  label: string;
  icon?: ReactNode;
}

/**
 * Tabs (WAI-ARIA tabs pattern): a tablist whose arrow keys move between tabs, and one panel named
 * by its tab. `vertical` lays the list out as a side column (it turns into a row on phones).
 */
export function Tabs<K extends string>({
  label,
  tabs,
  selected,
  onSelect,
  children,
  vertical = false,
}: {
  label: string;
  tabs: Tab<K>[];
  selected: K;
  onSelect: (key: K) => void;
  children: ReactNode;
  vertical?: boolean;
}) {
  const baseId = useId();

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.key === selected);
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.key);
    requestAnimationFrame(() => document.getElementById(`${baseId}-${next.key}`)?.focus());
  };

  return (
    <div className={vertical ? 'flex flex-col gap-4 sm:flex-row' : 'flex flex-col gap-4'}>
      <div
        role="tablist"
        aria-label={label}
        aria-orientation={vertical ? 'vertical' : 'horizontal'}
        onKeyDown={onKeyDown}
        className={vertical ? 'flex shrink-0 gap-1 overflow-x-auto sm:w-44 sm:flex-col' : 'flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800'}
      >
        {tabs.map((tab) => {
          const active = tab.key === selected;
          return (
            <button
              key={tab.key}
              id={`${baseId}-${tab.key}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`${baseId}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.key)}
              className={
                vertical
                  ? `flex items-center gap-2 rounded-lg px-3 py-2 text-left text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 ${
                      active
                        ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
                        : 'text-zinc-500 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100'
                    }`
                  : `-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 ${
                      active
                        ? 'border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100'
                        : 'border-transparent text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
                    }`
              }
            >
              {tab.icon}
              {tab.label}
            </button>
          );
        })}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-${selected}`} className="min-w-0 flex-1">
        {children}
      </div>
    </div>
  );
}
