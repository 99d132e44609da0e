import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { decodeCursor, encodeCursor, invalidCursor } from "../../../platform/api/pagination";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { spaces } from "../../spaces/schema";
import type { NewsletterContent } from "./render";
import { newsletters, type NewsletterStatus } from "./schema";

export type Newsletter = typeof newsletters.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** A newsletter of the space by id, or undefined (also for an id that is not a UUID). */
export async function findNewsletter(db: Database, spaceId: string, id: string): Promise<Newsletter | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(newsletters).where(and(eq(newsletters.id, id), eq(newsletters.spaceId, spaceId)));
  return row;
}

/** What a mail and the web version are made from: the newsletter and its space's slug and title. */
export async function loadNewsletterContent(db: Database, id: string): Promise<(NewsletterContent & { spaceId: string }) | undefined> {
  const [row] = await db
    .select({ newsletter: newsletters, slug: spaces.slug, title: spaces.title })
    .from(newsletters)
    .innerJoin(spaces, eq(spaces.id, newsletters.spaceId))
    .where(eq(newsletters.id, id));
  return row ? { ...contentOf(row.newsletter, { slug: row.slug, title: row.title }), spaceId: row.newsletter.spaceId } : undefined;
}

export function contentOf(newsletter: Newsletter, space: { slug: string; title: LocalizedText }): NewsletterContent {
  return {
    id: newsletter.id,
    subject: newsletter.subject,
    preheader: newsletter.preheader,
    intro: newsletter.intro,
    introHtml: newsletter.introHtml,
    blocks: newsletter.blocks,
    space,
    sentAt: newsletter.sentAt,
  };
}

/** Newsletters not yet sent (drafts, scheduled, sending), newest first, for the coordinators' list. */
export async function listUnsent(db: Database, spaceId: string): Promise<Newsletter[]> {
  const open: NewsletterStatus[] = ["draft", "scheduled", "sending"];
  return db.select().from(newsletters).where(and(eq(newsletters.spaceId, spaceId), inArray(newsletters.status, open))).orderBy(desc(newsletters.updatedAt)).limit(100);
}

/** One page of sent issues, newest first; `before` is the cursor "sentAt|id" of the last one shown. */
export async function listSent(db: Database, spaceId: string, page: { limit: number; before?: { sentAt: Date; id: string } }): Promise<{ items: Newsletter[]; next: { sentAt: Date; id: string } | null }> {
  const conditions = [eq(newsletters.spaceId, spaceId), eq(newsletters.status, "sent")];
  if (page.before) conditions.push(or(lt(newsletters.sentAt, page.before.sentAt), and(eq(newsletters.sentAt, page.before.sentAt), lt(newsletters.id, page.before.id)))!);
  const rows = await db.select().from(newsletters).where(and(...conditions)).orderBy(desc(newsletters.sentAt), desc(newsletters.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > page.limit && last?.sentAt ? { sentAt: last.sentAt, id: last.id } : null };
}

/** The archive's cursor (platform keyset cursor of sent_at and id), or a 400 when it was tampered with. */
export function readArchiveCursor(cursor: string | undefined): { sentAt: Date; id: string } | undefined {
  const values = decodeCursor(cursor, 2);
  if (!values) return undefined;
  const sentAt = new Date(String(values[0]));
  if (Number.isNaN(sentAt.getTime()) || !isUuid(String(values[1]))) throw invalidCursor();
  return { sentAt, id: String(values[1]) };
}

export const archiveCursor = (cursor: { sentAt: Date; id: string }): string => encodeCursor([cursor.sentAt.toISOString(), cursor.id]);

/** How the deliveries of a newsletter stand, by status (the detail page while sending). */
export async function deliveryCounts(db: Database, newsletterId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; count: number | string }>(db, sql`select status, count(*) as count from newsletter_deliveries where newsletter_id = ${newsletterId} group by status`);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}
