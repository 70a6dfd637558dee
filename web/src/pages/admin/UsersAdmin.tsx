import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { TrashIcon } from '../../components/icons';
import { LoadMore } from '../../components/LoadMore';
import { fieldBase, iconBtn } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged';
import { useMe } from '../../lib/session';
import type { AdminUser, Role } from '../../types';
import { AdminTable } from './AdminTable';
import { UserText } from '../../components/UserText';

/** Admin Panel → Users: every account, its role, and deleting it (with its chats and links). */
export function UsersAdmin() {
  const queryClient = useQueryClient();
  const me = useMe();
  const [toDelete, setToDelete] = useState<AdminUser | null>(null);
  const users = usePagedList(['admin', 'users'], (cursor) => api.adminUsers({ cursor }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => api.updateAdminUser(id, { role }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (user: AdminUser) => api.deleteAdminUser(user.id),
    onSuccess: async () => {
      setToDelete(null);
      await refresh();
    },
  });
  const items = users.items;

  return (
    <section className="space-y-3">
      <ErrorText error={users.error} prefix="Users could not be loaded" />
      <ErrorText error={setRole.error} prefix="The role was not changed" />
      {items.length > 0 && (
        <AdminTable columns={['Name', 'Email', 'Role', 'Joined']}>
              {items.map((user) => {
                const self = user.id === me.data?.user.id;
                return (
                  <tr key={user.id}>
                    <td className="px-3 py-2 font-medium"><UserText>{user.name}</UserText></td>
                    <td className="px-3 py-2 text-zinc-600 dark:text-zinc-300">{user.email}</td>
                    <td className="px-3 py-2">
                      <select
                        aria-label={`Role of ${user.name}`}
                        className={`${fieldBase} w-32 py-1`}
                        value={user.role}
                        disabled={self || setRole.isPending}
                        title={self ? 'You cannot change your own role.' : undefined}
                        onChange={(e) => setRole.mutate({ id: user.id, role: e.target.value as Role })}
                      >
                        <option value="admin">admin</option>
                        <option value="user">user</option>
                        <option value="pending">pending</option>
                      </select>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-zinc-500 dark:text-zinc-400">{formatDate(user.createdAt)}</td>
                    <td className="px-3 py-2 text-right">
                      {!self && (
                        <button type="button" className={iconBtn} aria-label={`Delete ${user.name}`} onClick={() => setToDelete(user)}>
                          <TrashIcon width={16} height={16} />
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
        </AdminTable>
      )}
      <LoadMore list={users} />
      {toDelete && (
        <ConfirmDialog
          title="Delete user?"
          confirmLabel="Delete"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(toDelete)}
          onClose={() => {
            setToDelete(null);
            remove.reset();
          }}
        >
          This deletes the account of <UserText>{toDelete.name}</UserText> ({toDelete.email}) with all their chats and shared links. This cannot be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}
