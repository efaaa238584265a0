import { assertAdmin } from '../core/auth/role-policy.ts';
import { invalidInput } from '../core/errors.ts';
import type { Pack } from '../core/pack/pack-schema.ts';
import { replaceAlertRules } from '../store/alert-rule-rows.ts';
import { appendAudit } from '../store/audit-rows.ts';
import { statusCounts } from '../store/record-rows.ts';
import { replaceRituals } from '../store/ritual-settings.ts';
import { replaceTargets } from '../store/target-settings.ts';
import { findWorkspace, replaceDatabaseDefs } from '../store/workspace-rows.ts';
import { actorOf, type Session } from './session.ts';
import { inWriteTransaction } from './write-context.ts';

/** Records left in a status that the new pack version no longer has. */
export interface StrandedStatus {
  readonly database: string;
  readonly status: string;
  readonly records: number;
}

export interface UpgradeReport {
  readonly workspace: string;
  readonly from: string;
  readonly to: string;
  readonly added: readonly string[];
  readonly stranded: readonly StrandedStatus[];
  readonly dryRun: boolean;
}

/**
 * Moves a workspace to a new version of its pack. Records are never changed: a record whose
 * status the new version removed keeps it, is reported here and by `gate check`, and may move
 * to any status of the new lifecycle through that status's entrance gates. A database that
 * still holds records can't be removed.
 */
export async function upgradePack(session: Session, pack: Pack, options: { dryRun?: boolean } = {}): Promise<UpgradeReport> {
  assertAdmin(actorOf(session), 'upgrade the pack');
  return inWriteTransaction(session, 'upgrade the pack', 'workspace', async (w) => {
    const counts = await statusCounts(w.db, session.workspaceId);
    const next = new Map(pack.databases.map((d) => [d.id, d]));
    const orphaned = [...new Set(counts.filter((c) => !next.has(c.database)).map((c) => c.database))];
    if (orphaned.length > 0) {
      throw invalidInput(`The new pack drops ${orphaned.join(', ')}, which still hold records; keep those databases in the pack (or back up and remove the records first)`, {
        databases: orphaned,
      });
    }
    const stranded = counts.filter((c) => !next.get(c.database)?.status.values.includes(c.status)).map((c) => ({ database: c.database, status: c.status, records: c.count }));
    const before = [...session.databases.values()];
    const workspace = await findWorkspace(w.db, session.workspaceId);
    const report: UpgradeReport = {
      workspace: session.workspaceId,
      from: workspace ? `${workspace.packId}@${workspace.packVersion}` : 'unknown',
      to: `${pack.manifest.id}@${pack.manifest.version}`,
      added: pack.databases.filter((d) => !session.databases.has(d.id)).map((d) => d.id),
      stranded,
      dryRun: options.dryRun ?? false,
    };
    if (report.dryRun) return report;
    await replaceDatabaseDefs(w.db, session.workspaceId, pack.manifest, pack.databases);
    await replaceAlertRules(w.db, session.workspaceId, pack.alerts);
    await replaceTargets(w.db, session.workspaceId, pack.targets);
    await replaceRituals(w.db, session.workspaceId, pack.rituals, w.now.toISOString());
    await appendAudit(w.db, session.store.trust, session.workspaceId, {
      at: w.now.toISOString(),
      actor: session.actor,
      action: 'workspace.upgrade',
      recordId: null,
      database: null,
      recordKey: null,
      before: { databases: before.map((d) => d.id) },
      after: { pack: pack.manifest.id, version: pack.manifest.version, databases: pack.databases.map((d) => d.id), alerts: pack.alerts.map((a) => a.id), stranded },
    });
    return report;
  });
}
