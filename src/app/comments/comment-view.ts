import { parseMentions } from '../../core/people/parse-mentions.ts';
import type { CommentRow } from '../../store/people-rows.ts';

/** A comment as the API and CLI show it. */
export interface CommentView {
  readonly id: string;
  readonly record: string;
  readonly author: string;
  /** Markdown as written. */
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly edited: boolean;
  /** Earlier bodies, oldest first. */
  readonly history: readonly { readonly body: string; readonly at: string; readonly by: string }[];
  /** The `@names` the body mentions. */
  readonly mentions: readonly string[];
}

export function commentView(row: CommentRow, recordKey: string): CommentView {
  return {
    id: row.id,
    record: recordKey,
    author: row.author,
    body: row.body,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    edited: row.history.length > 0,
    history: row.history,
    mentions: parseMentions(row.body),
  };
}

/** The first words of a comment for a notification line. */
export function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
