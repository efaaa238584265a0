import { z } from 'zod';
import { controlCenter } from '../../app/control-center.ts';
import { decodeCsvBytes } from '../../app/import/csv-encoding.ts';
import { importCsv } from '../../app/import/import-csv.ts';
import { search } from '../../app/search.ts';
import { invalidInput } from '../../core/errors.ts';
import { IMPORT_FORMATS } from '../../core/import/import-format.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { decisionSchema, errors, limitParam, unmetSchema } from '../api-schemas.ts';

const link = z.object({ key: z.string(), title: z.string() });

const controlCenterSchema = z.object({
  openChangesByStatus: z.array(z.object({ status: z.string(), count: z.number().int(), records: z.array(link).readonly() })).readonly(),
  blockedMoves: z.array(z.object({ key: z.string(), title: z.string(), database: z.string(), to: z.string(), unmet: z.array(unmetSchema).readonly() })).readonly(),
  stale: z.array(z.object({ key: z.string(), title: z.string(), database: z.string(), status: z.string(), reason: z.string(), since: z.string() })).readonly(),
  incidentsBySeverity: z.array(z.object({ severity: z.string(), count: z.number().int(), records: z.array(link.extend({ status: z.string() })).readonly() })).readonly(),
  budget: z
    .object({
      planned: z.number(),
      actual: z.number(),
      variance: z.number(),
      currency: z.string(),
      records: z.array(link.extend({ planned: z.number().nullable(), actual: z.number().nullable(), variance: z.number().nullable() })).readonly(),
    })
    .nullable(),
  latestDecisions: z.array(decisionSchema).readonly(),
  auditCheck: z.object({ at: z.string(), ok: z.boolean(), entries: z.number().int(), check: z.string().optional(), reason: z.string().optional() }).nullable(),
});

const searchResult = z.object({
  kind: z.enum(['record', 'database', 'decision']),
  title: z.string(),
  key: z.string().optional(),
  database: z.string().optional(),
  status: z.string().optional(),
  snippet: z.string().optional().describe('records: the text around the matches, HTML-escaped, each match in <mark>'),
  id: z.string().optional(),
});

const importReport = z.object({
  database: z.string(),
  file: z.string(),
  format: z.enum(IMPORT_FORMATS).describe('the source the cells were read as'),
  formatReason: z.string().describe("why: 'detected: Issue key, Summary, …', or 'as --format asked'"),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  excluded: z.number().int().describe("rows the format leaves out (Linear's archived issues)"),
  dryRun: z.boolean(),
  problems: z.array(z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() })).readonly(),
  warnings: z.array(z.string()).readonly(),
  unmapped: z.array(z.string()).readonly().describe('the columns that fill no field'),
  errorsCsv: z.string().optional().describe('with skipInvalid: the rejected rows as CSV, with an eos_error column'),
});

/**
 * Imports carry a whole CSV file in the body: 96 MiB takes a 50 MB export as text or as base64
 * (docs/api.md); over it the answer is 413 too_large naming the limit.
 */
export const IMPORT_BODY_LIMIT = 96 * 1024 * 1024;

export function registerWorkspaceRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/control-center',
    { schema: { tags: ['workspace'], summary: "The control center's tiles, each linking to its records", response: { 200: controlCenterSchema, ...errors(401) } } },
    async (request) => controlCenter(await ctx.session(request)),
  );

  app.get(
    '/search',
    {
      config: { cache: true },
      schema: {
        tags: ['workspace'],
        summary: 'Search databases, records (key, or full text over title and text fields, ranked) and decisions',
        querystring: z.object({ q: z.string(), limit: limitParam(200).describe('default 20') }),
        response: { 200: z.object({ results: z.array(searchResult).readonly() }), ...errors(400, 401) },
      },
    },
    async (request) => ({ results: await search(await ctx.session(request), { q: request.query.q, limit: request.query.limit }) }),
  );

  app.post(
    '/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { writes: true },
      schema: {
        tags: ['workspace'],
        summary: 'Import CSV rows in one transaction, through the gates (as eos import csv)',
        body: z.object({
          database: z.string().min(1),
          csv: z.string().optional().describe('the file, as text (or csvBase64)'),
          csvBase64: z.string().optional().describe("the file's bytes, base64: eos detects the encoding, or reads it in `encoding`"),
          encoding: z.string().min(1).optional().describe('with csvBase64: the encoding the file was saved in (utf-8, windows-1252, …)'),
          file: z.string().min(1).optional().describe('the file name reported in problems (default upload.csv)'),
          format: z
            .enum(['auto', ...IMPORT_FORMATS])
            .optional()
            .describe('auto (the default) detects Notion, Linear and Jira exports'),
          timeZone: z.string().min(1).optional().describe("the IANA zone the export's dates were written in (default UTC)"),
          values: z
            .array(z.object({ column: z.string().min(1), from: z.string(), to: z.string() }))
            .optional()
            .describe('source values read as others: {column: "Status", from: "Todo", to: "Ready"}'),
          dryRun: z.boolean().optional(),
          skipInvalid: z.boolean().optional(),
          asRecorded: z
            .boolean()
            .optional()
            .describe(
              'admins only: take statuses as given, past every gate (history from Jira or Linear); each record is marked recordedAs imported and one import.as_recorded decision is logged',
            ),
          idColumn: z.string().min(1).optional(),
          map: z.record(z.string(), z.string()).optional().describe('Column → Field'),
        }),
        response: { 200: importReport, ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => {
      const { database, csv, csvBase64, encoding, file, format, timeZone, values, dryRun, skipInvalid, asRecorded, idColumn, map } = request.body;
      const name = file ?? 'upload.csv';
      const decoded = uploadedCsv(name, csv, csvBase64, encoding);
      const report = await importCsv(await ctx.session(request), {
        database,
        text: decoded.text.replace(/^\uFEFF/, ''),
        file: name,
        dryRun,
        skipInvalid,
        asRecorded,
        map,
        ...(format ? { format } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(values ? { values } : {}),
        ...(idColumn ? { idColumn } : {}),
      });
      return decoded.warnings.length > 0 ? { ...report, warnings: [...decoded.warnings, ...report.warnings] } : report;
    },
  );
}

/** The uploaded CSV as text: `csv` as sent, or `csvBase64` decoded as `eos import csv` decodes a file (ADR 055). */
function uploadedCsv(file: string, csv: string | undefined, csvBase64: string | undefined, encoding: string | undefined): { text: string; warnings: readonly string[] } {
  if ((csv === undefined) === (csvBase64 === undefined)) throw invalidInput('Send the file as csv (text) or csvBase64 (bytes), one of the two', { field: 'csv' });
  if (csvBase64 === undefined) {
    if (encoding !== undefined) throw invalidInput('encoding goes with csvBase64: a csv sent as text is already decoded', { field: 'encoding' });
    return { text: csv ?? '', warnings: [] };
  }
  return decodeCsvBytes(Buffer.from(csvBase64, 'base64'), { file, encoding });
}
