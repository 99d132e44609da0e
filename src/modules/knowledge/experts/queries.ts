import { and, eq } from "drizzle-orm";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { decodeCursor, encodeCursor, invalidCursor } from "../../../platform/api/pagination";
import { countriesInRegion } from "../../../platform/countries";
import type { Locale } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { analyseQuery } from "../../../platform/search/query";
import type { SearchQuery } from "../../../platform/search/providers";
import { referenceFrameworkItems, referenceItemIndex, type ReferenceItem } from "../../spaces/queries";
import { organisationNames } from "../../organisations/queries";
import { glossaryFor } from "../glossary/extension";
import { stemConditions } from "./matching";
import { knowledgeExpertItems, knowledgeExperts } from "./schema";

export type ExpertRow = typeof knowledgeExperts.$inferSelect;

/** What a directory card or the API list shows: public fields only (never the account's address). */
export type ExpertSummary = {
  id: string;
  displayName: string;
  headline: LocalizedText;
  bio: LocalizedText;
  tags: string[];
  languages: string[];
  country: string | null;
  organisation: { id: string; slug: string; name: LocalizedText } | null;
  updatedAt: Date;
};

export type ExpertItemRef = ReferenceItem;
export type ExpertDetail = ExpertSummary & { userId: string; isListed: boolean; items: ExpertItemRef[] };

export type ExpertFilters = { q?: string; item?: string; tag?: string; language?: string; country?: string; region?: string; organisation?: string };
type FilterName = "item" | "tag" | "language" | "country" | "organisation";

// ---------------------------------------------------------------------------------------------------------
// Expertise: items of the reference frameworks (public to all; a space's own framework is as private as the space,
// so a public profile can only point at reference ones).

export type ExpertiseChoice = Awaited<ReturnType<typeof referenceFrameworkItems>>[number];
export { referenceFrameworkItems as expertiseChoices, referenceItemIndex as expertiseItemIndex };

// ---------------------------------------------------------------------------------------------------------
// Reading one profile.

async function withOrganisations<T extends { organisationId: string | null }>(db: Database, rows: T[]): Promise<(T & { organisation: ExpertSummary["organisation"] })[]> {
  const names = await organisationNames(db, rows.flatMap((row) => (row.organisationId ? [row.organisationId] : [])));
  return rows.map((row) => {
    const found = row.organisationId ? names.get(row.organisationId) : undefined;
    return { ...row, organisation: found && row.organisationId ? { id: row.organisationId, ...found } : null };
  });
}

async function detailOf(db: Database, row: ExpertRow | undefined): Promise<ExpertDetail | undefined> {
  if (!row) return undefined;
  const [links, index] = await Promise.all([
    db.select({ itemId: knowledgeExpertItems.itemId }).from(knowledgeExpertItems).where(eq(knowledgeExpertItems.expertId, row.id)),
    referenceItemIndex(db),
  ]);
  const [withOrganisation] = await withOrganisations(db, [row]);
  return {
    id: row.id,
    userId: row.userId,
    isListed: row.isListed,
    displayName: row.displayName,
    headline: row.headline,
    bio: row.bio,
    tags: row.tags,
    languages: row.languages,
    country: row.country,
    organisation: withOrganisation.organisation,
    updatedAt: row.updatedAt,
    items: links.flatMap((link) => index.get(link.itemId) ?? []),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isExpertId(value: string): boolean {
  return UUID.test(value);
}

/**
 * A profile as the public sees it: listed ones only. A paused profile is as absent as a deleted one, so a
 * delisting takes effect on every page, API and search at once.
 */
export async function findListedExpert(db: Database, id: string): Promise<ExpertDetail | undefined> {
  if (!isExpertId(id)) return undefined;
  const [row] = await db.select().from(knowledgeExperts).where(and(eq(knowledgeExperts.id, id), eq(knowledgeExperts.isListed, true))).limit(1);
  return detailOf(db, row);
}

/** A profile by id whatever its state (its owner sees their paused profile). */
export async function findExpertById(db: Database, id: string): Promise<ExpertDetail | undefined> {
  if (!isExpertId(id)) return undefined;
  const [row] = await db.select().from(knowledgeExperts).where(eq(knowledgeExperts.id, id)).limit(1);
  return detailOf(db, row);
}

/** The signed-in person's own profile, listed or paused. */
export async function findExpertOfUser(db: Database, userId: string): Promise<ExpertDetail | undefined> {
  const [row] = await db.select().from(knowledgeExperts).where(eq(knowledgeExperts.userId, userId)).limit(1);
  return detailOf(db, row);
}

// ---------------------------------------------------------------------------------------------------------
// The directory: full text through the shared query analysis, filters, facet counts, keyset pagination.

/** The query analysed once (stems, typo corrections, glossary concepts), or null for an empty one. */
export async function analyseExpertQuery(db: Database, q: string | undefined, locale: Locale): Promise<SearchQuery | null> {
  const text = (q ?? "").trim();
  if (!text) return null;
  // the directory is platform-wide: the platform's glossary (shipped concepts + platform administrators' terms)
  return analyseQuery(db, text, { locale, glossary: await glossaryFor(db, null) });
}

function filterConditions(filters: ExpertFilters, query: SearchQuery | null, omit?: FilterName): SQL[] {
  const conditions: SQL[] = [sql`e.is_listed`];
  if (query) {
    const stems = stemConditions(sql`e.search_stems`, query);
    // A query of stop words only asks for nothing in particular: it matches nothing rather than everything.
    conditions.push(...(stems.length ? stems : [sql`false`]));
  }
  if (filters.item && omit !== "item") conditions.push(sql`exists (select 1 from knowledge_expert_items i where i.expert_id = e.id and i.item_id = ${filters.item}::uuid)`);
  if (filters.tag && omit !== "tag") conditions.push(sql`e.tags @> array[${filters.tag}]::text[]`);
  if (filters.language && omit !== "language") conditions.push(sql`e.languages @> array[${filters.language}]::text[]`);
  if (omit !== "country") {
    if (filters.country) conditions.push(sql`e.country = ${filters.country}`);
    if (filters.region) {
      const codes = countriesInRegion(filters.region);
      conditions.push(codes.length ? sql`e.country in (${sql.join(codes.map((code) => sql`${code}`), sql`, `)})` : sql`false`);
    }
  }
  if (filters.organisation && omit !== "organisation") conditions.push(sql`e.organisation_id = ${filters.organisation}::uuid`);
  return conditions;
}

const where = (conditions: SQL[]) => sql`where ${sql.join(conditions, sql` and `)}`;

type ListRow = {
  id: string;
  display_name: string;
  headline: LocalizedText;
  bio: LocalizedText;
  tags: string[];
  languages: string[];
  country: string | null;
  organisation_id: string | null;
  updated_at: Date | string;
  sort_name: string;
};

async function toSummaries(db: Database, rows: ListRow[]): Promise<ExpertSummary[]> {
  const withOrganisation = await withOrganisations(
    db,
    rows.map((row) => ({ ...row, organisationId: row.organisation_id })),
  );
  return withOrganisation.map((row) => ({
    id: row.id,
    displayName: row.display_name,
    headline: row.headline,
    bio: row.bio,
    tags: row.tags,
    languages: row.languages,
    country: row.country,
    organisation: row.organisation,
    updatedAt: new Date(row.updated_at),
  }));
}

/** One page of listed profiles in name order; the cursor carries the last name and id. */
export async function listExperts(
  db: Database,
  options: ExpertFilters & { query: SearchQuery | null; cursor?: string; limit: number },
): Promise<{ items: ExpertSummary[]; nextCursor: string | null }> {
  const conditions = filterConditions(options, options.query);
  const after = decodeCursor(options.cursor, 2);
  if (after) {
    if (typeof after[0] !== "string" || typeof after[1] !== "string" || !UUID.test(after[1])) throw invalidCursor();
    conditions.push(sql`(lower(e.display_name), e.id) > (${after[0]}, ${after[1]}::uuid)`);
  }
  const rows = await queryRows<ListRow>(
    db,
    sql`select e.id, e.display_name, e.headline, e.bio, e.tags, e.languages, e.country, e.organisation_id, e.updated_at, lower(e.display_name) as sort_name
      from knowledge_experts e ${where(conditions)} order by lower(e.display_name), e.id limit ${options.limit + 1}`,
  );
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return { items: await toSummaries(db, page), nextCursor: hasMore && last ? encodeCursor([last.sort_name, last.id]) : null };
}

export type ExpertFacets = {
  items: { id: string; count: number }[];
  tags: { key: string; count: number }[];
  languages: Record<string, number>;
  countries: Record<string, number>;
  organisations: { id: string; slug: string; name: LocalizedText; count: number }[];
  total: number;
};

const FACET_LIMIT = 40;

/** Counts per filter value; each facet applies every other filter but its own, so it still offers alternatives. */
export async function expertFacets(db: Database, filters: ExpertFilters, query: SearchQuery | null): Promise<ExpertFacets> {
  const counted = (rows: { key: string; count: number }[]) => rows.map((row) => ({ key: row.key, count: Number(row.count) }));
  const [items, tags, languages, countries, organisations, total] = await Promise.all([
    queryRows<{ key: string; count: number }>(
      db,
      sql`select i.item_id::text as key, count(*)::int as count from knowledge_experts e join knowledge_expert_items i on i.expert_id = e.id
        ${where(filterConditions(filters, query, "item"))} group by i.item_id order by count(*) desc limit ${FACET_LIMIT}`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select t.tag as key, count(*)::int as count from knowledge_experts e cross join unnest(e.tags) as t(tag)
        ${where(filterConditions(filters, query, "tag"))} group by t.tag order by count(*) desc, t.tag limit ${FACET_LIMIT}`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select l.code as key, count(*)::int as count from knowledge_experts e cross join unnest(e.languages) as l(code)
        ${where(filterConditions(filters, query, "language"))} group by l.code`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select e.country as key, count(*)::int as count from knowledge_experts e ${where([...filterConditions(filters, query, "country"), sql`e.country is not null`])} group by e.country`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select e.organisation_id::text as key, count(*)::int as count from knowledge_experts e
        ${where([...filterConditions(filters, query, "organisation"), sql`e.organisation_id is not null`])} group by e.organisation_id order by count(*) desc limit ${FACET_LIMIT}`,
    ),
    queryRows<{ count: number }>(db, sql`select count(*)::int as count from knowledge_experts e ${where(filterConditions(filters, query))}`),
  ]);
  const organisationRows = counted(organisations);
  const names = await organisationNames(db, organisationRows.map((row) => row.key));
  return {
    items: counted(items).map((row) => ({ id: row.key, count: row.count })),
    tags: counted(tags),
    languages: Object.fromEntries(counted(languages).map((row) => [row.key, row.count])),
    countries: Object.fromEntries(counted(countries).map((row) => [row.key, row.count])),
    organisations: organisationRows.flatMap((row) => {
      const found = names.get(row.key);
      return found ? [{ id: row.key, slug: found.slug, name: found.name, count: row.count }] : [];
    }),
    total: Number(total[0]?.count ?? 0),
  };
}

/** Listed profiles ranked by how much of the query they match, for site-wide search. */
export async function searchExperts(db: Database, query: SearchQuery, limit: number): Promise<{ items: (ExpertSummary & { matched: number; wanted: number })[]; total: number }> {
  const stems = stemConditions(sql`e.search_stems`, query);
  if (!stems.length) return { items: [], total: 0 };
  const matched = sql.join(stems.map((condition) => sql`(${condition})::int`), sql` + `);
  const [rows, total] = await Promise.all([
    queryRows<ListRow & { matched: number }>(
      db,
      sql`select e.id, e.display_name, e.headline, e.bio, e.tags, e.languages, e.country, e.organisation_id, e.updated_at, lower(e.display_name) as sort_name, ${matched} as matched
        from knowledge_experts e where e.is_listed and (${sql.join(stems, sql` or `)})
        order by matched desc, lower(e.display_name), e.id limit ${limit}`,
    ),
    queryRows<{ count: number }>(db, sql`select count(*)::int as count from knowledge_experts e where e.is_listed and (${sql.join(stems, sql` or `)})`),
  ]);
  const summaries = await toSummaries(db, rows);
  return { items: summaries.map((summary, index) => ({ ...summary, matched: Number(rows[index].matched), wanted: stems.length })), total: Number(total[0]?.count ?? 0) };
}
