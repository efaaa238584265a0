import type { TokenRow } from '../../store/token-rows.ts';

/** An API token as listed: never the token or its hash. */
export interface TokenView {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** After this the token is refused; null never expires. */
  readonly expiresAt: string | null;
}

export function tokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    user: row.userName,
    name: row.name,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
  };
}
