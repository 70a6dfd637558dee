import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, safeRedirect } from '../api';
import { field } from '../components/ui';
import { useConfig, useMe } from '../lib/session';

const fieldNames: Record<string, string> = { email: 'Email', password: 'Password', name: 'Name' };

/** An API error in words; a bad field is named the way the form labels it. */
function describe(error: Error): string {
  if (error instanceof ApiError && error.fields.length > 0) {
    return error.fields.map((f) => `${fieldNames[f.field] ?? f.field} ${f.message}.`).join(' ');
  }
  return error.message;
}

/** Shared links (/s/…) are pages the server renders, not routes of this app: the browser loads them. */
const isServerPage = (path: string) => path.startsWith('/s/');

function ServerPageRedirect({ to }: { to: string }) {
  useEffect(() => window.location.replace(to), [to]);
  return null;
}

/** Why someone is asked to sign in, when they came from a shared link. */
function purpose(target: string): string {
  if (target.startsWith('/continue/')) return 'Sign in to continue the shared chat as your own.';
  if (isServerPage(target)) return 'Sign in to read the shared chat.';
  return 'Welcome back.';
}

/**
 * Sign in, or create an account; then go where the ?redirect= asked (same-site paths only). A
 * fresh instance with no account yet asks for the admin account instead.
 */
export function AuthPage() {
  const [chosenMode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const config = useConfig();
  const target = safeRedirect(params.get('redirect'));
  // Someone already signed in has nothing to do here.
  const me = useMe();
  const signupOpen = config.data?.features.signup !== false;
  const firstRun = config.data?.features.firstRun === true;
  const mode = firstRun ? 'signup' : chosenMode;
  const heading = firstRun ? 'Create the admin account' : mode === 'signin' ? 'Sign in to Parley' : 'Create your Parley account';
  const lead = firstRun
    ? 'This Parley is new: the account you create now is its admin.'
    : mode === 'signin'
      ? purpose(target)
      : 'Create an account to chat, and to read and continue chats others share with you.';

  const submit = useMutation({
    mutationFn: () => (mode === 'signin' ? api.signIn({ email, password }) : api.signUp({ email, password, name })),
    onSuccess: async (data) => {
      // Nothing another account loaded in this tab may show through.
      queryClient.removeQueries();
      queryClient.setQueryData(['me'], data);
      // A shared link is left to the redirect below, which loads it once the user is known.
      if (!isServerPage(target)) await navigate(target, { replace: true });
    },
  });

  if (me.data && !submit.isPending) return isServerPage(target) ? <ServerPageRedirect to={target} /> : <Navigate to={target} replace />;

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <div className="mb-6 flex items-center gap-2.5">
        <img src="/favicon.svg" alt="" className="size-9" />
        <span className="text-2xl font-semibold tracking-tight">Parley</span>
      </div>
      <form
        onSubmit={onSubmit}
        className="w-full max-w-sm space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8 dark:bg-zinc-900 dark:ring-zinc-800"
      >
        <div>
          <h1 className="text-xl font-semibold">{heading}</h1>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{lead}</p>
        </div>
        {mode === 'signup' && (
          <label className="block text-sm font-medium">
            Name
            <input className={`${field} mt-1`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required maxLength={100} />
          </label>
        )}
        <label className="block text-sm font-medium">
          Email
          <input
            className={`${field} mt-1`}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            required
            autoFocus
          />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input
            className={`${field} mt-1`}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            minLength={mode === 'signup' ? 8 : undefined}
            required
          />
          {mode === 'signup' && <span className="mt-1 block text-xs font-normal text-zinc-500 dark:text-zinc-400">At least 8 characters.</span>}
        </label>
        {submit.error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300">
            {describe(submit.error)}
          </p>
        )}
        <button
          type="submit"
          disabled={submit.isPending}
          className="w-full rounded-xl bg-zinc-900 px-3 py-2.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white"
        >
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        {!firstRun && (mode === 'signup' || signupOpen) && (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
            {mode === 'signin' ? 'New here?' : 'Have an account?'}{' '}
            <button
              type="button"
              className="font-medium text-zinc-900 underline-offset-4 hover:underline dark:text-zinc-100"
              onClick={() => {
                submit.reset();
                setMode(mode === 'signin' ? 'signup' : 'signin');
              }}
            >
              {mode === 'signin' ? 'Create account' : 'Sign in'}
            </button>
          </p>
        )}
        {mode === 'signin' && !signupOpen && (
          <p className="text-center text-xs text-zinc-500 dark:text-zinc-400">New accounts are closed on this instance; ask its admin.</p>
        )}
      </form>
    </main>
  );
}
