import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import type { Database } from "../../db/client";
import type { Clock } from "../clock";
import { hashToken, randomToken } from "../crypto";
import type { CurrentUser } from "../http/context";
import { currentUserColumns, toCurrentUser } from "./current-user";
import { sessions, users } from "../schema";

export const SESSION_COOKIE = "convene_session";
const SESSION_DAYS = 30;
/** Sliding expiry is written at most this often, so reading pages does not write on every request. */
const TOUCH_AFTER_MS = 60 * 60_000;

export type CookieSecurity = { isSecure: boolean };

/** Starts a session for the user and sets its cookie (HttpOnly, SameSite=Lax, Secure over https). */
export async function startSession(db: Database, clock: Clock, reply: FastifyReply, userId: string, userAgent: string | undefined, security: CookieSecurity): Promise<void> {
  const token = randomToken();
  const expiresAt = new Date(clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ id: hashToken(token), userId, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null, lastSeenAt: clock.now() });
  reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure: security.isSecure, expires: expiresAt });
}

/** Resolves a session cookie to its user; expired sessions and deleted users resolve to null. */
export async function loadSessionUser(db: Database, clock: Clock, token: string): Promise<{ sessionId: string; user: CurrentUser } | null> {
  const id = hashToken(token);
  const now = clock.now();
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      ...currentUserColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), isNull(users.deletedAt)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
  }
  return {
    sessionId: row.sessionId,
    user: toCurrentUser(row),
  };
}

export async function endSession(db: Database, sessionId: string, reply: FastifyReply): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}

/** Signs the user out everywhere (after a password reset or account deletion). */
export async function endAllSessions(db: Database, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Database, clock: Clock): Promise<void> {
  await db.execute(sql`delete from sessions where expires_at < ${clock.now()}`);
}
