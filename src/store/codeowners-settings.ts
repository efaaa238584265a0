import { sql } from 'drizzle-orm';
import type { Db } from './store.ts';

/** A repository's CODEOWNERS as eos keeps it, in the workspace settings under `codeowners.<repo>`. */
export interface StoredCodeowners {
  readonly project: string;
  readonly owningTeams: readonly string[];
  readonly rules: readonly { readonly line: number; readonly pattern: string; readonly owners: readonly string[] }[];
}

/** Replaces one repository's entry; the other repositories' stay. */
export async function saveCodeowners(db: Db, workspaceId: string, repo: string, value: StoredCodeowners): Promise<void> {
  await db.execute(sql`update workspaces
    set settings = settings || jsonb_build_object('codeowners', coalesce(settings->'codeowners', '{}'::jsonb) || jsonb_build_object(${repo}::text, ${JSON.stringify(value)}::jsonb))
    where workspace_id = ${workspaceId}`);
}

export async function loadCodeowners(db: Db, workspaceId: string): Promise<Record<string, StoredCodeowners>> {
  const result = (await db.execute(sql`select settings->'codeowners' as codeowners from workspaces where workspace_id = ${workspaceId}`)) as unknown as {
    rows: { codeowners: Record<string, StoredCodeowners> | null }[];
  };
  return result.rows[0]?.codeowners ?? {};
}
