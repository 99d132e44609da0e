import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { Clock } from "../clock";
import { hashToken, randomToken } from "../crypto";
import type { CurrentUser } from "../http/context";
import { currentUserColumns, toCurrentUser } from "../auth/current-user";
import { apiTokens, users } from "../schema";

/**
 * Scopes a token can carry. Reading public data needs no token; a scope grants one kind of write
 * (or private read) on behalf of the token's owner. `private:read` lets reads show what the owner may see
 * beyond public data (private spaces they belong to, members-only contacts); without it a token reads
 * exactly what an anonymous caller reads. Each /api route declares the scope it needs (see access.ts).
 * Modules add theirs here so the account page lists them.
 */
export const API_SCOPES = ["account:read", "private:read", "organisations:write", "spaces:write", "commitments:read", "commitments:write", "contributions:write", "review", "knowledge:write", "enquiries:read", "events:write", "events:register", "mail:bounces", "news:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const TOKEN_PREFIX = "cvn_";

/** Creates a token and returns its secret once; only the hash is stored. */
export async function createApiToken(
  db: Database,
  input: { userId: string; name: string; scopes: ApiScope[]; organisationId?: string | null; expiresAt?: Date | null },
): Promise<{ id: string; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomToken(30)}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: input.userId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      organisationId: input.organisationId ?? null,
      expiresAt: input.expiresAt ?? null,
      tokenHash: hashToken(secret),
      tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    })
    .returning({ id: apiTokens.id });
  return { id: row.id, secret };
}

/** Resolves a bearer token to its owner and scopes, or null when unknown, revoked or expired. */
export async function authenticateApiToken(
  db: Database,
  clock: Clock,
  secret: string,
): Promise<{ tokenId: string; scopes: string[]; organisationId: string | null; user: CurrentUser } | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const now = clock.now();
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      scopes: apiTokens.scopes,
      organisationId: apiTokens.organisationId,
      lastUsedAt: apiTokens.lastUsedAt,
      ...currentUserColumns,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(secret)), isNull(apiTokens.revokedAt), isNull(users.deletedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
    .limit(1);
  if (!row) return null;
  // Recording every use would write on every API read; once a minute is enough to show "last used".
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.execute(sql`update api_tokens set last_used_at = ${now} where id = ${row.tokenId}`);
  }
  return {
    tokenId: row.tokenId,
    scopes: row.scopes,
    organisationId: row.organisationId,
    user: toCurrentUser(row),
  };
}

export async function revokeApiToken(db: Database, clock: Clock, userId: string, tokenId: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Tokens that act for one organisation, whoever of its admins created them. */
export async function listOrganisationTokens(db: Database, organisationId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.tokenPrefix, scopes: apiTokens.scopes, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, createdBy: users.displayName })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.organisationId, organisationId))
    .orderBy(apiTokens.createdAt);
}

/** Revokes an organisation's token; any admin of the organisation may, not only its creator. */
export async function revokeOrganisationToken(db: Database, clock: Clock, organisationId: string, tokenId: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.organisationId, organisationId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function listApiTokens(db: Database, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.tokenPrefix, scopes: apiTokens.scopes, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, organisationId: apiTokens.organisationId })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt);
}
