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
import type { CommitmentStage, StatsDimension } from "./schema";
import { lightCounts, reportKeyLightSql, spaceStatsCounts, spaceThresholds } from "./stats-counts";
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
  primaryTarget: { key: string; number: string | null; kind: string; label: LocalizedText; frameworkKey: string } | null;
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

/** The query text as searched: trimmed, collapsed, at most 200 characters. */
export function normaliseSearch(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

/** At most this many commitments are found by trigram similarity (typos), per search. */
export const TYPO_MATCHES_MAX = 500;

// English and Russian stemming both run on every query: a Russian word finds Russian text whatever the UI
// language. Trigram word similarity catches typos ("restorasion", "лесовосстановленье") that stemming misses:
// it is the fallback when the full text finds nothing. Each arm is answered by its index (the GIN on
// search_vector; the GIN trigram index on search_text through `<%`, kept in a materialised CTE so the planner
// does not trade the index for a scan under the LIMIT), so a search never reads the whole space, and the
// facets and the page are computed over the matched ids only. The similarity arm stops at TYPO_MATCHES_MAX
// rows: checking word similarity costs tens of microseconds a row, and at 100k commitments the trigrams of a
// common word are in some 10k rows (600 ms to check them all).
function searchMatchesSql(spaceId: string, q: string): SQL {
  return sql`with full_text as materialized (
      select m.id from commitments m where m.space_id = ${spaceId} and m.status = 'published'
        and (m.search_vector @@ websearch_to_tsquery('english', ${q}) or m.search_vector @@ websearch_to_tsquery('russian', ${q}))
    ), typos as materialized (
      select m.id from commitments m where ${q} <% m.search_text and m.space_id = ${spaceId} and m.status = 'published'
    )
    select id from full_text
    union all (select id from typos where not exists (select 1 from full_text) limit ${TYPO_MATCHES_MAX})`;
}

// Full-text matches by their rank; typo matches (found only when the full text finds nothing) by word
// similarity, computed only for rows the full text did not match.
function searchRank(q: string): SQL {
  return sql`(case when c.search_vector @@ websearch_to_tsquery('english', ${q}) or c.search_vector @@ websearch_to_tsquery('russian', ${q})
    then 1 + ts_rank(c.search_vector, websearch_to_tsquery('english', ${q})) + ts_rank(c.search_vector, websearch_to_tsquery('russian', ${q}))
    else word_similarity(${q}, c.search_text) end)`;
}

/** A Postgres text-array literal of country codes (codes are two capital letters, checked upstream). */
function codesArray(codes: string[]): string {
  return `{${codes.filter((code) => /^[A-Z]{2}$/.test(code)).join(",")}}`;
}

/** The condition of one filter on the commitment aliased `c`, or null when that filter is not set. */
function facetCondition(facet: FacetName, filters: BrowseFilters, light: SQL): SQL | null {
  switch (facet) {
    case "target":
      return filters.targetId
        ? sql`(c.primary_item_id = ${filters.targetId} or c.id in (select ct.commitment_id from commitment_targets ct where ct.framework_item_id = ${filters.targetId}))`
        : null;
    case "framework":
      return filters.frameworkId
        ? sql`c.id in (select ct.commitment_id from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id where fi.framework_id = ${filters.frameworkId})`
        : null;
    case "actorType":
      return filters.actorType ? sql`${ACTOR_TYPE_SQL} = ${filters.actorType}` : null;
    case "country":
      return filters.country ? sql`c.countries @> array[${filters.country}]::text[]` : null;
    case "region":
      return filters.region ? sql`(c.countries && ${codesArray(countriesInRegion(filters.region))}::text[] or c.regions @> array[${filters.region}]::text[])` : null;
    case "stage":
      return filters.stage ? sql`c.stage = ${filters.stage}` : null;
    case "light":
      return filters.light ? sql`${light} = ${filters.light}` : null;
    case "year":
      return filters.year ? sql`extract(year from c.published_at at time zone 'UTC')::int = ${filters.year}` : null;
  }
}

/**
 * The ids passing one filter, from an index (target and framework through commitment_targets, country through
 * the GIN on countries), or null for filters no index narrows well.
 */
function candidateIdsSql(facet: FacetName, filters: BrowseFilters): SQL | null {
  if (facet === "target" && filters.targetId) {
    return sql`select ct.commitment_id from commitment_targets ct where ct.framework_item_id = ${filters.targetId}
      union select p.id from commitments p where p.primary_item_id = ${filters.targetId}`;
  }
  if (facet === "framework" && filters.frameworkId) {
    return sql`select ct.commitment_id from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id where fi.framework_id = ${filters.frameworkId}`;
  }
  if (facet === "country" && filters.country) return sql`select p.id from commitments p where p.countries @> array[${filters.country}]::text[]`;
  return null;
}

/** Conditions for every filter but `omit` (each facet counts with the other filters applied). */
export function filterConditions(spaceId: string, filters: BrowseFilters, light: SQL, omit?: FacetName): SQL[] {
  const conditions: SQL[] = [];
  const q = normaliseSearch(filters.q);
  if (q) conditions.push(sql`c.id in (${searchMatchesSql(spaceId, q)})`);
  for (const facet of FACETS) {
    const condition = facet === omit ? null : facetCondition(facet, filters, light);
    if (condition) conditions.push(condition);
  }
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

type FacetRow = { facet: FacetName; key: string | null; count: number };

function emptyFacets(): FacetCounts {
  return { target: {}, framework: {}, actorType: {}, country: {}, region: {}, stage: {}, light: {}, year: {} };
}

/** The facet counts of the whole space, from the precomputed counts of migration 0007. */
async function facetsFromStats(db: Database, spaceId: string, facets: readonly FacetName[], now: Date): Promise<Partial<FacetCounts>> {
  const dimensions = new Set<StatsDimension>();
  const needs: Record<FacetName, StatsDimension[]> = {
    target: ["item_primary", "item_other"],
    framework: ["framework"],
    actorType: ["actor_type"],
    country: ["country"],
    region: ["region"],
    stage: ["stage"],
    light: ["report"],
    year: ["month"],
  };
  for (const facet of facets) for (const dimension of needs[facet]) dimensions.add(dimension);
  const [counts, thresholds] = await Promise.all([spaceStatsCounts(db, spaceId, [...dimensions]), facets.includes("light") ? spaceThresholds(db, spaceId) : undefined]);
  const result: Partial<FacetCounts> = {};
  for (const facet of facets) {
    if (facet === "target") {
      const targets = { ...(counts.item_primary ?? {}) };
      for (const [key, count] of Object.entries(counts.item_other ?? {})) targets[key] = (targets[key] ?? 0) + count;
      result.target = targets;
    } else if (facet === "light") {
      result.light = lightCounts(counts.report ?? {}, now, thresholds ?? { greenMonths: 12, redMonths: 24 });
    } else if (facet === "year") {
      const years: Record<string, number> = {};
      for (const [month, count] of Object.entries(counts.month ?? {})) years[String(Number(month.slice(0, 4)))] = (years[String(Number(month.slice(0, 4)))] ?? 0) + count;
      result.year = years;
    } else {
      result[facet] = counts[needs[facet][0]] ?? {};
    }
  }
  return result;
}

/**
 * One filter as a condition on the statistics ledger row aliased `sm` (commitment_stats_members: what each
 * published commitment counts for), or null when the filter is not set.
 */
function ledgerCondition(facet: FacetName, filters: BrowseFilters, light: SQL): SQL | null {
  switch (facet) {
    case "target":
      return filters.targetId ? sql`(${filters.targetId} = any(sm.primary_items) or ${filters.targetId} = any(sm.other_items))` : null;
    case "framework":
      return filters.frameworkId ? sql`${filters.frameworkId} = any(sm.frameworks)` : null;
    case "actorType":
      return filters.actorType ? sql`sm.actor_type = ${filters.actorType}` : null;
    case "country":
      return filters.country ? sql`sm.countries @> array[${filters.country}]::text[]` : null;
    case "region":
      return filters.region ? sql`sm.regions @> array[${filters.region}]::text[]` : null;
    case "stage":
      return filters.stage ? sql`sm.stage = ${filters.stage}` : null;
    case "light":
      return filters.light ? sql`${light} = ${filters.light}` : null;
    case "year":
      return filters.year ? sql`substr(sm.month, 1, 4) = ${String(filters.year)}` : null;
  }
}

/**
 * How many published commitments match per value of each filter, each facet ignoring its own filter.
 * With no search and at most one filter, the counts that ignore every filter come from the precomputed
 * counts. The others are one query over the statistics ledger (one narrow row per published commitment
 * with its stage, actor type, countries, regions, targets, frameworks, month and reporting day) for the
 * candidates: the search matches when searching, and the rows that pass all filters but at most one, each
 * with a flag per filter so a facet counts the rows passing the filters other than its own.
 */
export async function browseFacets(db: Database, spaceId: string, filters: BrowseFilters, now: Date): Promise<FacetCounts> {
  const q = normaliseSearch(filters.q);
  const thresholds = await spaceThresholds(db, spaceId);
  const light = reportKeyLightSql(sql`sm.report_key`, now, thresholds);
  const active = FACETS.filter((facet) => ledgerCondition(facet, filters, light) !== null);
  const fromStats = q ? [] : active.length === 0 ? [...FACETS] : active.length === 1 ? active : [];
  const queried = FACETS.filter((facet) => !fromStats.includes(facet));
  const result = emptyFacets();
  Object.assign(result, await facetsFromStats(db, spaceId, fromStats, now));
  if (!queried.length) return result;

  const flag = (facet: FacetName) => sql.raw(`pass_${FACETS.indexOf(facet)}`);
  const conditionOf = (facet: FacetName) => ledgerCondition(facet, filters, light) ?? sql`true`;
  const flags = active.map((facet) => sql`, ${conditionOf(facet)} as ${flag(facet)}`);
  // Candidates: with two filters or more, the rows that pass at least one (a row failing at most one of two
  // or more passes one); with one filter whose own facet came from the precomputed counts, the rows that
  // pass it. When every such filter has an index on the base tables, the candidates are the union of the
  // ids each index gives rather than a scan of the space's ledger.
  const narrowing: SQL[] = [];
  if (q) narrowing.push(sql` and sm.commitment_id in (${searchMatchesSql(spaceId, q)})`);
  const narrowers = active.length >= 2 ? active : active.length === 1 && fromStats.includes(active[0]) ? active : [];
  if (narrowers.length) {
    const candidates = narrowers.map((facet) => candidateIdsSql(facet, filters));
    const indexed = candidates.filter((candidate): candidate is SQL => candidate !== null);
    // (each index gives exactly the ids its filter passes, so the union is the same set as the `or`)
    narrowing.push(
      indexed.length === candidates.length
        ? sql` and sm.commitment_id in (${sql.join(indexed, sql` union `)})`
        : sql` and (${sql.join(narrowers.map(conditionOf), sql` or `)})`,
    );
  }
  const others = (facet: FacetName) => {
    const rest = active.filter((candidate) => candidate !== facet).map((candidate) => sql`b.${flag(candidate)}`);
    return rest.length ? sql`where ${sql.join(rest, sql` and `)}` : sql``;
  };
  const unnested = (facet: FacetName, column: string) =>
    sql`select ${facet} as facet, x.key, count(*)::int as count from base b cross join unnest(b.${sql.raw(column)}) as x(key) ${others(facet)} group by 2`;
  const plain = (facet: FacetName, column: string) => sql`select ${facet} as facet, b.${sql.raw(column)} as key, count(*)::int as count from base b ${others(facet)} group by 2`;
  const branch: Record<FacetName, SQL> = {
    target: unnested("target", "items"),
    framework: unnested("framework", "frameworks"),
    actorType: plain("actorType", "actor_type"),
    country: unnested("country", "countries"),
    region: unnested("region", "regions"),
    stage: plain("stage", "stage"),
    light: plain("light", "light"),
    year: plain("year", "year"),
  };
  const rows = await queryRows<FacetRow>(
    db,
    sql`with base as materialized (
        select sm.stage, sm.actor_type, sm.countries, sm.regions, sm.primary_items || sm.other_items as items, sm.frameworks,
          ${light} as light, substr(sm.month, 1, 4) as year${sql.join(flags, sql``)}
        from commitment_stats_members sm
        where sm.space_id = ${spaceId}${sql.join(narrowing, sql``)}
      )
      ${sql.join(
        queried.map((facet) => branch[facet]),
        sql` union all `,
      )}`,
  );
  for (const row of rows) if (row.key !== null && row.key !== "") result[row.facet][String(row.key)] = Number(row.count);
  return result;
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
  item_kind: string | null;
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
    primaryTarget: row.item_key ? { key: row.item_key, number: row.item_number, kind: row.item_kind ?? "", label: row.item_label ?? {}, frameworkKey: row.framework_key ?? "" } : null,
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
  const conditions = filterConditions(spaceId, options.filters, light);
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
        fi.key as item_key, fi.number as item_number, fi.kind as item_kind, fi.label as item_label, f.key as framework_key, ${sortValue} as sort_value
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

/** Framework items used by a space's published commitments, for the target filter's choices (from the precomputed counts). */
export async function targetChoices(
  db: Database,
  spaceId: string,
): Promise<{ id: string; key: string; number: string | null; kind: string; label: LocalizedText; frameworkId: string; frameworkKey: string }[]> {
  const rows = await queryRows<{ id: string; key: string; number: string | null; kind: string; label: LocalizedText; framework_id: string; framework_key: string }>(
    db,
    sql`select fi.id, fi.key, fi.number, fi.kind, fi.label, fi.framework_id, f.key as framework_key
      from framework_items fi
      join frameworks f on f.id = fi.framework_id
      where fi.id in (select s.key::uuid from commitment_stats s where s.space_id = ${spaceId} and s.dimension in ('item_primary', 'item_other') and s.count > 0)
      order by f.key, fi.position, fi.key`,
  );
  return rows.map((row) => ({ id: row.id, key: row.key, number: row.number, kind: row.kind, label: row.label, frameworkId: row.framework_id, frameworkKey: row.framework_key }));
}
