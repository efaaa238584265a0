import { EosError, invalidInput } from '../errors.ts';
import { type Actor, isRole, PERSONAS, ROLES, type Role, rolesLabel, rolesOf } from './roles.ts';

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

/** Whether any of an actor's roles meets a `requiresRole` list (an admin meets every one). */
export function actorSatisfies(actor: Pick<Actor, 'role' | 'roles'>, required: readonly string[]): boolean {
  return rolesOf(actor).some((role) => satisfiesRole(role, required));
}

/** Whether an actor holds the admin role. */
export function isAdmin(actor: Pick<Actor, 'role' | 'roles'>): boolean {
  return rolesOf(actor).includes('admin');
}

/**
 * Reads a list of roles (`--role editor --role qa`, `roles: [editor, qa]`): each one known, no
 * duplicates, at least one. The first is the primary role.
 */
export function parseRoles(values: readonly string[]): Role[] {
  const roles = [...new Set(values.map(parseRole))];
  if (roles.length === 0) throw invalidInput(`Give at least one role; use ${ROLES.join(', ')}`, { field: 'roles' });
  return roles;
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
  if (rolesOf(actor).some(canWrite)) return;
  throw new EosError('forbidden', `${actor.name} has the viewer role and can't ${what}: writing needs the editor or admin role, or a persona (${PERSONAS.join(', ')})`, {
    actor: actor.name,
    role: actor.role,
    requiredRoles: ROLES.filter((r) => r !== 'viewer'),
  });
}

/** Refuses user and token management to anyone but an admin. */
export function assertAdmin(actor: Actor, what: string): void {
  if (isAdmin(actor) && !actor.guest) return;
  if (actor.guest) {
    throw new EosError('forbidden', `Only an admin can ${what}; ${actor.name} is not a user of this workspace (set EOS_USER to an admin's name)`, {
      actor: actor.name,
      role: actor.role,
      requiredRoles: ['admin'],
    });
  }
  throw new EosError('forbidden', `Only an admin can ${what}; ${actor.name} has the ${rolesLabel(actor)} role${rolesOf(actor).length > 1 ? 's' : ''}`, {
    actor: actor.name,
    role: actor.role,
    requiredRoles: ['admin'],
  });
}
