import { SearchIcon } from './icons';
import { field } from './ui';

/** A search box (role searchbox) named by `label`, with a magnifier inside. */
export function SearchField({
  label,
  value,
  onChange,
  placeholder = 'Search by title',
  className = '',
  inputClassName = `${field} pl-9`,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
  inputClassName?: string;
}) {
  return (
    <label className={`relative block ${className}`}>
      <span className="sr-only">{label}</span>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-400" width={16} height={16} />
      <input type="search" className={inputClassName} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
