import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../../platform/api/pagination";
import { countriesInRegion, listRegions } from "../../platform/countries";
import { AppError } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { FALLBACK_LOCALE, LOCALE_CODES, isLocale, type Locale } from "../../platform/i18n/locales";
import { visibleSpaceCondition } from "../spaces/queries";
import type { Viewer } from "../spaces/permissions";
import type { CommitmentStage } from "./schema";
import { statusLightSql, type StatusLight } from "./status-light";

export { STATUS_LIGHTS, type StatusLight } from "./status-light";

// Read models for finding commitments: the public list of a space (filters, facet counts, search, keyset
// pages) and an organisation's commitments. Only published commitments are ever read here.

/** The actor type shown for a person's own commitment (organisations carry their own type). */
export const INDIVIDUAL_ACTOR = "individual";

export const BROWSE_SORTS = ["relevance", "newest", "title", "reported"] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

export type BrowseFilters = {
  q: string;
  /** framework_items.id */
  targetId: string;
  /** frameworks.id */
  frameworkId: string;
  actorType: string;
  country: string;
  /** M49 region code */
  region: string;
  stage: string;
  light: string;
  year: number | null;
};

export const FACETS = ["target", "framework", "actorType", "country", "region", "stage", "light", "year"] as const;
export type FacetName = (typeof FACETS)[number];
export type FacetCounts = Record<FacetName, Record<string, number>>;

export type BrowseItem = {
  id: string;
  number: number;
  title: LocalizedText;
  countries: string[];
  stage: CommitmentStage;
  light: StatusLight;
  publishedAt: Date;
  lastReportAt: string | null;
  owner: { kind: "organisation"; id: string; slug: string; name: LocalizedText; actorType: string } | { kind: "person"; name: string };
  primaryTarget: { key: string; number: string | null; label: LocalizedText; frameworkKey: string } | null;
};

/** YYYY-MM-DD of a moment, in UTC (dates in the tables are calendar dates). */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** The status light of the commitment aliased `c` (the shared rule, thresholds from its space). */
export function lightSql(now: Date): SQL {
  return statusLightSql(now, { table: "c" });
}

/**
 * The same for commitments of one known space: its thresholds are read once and written into the query,
 * so large lists and counts do not look the settings up row by row.
 */
export async function spaceLightSql(db: Database, spaceId: string, now: Date): Promise<SQL> {
  const [settings] = await queryRows<{ green_months: number; red_months: number }>(
    db,
    sql`select green_months, red_months from commitment_space_settings where space_id = ${spaceId}`,
  );
  return statusLightSql(now, { table: "c", greenMonths: Number(settings?.green_months ?? 12), redMonths: Number(settings?.red_months ?? 24) });
}

/** The actor type of the commitment aliased `c` with its organisation aliased `o`. */
export const ACTOR_TYPE_SQL = sql.raw(`coalesce(o.actor_type, '${INDIVIDUAL_ACTOR}')`);

/** Published commitments of one space with what every filter needs (the owning organisation). */
export function publishedFrom(spaceId: string): SQL {
  return sql`from commitments c
    left join organisations o on o.id = c.organisation_id
    where c.space_id = ${spaceId} and c.status = 'published'`;
}

/** The query text as searched: trimmed, collapsed, at most 200 characters. */
export function normaliseSearch(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

// English and Russian stemming both run on every query: a Russian word finds Russian text whatever the UI
// language. Trigram word similarity catches typos ("restorasion", "лесовосстановленье") that stemming misses.
function searchCondition(q: string): SQL {
  return sql`(c.search_vector @@ websearch_to_tsquery('english', ${q}) or c.search_vector @@ websearch_to_tsquery('russian', ${q}) or ${q} <% c.search_text)`;
}

function searchRank(q: string): SQL {
  return sql`(ts_rank(c.search_vector, websearch_to_tsquery('english', ${q})) + ts_rank(c.search_vector, websearch_to_tsquery('russian', ${q})) + word_similarity(${q}, c.search_text))`;
}

/** A Postgres text-array literal of country codes (codes are two capital letters, checked upstream). */
function codesArray(codes: string[]): string {
  return `{${codes.filter((code) => /^[A-Z]{2}$/.test(code)).join(",")}}`;
}

/** Conditions for every filter but `omit` (each facet counts with the other filters applied). */
export function filterConditions(filters: BrowseFilters, light: SQL, omit?: FacetName): SQL[] {
  const conditions: SQL[] = [];
  const q = normaliseSearch(filters.q);
  if (q) conditions.push(searchCondition(q));
  if (filters.targetId && omit !== "target") {
    conditions.push(sql`(c.primary_item_id = ${filters.targetId} or exists (select 1 from commitment_targets ct where ct.commitment_id = c.id and ct.framework_item_id = ${filters.targetId}))`);
  }
  if (filters.frameworkId && omit !== "framework") {
    conditions.push(
      sql`exists (select 1 from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id where ct.commitment_id = c.id and fi.framework_id = ${filters.frameworkId})`,
    );
  }
  if (filters.actorType && omit !== "actorType") conditions.push(sql`${ACTOR_TYPE_SQL} = ${filters.actorType}`);
  if (filters.country && omit !== "country") conditions.push(sql`c.countries @> array[${filters.country}]::text[]`);
  if (filters.region && omit !== "region") {
    conditions.push(sql`(c.countries && ${codesArray(countriesInRegion(filters.region))}::text[] or c.regions @> array[${filters.region}]::text[])`);
  }
  if (filters.stage && omit !== "stage") conditions.push(sql`c.stage = ${filters.stage}`);
  if (filters.light && omit !== "light") conditions.push(sql`${light} = ${filters.light}`);
  if (filters.year && omit !== "year") conditions.push(sql`extract(year from c.published_at at time zone 'UTC')::int = ${filters.year}`);
  return conditions;
}

function andAll(conditions: SQL[]): SQL {
  return conditions.length ? sql` and ${sql.join(conditions, sql` and `)}` : sql``;
}

/** M49 regions and sub-regions with their member countries, for region facets and dashboard counts. */
export function regionMembers(levels: ("region" | "subregion")[] = ["region", "subregion"]): { code: string; countries: string[] }[] {
  return listRegions(FALLBACK_LOCALE)
    .filter((region) => levels.includes(region.level as "region" | "subregion"))
    .map((region) => ({ code: region.code, countries: countriesInRegion(region.code) }))
    .filter((region) => region.countries.length > 0);
}

/** `(values ...) as r(code, members)`: every region with its countries as one array parameter each. */
export function regionValuesSql(regions: { code: string; countries: string[] }[]): SQL {
  return sql`(values ${sql.join(
    regions.map((region) => sql`(${region.code}, ${codesArray(region.countries)}::text[])`),
    sql`, `,
  )}) as r(code, members)`;
}

type KeyCount = { key: string | number | null; count: number };

function toCounts(rows: KeyCount[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) if (row.key !== null && row.key !== "") counts[String(row.key)] = Number(row.count);
  return counts;
}

/** How many published commitments match per value of each filter, each facet ignoring its own filter. */
export async function browseFacets(db: Database, spaceId: string, filters: BrowseFilters, now: Date): Promise<FacetCounts> {
  const from = publishedFrom(spaceId);
  const lightExpression = await spaceLightSql(db, spaceId, now);
  const where = (facet: FacetName) => andAll(filterConditions(filters, lightExpression, facet));
  const regions = regionMembers();
  const [target, framework, actorType, country, region, stage, light, year] = await Promise.all([
    queryRows<KeyCount>(
      db,
      sql`select ct.framework_item_id::text as key, count(distinct c.id)::int as count
        from (select c.id ${from} ${where("target")}) c join commitment_targets ct on ct.commitment_id = c.id group by 1`,
    ),
    queryRows<KeyCount>(
      db,
      sql`select fi.framework_id::text as key, count(distinct c.id)::int as count
        from (select c.id ${from} ${where("framework")}) c join commitment_targets ct on ct.commitment_id = c.id
        join framework_items fi on fi.id = ct.framework_item_id group by 1`,
    ),
    queryRows<KeyCount>(db, sql`select ${ACTOR_TYPE_SQL} as key, count(*)::int as count ${from} ${where("actorType")} group by 1`),
    queryRows<KeyCount>(db, sql`select country as key, count(*)::int as count from (select unnest(c.countries) as country ${from} ${where("country")}) x group by 1`),
    queryRows<KeyCount>(
      db,
      sql`select r.code as key, count(*)::int as count from (select c.countries, c.regions ${from} ${where("region")}) x
        join ${regionValuesSql(regions)} on x.countries && r.members or x.regions @> array[r.code] group by 1`,
    ),
    queryRows<KeyCount>(db, sql`select c.stage as key, count(*)::int as count ${from} ${where("stage")} group by 1`),
    queryRows<KeyCount>(db, sql`select ${lightExpression} as key, count(*)::int as count ${from} ${where("light")} group by 1`),
    queryRows<KeyCount>(db, sql`select extract(year from c.published_at at time zone 'UTC')::int as key, count(*)::int as count ${from} ${where("year")} group by 1`),
  ]);
  return {
    target: toCounts(target),
    framework: toCounts(framework),
    actorType: toCounts(actorType),
    country: toCounts(country),
    region: toCounts(region),
    stage: toCounts(stage),
    light: toCounts(light),
    year: toCounts(year),
  };
}

/** The title to sort by in one UI language, falling back like the page does (codes come from a fixed list). */
function titleSortKey(locale: Locale): SQL {
  const chain = [...new Set([isLocale(locale) ? locale : FALLBACK_LOCALE, FALLBACK_LOCALE, ...LOCALE_CODES])];
  return sql.raw(`lower(coalesce(${chain.map((code) => `c.title->>'${code}'`).join(", ")}, ''))`);
}

function invalidCursor(): AppError {
  return new AppError("bad_request", "error.invalid_cursor", { cursor: { key: "error.invalid_cursor" } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type BrowseRow = {
  id: string;
  number: number | string;
  title: LocalizedText;
  countries: string[];
  stage: CommitmentStage;
  light: StatusLight;
  published_at: Date | string;
  last_report_at: Date | string | null;
  organisation_id: string | null;
  org_slug: string | null;
  org_name: LocalizedText | null;
  actor_type: string;
  person_name: string | null;
  item_key: string | null;
  item_number: string | null;
  item_label: LocalizedText | null;
  framework_key: string | null;
  sort_value: string;
};

function dayText(value: Date | string | null): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value.slice(0, 10) : isoDay(value);
}

function toItem(row: BrowseRow): BrowseItem {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    countries: row.countries ?? [],
    stage: row.stage,
    light: row.light,
    publishedAt: new Date(row.published_at),
    lastReportAt: dayText(row.last_report_at),
    owner:
      row.organisation_id && row.org_slug
        ? { kind: "organisation", id: row.organisation_id, slug: row.org_slug, name: row.org_name ?? {}, actorType: row.actor_type }
        : { kind: "person", name: row.person_name ?? "" },
    primaryTarget: row.item_key ? { key: row.item_key, number: row.item_number, label: row.item_label ?? {}, frameworkKey: row.framework_key ?? "" } : null,
  };
}

/**
 * One page of a space's published commitments. The cursor names its sort (and for titles its language):
 * keyset on (sort key, id) for newest, title and recently reported; an offset for relevance, whose score
 * is not a stable key. A cursor from another sort is refused rather than giving a wrong page.
 */
export async function listPublishedCommitments(
  db: Database,
  spaceId: string,
  options: { filters: BrowseFilters; sort: BrowseSort; locale: Locale; cursor?: string; limit: number; now: Date },
): Promise<{ items: BrowseItem[]; nextCursor: string | null }> {
  const q = normaliseSearch(options.filters.q);
  const sort: BrowseSort = options.sort === "relevance" && !q ? "newest" : options.sort;
  const light = await spaceLightSql(db, spaceId, options.now);
  const conditions = filterConditions(options.filters, light);
  const sortTag = sort === "title" ? `title:${options.locale}` : sort;
  const after = decodeCursor(options.cursor, 3);
  if (after && (after[0] !== sortTag || typeof after[1] !== "string" || typeof after[2] !== "string")) throw invalidCursor();
  let offset = 0;
  if (after && sort === "relevance") {
    offset = Number(after[1]);
    if (!Number.isInteger(offset) || offset < 0) throw invalidCursor();
  } else if (after) {
    const [, value, id] = after as [string, string, string];
    if (!UUID.test(id)) throw invalidCursor();
    if (sort === "newest" && !TIMESTAMP.test(value)) throw invalidCursor();
    if (sort === "reported" && !DAY.test(value)) throw invalidCursor();
    if (sort === "newest") conditions.push(sql`(c.published_at, c.id) < (${value}::timestamptz, ${id}::uuid)`);
    if (sort === "reported") conditions.push(sql`(coalesce(c.last_report_at, '0001-01-01'::date), c.id) < (${value}::date, ${id}::uuid)`);
    if (sort === "title") conditions.push(sql`(${titleSortKey(options.locale)}, c.id) > (${value}, ${id}::uuid)`);
  }
  const sortValue = {
    relevance: sql`''`,
    newest: sql`to_char(c.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    title: titleSortKey(options.locale),
    reported: sql`to_char(coalesce(c.last_report_at, '0001-01-01'::date), 'YYYY-MM-DD')`,
  }[sort];
  const order = {
    relevance: sql`order by ${searchRank(q)} desc, c.published_at desc, c.id desc`,
    newest: sql`order by c.published_at desc, c.id desc`,
    title: sql`order by ${titleSortKey(options.locale)}, c.id`,
    reported: sql`order by coalesce(c.last_report_at, '0001-01-01'::date) desc, c.id desc`,
  }[sort];
  const rows = await queryRows<BrowseRow>(
    db,
    sql`select c.id, c.number, c.title, c.countries, c.stage, ${light} as light, c.published_at, c.last_report_at,
        c.organisation_id, o.slug as org_slug, o.name as org_name, ${ACTOR_TYPE_SQL} as actor_type, u.display_name as person_name,
        fi.key as item_key, fi.number as item_number, fi.label as item_label, f.key as framework_key, ${sortValue} as sort_value
      from commitments c
      left join organisations o on o.id = c.organisation_id
      left join users u on u.id = c.person_user_id
      left join framework_items fi on fi.id = c.primary_item_id
      left join frameworks f on f.id = fi.framework_id
      where c.space_id = ${spaceId} and c.status = 'published' ${andAll(conditions)}
      ${order} limit ${options.limit + 1} offset ${offset}`,
  );
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (hasMore && last) nextCursor = sort === "relevance" ? encodeCursor([sortTag, String(offset + options.limit), ""]) : encodeCursor([sortTag, String(last.sort_value), last.id]);
  return { items: page.map(toItem), nextCursor };
}

export type OrganisationCommitment = {
  number: number;
  title: LocalizedText;
  stage: CommitmentStage;
  light: StatusLight;
  role: "owner" | "partner";
  space: { id: string; slug: string; title: LocalizedText };
};

/**
 * An organisation's published commitments, as owner or as partner, in the spaces the viewer may see
 * (a private space's commitments stay hidden from non-members here too), newest first.
 */
export async function organisationCommitments(db: Database, organisationId: string, viewer: Viewer, now: Date, limit = 100): Promise<OrganisationCommitment[]> {
  const rows = await queryRows<{
    number: number | string;
    title: LocalizedText;
    stage: CommitmentStage;
    light: StatusLight;
    is_owner: boolean;
    space_id: string;
    space_slug: string;
    space_title: LocalizedText;
  }>(
    db,
    sql`select c.number, c.title, c.stage, ${lightSql(now)} as light, (c.organisation_id = ${organisationId}) as is_owner,
        "spaces"."id" as space_id, "spaces"."slug" as space_slug, "spaces"."title" as space_title
      from commitments c
      join spaces on "spaces"."id" = c.space_id
      where c.status = 'published' and ${visibleSpaceCondition(viewer)}
        and (c.organisation_id = ${organisationId} or exists (select 1 from commitment_partners cp where cp.commitment_id = c.id and cp.organisation_id = ${organisationId}))
      order by c.published_at desc, c.id desc limit ${limit}`,
  );
  return rows.map((row) => ({
    number: Number(row.number),
    title: row.title,
    stage: row.stage,
    light: row.light,
    role: row.is_owner ? "owner" : "partner",
    space: { id: row.space_id, slug: row.space_slug, title: row.space_title },
  }));
}

/** Framework items used by a space's published commitments, for the target filter's choices. */
export async function targetChoices(
  db: Database,
  spaceId: string,
): Promise<{ id: string; key: string; number: string | null; label: LocalizedText; frameworkId: string; frameworkKey: string }[]> {
  const rows = await queryRows<{ id: string; key: string; number: string | null; label: LocalizedText; framework_id: string; framework_key: string }>(
    db,
    sql`select distinct fi.id, fi.key, fi.number, fi.label, fi.framework_id, f.key as framework_key, fi.position
      from commitment_targets ct
      join commitments c on c.id = ct.commitment_id
      join framework_items fi on fi.id = ct.framework_item_id
      join frameworks f on f.id = fi.framework_id
      where c.space_id = ${spaceId} and c.status = 'published'
      order by f.key, fi.position, fi.key`,
  );
  return rows.map((row) => ({ id: row.id, key: row.key, number: row.number, label: row.label, frameworkId: row.framework_id, frameworkKey: row.framework_key }));
}
