import { desc, eq } from "drizzle-orm";
import type { Services } from "../../services";
import { apiTokens, auditLog, sessions, users } from "../../schema";
import { personalDataContributors } from "../personal-data";

/** Everything Convene holds about one person, as JSON (GDPR-style access request). */
export async function exportAccount(services: Services, userId: string): Promise<Record<string, unknown>> {
  const { db } = services;
  const [user] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, emailVerifiedAt: users.emailVerifiedAt, notificationSettings: users.notificationSettings, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  const result: Record<string, unknown> = {
    exportedAt: services.clock.now().toISOString(),
    account: user,
    sessions: await db.select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent }).from(sessions).where(eq(sessions.userId, userId)),
    apiTokens: await db.select({ name: apiTokens.name, prefix: apiTokens.tokenPrefix, scopes: apiTokens.scopes, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, userId)),
    actions: await db.select({ action: auditLog.action, subjectType: auditLog.subjectType, subjectId: auditLog.subjectId, createdAt: auditLog.createdAt }).from(auditLog).where(eq(auditLog.actorUserId, userId)).orderBy(desc(auditLog.createdAt)).limit(1000),
  };
  for (const contributor of personalDataContributors()) result[contributor.section] = await contributor.exportFor(db, userId);
  return result;
}
