import { setTheme, useThemeChoice, type ThemeChoice } from '../lib/theme';

const choices: { value: ThemeChoice; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
];

/** Theme: Light, Dark or System, as three radio buttons drawn as one segmented control. */
export function ThemePicker() {
  const chosen = useThemeChoice();
  return (
    <fieldset>
      <legend className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">Theme</legend>
      <div className="inline-flex rounded-xl bg-zinc-100 p-1 dark:bg-zinc-800">
        {choices.map(({ value, label }) => (
          <label
            key={value}
            className="cursor-pointer rounded-lg px-3.5 py-1.5 text-sm font-medium text-zinc-600 has-checked:bg-white has-checked:text-zinc-900 has-checked:shadow-sm has-focus-visible:ring-2 has-focus-visible:ring-zinc-400 dark:text-zinc-300 dark:has-checked:bg-zinc-950 dark:has-checked:text-zinc-100"
          >
            <input type="radio" name="theme" value={value} checked={chosen === value} onChange={() => setTheme(value)} className="sr-only" />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
