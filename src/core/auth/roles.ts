/** The roles of CONTRACT §2: admin, editor and viewer, plus the personas, who write like editors. */
export const BASE_ROLES = ['admin', 'editor', 'viewer'] as const;
export const PERSONAS = ['business', 'product', 'engineering', 'qa', 'data', 'sre'] as const;
export const ROLES = [...BASE_ROLES, ...PERSONAS] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who acts: a name for the audit trail and the role that decides what they may do. */
export interface Actor {
  readonly name: string;
  readonly role: Role;
  /** The CLI's EOS_USER names no user of a workspace that has users: it may only read (ADR 011). */
  readonly guest?: boolean;
}
