import { METRIC_SCOPE_KINDS, type MetricScopeKind, type MetricScopeRef, WORKSPACE_SCOPE } from '../metrics/gate-metric.ts';
import type { DatabaseDef } from '../pack/pack-schema.ts';
import { type AstNode, identifier, isAstNode, stringLiteral } from './cel-ast.ts';

const KINDS = METRIC_SCOPE_KINDS.join(', ');

/** `record.Team` or `record['Owning Team']`: the field name, else undefined. */
function recordField(node: unknown): string | undefined {
  if (!isAstNode(node)) return undefined;
  const [object, name] = node.args as [unknown, unknown];
  if (identifier(object) !== 'record') return undefined;
  if (node.op === '.' && typeof name === 'string') return name;
  if (node.op === '[]') return stringLiteral(name);
  return undefined;
}

/**
 * Reads `metric()`'s optional third argument, its scope: a map literal with one key of
 * workspace, project, team or service, whose value is a string literal or a field of the
 * record (`{'team': record.Team}`), read for each record before evaluation.
 *
 * @example metricScopeRef(undefined, db) // { scope: { kind: 'workspace' } }
 */
export function metricScopeRef(node: unknown, self: DatabaseDef | undefined): { scope: MetricScopeRef } | { problem: string } {
  if (node === undefined) return { scope: WORKSPACE_SCOPE };
  const entries = isAstNode(node) && node.op === 'map' ? (node.args as [unknown, unknown][]) : undefined;
  if (entries?.length !== 1) return { problem: `the scope is a map with one key, one of ${KINDS}: {'team': record.Team}, {'project': 'web'}` };
  const [keyNode, valueNode] = (entries as [AstNode, AstNode][])[0] as [AstNode, AstNode];
  const kind = stringLiteral(keyNode);
  if (kind === undefined || !(METRIC_SCOPE_KINDS as readonly string[]).includes(kind)) return { problem: `the scope's key '${kind ?? '…'}' is not one of ${KINDS}` };
  if (kind === 'workspace') return { scope: WORKSPACE_SCOPE };
  const scopeKind = kind as Exclude<MetricScopeKind, 'workspace'>;
  const literal = stringLiteral(valueNode);
  if (literal !== undefined) return literal.trim() === '' ? { problem: `the ${kind} scope names no ${kind}` } : { scope: { kind: scopeKind, value: literal } };
  const field = recordField(valueNode);
  if (field === undefined) return { problem: `the ${kind} scope's value is a string literal or a field of the record, e.g. {'${kind}': record.Team}` };
  if (!self) return { problem: `the ${kind} scope reads record.${field}, but here there is no record` };
  return { scope: { kind: scopeKind, field } };
}
