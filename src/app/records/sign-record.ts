import { actorSatisfies } from '../../core/auth/role-policy.ts';
import { type Actor, rolesLabel, rolesOf } from '../../core/auth/roles.ts';
import { EosError, invalidInput } from '../../core/errors.ts';
import type { FieldValue } from '../../core/fields/parse-field-value.ts';
import { parseVerdict, type SignoffValue, signedContentHash, signingRole, VERDICTS, withSignoffs } from '../../core/fields/signoff.ts';
import type { DatabaseDef, FieldDef } from '../../core/pack/pack-schema.ts';
import { publicRecord, type StoredRecord } from '../../core/records/eos-record.ts';
import { decideIn } from '../decide.ts';
import { actorOf, databaseOf, type Session } from '../session.ts';
import { inWriteTransaction } from '../write-context.ts';
import type { WriteResult } from './create-record.ts';
import { findRecord } from './find-record.ts';
import { findField } from './parse-set.ts';
import { mergedLinks, saveRecord, withDerived } from './record-writer.ts';
import { assertVersion } from './update-record.ts';

export interface SignInput {
  readonly ref: string;
  /** The signoff field, by name. */
  readonly field: string;
  /** `go` or `no_go` (also read: GO, no-go). */
  readonly verdict: string;
  readonly note?: string | undefined;
  readonly ifVersion?: number | undefined;
}

/** How to sign with proof of identity, for a refusal (ADR 044). */
const HOW_TO_PROVE =
  'A signature needs proof of who signs: sign in the web app, call the API with your token, or on the CLI set EOS_TOKEN=<your API token> (create one with: eos token create <you>); EOS_USER alone, which anyone can set, never signs';

/** Refuses a signer who has not proved who they are: EOS_USER alone (or a workspace without users). */
function assertVerified(actor: Actor): void {
  if (actor.verified) return;
  throw new EosError('forbidden', `${actor.name} can't sign: ${HOW_TO_PROVE}`, { actor: actor.name, needs: 'EOS_TOKEN' });
}

function signoffField(def: DatabaseDef, name: string, record: StoredRecord): FieldDef {
  const field = findField(def, name);
  if (!field) throw invalidInput(`${def.name} has no field '${name}'`, { field: name });
  if (field.type !== 'signoff') {
    const signoffs = def.fields.filter((f) => f.type === 'signoff').map((f) => f.name);
    throw invalidInput(
      `${field.name} of ${record.key} is not a sign-off (it is ${field.type}); ${signoffs.length > 0 ? `its sign-offs: ${signoffs.join(', ')}` : `${def.name} has no sign-offs`}`,
      { field: field.name },
    );
  }
  return field;
}

/** The role that signs this field of this record, or a refusal naming what decides it. */
function roleFor(def: DatabaseDef, field: FieldDef, record: StoredRecord): string {
  const role = signingRole(field, record.fields);
  if (role !== null) return role;
  const by = typeof field.role === 'object' ? field.role.field : undefined;
  throw invalidInput(
    by
      ? `${record.key} can't be signed for ${field.name} yet: its ${by} decides who signs, and ${record.fields[by] === undefined ? 'it is not set' : `'${String(record.fields[by])}' names no role`}; set ${by} first`
      : `${field.name} of ${def.name} names no signing role`,
    { field: field.name, ...(by ? { roleField: by } : {}) },
  );
}

/** The four-eyes rule: whom `distinctFrom` names may not sign. */
function assertDistinct(field: FieldDef, record: StoredRecord, actor: Actor): void {
  for (const other of field.distinctFrom ?? []) {
    const value = other === 'createdBy' ? record.createdBy : other === 'updatedBy' ? record.updatedBy : record.fields[other];
    const names = Array.isArray(value) ? value : [value];
    if (!names.includes(actor.name)) continue;
    const who = other === 'createdBy' ? 'created' : other === 'updatedBy' ? 'last updated' : `is the ${other} of`;
    throw new EosError('forbidden', `${actor.name} ${who} ${record.key}, so someone else must sign ${field.name} (four-eyes: distinct from ${other})`, {
      record: record.key,
      field: field.name,
      actor: actor.name,
      distinctFrom: other,
    });
  }
}

/**
 * Signs a record's `signoff` field (ADR 044): only someone who proved who they are (a session
 * or a token), holding the field's role (or an admin, which the decision says), and not named by
 * its `distinctFrom`. The signature holds the SHA-256 of the record's other fields; one audit
 * entry and one decision (`signoff.go` / `signoff.no_go`) are written in the same transaction.
 *
 * @example await signRecord(session, { ref: 'RR-0001', field: 'Support Sign-off', verdict: 'go', note: 'runbook reviewed' })
 */
export async function signRecord(session: Session, input: SignInput): Promise<WriteResult> {
  const actor = actorOf(session);
  return inWriteTransaction(session, 'sign records', async (w) => {
    assertVerified(actor);
    const verdict = parseVerdict(input.verdict);
    if (!verdict) throw invalidInput(`'${input.verdict}' is not a verdict: use ${VERDICTS.join(' or ')}`, { field: 'verdict', value: input.verdict });
    const record = await findRecord(w.db, session, input.ref);
    const def = databaseOf(session, record.database);
    const field = signoffField(def, input.field, record);
    assertVersion(record, input.ifVersion);
    const role = roleFor(def, field, record);
    if (!actorSatisfies(actor, [role])) {
      const held = rolesOf(actor);
      throw new EosError('forbidden', `Only ${role} can sign ${field.name} of ${record.key}; ${actor.name} has the ${rolesLabel(actor)} role${held.length > 1 ? 's' : ''}`, {
        record: record.key,
        field: field.name,
        requiredRoles: [role, 'admin'],
        actor: actor.name,
      });
    }
    assertDistinct(field, record, actor);
    // Allowed without holding the role: the admin's break-glass, which the signature and decision say.
    const asAdmin = !rolesOf(actor).some((r) => r === role);
    const note = input.note?.trim() ? input.note.trim() : null;
    const version = record.version + 1;
    const signature: SignoffValue = {
      verdict,
      by: actor.name,
      role,
      at: w.now.toISOString(),
      note,
      contentHash: signedContentHash(def, record.fields),
      version,
      ...(asAdmin ? { asAdmin: true } : {}),
    };
    const fields: Record<string, FieldValue> = { ...record.fields, [field.name]: signature };
    const draft: StoredRecord = { ...record, fields, version, updatedAt: w.now.toISOString(), updatedBy: actor.name };
    const after = await withDerived(w, def, draft, await mergedLinks(w, record.id, new Map()), 'keep');
    const details = { field: field.name, verdict, role, ...(asAdmin ? { asAdmin: true } : {}), contentHash: signature.contentHash, version };
    await saveRecord(w, { def, before: record, after, changes: new Map(), action: 'record.sign', details });
    const admin = asAdmin ? ` as admin (${actor.name} does not hold ${role})` : '';
    await decideIn(w, {
      scope: def.id,
      action: `signoff.${verdict}`,
      summary: `${actor.name} signed ${field.name} of ${record.key}: ${verdict === 'go' ? 'GO' : 'NO-GO'}${admin}`,
      rationale: note ?? undefined,
      record: `${record.database}/${record.key}`,
      details,
    });
    return { record: withSignoffs(def, publicRecord(after)), warnings: w.warnings };
  });
}
