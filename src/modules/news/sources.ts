import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike, queryRows } from "../../db/sql";
import type { ContentCard, ContentSource } from "../../platform/content/sources";
import type { SitemapSource } from "../../platform/feeds/sitemap";
import type { LocalizedText } from "../../platform/i18n/localized";
import { imagePath, imagesOfPosts, imageWidth, isUuid, postPath, PUBLIC_POST_CONDITION } from "./queries";

type CardRow = { id: string; space_id: string; space_slug: string; slug: string; kind: string; title: LocalizedText; lead: LocalizedText; published_at: Date | string; organisation_name: LocalizedText | null };

async function cards(db: Database, where: SQL, order: SQL, limit: number): Promise<ContentCard[]> {
  const rows = await queryRows<CardRow>(
    db,
    sql`select p.id, p.space_id, s.slug as space_slug, p.slug, p.kind, p.title, p.lead, p.published_at, o.name as organisation_name
      from news_posts p join spaces s on s.id = p.space_id left join organisations o on o.id = p.organisation_id
      where ${PUBLIC_POST_CONDITION} and ${where} ${order} limit ${limit}`,
  );
  const images = await imagesOfPosts(db, rows.map((row) => row.id));
  return rows.map((row) => {
    const lead = images.get(row.id)?.[0];
    return {
      kind: "news",
      id: row.id,
      spaceId: row.space_id,
      title: row.title,
      summary: row.lead,
      path: postPath(row.space_slug, row.slug),
      ...(lead ? { image: { path: imagePath(lead.id, imageWidth(lead, 960)), alt: lead.alt } } : {}),
      date: new Date(row.published_at),
      ...(row.organisation_name ? { meta: row.organisation_name } : {}),
    };
  });
}

/**
 * News as a content source (kind "news"): published posts of public spaces with news on, let out by moderation —
 * what newsletters, the programme digest and showcases may point at. Nothing else is ever returned.
 */
export const newsContentSource: ContentSource = {
  kind: "news",
  labelKey: "news.source_label",
  async cards(db, ids) {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const found = await cards(db, sql`p.id in (${sql.join(valid.map((id) => sql`${id}`), sql`, `)})`, sql``, valid.length);
    const byId = new Map(found.map((card) => [card.id, card]));
    return valid.flatMap((id) => byId.get(id) ?? []);
  },
  recent(db, spaceId, range, limit) {
    return cards(db, sql`p.space_id = ${spaceId} and p.published_at >= ${range.since} and p.published_at < ${range.until}`, sql`order by p.published_at desc, p.id desc`, limit);
  },
  find(db, spaceId, text, limit) {
    const pattern = `%${escapeLike(text.trim())}%`;
    const match = text.trim() ? sql`and (p.title->>'en' ilike ${pattern} or p.title->>'ru' ilike ${pattern} or p.title::text ilike ${pattern})` : sql``;
    return cards(db, sql`p.space_id = ${spaceId} ${match}`, sql`order by p.published_at desc, p.id desc`, limit);
  },
};

/** Public posts' pages for sitemap.xml, newest first. */
export const newsSitemapSource: SitemapSource = {
  name: "news",
  async entries(db, limit) {
    const rows = await queryRows<{ space_slug: string; slug: string; updated_at: Date | string }>(
      db,
      sql`select s.slug as space_slug, p.slug, p.updated_at from news_posts p join spaces s on s.id = p.space_id where ${PUBLIC_POST_CONDITION}
        order by p.published_at desc, p.id desc limit ${limit}`,
    );
    return rows.map((row) => ({ path: postPath(row.space_slug, row.slug), updatedAt: new Date(row.updated_at) }));
  },
};
