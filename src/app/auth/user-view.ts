import type { Role } from '../../core/auth/roles.ts';
import { type UserRow, userRoles } from '../../store/user-rows.ts';
import { isOneTimePassword } from './password-hash.ts';

/** A user as the CLI and API show them: never the password hash. */
export interface UserView {
  readonly name: string;
  /** The primary role. */
  readonly role: Role;
  /** Every role, the primary first (ADR 045). */
  readonly roles: Role[];
  /** Where notifications are e-mailed; null: in-app only. */
  readonly email: string | null;
  /** The name people see (the user name when none is set). */
  readonly displayName: string;
  readonly hasPassword: boolean;
  /** The password is a one-time one: it must be changed at the next login (ADR 037). */
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export function userView(row: UserRow): UserView {
  return {
    name: row.name,
    role: row.role as Role,
    roles: userRoles(row) as Role[],
    email: row.email,
    displayName: row.displayName ?? row.name,
    hasPassword: row.passwordHash !== null,
    mustChangePassword: isOneTimePassword(row.passwordHash),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
