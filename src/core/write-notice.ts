/**
 * What a write changed, as its notification says: records and other workspace data, people and
 * tokens, or the workspace itself (its pack, a restore). A server's caches of who a token is and of
 * the pack are cleared only by the writes that can change them (issue 13, point 3).
 */
export type WriteKind = 'data' | 'people' | 'workspace';

/** The notification payload of a write: the workspace id alone for data (as before), else `id\nkind`. */
export function writeNotice(workspaceId: string, kind: WriteKind): string {
  return kind === 'data' ? workspaceId : `${workspaceId}\n${kind}`;
}

/** Reads a write notification's payload back. */
export function readWriteNotice(payload: string): { workspaceId: string; kind: WriteKind } {
  const cut = payload.lastIndexOf('\n');
  const kind = payload.slice(cut + 1);
  if (cut >= 0 && (kind === 'people' || kind === 'workspace')) return { workspaceId: payload.slice(0, cut), kind };
  return { workspaceId: payload, kind: 'data' };
}
