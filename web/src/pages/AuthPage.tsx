import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, safeRedirect } from '../api';

const field =
  'mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900';

/** Sign in, or create an account; then go where the ?redirect= asked (same-site paths only). */
export function AuthPage() {
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const config = useQuery({ queryKey: ['config'], queryFn: api.config });

  const submit = useMutation({
    mutationFn: () => (mode === 'signin' ? api.signIn({ email, password }) : api.signUp({ email, password, name })),
    onSuccess: (data) => {
      queryClient.setQueryData(['me'], data);
      void navigate(safeRedirect(params.get('redirect')), { replace: true });
    },
  });

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form onSubmit={onSubmit} className="w-full max-w-sm space-y-4 rounded-2xl p-6 shadow-lg ring-1 ring-zinc-200 dark:ring-zinc-800">
        <h1 className="text-xl font-semibold">{mode === 'signin' ? 'Sign in to Parley' : 'Create your Parley account'}</h1>
        {mode === 'signup' && (
          <label className="block text-sm font-medium">
            Name
            <input className={field} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
          </label>
        )}
        <label className="block text-sm font-medium">
          Email
          <input className={field} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input
            className={field}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            minLength={mode === 'signup' ? 8 : undefined}
            required
          />
        </label>
        {submit.error && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {submit.error.message}
          </p>
        )}
        <button
          type="submit"
          disabled={submit.isPending}
          className="w-full rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        {(mode === 'signup' || config.data?.features.signup !== false) && (
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
            {mode === 'signin' ? 'New here?' : 'Have an account?'}{' '}
            <button
              type="button"
              className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              onClick={() => {
                submit.reset();
                setMode(mode === 'signin' ? 'signup' : 'signin');
              }}
            >
              {mode === 'signin' ? 'Create account' : 'Sign in'}
            </button>
          </p>
        )}
      </form>
    </main>
  );
}
