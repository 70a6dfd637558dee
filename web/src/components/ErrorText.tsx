/** An API error in words, announced to screen readers; nothing when there is no error. */
export function ErrorText({ error, prefix }: { error: Error | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
      {prefix ? `${prefix}: ${error.message}` : error.message}
    </p>
  );
}
