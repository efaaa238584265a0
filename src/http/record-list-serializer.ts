import fastJson from 'fast-json-stringify';

const text = { type: 'string' } as const;

/**
 * The list route's body, `{ records, nextCursor }`, as fast-json-stringify writes it: a
 * function compiled once from this JSON Schema, instead of zod encoding every record and then
 * JSON.stringify (issue 13: the hot path of an uncached list). Every record property is
 * optional, so the full records and the lean ones of `fields=` both fit; a field's value is
 * whatever JSON it holds. The route's zod schema still documents the body in OpenAPI.
 */
export const serializeRecordList: (body: unknown) => string = fastJson({
  type: 'object',
  properties: {
    records: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: text,
          key: text,
          database: text,
          title: text,
          status: text,
          fields: { type: 'object', additionalProperties: {} },
          unresolved: { type: 'object', additionalProperties: { type: 'array', items: text } },
          version: { type: 'integer' },
          createdAt: text,
          createdBy: text,
          updatedAt: text,
          updatedBy: text,
          recordedAs: text,
          archivedAt: text,
          archivedBy: text,
        },
        // A property added to the record schema later is still written, only not as fast.
        additionalProperties: true,
      },
    },
    nextCursor: { anyOf: [text, { type: 'null' }] },
  },
  required: ['records', 'nextCursor'],
}) as (body: unknown) => string;
