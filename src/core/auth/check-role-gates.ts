import { EosError } from '../errors.ts';
import { requiredRoles } from '../gates/required-roles.ts';
import type { Gate } from '../pack/pack-schema.ts';
import { actorSatisfies } from './role-policy.ts';
import { type Actor, rolesLabel, rolesOf } from './roles.ts';

export interface RoleGateCheck {
  readonly actor: Actor;
  readonly gates: readonly Gate[];
  readonly record: { readonly key: string; readonly fields: Readonly<Record<string, unknown>> };
  readonly from: string | null;
  readonly to: string;
}

function either(roles: readonly string[]): string {
  return roles.length <= 1 ? (roles[0] ?? '') : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}

/**
 * The refusal for a move that a gate reserves to other roles (`requiresRole`), or null when the
 * actor may make it. A waiver never lifts a role requirement: it waives criteria only.
 *
 * @example checkRoleGates({ actor: { name: 'bob', role: 'qa' }, gates, record, from: 'Monitoring', to: 'Closed' })
 * // EosError forbidden: "Only sre can move INC-0001 to Closed (gate close-role); bob has the qa role"
 */
export function checkRoleGates(check: RoleGateCheck): EosError | null {
  const { actor, record, to } = check;
  for (const need of requiredRoles(check.gates, record.fields)) {
    if (actorSatisfies(actor, need.roles)) continue;
    const details = { record: record.key, from: check.from, to, gate: need.gate, requiredRoles: [...need.roles, 'admin'], actor: actor.name, role: actor.role };
    if (need.field && need.roles.length === 0) {
      return new EosError(
        'forbidden',
        `${record.key} names no ${need.field}, so only an admin can move it to ${to} (gate ${need.gate}); set ${need.field} to the role that approves it`,
        details,
      );
    }
    const who = need.field ? `the ${need.field} of ${record.key} (${either(need.roles)})` : either(need.roles);
    return new EosError(
      'forbidden',
      `Only ${who} can move ${record.key} to ${to} (gate ${need.gate}); ${actor.name} has the ${rolesLabel(actor)} role${rolesOf(actor).length > 1 ? 's' : ''}`,
      details,
    );
  }
  return null;
}
