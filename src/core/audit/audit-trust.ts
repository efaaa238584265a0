import type { AuditSigner } from './audit-signature.ts';

/** A head of the trail as the witness saw it right after a commit. */
export interface WitnessedHead {
  readonly seq: number;
  readonly hash: string;
  readonly keyId: string;
  readonly signature: string;
}

/** What the trust folder knows of one workspace: the heads witnessed since the last restore, and its keys. */
export interface WitnessRecord {
  readonly heads: readonly WitnessedHead[];
  /** Key id → public key (SPKI DER, base64) of every key this workspace was ever given here. */
  readonly keys: ReadonlyMap<string, string>;
  /** True once anything was witnessed for the workspace: a trail that then has no signed entry was wiped. */
  readonly known: boolean;
}

/** The outcome of the last verification of a workspace's trail, wherever it ran (CLI, API, schedule). */
export interface LastVerification {
  readonly at: string;
  readonly ok: boolean;
  readonly entries: number;
  readonly check?: string;
  readonly reason?: string;
}

/**
 * The part of the audit trail kept outside the database (ADR 050): the workspace's signing key
 * and the witness of its heads and key ids. Someone with SQL access alone can't reach it, so a
 * trail they rewrite, cut or wipe no longer matches it.
 */
export interface AuditTrust {
  /** Where the keys and the witness live, for messages. */
  readonly location: string;
  /** The workspace's current signing key, created (and its id witnessed) on first use. */
  signer(workspaceId: string): AuditSigner;
  /** Replaces the workspace's signing key with a new one and witnesses its id; the old key is no longer used. */
  rotate(workspaceId: string): AuditSigner;
  /** Appends a committed head to the witness. */
  witnessHead(workspaceId: string, head: WitnessedHead): void;
  /** Witnesses a key id (a restored backup's keys). */
  witnessKey(workspaceId: string, keyId: string, publicKey: string): void;
  /** Forgets the heads witnessed so far (a restore replaced the trail), starting again from `head`. */
  resetHeads(workspaceId: string, head: WitnessedHead | null): void;
  read(workspaceId: string): WitnessRecord;
  /** Keeps the outcome of a verification, for the control center. */
  saveVerification(workspaceId: string, result: LastVerification): void;
  lastVerification(workspaceId: string): LastVerification | null;
}
