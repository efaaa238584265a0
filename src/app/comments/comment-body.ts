import { invalidInput } from '../../core/errors.ts';
import { assertText } from '../../core/limits.ts';

/** The most characters one comment holds. */
export const COMMENT_LENGTH = 20_000;

/** A comment's body as given, refused when empty or too long (naming `body`). */
export function commentBody(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalidInput('A comment needs a body: write some Markdown text', { field: 'body' });
  assertText(raw, 'body', 'textLength');
  if (raw.length > COMMENT_LENGTH)
    throw invalidInput(`The comment is ${raw.length.toLocaleString('en-US')} characters; a comment holds at most ${COMMENT_LENGTH.toLocaleString('en-US')}`, { field: 'body' });
  return raw;
}
