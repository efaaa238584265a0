import type { Actor, Role } from '../../core/auth/roles.ts';
import { userRoles } from '../../store/user-rows.ts';

/**
 * The actor a stored user is: the primary role, every role when there are several, and whether
 * they proved who they are (a session or a token did; a bare EOS_USER did not).
 *
 * @example userActor('ana', { role: 'editor', roles: ['editor', 'qa'] }, { verified: true }) // { name: 'ana', role: 'editor', roles: ['editor', 'qa'], verified: true }
 */
export function userActor(name: string, row: { readonly role: string; readonly roles: readonly string[] | null }, proof: { verified: boolean }): Actor {
  const roles = userRoles(row) as Role[];
  return { name, role: row.role as Role, ...(roles.length > 1 ? { roles } : {}), ...(proof.verified ? { verified: true } : {}) };
}
