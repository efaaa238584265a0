import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AuditSigner, signerFor } from '../core/audit/audit-signature.ts';
import type { AuditTrust, LastVerification, WitnessedHead, WitnessRecord } from '../core/audit/audit-trust.ts';
import { invalidInput } from '../core/errors.ts';
import { headLine, keyLine, parseWitness, resetLine } from './witness-lines.ts';

export interface FileAuditTrustOptions {
  /** $EOS_HOME: keys and witnesses default to $EOS_HOME/trust/<workspace>/. */
  readonly home: string;
  /** EOS_AUDIT_KEY: one private key file (PEM) for every workspace, e.g. a mounted secret. */
  readonly keyFile?: string | undefined;
  /** EOS_AUDIT_WITNESS: one append-only witness file for every workspace. */
  readonly witnessFile?: string | undefined;
}

interface LoadedKey {
  readonly mtimeMs: number;
  readonly signer: AuditSigner;
}

function newKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function readKey(path: string): KeyObject {
  const key = createPrivateKey(readFileSync(path, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519')
    throw invalidInput(`${path} is not an Ed25519 private key (it is ${key.asymmetricKeyType}); point EOS_AUDIT_KEY at one, or remove it`, { file: path });
  return key;
}

/**
 * The audit trust kept in files: a private key (mode 0600) and an append-only witness per
 * workspace under $EOS_HOME/trust/, or the files EOS_AUDIT_KEY and EOS_AUDIT_WITNESS name. Every
 * process on one database shares them; a key rotated by another process is picked up by its mtime.
 */
export function fileAuditTrust(options: FileAuditTrustOptions): AuditTrust {
  const keys = new Map<string, LoadedKey>();
  const witnessed = new Map<string, Set<string>>();
  const lastHead = new Map<string, string>();
  const keyPath = (ws: string) => options.keyFile ?? join(options.home, 'trust', ws, 'audit-key.pem');
  const verificationPath = (ws: string) => join(options.home, 'trust', ws, 'last-verification.json');
  const witnessPath = (ws: string) => options.witnessFile ?? join(options.home, 'trust', ws, 'witness.log');
  const append = (ws: string, line: string) => {
    const path = witnessPath(ws);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // One write with O_APPEND: lines from several processes never interleave.
    appendFileSync(path, line, { mode: 0o600 });
  };
  const read = (ws: string): WitnessRecord => {
    const path = witnessPath(ws);
    return parseWitness(existsSync(path) ? readFileSync(path, 'utf8') : '', ws);
  };
  const ensureWitnessed = (ws: string, signer: AuditSigner) => {
    const known = witnessed.get(ws) ?? new Set(read(ws).keys.keys());
    witnessed.set(ws, known);
    if (known.has(signer.keyId)) return;
    append(ws, keyLine(ws, signer.keyId, signer.publicKey));
    known.add(signer.keyId);
  };
  const load = (ws: string): AuditSigner => {
    const path = keyPath(ws);
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      try {
        writeFileSync(path, pem(newKey()), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process created it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const { mtimeMs } = statSync(path);
    const cached = keys.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.signer;
    const signer = signerFor(readKey(path));
    keys.set(path, { mtimeMs, signer });
    return signer;
  };
  const signer = (ws: string): AuditSigner => {
    const loaded = load(ws);
    ensureWitnessed(ws, loaded);
    return loaded;
  };
  return {
    location:
      options.keyFile || options.witnessFile
        ? `${options.keyFile ?? join(options.home, 'trust')} and ${options.witnessFile ?? join(options.home, 'trust')}`
        : join(options.home, 'trust'),
    signer,
    rotate(ws) {
      const path = keyPath(ws);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.${process.pid}.new`;
      writeFileSync(partial, pem(newKey()), { mode: 0o600 });
      renameSync(partial, path);
      keys.delete(path);
      return signer(ws);
    },
    witnessHead(ws, head: WitnessedHead) {
      // A transaction that wrote no entry leaves the head where this process last saw it.
      if (lastHead.get(ws) === head.hash) return;
      append(ws, headLine(ws, head));
      lastHead.set(ws, head.hash);
    },
    witnessKey(ws, keyId, publicKey) {
      if (read(ws).keys.has(keyId)) return;
      append(ws, keyLine(ws, keyId, publicKey));
      witnessed.get(ws)?.add(keyId);
    },
    resetHeads(ws, head) {
      lastHead.delete(ws);
      append(ws, resetLine(ws));
      if (head) append(ws, headLine(ws, head));
    },
    read,
    saveVerification(ws, result: LastVerification) {
      const path = verificationPath(ws);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.${process.pid}.new`;
      writeFileSync(partial, JSON.stringify(result), { mode: 0o600 });
      renameSync(partial, path);
    },
    lastVerification(ws) {
      const path = verificationPath(ws);
      return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LastVerification) : null;
    },
  };
}

/**
 * A trust in a fresh temporary folder, for stores opened without one (tests, benchmarks, the
 * in-memory store): entries are signed and witnessed the same way; `dispose` removes the folder.
 */
export function temporaryAuditTrust(): AuditTrust & { dispose(): void } {
  const home = mkdtempSync(join(tmpdir(), 'eos-trust-'));
  return { ...fileAuditTrust({ home }), dispose: () => rmSync(home, { recursive: true, force: true }) };
}
