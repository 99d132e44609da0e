import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { resolveCards, type ContentCard } from "../../platform/content/sources";
import { showcaseItems, showcases, SECTION_KIND, type ShowcaseItemRow, type ShowcaseRow } from "./schema";

export const showcasesPath = (spaceSlug: string) => `/spaces/${spaceSlug}/showcases`;
export const showcasePath = (spaceSlug: string, slug: string) => `/spaces/${spaceSlug}/showcases/${slug}`;

/** A showcase of a space by its slug, whatever its state (callers decide who may see a draft). */
export async function findShowcase(db: Database, spaceId: string, slug: string): Promise<ShowcaseRow | undefined> {
  const [row] = await db.select().from(showcases).where(and(eq(showcases.spaceId, spaceId), eq(showcases.slug, slug)));
  return row;
}

export type ShowcaseSummary = ShowcaseRow & { itemCount: number };

/** A space's showcases: published ones newest first, then (for curators) drafts by last change; with their item counts. */
export async function listShowcases(db: Database, spaceId: string, options: { isDraftIncluded: boolean }): Promise<ShowcaseSummary[]> {
  const rows = await db
    .select()
    .from(showcases)
    .where(options.isDraftIncluded ? eq(showcases.spaceId, spaceId) : and(eq(showcases.spaceId, spaceId), eq(showcases.status, "published")))
    .orderBy(desc(showcases.status), desc(showcases.publishedAt), desc(showcases.updatedAt))
    .limit(200);
  if (!rows.length) return [];
  const counts = await queryRows<{ showcase_id: string; count: number }>(
    db,
    sql`select showcase_id, count(*)::int as count from showcase_items where kind <> ${SECTION_KIND} and showcase_id in (${sql.join(rows.map((row) => sql`${row.id}::uuid`), sql`, `)}) group by showcase_id`,
  );
  const countOf = new Map(counts.map((row) => [row.showcase_id, Number(row.count)]));
  return rows.map((row) => ({ ...row, itemCount: countOf.get(row.id) ?? 0 }));
}

/** A showcase's entries (items and section headings) in their order. */
export async function showcaseEntries(db: Database, showcaseId: string): Promise<ShowcaseItemRow[]> {
  return db.select().from(showcaseItems).where(eq(showcaseItems.showcaseId, showcaseId)).orderBy(asc(showcaseItems.position), asc(showcaseItems.addedAt));
}

export type ResolvedEntry = { type: "section"; entry: ShowcaseItemRow } | { type: "item"; entry: ShowcaseItemRow; card: ContentCard };

/**
 * The entries as shown: each item with its card from its source, read now, so an item that stopped being public
 * (unpublished, withdrawn, its space made private) is simply not there; those are returned as `dropped` for the
 * curator. A section heading with nothing shown under it before the next heading is left out too.
 * `isPartnerDisplayOnly` (widgets) also leaves out items whose owners did not agree to be shown on partner sites.
 */
export async function resolveShowcase(
  db: Database,
  entries: readonly ShowcaseItemRow[],
  options: { isPartnerDisplayOnly?: boolean } = {},
): Promise<{ shown: ResolvedEntry[]; dropped: ShowcaseItemRow[] }> {
  const items = entries.filter((entry) => entry.kind !== SECTION_KIND);
  const cards = await resolveCards(db, items.map((entry) => ({ kind: entry.kind, id: entry.itemId })));
  const byReference = new Map(cards.map((card) => [`${card.kind}:${card.id}`, card]));
  const resolved: ResolvedEntry[] = [];
  const dropped: ShowcaseItemRow[] = [];
  for (const entry of entries) {
    if (entry.kind === SECTION_KIND) {
      resolved.push({ type: "section", entry });
      continue;
    }
    const card = byReference.get(`${entry.kind}:${entry.itemId}`);
    if (!card) dropped.push(entry);
    else if (!(options.isPartnerDisplayOnly && card.isPartnerDisplayAllowed === false)) resolved.push({ type: "item", entry, card });
  }
  const shown = resolved.filter((item, index) => item.type === "item" || resolved[index + 1]?.type === "item");
  return { shown, dropped };
}
