import { invalidInput } from '../../core/errors.ts';
import { publicRecord } from '../../core/records/eos-record.ts';
import { recordDocument, recordMarkdown } from '../../core/records/record-document.ts';
import { recordPdf } from '../../integrations/export/record-pdf.ts';
import { ritualSnapshotOf } from '../rituals/check-ritual-snapshot.ts';
import { databaseOf, type Session } from '../session.ts';
import { findRecord } from './find-record.ts';

export const EXPORT_FORMATS = ['md', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An exported record: the file name to save it as, its media type, and its bytes. */
export interface RecordExport {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** `md` or `pdf`, or a 400 naming the formats. */
export function exportFormat(value: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw invalidInput(`format must be one of ${EXPORT_FORMATS.join(', ')}, not '${value}'`, { field: 'format' });
}

/**
 * Exports any record as Markdown or PDF: its fields, and for a record a ritual created, the
 * charts of its frozen snapshot's trend and the snapshot's SHA-256.
 *
 * @example await exportRecord(session, 'WR-0001', 'pdf') // { filename: 'WR-0001.pdf', contentType: 'application/pdf', body: <Buffer 25 50 44 46 …> }
 */
export async function exportRecord(session: Session, ref: string, format: string): Promise<RecordExport> {
  const fmt = exportFormat(format);
  const record = await findRecord(session.store.db, session, ref);
  const def = databaseOf(session, record.database);
  const frozen = await ritualSnapshotOf(session, record.key);
  const doc = recordDocument(
    publicRecord(record),
    def,
    frozen ? { snapshot: frozen.snapshot, sha256: String(frozen.decision.details.sha256 ?? ''), decidedAt: frozen.decision.at } : undefined,
  );
  if (fmt === 'md') return { filename: `${record.key}.md`, contentType: 'text/markdown; charset=utf-8', body: Buffer.from(recordMarkdown(doc), 'utf8') };
  return { filename: `${record.key}.pdf`, contentType: 'application/pdf', body: await recordPdf(doc, new Date(record.updatedAt)) };
}
