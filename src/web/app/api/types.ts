// The shapes the REST API returns (docs/api.md). Only what the web app reads is spelled out.

export type User = { name: string; role: string; roles?: string[] };
export type Me = { user: User | null; csrfToken: string; mustChangePassword?: boolean };

export type FieldType =
  | 'title'
  | 'text'
  | 'number'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'select'
  | 'multi_select'
  | 'checkbox'
  | 'url'
  | 'email'
  | 'person'
  | 'people'
  | 'relation'
  | 'formula'
  | 'rollup'
  | 'files'
  | 'signoff';

/** Who signs a `signoff` field: one role, or the role a select of the record maps to (ADR 044). */
export type SignoffRole = string | { field: string; map: Record<string, string> };

export type FieldDef = {
  name: string;
  type: FieldType;
  options?: string[];
  to?: string;
  many?: boolean;
  description?: string;
  role?: SignoffRole;
  distinctFrom?: string[];
};

export type Criterion = { id: string; check: string; message: string; field?: string };
export type GateDef = { id: string; name?: string; into?: string[]; from?: string[]; criteria: Criterion[] };

export type DatabaseSummary = {
  id: string;
  name: string;
  module?: string | null;
  /** `waivers`: approved records of this database waive gate criteria. */
  role?: 'waivers';
  prefix?: string;
  statusField?: string;
  statuses: string[];
  count?: number;
};

/** Which fields of the waivers database say what a waiver covers (the pack's `waiver:`). */
export type WaiverMapping = { record: string; criteria: string; approver: string; expires: string; rationale?: string; request?: Record<string, string> };

export type DatabaseDef = {
  id: string;
  name: string;
  purpose?: string;
  definitionOfDone?: string;
  key?: { field?: string; prefix?: string };
  fields: FieldDef[];
  status: { field: string; values: string[]; initial?: string; transitions?: Record<string, string[]> };
  gates?: GateDef[];
  sop?: string[];
  role?: 'waivers';
  waiver?: WaiverMapping;
  /** The statuses that decide a record: moving into one freezes its evidence (ADR 047). */
  evidence?: { statuses: string[] };
};

/** GET /records/{key}/evidence: what the record's latest decision rested on, against now. */
export type EvidenceReport = {
  record: string;
  decision: { id: string; at: string; actor: string; from: string; to: string };
  sha256: string;
  intact: boolean;
  changed: boolean;
  self: { key: string; version: number; now: { version: number }; changed: boolean };
  items: { relation: string; direction: 'link' | 'inverse'; key: string; version: number; now: { key: string; version: number } | null; changed: boolean }[];
  links: { field: string; value: string; changed: boolean }[];
  added: { relation: string; direction: 'link' | 'inverse'; key: string; database: string }[];
};

/** A signature as a `signoff` field holds it; `current` is false once the record changed since (ADR 044). */
export type Signoff = {
  verdict: 'go' | 'no_go';
  by: string;
  role: string;
  at: string;
  note: string | null;
  version: number;
  /** Set on reads; absent in an audit entry's snapshot. */
  current?: boolean;
  asAdmin?: boolean;
};

export type FieldValue = string | number | boolean | string[] | Signoff | null;

export type EosRecord = {
  id: string;
  key: string;
  database: string;
  title: string;
  status: string;
  fields: Record<string, FieldValue>;
  unresolved?: Record<string, string[]>;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Present when the record came in as recorded, past no gate (an as-recorded import, or a pack starter). */
  recordedAs?: 'imported' | 'starter';
  /** Present when the record is archived: lists hide it unless asked. */
  archivedAt?: string;
  archivedBy?: string;
};

export type RelatedRecord = { key: string; title: string; status: string; database: string };
/** A record with its relations' linked records and, read-only, the records linking it through each inverse relation (ADR 046). */
export type RecordWithRelations = EosRecord & { relations?: Record<string, RelatedRecord[]>; inverse?: Record<string, RelatedRecord[]> };

export type Unmet = { gate: string; criterion: string; message: string; field?: string; error?: string; step?: { from: string | null; to: string } };
export type NextStatus = { to: string; gates: string[]; passes: boolean; unmet: Unmet[] };
export type GateReport = { record: string; database: string; status: string; next: NextStatus[] };

/** GET /records/{key}/sop: the record's SOP checklist. */
export type SopStep = { step: number; text: string; done: boolean; checkedBy: string | null; checkedAt: string | null };
export type SopReport = { record: string; database: string; steps: SopStep[]; done: number; total: number };

export type AuditEntry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  recordKey?: string | null;
  database?: string | null;
  before: Partial<EosRecord> | null;
  after: Partial<EosRecord> | null;
};

export type Decision = {
  id: string;
  at: string;
  actor: string;
  scope: string;
  action: string;
  summary: string;
  rationale?: string | null;
  recordKey?: string | null;
  evidence?: string[];
};

export type SearchResult = {
  kind: 'record' | 'database' | 'decision';
  key?: string;
  title: string;
  database?: string;
  status?: string;
  id?: string;
  /** Records: the text around the matches, HTML-escaped, each match in <mark>. */
  snippet?: string;
};

export type RecordLink = { key: string; title: string };
export type ControlCenter = {
  openChangesByStatus: { status: string; count: number; records: RecordLink[] }[];
  blockedMoves: { key: string; title: string; database: string; to: string; unmet: Unmet[] }[];
  stale: { key: string; title: string; database: string; status: string; reason: string; since: string }[];
  incidentsBySeverity: { severity: string; count: number; records: RecordLink[] }[];
  budget: { planned: number; actual: number; variance: number; currency: string; records: (RecordLink & { variance?: number })[] } | null;
  latestDecisions: Decision[];
  /** The last verification of the audit trail, or null if none ran yet. */
  auditCheck: { at: string; ok: boolean; entries: number; check?: string; reason?: string } | null;
};

/** GET /alerts: an alert instance as the last pass left it (docs/alerts.md). */
export type AlertView = {
  rule: { id: string; name: string; kind: string; severity: AlertSeverity } | null;
  ruleId: string;
  subject: string;
  label: string;
  link: string | null;
  level: number;
  state: 'firing' | 'resolved';
  message: string;
  details: Record<string, unknown>;
  since: string;
  lastNotifiedAt: string | null;
  resolvedAt: string | null;
};

export type ImportFormat = 'plain' | 'notion' | 'linear' | 'jira';
export type ImportProblem = { row: number; column: string; value: string; reason: string };

/** POST /imports' body (docs/api.md). */
export type ImportRequest = {
  database: string;
  csv: string;
  file: string;
  format: 'auto' | ImportFormat;
  timeZone: string;
  map: Record<string, string>;
  values: readonly { column: string; from: string; to: string }[];
  dryRun: boolean;
  skipInvalid: boolean;
  /** Admins only: statuses as given, past every gate; records marked `recordedAs: imported` (ADR 043). */
  asRecorded?: boolean;
};

/** The `eos import csv --json` report POST /imports answers. */
export type ImportReport = {
  database: string;
  file: string;
  format: ImportFormat;
  formatReason: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  excluded: number;
  dryRun: boolean;
  problems: ImportProblem[];
  warnings: string[];
  unmapped: string[];
  errorsCsv?: string;
};

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One of the pack's alert rules (GET /alerts/rules): its YAML keys, those of its kind only. */
export type AlertRule = {
  id: string;
  name: string;
  kind: 'records' | 'metric' | 'escalation' | 'review-sla' | 'retro-overdue' | 'monitor';
  severity: AlertSeverity;
  description?: string;
  message?: string;
  notify: string[];
  escalate?: Record<string, string[]>;
  repeat?: string;
  seed?: { source: string; line: string };
  database?: string;
  where?: string;
  when?: string;
  window?: string;
  /** records rules: the person fields whose values the alert reaches. */
  people?: string[];
  /** monitor rules: the signal read (slo, job-failures, spend, quota, unacknowledged, page-share, team-metric). */
  signal?: string;
  metric?: string;
};

/** What POST /alerts/run answers: the `eos alerts run --json` report. */
export type AlertPassReport = {
  at: string;
  dryRun: boolean;
  rules: number;
  firing: number;
  events: {
    event: 'firing' | 'escalated' | 'repeat' | 'resolved';
    rule: string;
    severity: string;
    subject: string;
    label: string;
    level: number;
    message: string;
    channels: string[];
  }[];
  deliveries: {
    channel: string;
    event: string;
    rule: string;
    subject: string;
    attempt: number;
    status: 'sent' | 'failed' | 'skipped';
    statusCode: number | null;
    error: string | null;
    retryAt: string | null;
  }[];
  errors: { rule: string; message: string }[];
};
