import { ExpressionCompiler, ExpressionError } from '../cel/expression-compiler.ts';
import { RECORD_BUILTINS } from '../cel/record-environment.ts';
import { findInverse, inverseRelations } from './inverse-relations.ts';
import type { DatabaseDef, FieldDef } from './pack-schema.ts';
import { relationTargets } from './relation-targets.ts';

type Path = (string | number)[];

/** A semantic problem in one database, located by its path inside the database's YAML. */
export interface LocatedProblem {
  readonly database: string;
  readonly path: Path;
  readonly message: string;
}

function checkFields(db: DatabaseDef, all: ReadonlyMap<string, DatabaseDef>, report: (path: Path, message: string) => void) {
  const seen = new Set<string>();
  db.fields.forEach((field, i) => {
    const at: Path = ['fields', i];
    if (seen.has(field.name)) report([...at, 'name'], `duplicate field '${field.name}'`);
    seen.add(field.name);
    if ((RECORD_BUILTINS as readonly string[]).includes(field.name)) report([...at, 'name'], `'${field.name}' is reserved; name the field differently`);
    if (field.type === 'relation') {
      const targets = relationTargets(field);
      if (targets.length === 0) report(at, `relation '${field.name}' needs 'to: <database id>' (or a list of them)`);
      targets.forEach((to, t) => {
        if (!all.has(to)) report(Array.isArray(field.to) ? [...at, 'to', t] : [...at, 'to'], `relation '${field.name}' points to a missing database '${to}'`);
      });
      for (const [label, to] of Object.entries(field.refTypes ?? {})) {
        if (!targets.includes(to))
          report([...at, 'refTypes', label], `reference label '${label}' of '${field.name}' names '${to}', which is not one of its targets (${targets.join(', ')})`);
      }
    } else if (field.refTypes) report([...at, 'refTypes'], `'refTypes' is for relation fields; '${field.name}' is ${field.type}`);
    if (field.inverse !== undefined && field.type !== 'relation') report([...at, 'inverse'], `'inverse' is for relation fields; '${field.name}' is ${field.type}`);
    if (field.note !== undefined) {
      const note = db.fields.find((f) => f.name === field.note);
      if (!['number', 'currency', 'percent'].includes(field.type)) report([...at, 'note'], `'note' is for number, currency and percent fields; '${field.name}' is ${field.type}`);
      else if (note?.type !== 'text') report([...at, 'note'], `note field '${field.note}' of '${field.name}' must be a text field of ${db.id}`);
    }
    if (field.points !== undefined && field.type !== 'percent') report([...at, 'points'], `'points' is for percent fields; '${field.name}' is ${field.type}`);
    if ((field.type === 'select' || field.type === 'multi_select') && !field.options) {
      report(at, `${field.type} '${field.name}' needs 'options'`);
    }
    for (const [alias, option] of Object.entries(field.aliases ?? {})) {
      if (!field.options?.includes(option)) report([...at, 'aliases', alias], `alias '${alias}' of '${field.name}' names '${option}', which is not an option`);
    }
    if (field.type === 'formula' && !field.expr) report(at, `formula '${field.name}' needs 'expr'`);
    if (field.type === 'rollup') {
      const relation = db.fields.find((f) => f.name === field.relation);
      // A rollup may read an inverse relation too: the records of its source database.
      const inverse = field.relation !== undefined && relation === undefined ? findInverse(all, db.id, field.relation) : undefined;
      const linked = relation?.type === 'relation' ? relationTargets(relation) : inverse ? [inverse.source] : [];
      if (!field.relation || !field.aggregate) report(at, `rollup '${field.name}' needs 'relation' and 'aggregate'`);
      else if (linked.length === 0) report([...at, 'relation'], `rollup '${field.name}': '${field.relation}' is not a relation field of ${db.id}, nor an inverse relation`);
      else if (field.field && !linked.some((to) => all.get(to)?.fields.some((f) => f.name === field.field))) {
        report([...at, 'field'], `rollup '${field.name}': ${linked.join(', ')} ${linked.length > 1 ? 'have' : 'has'} no field '${field.field}'`);
      } else if (!field.field && field.aggregate !== 'count') report(at, `rollup '${field.name}' needs 'field' for '${field.aggregate}'`);
    } else if (field.where !== undefined) report([...at, 'where'], `'where' is for rollups; '${field.name}' is ${field.type}`);
    checkSignoff(db, field, at, report);
  });
  if ('field' in db.key) {
    const keyField = db.fields.find((f) => f.name === (db.key as { field: string }).field);
    if (keyField?.type !== 'title') report(['key', 'field'], `key field '${db.key.field}' must be a field of type title`);
  }
  if (db.fields.filter((f) => f.type === 'title').length !== 1) report(['fields'], 'a database needs exactly one title field');
  if (seen.has(db.status.field)) report(['status', 'field'], `status field '${db.status.field}' must not also be listed under fields`);
  (db.columns ?? []).forEach((split, c) => {
    split.into.forEach((name, i) => {
      if (!db.fields.some((f) => f.name === name)) report(['columns', c, 'into', i], `column '${split.column}' splits into '${name}', which is not a field of ${db.id}`);
    });
    if (split.labels && split.labels.length !== split.into.length)
      report(['columns', c, 'labels'], `column '${split.column}': give one label per field of 'into' (${split.into.length})`);
  });
}

/** A signoff names its role (or a select that maps to roles), and whom it must be distinct from (ADR 044). */
function checkSignoff(db: DatabaseDef, field: FieldDef, at: Path, report: (path: Path, message: string) => void) {
  if (field.type !== 'signoff') {
    if (field.role !== undefined) report([...at, 'role'], `'role' is for signoff fields; '${field.name}' is ${field.type}`);
    if (field.distinctFrom !== undefined) report([...at, 'distinctFrom'], `'distinctFrom' is for signoff fields; '${field.name}' is ${field.type}`);
    return;
  }
  if (field.role === undefined) report(at, `signoff '${field.name}' needs 'role' (e.g. role: qa, or { field: Type, map: { …: <role> } })`);
  else if (typeof field.role === 'object') {
    const by = db.fields.find((f) => f.name === (field.role as { field: string }).field);
    if (by?.type !== 'select') report([...at, 'role', 'field'], `signoff '${field.name}': '${field.role.field}' must be a select field of ${db.id}`);
    else
      for (const option of by.options ?? []) {
        if (!(option in field.role.map)) report([...at, 'role', 'map'], `signoff '${field.name}': map every option of ${by.name}; '${option}' names no role`);
      }
  }
  (field.distinctFrom ?? []).forEach((other, d) => {
    if (other === 'createdBy' || other === 'updatedBy') return;
    const person = db.fields.find((f) => f.name === other);
    if (person?.type !== 'person' && person?.type !== 'people')
      report([...at, 'distinctFrom', d], `signoff '${field.name}': distinctFrom '${other}' must be createdBy, updatedBy or a person/people field of ${db.id}`);
  });
}

function checkSeedLines(db: DatabaseDef, all: ReadonlyMap<string, DatabaseDef>, report: (path: Path, message: string) => void) {
  const criteriaOf = (d: DatabaseDef | undefined) => new Set((d?.gates ?? []).flatMap((g) => g.criteria.map((c) => `${g.id}/${c.id}`)));
  (db.seed?.lines ?? []).forEach((line, l) => {
    line.by.forEach((ref, b) => {
      // `gate/criterion` of this database, or `database:gate/criterion` of another that enforces the line.
      const [other, own] = ref.includes(':') ? (ref.split(':', 2) as [string, string]) : [db.id, ref];
      if (!criteriaOf(all.get(other)).has(own)) {
        report(['seed', 'lines', l, 'by', b], `seed line '${line.line}' names '${ref}', which is not a criterion of ${other} (write gate/criterion, or database:gate/criterion)`);
      }
    });
  });
}

function checkStatuses(db: DatabaseDef, report: (path: Path, message: string) => void) {
  const statuses = new Set(db.status.values);
  if (statuses.size !== db.status.values.length) report(['status', 'values'], 'statuses must be unique');
  const known = (s: string) => statuses.has(s);
  if (db.status.initial && !known(db.status.initial)) report(['status', 'initial'], `initial status '${db.status.initial}' is not among the statuses`);
  for (const [from, targets] of Object.entries(db.status.transitions ?? {})) {
    if (!known(from)) report(['status', 'transitions', from], `transition from unknown status '${from}'`);
    for (const to of targets) if (!known(to)) report(['status', 'transitions', from], `transition to unknown status '${to}'`);
  }
  const gateIds = new Set<string>();
  (db.gates ?? []).forEach((gate, g) => {
    if (gateIds.has(gate.id)) report(['gates', g, 'id'], `duplicate gate '${gate.id}'`);
    gateIds.add(gate.id);
    if (!gate.from && !gate.into) report(['gates', g], `gate '${gate.id}' needs 'from' (an exit gate) or 'into' (an entrance gate)`);
    for (const key of ['from', 'into'] as const) {
      for (const s of gate[key] ?? []) if (!known(s)) report(['gates', g, key], `gate '${gate.id}' names unknown status '${s}'`);
    }
    const roleField = gate.requiresRole && !Array.isArray(gate.requiresRole) ? gate.requiresRole.field : undefined;
    if (roleField !== undefined) {
      const field = db.fields.find((f) => f.name === roleField);
      if (!field) report(['gates', g, 'requiresRole', 'field'], `gate '${gate.id}' takes its role from '${roleField}', which is not a field of ${db.id}`);
      else if (!['select', 'multi_select', 'text'].includes(field.type))
        report(['gates', g, 'requiresRole', 'field'], `gate '${gate.id}' takes its role from '${roleField}', which must be a select, multi_select or text field`);
    }
    const criterionIds = new Set<string>();
    gate.criteria.forEach((c, i) => {
      if (criterionIds.has(c.id)) report(['gates', g, 'criteria', i, 'id'], `duplicate criterion '${c.id}' in gate '${gate.id}'`);
      criterionIds.add(c.id);
    });
  });
}

function checkExpressions(db: DatabaseDef, compiler: ExpressionCompiler, report: (path: Path, message: string) => void) {
  const compile = (path: Path, what: string, source: string) => {
    try {
      return compiler.compile(db.id, source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      for (const problem of error.problems) report(path, `${what}: ${problem}`);
      return undefined;
    }
  };
  db.fields.forEach((f, i) => {
    const formula = f.type === 'formula' && f.expr ? compile(['fields', i, 'expr'], `formula '${f.name}'`, f.expr) : undefined;
    if (formula?.refs.usesSop) report(['fields', i, 'expr'], `formula '${f.name}': sop is for gates only (a formula is stored on write; a tick writes no record)`);
    if (formula && formula.refs.decisions.length > 0)
      report(['fields', i, 'expr'], `formula '${f.name}': decided() is for gates only (a formula is stored on write; a decision writes no record)`);
    const linked = f.type === 'rollup' && f.where && f.relation ? compiler.linkedDatabaseId(db.id, f.relation) : undefined;
    if (linked && f.where) {
      try {
        compiler.compileCount(linked, db.id, f.where);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        for (const problem of error.problems) report(['fields', i, 'where'], `rollup '${f.name}' where: ${problem}`);
      }
    }
  });
  (db.gates ?? []).forEach((gate, g) => {
    gate.criteria.forEach((c, i) => {
      compile(['gates', g, 'criteria', i, 'check'], `criterion '${gate.id}/${c.id}'`, c.check);
    });
  });
  if (db.waiver) compile(['waiver', 'approvedWhen'], 'waiver approvedWhen', db.waiver.approvedWhen);
  (db.onCreate ?? []).forEach((rule, r) => {
    if (rule.when) compile(['onCreate', r, 'when'], `onCreate '${rule.id}' when`, rule.when);
    for (const [field, expr] of Object.entries(rule.create.set)) compile(['onCreate', r, 'create', 'set', field], `onCreate '${rule.id}' ${field}`, expr);
  });
}

function checkAutomations(db: DatabaseDef, all: ReadonlyMap<string, DatabaseDef>, report: (path: Path, message: string) => void) {
  (db.onCreate ?? []).forEach((rule, r) => {
    const target = all.get(rule.create.database);
    if (!target) {
      report(['onCreate', r, 'create', 'database'], `onCreate '${rule.id}' creates in a missing database '${rule.create.database}'`);
      return;
    }
    for (const field of Object.keys(rule.create.set)) {
      const def = target.fields.find((f) => f.name === field);
      if (!def && field !== target.status.field) report(['onCreate', r, 'create', 'set', field], `onCreate '${rule.id}': ${target.id} has no field '${field}'`);
      else if (def?.type === 'formula' || def?.type === 'rollup') report(['onCreate', r, 'create', 'set', field], `onCreate '${rule.id}': ${field} is computed and can't be set`);
    }
    if (rule.create.link) {
      const link = db.fields.find((f) => f.name === rule.create.link);
      if (link?.type !== 'relation' || !relationTargets(link).includes(target.id)) {
        report(['onCreate', r, 'create', 'link'], `onCreate '${rule.id}': link '${rule.create.link}' must be a relation field of ${db.id} to ${target.id}`);
      }
    }
  });
}

function checkWaiver(db: DatabaseDef, report: (path: Path, message: string) => void) {
  if (db.role !== 'waivers') return;
  if (!db.waiver) return report(['role'], "a database with 'role: waivers' needs a 'waiver' mapping (record, criteria, approver, expires, approvedWhen)");
  for (const key of ['record', 'criteria', 'approver', 'expires'] as const) {
    const name = db.waiver[key];
    if (!db.fields.some((f) => f.name === name)) report(['waiver', key], `waiver ${key} field '${name}' is not a field of ${db.id}`);
  }
}

/** An inverse relation's name must be free on each database that shows it, and declared once there. */
function checkInverses(all: ReadonlyMap<string, DatabaseDef>, problems: LocatedProblem[]) {
  const declared = new Map<string, string>();
  for (const inverse of inverseRelations(all.values())) {
    const source = all.get(inverse.source);
    const target = all.get(inverse.target);
    if (!source || !target) continue;
    const i = source.fields.findIndex((f) => f.name === inverse.field);
    const report = (message: string) => problems.push({ database: source.id, path: ['fields', i, 'inverse'], message });
    const taken = [...target.fields.map((f) => f.name), target.status.field, ...RECORD_BUILTINS].find((n) => n.toLowerCase() === inverse.name.toLowerCase());
    if (taken !== undefined) report(`inverse '${inverse.name}' of '${inverse.field}' clashes with the field '${taken}' of ${target.id}; name the inverse differently`);
    const at = `${target.id}\u0000${inverse.name.toLowerCase()}`;
    const first = declared.get(at);
    if (first !== undefined) report(`inverse '${inverse.name}' on ${target.id} is already declared by ${first}; name this one differently`);
    else declared.set(at, `${source.id} '${inverse.field}'`);
  }
}

function checkEvidence(db: DatabaseDef, report: (path: Path, message: string) => void) {
  (db.evidence?.statuses ?? []).forEach((s, i) => {
    if (!db.status.values.includes(s)) report(['evidence', 'statuses', i], `evidence status '${s}' is not among the statuses (${db.status.values.join(', ')})`);
  });
}

/** Checks what zod can't: cross-references, duplicates, statuses and every CEL expression. */
export function checkDatabases(databases: readonly DatabaseDef[]): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const all = new Map<string, DatabaseDef>();
  for (const db of databases) {
    if (all.has(db.id)) problems.push({ database: db.id, path: ['id'], message: `duplicate database id '${db.id}'` });
    all.set(db.id, db);
  }
  checkInverses(all, problems);
  const compiler = new ExpressionCompiler(databases);
  for (const db of databases) {
    const report = (path: Path, message: string) => problems.push({ database: db.id, path, message });
    checkFields(db, all, report);
    checkStatuses(db, report);
    checkWaiver(db, report);
    checkEvidence(db, report);
    checkAutomations(db, all, report);
    checkSeedLines(db, all, report);
    checkExpressions(db, compiler, report);
  }
  return problems;
}
