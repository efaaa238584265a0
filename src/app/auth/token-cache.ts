import type { Actor } from '../../core/auth/roles.ts';
import { EosError } from '../../core/errors.ts';
import { findLiveTokenUser, touchToken } from '../../store/token-rows.ts';
import { type AuthScope, nowOf } from './auth-scope.ts';
import { sha256Hex } from './secrets.ts';
import { userActor } from './user-actor.ts';

function expired(at: string): EosError {
  return new EosError('unauthenticated', `This API token expired at ${at}. Create a new one with: eos token create <user> --expires 30d`, { expiredAt: at });
}

// A token's last-used time is written at most once a minute, so reads stay reads.
const TOUCH_EVERY_MS = 60_000;

interface Entry {
  readonly actor: Actor;
  readonly id: string;
  /** Epoch ms after which the token is refused (Infinity: never). */
  readonly expiresAt: number;
  readonly cachedAt: number;
  touchedAt: number;
}

export interface TokenCacheOptions {
  /** How long a lookup is trusted without a write notification clearing it. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

/**
 * The users of API tokens, remembered between requests so a read costs no token query. A
 * server clears it on every write to its workspace, from any process (ADR 005: a revocation or a
 * role change is a write), and entries also expire after `ttlMs`. A lookup that raced a clear is
 * not kept.
 */
export class TokenCache {
  readonly #scope: AuthScope;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(scope: AuthScope, options: TokenCacheOptions = {}) {
    this.#scope = scope;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  /**
   * The user of a token looked up lately, if that is still trusted and its last-used time needs
   * no write; otherwise undefined, and `authenticate` decides.
   */
  known(token: string): Actor | undefined {
    if (!token) return undefined;
    const hit = this.#entries.get(sha256Hex(token));
    const now = nowOf(this.#scope).getTime();
    return hit && now - hit.cachedAt < this.#ttlMs && now - hit.touchedAt < TOUCH_EVERY_MS && now < hit.expiresAt ? hit.actor : undefined;
  }

  /** The user a token acts as; `unauthenticated` for an unknown, revoked or expired token. */
  async authenticate(token: string): Promise<Actor> {
    const hash = sha256Hex(token);
    const now = nowOf(this.#scope).getTime();
    const hit = this.#entries.get(hash);
    if (hit && now - hit.cachedAt < this.#ttlMs) {
      if (now >= hit.expiresAt) throw expired(new Date(hit.expiresAt).toISOString());
      if (now - hit.touchedAt >= TOUCH_EVERY_MS) {
        hit.touchedAt = now;
        await touchToken(this.#scope.store.db, this.#scope.workspaceId, hit.id, new Date(now).toISOString());
      }
      return hit.actor;
    }
    const generation = this.#generation;
    const found = await findLiveTokenUser(this.#scope.store.db, this.#scope.workspaceId, hash);
    if (!found) {
      this.#entries.delete(hash);
      throw new EosError('unauthenticated', 'This API token is not valid: it is unknown or was revoked. Create a new one with: eos token create <user>');
    }
    const expiresAt = found.expiresAt ? Date.parse(found.expiresAt) : Number.POSITIVE_INFINITY;
    if (now >= expiresAt) throw expired(found.expiresAt as string);
    let touchedAt = found.lastUsedAt ? Date.parse(found.lastUsedAt) : 0;
    if (now - touchedAt >= TOUCH_EVERY_MS) {
      await touchToken(this.#scope.store.db, this.#scope.workspaceId, found.id, new Date(now).toISOString());
      touchedAt = now;
    }
    const actor: Actor = userActor(found.userName, found, { verified: true });
    if (generation === this.#generation) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value ?? '');
      this.#entries.set(hash, { actor, id: found.id, expiresAt, cachedAt: now, touchedAt });
    }
    return actor;
  }

  /** Forgets every token: something in the workspace changed (a revocation, a role). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
