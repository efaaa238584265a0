import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { type InputProblem, jsonProblem, LIMITS, type LimitName, refuseProblem, textProblem } from '../core/limits.ts';

function stringProblem(where: string, name: string, value: string, limit: LimitName): InputProblem | undefined {
  const field = `${where}.${name}`;
  const problem = textProblem(value);
  if (problem) return { field, message: problem };
  const max = LIMITS[limit];
  if (value.length > max)
    return {
      field,
      message: `its length (${value.length.toLocaleString('en-US')} characters) is over the limit of ${max.toLocaleString('en-US')}`,
      limit: { name: limit, value: max },
    };
  return undefined;
}

function stringsProblem(where: string, values: unknown, limit: (name: string) => LimitName): InputProblem | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  for (const [name, value] of Object.entries(values)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== 'string') continue;
      const problem = stringProblem(where, name, item, limit(name));
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The first problem in what a request carries: its path parameters, query and body (ADR 055). */
export function requestProblem(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): InputProblem | undefined {
  return (
    stringsProblem('params', request.params, () => 'keyLength') ??
    stringsProblem('querystring', request.query, () => 'queryLength') ??
    // Strings in a body are as long as its own limit allows (a CSV import is one long string); field
    // values meet the text and list limits where they are parsed, for the CLI and imports as well.
    jsonProblem(request.body, 'body', { maxText: undefined })
  );
}

/**
 * Refuses, before validation and before any SQL, a request holding a NUL byte or a lone surrogate
 * anywhere, a path parameter or query value over its limit, or a body nested deeper than the limit:
 * 400 invalid_input naming the field and the limit.
 */
export const refuseBadInput: preValidationHookHandler = (request, _reply, done) => {
  const problem = requestProblem(request);
  if (problem) {
    try {
      refuseProblem(problem);
    } catch (error) {
      return done(error as Error);
    }
  }
  done();
};
