import type { useModelChoice } from '../lib/models';

/** The "Model" select: which model answers the next message. */
export function ModelPicker({ choice }: { choice: ReturnType<typeof useModelChoice> }) {
  const { models, model, pick } = choice;
  const offered = models.data?.items ?? [];
  const empty = models.isSuccess && offered.length === 0;
  return (
    <select
      aria-label="Model"
      title={models.error ? `Models could not be loaded: ${models.error.message}` : undefined}
      className="max-w-32 min-w-0 truncate sm:max-w-56 rounded-lg bg-transparent px-2 py-1.5 text-sm font-medium text-zinc-700 outline-none hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-zinc-400 disabled:opacity-60 dark:text-zinc-200 dark:hover:bg-zinc-800"
      value={model ?? ''}
      disabled={offered.length === 0}
      onChange={(event) => pick(event.target.value)}
    >
      {offered.length === 0 && (
        <option value="">{models.isPending ? 'Loading models…' : empty ? 'No models available' : 'Models could not be loaded'}</option>
      )}
      {offered.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name === m.id ? m.id : `${m.name} (${m.id})`}
        </option>
      ))}
    </select>
  );
}
