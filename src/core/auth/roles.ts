/** The roles of CONTRACT §2: admin, editor and viewer, plus the personas, who write like editors. */
export const BASE_ROLES = ['admin', 'editor', 'viewer'] as const;
export const PERSONAS = ['business', 'product', 'engineering', 'qa', 'data', 'sre'] as const;
export const ROLES = [...BASE_ROLES, ...PERSONAS] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who acts: a name for the audit trail and the roles that decide what they may do. */
export interface Actor {
  readonly name: string;
  /** The primary role, shown where one role is shown; it is always among `roles`. */
  readonly role: Role;
  /** Every role the user holds (`eos user add ana --role editor --role qa`); absent means `[role]`. */
  readonly roles?: readonly Role[];
  /** The CLI's EOS_USER names no user of a workspace that has users: it may only read (ADR 011). */
  readonly guest?: boolean;
  /** Who acts proved it: a web session or an API token (EOS_TOKEN on the CLI), not a bare EOS_USER. Signing needs it (ADR 045). */
  readonly verified?: boolean;
}

/** Every role an actor holds. */
export function rolesOf(actor: Pick<Actor, 'role' | 'roles'>): readonly Role[] {
  return actor.roles && actor.roles.length > 0 ? actor.roles : [actor.role];
}

/** The roles as shown: `editor, qa`. */
export function rolesLabel(actor: Pick<Actor, 'role' | 'roles'>): string {
  return rolesOf(actor).join(', ');
}
