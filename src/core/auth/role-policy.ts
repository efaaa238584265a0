import { EosError, invalidInput } from '../errors.ts';
import { type Actor, isRole, PERSONAS, ROLES, type Role } from './roles.ts';

/** Every role but viewer writes records: admin, editor and the personas. */
export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}

/**
 * Whether a role meets a pack's `requiresRole` list. An admin meets every requirement: the
 * admin is the workspace's owner and the break-glass account (ADR 011).
 *
 * @example satisfiesRole('sre', ['sre']) // true
 * @example satisfiesRole('editor', ['sre']) // false
 */
export function satisfiesRole(role: Role, required: readonly string[]): boolean {
  return role === 'admin' || required.includes(role);
}

/** Reads a role name as given on a command line or in a request, or says which exist. */
export function parseRole(value: string): Role {
  const role = value.trim().toLowerCase();
  if (!isRole(role)) throw invalidInput(`'${value}' is not a role; use one of ${ROLES.join(', ')}`, { role: value, roles: [...ROLES] });
  return role;
}

/** Refuses a write by someone who can only read, naming the roles that could. */
export function assertCanWrite(actor: Actor, what: string): void {
  if (actor.guest) {
    throw new EosError(
      'forbidden',
      `${actor.name} is not a user of this workspace and can't ${what}; set EOS_USER to one of its users (eos user list), or ask an admin to add you (eos user add ${actor.name} --role editor)`,
      {
        actor: actor.name,
        role: actor.role,
        requiredRoles: ROLES.filter((r) => r !== 'viewer'),
      },
    );
  }
  if (canWrite(actor.role)) return;
  throw new EosError('forbidden', `${actor.name} has the viewer role and can't ${what}: writing needs the editor or admin role, or a persona (${PERSONAS.join(', ')})`, {
    actor: actor.name,
    role: actor.role,
    requiredRoles: ROLES.filter((r) => r !== 'viewer'),
  });
}

/** Refuses user and token management to anyone but an admin. */
export function assertAdmin(actor: Actor, what: string): void {
  if (actor.role === 'admin' && !actor.guest) return;
  if (actor.guest) {
    throw new EosError('forbidden', `Only an admin can ${what}; ${actor.name} is not a user of this workspace (set EOS_USER to an admin's name)`, {
      actor: actor.name,
      role: actor.role,
      requiredRoles: ['admin'],
    });
  }
  throw new EosError('forbidden', `Only an admin can ${what}; ${actor.name} has the ${actor.role} role`, {
    actor: actor.name,
    role: actor.role,
    requiredRoles: ['admin'],
  });
}
