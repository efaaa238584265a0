import { api, request } from './client.ts';
import type { AlertPassReport, EosRecord, FieldValue, ImportReport, ImportRequest, SopReport } from './types.ts';
import { invalidate } from './use-resource.ts';

// Every write the web app makes, each followed by invalidating the reads it changes.

// A write can change any record's gates (through relations and count()), so every read of records is
// refreshed; database definitions never change, and only a new record changes the sidebar's counts.
function afterWrite(options: { created?: boolean } = {}): void {
  invalidate('/records', '/control-center', '/decisions', '/audit', '/gates', '/search', ...(options.created ? ['/databases?', '/databases'] : []));
}

export async function moveRecord(key: string, to: string, waiver?: string): Promise<EosRecord> {
  const { record } = await api.post<{ record: EosRecord }>(`/records/${encodeURIComponent(key)}/moves`, waiver ? { to, waiver } : { to });
  afterWrite();
  return record;
}

export async function updateRecord(key: string, version: number, fields: Record<string, FieldValue>): Promise<{ record: EosRecord; warnings: unknown[] }> {
  const { data } = await request<{ record: EosRecord; warnings: unknown[] }>(`/records/${encodeURIComponent(key)}`, { method: 'PATCH', body: { fields }, ifMatch: version });
  afterWrite();
  return data;
}

export type BulkResult = {
  done: number;
  refused: number;
  results: { key: string; ok: boolean; record?: EosRecord; error?: { code: string; message: string; unmet?: unknown } }[];
};

/** Edits and/or moves many records, each past its own gates (POST /records/bulk). */
export async function bulkWrite(body: { keys: string[]; fields?: Record<string, FieldValue>; to?: string }): Promise<BulkResult> {
  const result = await api.post<BulkResult>('/records/bulk', body);
  afterWrite();
  return result;
}

/** Archives a record (a soft delete; lists leave it out) or restores it. */
export async function archiveRecord(key: string, version: number, archived: boolean): Promise<EosRecord> {
  const { data } = await request<{ record: EosRecord }>(`/records/${encodeURIComponent(key)}/${archived ? 'archive' : 'restore'}`, { method: 'POST', ifMatch: version });
  afterWrite();
  return data.record;
}

export async function createRecord(database: string, fields: Record<string, FieldValue>): Promise<{ record: EosRecord; warnings: unknown[] }> {
  const data = await api.post<{ record: EosRecord; warnings: unknown[] }>('/records', { database, fields });
  afterWrite({ created: true });
  return data;
}

export async function linkRecords(key: string, field: string, targets: string[], unlink = false): Promise<EosRecord> {
  const path = `/records/${encodeURIComponent(key)}/links`;
  const { record } = unlink ? await api.del<{ record: EosRecord }>(path, { field, targets }) : await api.post<{ record: EosRecord }>(path, { field, targets });
  afterWrite();
  return record;
}

/** Ticks (done) or unticks one step of a record's SOP checklist; answers the checklist after it. */
export async function checkSopStep(key: string, step: number, done: boolean): Promise<SopReport> {
  const { data } = await request<SopReport>(`/records/${encodeURIComponent(key)}/sop/${step}`, { method: 'PUT', body: { done } });
  afterWrite();
  return data;
}

export type NewDecision = { scope: string; action: string; summary: string; rationale?: string; record?: string; evidence?: string[] };

export async function appendDecision(decision: NewDecision): Promise<unknown> {
  const created = await api.post<unknown>('/decisions', decision);
  afterWrite();
  return created;
}

/** Imports a CSV (POST /imports); a dry run writes nothing, so only a real import refreshes the reads. */
export async function importRecords(body: ImportRequest): Promise<ImportReport> {
  const report = await api.post<ImportReport>('/imports', body);
  if (!body.dryRun) afterWrite({ created: true });
  return report;
}

/** One alert pass now (admins), or with dryRun what one would notify (anyone but a viewer; writes nothing). */
export async function runAlertPass(dryRun: boolean): Promise<AlertPassReport> {
  const report = await api.post<AlertPassReport>('/alerts/run', { dryRun });
  if (!dryRun) invalidate('/alerts');
  return report;
}

/** Signs a record's sign-off field (POST /records/{key}/signoffs); refused unless the signed-in user holds its role (ADR 044). */
export async function signRecord(key: string, version: number, field: string, verdict: 'go' | 'no_go', note?: string): Promise<EosRecord> {
  const body = note?.trim() ? { field, verdict, note: note.trim() } : { field, verdict };
  const { data } = await request<{ record: EosRecord }>(`/records/${encodeURIComponent(key)}/signoffs`, { method: 'POST', body, ifMatch: version });
  afterWrite();
  return data.record;
}
