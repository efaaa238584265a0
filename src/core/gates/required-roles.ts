import type { Gate } from '../pack/pack-schema.ts';

/** One gate's role requirement, resolved for a record: the roles that may pass it. */
export interface RoleGate {
  readonly gate: string;
  /** The roles named; empty when the record's role field is empty (then only an admin passes). */
  readonly roles: readonly string[];
  /** The field the roles came from, when the gate names one. */
  readonly field?: string;
}

function rolesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(rolesIn);
  if (typeof value !== 'string') return [];
  return value
    .split(/[;,]/)
    .map((r) => r.trim().toLowerCase())
    .filter((r) => r.length > 0);
}

/**
 * The role requirements of the gates on a move, read from the record where a gate takes its
 * role from a field.
 *
 * @example requiredRoles(gates, { 'Approver Role': 'qa' }) // [{ gate: 'review', roles: ['qa'], field: 'Approver Role' }]
 */
export function requiredRoles(gates: readonly Gate[], fields: Readonly<Record<string, unknown>>): RoleGate[] {
  return gates.flatMap((gate): RoleGate[] => {
    const need = gate.requiresRole;
    if (!need) return [];
    if (Array.isArray(need)) return [{ gate: gate.id, roles: need }];
    return [{ gate: gate.id, roles: rolesIn(fields[need.field]), field: need.field }];
  });
}
