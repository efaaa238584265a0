import type { Role } from '../../core/auth/roles.ts';
import type { UserRow } from '../../store/user-rows.ts';

/** A user as the CLI and API show them: never the password hash. */
export interface UserView {
  readonly name: string;
  readonly role: Role;
  readonly hasPassword: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export function userView(row: UserRow): UserView {
  return { name: row.name, role: row.role as Role, hasPassword: row.passwordHash !== null, createdAt: row.createdAt, createdBy: row.createdBy };
}
