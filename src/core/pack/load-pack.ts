import type { z } from 'zod';
import { type AlertRule, alertFileSchema } from './alert-rule-schema.ts';
import { checkAlertRules } from './check-alert-rules.ts';
import { checkDatabases } from './check-databases.ts';
import { type PackProblem, packInvalid } from './pack-problem.ts';
import { type DatabaseDef, databaseSchema, type Pack, type PackManifest, packManifestSchema } from './pack-schema.ts';
import { checkRituals, type Ritual, ritualFileSchema, toRitual } from './ritual-schema.ts';
import { checkTargets, type Target, targetFileSchema, toTarget } from './target-schema.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

/** A pack file as read from disk: its path relative to the pack folder, and its text. */
export interface PackFile {
  readonly path: string;
  readonly text: string;
}

export const MANIFEST_FILE = 'pack.yaml';
/** Files below this folder of a pack are lists of alert rules, not databases. */
export const ALERTS_FOLDER = 'alerts/';
/** Files below this folder of a pack are lists of delivery targets. */
export const TARGETS_FOLDER = 'targets/';
/** Files below this folder of a pack are lists of rituals (src/core/pack/ritual-schema.ts). */
export const RITUALS_FOLDER = 'rituals/';

function zodProblems(source: YamlSource, error: z.ZodError): PackProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return { file: source.file, line: source.lineOf(path), message: `${where}${issue.message}` };
  });
}

/**
 * Loads a pack from its files: `pack.yaml`, one YAML file per database, lists of alert
 * rules under `alerts/`, of delivery targets under `targets/` and of rituals under `rituals/`. Every problem in
 * every file is collected and thrown at once as `invalid_input`, each with its file and line.
 *
 * @example loadPack([{ path: 'pack.yaml', text: 'id: mini\nname: Mini\nversion: 1' }, …])
 */
export function loadPack(files: readonly PackFile[]): Pack {
  const problems: PackProblem[] = [];
  let manifest: PackManifest | undefined;
  const databases: DatabaseDef[] = [];
  const sourceOf = new Map<string, YamlSource>();
  const alerts: { rule: AlertRule; source: YamlSource; index: number }[] = [];
  const targets: { target: Target; source: YamlSource; index: number }[] = [];
  const rituals: { ritual: Ritual; source: YamlSource; index: number }[] = [];

  for (const file of files) {
    const source = parseYamlSource(file.path, file.text);
    for (const e of source.syntaxErrors) problems.push({ file: file.path, line: e.line, message: `YAML: ${e.message}` });
    if (source.syntaxErrors.length > 0) continue;
    if (file.path.replaceAll('\\', '/').startsWith(ALERTS_FOLDER)) {
      const parsed = alertFileSchema.safeParse(source.data ?? []);
      if (!parsed.success) problems.push(...zodProblems(source, parsed.error));
      else for (const [index, rule] of parsed.data.entries()) alerts.push({ rule, source, index });
      continue;
    }
    if (file.path.replaceAll('\\', '/').startsWith(TARGETS_FOLDER)) {
      const parsed = targetFileSchema.safeParse(source.data ?? []);
      if (!parsed.success) problems.push(...zodProblems(source, parsed.error));
      else for (const [index, target] of parsed.data.entries()) targets.push({ target: toTarget(target), source, index });
      continue;
    }
    if (file.path.replaceAll('\\', '/').startsWith(RITUALS_FOLDER)) {
      const parsed = ritualFileSchema.safeParse(source.data ?? []);
      if (!parsed.success) problems.push(...zodProblems(source, parsed.error));
      else for (const [index, ritual] of parsed.data.entries()) rituals.push({ ritual: toRitual(ritual), source, index });
      continue;
    }
    const isManifest = file.path === MANIFEST_FILE;
    const parsed = (isManifest ? packManifestSchema : databaseSchema).safeParse(source.data);
    if (!parsed.success) {
      problems.push(...zodProblems(source, parsed.error));
    } else if (isManifest) {
      manifest = parsed.data as PackManifest;
    } else {
      const db = parsed.data as DatabaseDef;
      databases.push(db);
      if (!sourceOf.has(db.id)) sourceOf.set(db.id, source);
    }
  }
  if (!files.some((f) => f.path === MANIFEST_FILE)) {
    problems.push({ file: MANIFEST_FILE, line: 1, message: 'the pack has no pack.yaml (id, name, version)' });
  }
  for (const p of checkDatabases(databases)) {
    const source = sourceOf.get(p.database);
    problems.push({ file: source?.file ?? p.database, line: source?.lineOf(p.path) ?? 1, message: p.message });
  }
  const rules = alerts.map((a) => a.rule);
  for (const p of checkAlertRules(rules, databases)) {
    const at = alerts[p.index];
    problems.push({ file: at?.source.file ?? ALERTS_FOLDER, line: at?.source.lineOf([at.index, ...p.path]) ?? 1, message: `alert '${p.rule}': ${p.message}` });
  }
  for (const p of checkTargets(targets.map((t) => t.target))) {
    const at = targets[p.index];
    problems.push({ file: at?.source.file ?? TARGETS_FOLDER, line: at?.source.lineOf([at.index, ...p.path]) ?? 1, message: p.message });
  }
  for (const p of checkRituals(
    rituals.map((r) => r.ritual),
    databases,
  )) {
    const at = rituals[p.index];
    problems.push({ file: at?.source.file ?? RITUALS_FOLDER, line: at?.source.lineOf([at.index, ...p.path]) ?? 1, message: p.message });
  }
  if (problems.length > 0 || !manifest) throw packInvalid(problems);
  return { manifest, databases, alerts: rules, targets: targets.map((t) => t.target), rituals: rituals.map((r) => r.ritual) };
}
