import { desc, eq, inArray, like } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { mailSuppressions, type SuppressionReason } from "../schema";

/** Addresses are kept lower-cased and trimmed, so one person is one row whatever the case they typed. */
export const normalizeAddress = (email: string): string => email.trim().toLowerCase();

/**
 * Stops bulk mail (newsletters, digests) to an address. The first reason stays: a later manual entry does not
 * turn a hard bounce into something an administrator might lift without knowing why it was there.
 */
export async function suppressAddress(db: Database, email: string, reason: SuppressionReason, detail = ""): Promise<boolean> {
  const inserted = await db
    .insert(mailSuppressions)
    .values({ email: normalizeAddress(email), reason, detail: detail.slice(0, 500) })
    .onConflictDoNothing()
    .returning({ email: mailSuppressions.email });
  return inserted.length > 0;
}

/** Lets bulk mail go to an address again (an administrator's decision); answers whether it was suppressed. */
export async function unsuppressAddress(db: Database, email: string): Promise<boolean> {
  const deleted = await db.delete(mailSuppressions).where(eq(mailSuppressions.email, normalizeAddress(email))).returning({ email: mailSuppressions.email });
  return deleted.length > 0;
}

export async function isSuppressed(db: Database, email: string): Promise<boolean> {
  const [row] = await db.select({ email: mailSuppressions.email }).from(mailSuppressions).where(eq(mailSuppressions.email, normalizeAddress(email))).limit(1);
  return Boolean(row);
}

/** Which of these addresses must not receive bulk mail (lower-cased), asked in chunks of one query each. */
export async function suppressedAmong(db: Database, emails: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(emails.map(normalizeAddress))];
  const found = new Set<string>();
  for (let start = 0; start < wanted.length; start += 1000) {
    const rows = await db.select({ email: mailSuppressions.email }).from(mailSuppressions).where(inArray(mailSuppressions.email, wanted.slice(start, start + 1000)));
    for (const row of rows) found.add(row.email);
  }
  return found;
}

export type SuppressionRow = typeof mailSuppressions.$inferSelect;

/** Suppressed addresses for the admin page, newest first, optionally those containing `search`. */
export async function listSuppressions(db: Database, options: { search?: string; limit: number }): Promise<SuppressionRow[]> {
  const search = options.search ? normalizeAddress(options.search).replace(/[\\%_]/g, (character) => `\\${character}`) : "";
  return db
    .select()
    .from(mailSuppressions)
    .where(search ? like(mailSuppressions.email, `%${search}%`) : undefined)
    .orderBy(desc(mailSuppressions.createdAt), mailSuppressions.email)
    .limit(options.limit);
}
