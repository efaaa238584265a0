import { z } from 'zod';
import { archiveRecord } from '../../app/records/archive-record.ts';
import { BULK_LIMIT, bulkWrite } from '../../app/records/bulk-write.ts';
import { createRecord } from '../../app/records/create-record.ts';
import { exportRecordsCsv } from '../../app/records/export-records.ts';
import { linkRecords } from '../../app/records/link-records.ts';
import { listRecords } from '../../app/records/read-records.ts';
import { getRecordView } from '../../app/records/record-view.ts';
import { signRecord } from '../../app/records/sign-record.ts';
import { moveRecord, updateRecord } from '../../app/records/update-record.ts';
import { invalidInput } from '../../core/errors.ts';
import { VERDICTS } from '../../core/fields/signoff.ts';
import type { EosRecord } from '../../core/records/eos-record.ts';
import type { ApiApp, ApiContext } from '../api-context.ts';
import { errors, fieldsSchema, keyParams, leanRecordSchema, limitParam, recordSchema, recordViewSchema, writeResultSchema } from '../api-schemas.ts';
import { fieldsToPairs } from '../fields-to-pairs.ts';
import { ifMatchVersion, recordEtag } from '../if-match.ts';
import { serializeRecordList } from '../record-list-serializer.ts';

const DEFAULT_PAGE = 100;

/** A cursor is the opaque position of the next page. */
const cursorOf = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match)
    throw invalidInput(`cursor '${cursor}' is not one this API handed out; pass nextCursor from the previous page`, {
      problems: [{ in: 'querystring', field: 'cursor', message: 'unknown cursor' }],
    });
  return Number(match[1]);
}

/** `fields=A,B`: the names, trimmed; `fields=` asks for none; no parameter, for all. */
function fieldNames(param: string | undefined): string[] | undefined {
  if (param === undefined) return undefined;
  return param
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** A record without what repeats on every row of a list (its database, who created it, when): what `fields=` answers. */
function leanRecord(record: EosRecord): z.infer<typeof leanRecordSchema> {
  const lean = { id: record.id, key: record.key, title: record.title, status: record.status, version: record.version, updatedAt: record.updatedAt, fields: record.fields };
  return Object.keys(record.unresolved).length > 0 ? { ...lean, unresolved: record.unresolved } : lean;
}

const linkBody = z.object({ field: z.string().min(1), targets: z.array(z.string().min(1)).min(1) });

export function registerRecordRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/records',
    {
      config: { cache: true },
      schema: {
        tags: ['records'],
        summary: "List a database's records, filtered by CEL and sorted by a field",
        querystring: z.object({
          database: z.string().min(1),
          where: z.string().optional().describe("CEL over record, e.g. record['Risk Level'] == 'High'"),
          sort: z.string().optional().describe('a field, or key, title, status, createdAt, updatedAt; -Field sorts descending'),
          limit: limitParam(1000).describe(`at most this many (default ${DEFAULT_PAGE})`),
          cursor: z.string().optional(),
          fields: z
            .string()
            .optional()
            .describe('comma-separated field names: each record comes lean (id, key, title, status, version, updatedAt) with only these fields; empty for none'),
          archived: z.enum(['hide', 'include', 'only']).optional().describe('archived records: hide (the default), include, or only'),
        }),
        response: { 200: z.object({ records: z.array(z.union([recordSchema, leanRecordSchema])).readonly(), nextCursor: z.string().nullable() }), ...errors(400, 401, 404) },
      },
      // Not zod on the hot path: a serializer compiled once (issue 13).
      serializerCompiler: () => serializeRecordList,
    },
    async (request, reply) => {
      const { database, where, sort, cursor, archived } = request.query;
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const offset = offsetOf(cursor);
      const fields = fieldNames(request.query.fields);
      // A filter that reads the clock answers differently as time passes: never from the cache.
      if (where && /\bnow\b/.test(where)) reply.header('cache-control', 'no-store');
      const page = await listRecords(await ctx.session(request), { database, where, sort, limit: limit + 1, offset, fields, archived });
      const records = page.slice(0, limit);
      return { records: fields ? records.map(leanRecord) : records, nextCursor: page.length > limit ? cursorOf(offset + limit) : null };
    },
  );

  app.post(
    '/records/bulk',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary:
          'Bulk edit and/or move: each record on its own transaction and its own gates; the result lists every record, each refusal with its code, message and unmet criteria',
        body: z.object({
          keys: z.array(z.string().min(1)).min(1).describe(`the records, by key (at most ${BULK_LIMIT})`),
          fields: fieldsSchema.optional().describe('fields to set on each'),
          to: z.string().min(1).optional().describe('then move each to this status'),
        }),
        response: {
          200: z.object({
            done: z.number().int(),
            refused: z.number().int(),
            results: z
              .array(
                z.object({
                  key: z.string(),
                  ok: z.boolean(),
                  record: recordSchema.optional(),
                  warnings: z.array(z.string()).readonly().optional(),
                  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
                }),
              )
              .readonly(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { keys, fields, to } = request.body;
      return bulkWrite(await ctx.session(request), { keys, set: fields ? fieldsToPairs(fields) : undefined, to });
    },
  );

  app.get(
    '/records/export.csv',
    {
      schema: {
        tags: ['records'],
        summary: 'A table view as CSV: the records the filter lists, with Key, the status and the columns given (all fields without), formula-escaped',
        querystring: z.object({
          database: z.string().min(1),
          where: z.string().optional().describe('CEL over record, as GET /records'),
          sort: z.string().optional(),
          columns: z.string().optional().describe('the fields to export, comma-separated, in order (the columns on screen)'),
          archived: z.enum(['hide', 'include', 'only']).optional(),
        }),
        response: { 200: z.string(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { database, where, sort, archived } = request.query;
      const columns = request.query.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const out = await exportRecordsCsv(await ctx.session(request), { database, where, sort, archived, columns });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${out.file}"`).send(out.csv);
    },
  );

  app.post(
    '/records',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: 'Create a record (a status other than the initial one passes its gates)',
        body: z.object({ database: z.string().min(1), fields: fieldsSchema.default({}) }),
        response: { 201: writeResultSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await createRecord(await ctx.session(request), { database: request.body.database, set: fieldsToPairs(request.body.fields) });
      return reply
        .code(201)
        .header('etag', recordEtag(result.record.version))
        .send({ record: result.record, warnings: [...result.warnings] });
    },
  );

  app.get(
    '/records/:key',
    {
      config: { cache: true },
      schema: {
        tags: ['records'],
        summary: 'A record by key or exact title; ETag is its version',
        params: keyParams,
        querystring: z.object({ include: z.enum(['relations']).optional().describe('relations: add the linked records of every relation field') }),
        response: { 200: recordViewSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const record = await getRecordView(await ctx.session(request), request.params.key, { relations: request.query.include === 'relations' });
      // With relations (or inverse relations) the body also shows linked records, which change without this record's version.
      if (!record.relations && !record.inverse) reply.header('etag', recordEtag(record.version));
      return record;
    },
  );

  app.patch(
    '/records/:key',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: 'Update fields (not the status); If-Match: <version> refuses a stale write with 412',
        params: keyParams,
        headers: z.looseObject({ 'if-match': z.string().optional() }),
        body: z.object({ fields: fieldsSchema }),
        response: { 200: writeResultSchema, ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const ifVersion = ifMatchVersion(request.headers['if-match']);
      const result = await updateRecord(await ctx.session(request), { ref: request.params.key, set: fieldsToPairs(request.body.fields), ifVersion });
      return reply.header('etag', recordEtag(result.record.version)).send({ record: result.record, warnings: [...result.warnings] });
    },
  );

  app.post(
    '/records/:key/moves',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: 'Move a record to a status past its gates; refused with 409 gate_blocked naming every unmet criterion',
        params: keyParams,
        headers: z.looseObject({ 'if-match': z.string().optional() }),
        body: z.object({ to: z.string().min(1), waiver: z.string().min(1).optional() }),
        response: { 200: writeResultSchema, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const ifVersion = ifMatchVersion(request.headers['if-match']);
      const result = await moveRecord(await ctx.session(request), { ref: request.params.key, to: request.body.to, waiver: request.body.waiver, ifVersion });
      return reply.header('etag', recordEtag(result.record.version)).send({ record: result.record, warnings: [...result.warnings] });
    },
  );

  for (const action of ['archive', 'restore'] as const) {
    app.post(
      `/records/:key/${action}`,
      {
        config: { writes: true },
        schema: {
          tags: ['records'],
          summary:
            action === 'archive'
              ? 'Archive a record (a soft delete, audited): lists, boards and search leave it out; its status, fields, links and every gate stay as they were'
              : 'Restore an archived record, as it was',
          params: keyParams,
          headers: z.looseObject({ 'if-match': z.string().optional() }),
          response: { 200: writeResultSchema, ...errors(400, 401, 403, 404, 409, 412) },
        },
      },
      async (request, reply) => {
        const ifVersion = ifMatchVersion(request.headers['if-match']);
        const result = await archiveRecord(await ctx.session(request), { ref: request.params.key, archived: action === 'archive', ifVersion });
        return reply.header('etag', recordEtag(result.record.version)).send({ record: result.record, warnings: [...result.warnings] });
      },
    );
  }

  app.post(
    '/records/:key/signoffs',
    {
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: "Sign a record's sign-off field as its role (a session or token proves who signs); logged as a decision signoff.go or signoff.no_go",
        params: keyParams,
        headers: z.looseObject({ 'if-match': z.string().optional() }),
        body: z.object({
          field: z.string().min(1).describe('the signoff field, e.g. QA Sign-off'),
          verdict: z.enum(VERDICTS).describe('go or no_go'),
          note: z.string().max(4000).optional().describe('why: kept with the signature and in the decision'),
        }),
        response: { 200: writeResultSchema, ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const ifVersion = ifMatchVersion(request.headers['if-match']);
      const { field, verdict, note } = request.body;
      const result = await signRecord(await ctx.session(request), { ref: request.params.key, field, verdict, note, ifVersion });
      return reply.header('etag', recordEtag(result.record.version)).send({ record: result.record, warnings: [...result.warnings] });
    },
  );

  for (const [method, mode] of [
    ['POST', 'link'],
    ['DELETE', 'unlink'],
  ] as const) {
    app.route({
      method,
      url: '/records/:key/links',
      config: { writes: true },
      schema: {
        tags: ['records'],
        summary: mode === 'link' ? 'Link records through a relation field' : 'Remove links from a relation field',
        params: keyParams,
        headers: z.looseObject({ 'if-match': z.string().optional() }),
        body: linkBody,
        response: { 200: writeResultSchema, ...errors(400, 401, 403, 404, 412) },
      },
      handler: async (request, reply) => {
        const ifVersion = ifMatchVersion(request.headers['if-match']);
        const result = await linkRecords(await ctx.session(request), { ref: request.params.key, field: request.body.field, targets: request.body.targets, ifVersion }, mode);
        return reply.header('etag', recordEtag(result.record.version)).send({ record: result.record, warnings: [...result.warnings] });
      },
    });
  }
}
