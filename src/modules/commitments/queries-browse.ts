import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows, textArrayLiteral } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../../platform/api/pagination";
import { countriesInRegion, listRegions } from "../../platform/countries";
import { AppError } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { FALLBACK_LOCALE, LOCALE_CODES, isLocale, type Locale } from "../../platform/i18n/locales";
import { visibleSpaceCondition } from "../spaces/queries";
import type { Viewer } from "../spaces/permissions";
import type { CommitmentStage, StatsDimension } from "./schema";
import { reportKeyLightSql, spaceLightCounts, spaceStatsCounts, spaceThresholds } from "./stats-counts";
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
/** Facet counts, and the facets whose numbers were not counted (their keys are the space's choices). */
export type BrowseFacets = FacetCounts & { uncounted: readonly FacetName[] };

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

/** Searches count matches exactly up to this many; beyond it the list says "more than 10,000". */
export const COUNT_MAX = 10_000;
/**
 * A search ranks by relevance and counts its facets only when at most this many commitments match: both
 * read every match. A broader search lists its matches newest first through the recency index, which
 * stops after one page, and says so.
 */
export const RANKED_MATCHES_MAX = 1_000;
/** Above this planner estimate a search's total is shown as an estimate ("about 70,000") rather than counted. */
export const ESTIMATE_ABOVE = 5_000;

/** How many commitments a list shows: an exact count, a lower bound, or the planner's estimate. */
export type ResultCount = { value: number; kind: "exact" | "more_than" | "estimate" };

/** A search as it runs: the words searched (corrected when the typed ones found nothing) and how many match. */
export type SearchPlan = { q: string; correctedFrom: string | null; matches: ResultCount };

// English and Russian stemming both run on every query: a Russian word finds Russian text whatever the UI
// language. Answered by the partial GIN index on search_vector of migration 0014 (published rows only, so
// the planner has no reason to AND it with a bitmap of the whole space).
function fullTextSql(alias: string, q: string): SQL {
  const vector = sql.raw(`${alias}.search_vector`);
  return sql`(${vector} @@ websearch_to_tsquery('english', ${q}) or ${vector} @@ websearch_to_tsquery('russian', ${q}))`;
}

function searchRank(q: string): SQL {
  return sql`(ts_rank(c.search_vector, websearch_to_tsquery('english', ${q})) + ts_rank(c.search_vector, websearch_to_tsquery('russian', ${q})))`;
}

/** The planner's estimate of the rows a query returns (EXPLAIN, nothing run). */
async function estimateRows(db: Database, query: SQL): Promise<number> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`explain (format json) ${query}`);
  const cell = rows[0] ? Object.values(rows[0])[0] : undefined;
  const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan?: { "Plan Rows"?: number } }[] | undefined;
  return Number(plan?.[0]?.Plan?.["Plan Rows"] ?? 0);
}

/** Rounds an estimate to two significant digits: it is not more precise than that. */
function roughly(value: number): number {
  if (value < 100) return Math.round(value);
  const unit = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / unit) * unit;
}

/**
 * How many published commitments of a space pass `where` (conditions on `c`): counted up to COUNT_MAX + 1
 * rows when the planner expects at most ESTIMATE_ABOVE (so a count never reads more than that many rows),
 * otherwise the planner's estimate, labelled as one.
 */
export async function countMatches(db: Database, spaceId: string, where: SQL, limits = { countMax: COUNT_MAX, estimateAbove: ESTIMATE_ABOVE }): Promise<ResultCount> {
  // (the actor type filter reads the owner; the join is dropped when unused)
  const rows = sql`select 1 from commitments c left join organisations o on o.id = c.organisation_id
    where c.space_id = ${spaceId} and c.status = 'published' and ${where}`;
  const estimate = await estimateRows(db, rows);
  if (estimate > limits.estimateAbove) return { value: roughly(estimate), kind: "estimate" };
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from (${rows} limit ${limits.countMax + 1}) x`);
  const value = Number(row?.count ?? 0);
  return value > limits.countMax ? { value: limits.countMax, kind: "more_than" } : { value, kind: "exact" };
}

/** Words of a query as the vocabulary holds them: lower case, letters only, three letters or more. */
function queryWords(q: string): string[] {
  return [...new Set((q.toLowerCase().match(/\p{L}+/gu) ?? []).filter((word) => word.length >= 3 && word.length <= 40))];
}

/**
 * The query with each word the space's vocabulary (migration 0014) does not know replaced by the most
 * similar word it does know (pg_trgm similarity on the small words table, never on the commitments), or
 * null when no word changed.
 */
export async function correctedQuery(db: Database, spaceId: string, q: string): Promise<string | null> {
  const words = queryWords(q);
  if (!words.length) return null;
  // (words are letters only, so they can be written into an array literal as they are)
  const rows = await queryRows<{ word: string; is_known: boolean; suggestion: string | null }>(
    db,
    sql`select t.word,
        exists (select 1 from commitment_search_words w where w.space_id = ${spaceId} and w.word = t.word) as is_known,
        (select w.word from commitment_search_words w where w.space_id = ${spaceId} and w.word % t.word
          order by similarity(w.word, t.word) desc, w.word limit 1) as suggestion
      from unnest(${`{${words.join(",")}}`}::text[]) as t(word)`,
  );
  const replacements = new Map(rows.filter((row) => !row.is_known && row.suggestion).map((row) => [row.word, String(row.suggestion)]));
  if (!replacements.size) return null;
  return q.replace(/\p{L}+/gu, (word) => replacements.get(word.toLowerCase()) ?? word);
}

/**
 * Plans a search: counts what the words find; when they find nothing, corrects them against the space's
 * vocabulary and keeps the correction if it finds something. Null without a query.
 */
export async function planSearch(db: Database, spaceId: string, text: string): Promise<SearchPlan | null> {
  const q = normaliseSearch(text);
  if (!q) return null;
  const matches = await countMatches(db, spaceId, fullTextSql("c", q));
  if (matches.value > 0) return { q, correctedFrom: null, matches };
  const corrected = await correctedQuery(db, spaceId, q);
  if (corrected) {
    const correctedMatches = await countMatches(db, spaceId, fullTextSql("c", corrected));
    if (correctedMatches.value > 0) return { q: corrected, correctedFrom: q, matches: correctedMatches };
  }
  return { q, correctedFrom: null, matches };
}

/** Whether a search is narrow enough to rank by relevance and count facets over its matches. */
export function isRankable(plan: SearchPlan): boolean {
  return plan.matches.kind === "exact" && plan.matches.value <= RANKED_MATCHES_MAX;
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

/** The list's page reads the ids of its filters from the ledger first when they are at most this many. */
export const PAGE_IDS_MAX = 2_000;

/**
 * How the keyed filters (those with a key in the statistics ledger) apply to `c`: one semi-join on the
 * ledger's keys index ("ledger"), the given ids found there beforehand ({ ids }), or each filter checked on
 * the row itself ("row", what a scan of the recency index does cheaply when the filters pass many rows).
 */
export type KeyedFilters = "ledger" | "row" | { ids: string[] };

/** The ledger keys of the filters, or null when none has one (or a lone stage or country, cheaper on the row). */
function keyedFilterKeys(filters: BrowseFilters): string[] | null {
  const keyed = FACETS.filter((facet) => ledgerKey(facet, filters) !== null);
  if (!keyed.length || (keyed.length === 1 && (keyed[0] === "stage" || keyed[0] === "country"))) return null;
  return keyed.map((facet) => ledgerKey(facet, filters) as string);
}

/** Conditions on `c` for every filter; the light (which depends on today) and the search are always on the row. */
export function filterConditions(spaceId: string, filters: BrowseFilters, light: SQL, keyedMode: KeyedFilters = "ledger"): SQL[] {
  const conditions: SQL[] = [];
  const q = normaliseSearch(filters.q);
  if (q) conditions.push(fullTextSql("c", q));
  const keys = keyedFilterKeys(filters);
  const isOnRow = keys === null || keyedMode === "row";
  if (!isOnRow && keyedMode === "ledger") {
    conditions.push(sql`c.id in (select sm.commitment_id from commitment_stats_members sm where sm.space_id = ${spaceId} and ${ledgerKeysContain(keys)})`);
  } else if (!isOnRow && typeof keyedMode === "object") {
    // (uuids from the ledger, so the literal needs no quoting)
    conditions.push(sql`c.id = any(${`{${keyedMode.ids.join(",")}}`}::uuid[])`);
  }
  for (const facet of FACETS) {
    if (!isOnRow && ledgerKey(facet, filters) !== null) continue;
    const condition = facetCondition(facet, filters, light);
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/**
 * For the list's page: the ids passing the keyed filters, read from the ledger's keys index when they are at
 * most PAGE_IDS_MAX, else "row". A semi-join left to the planner could probe the ledger once per row of a
 * recency scan, which for a rare combination is thousands of probes (0.37 s at 300k for target + country).
 */
async function keyedFiltersForPage(db: Database, spaceId: string, filters: BrowseFilters): Promise<KeyedFilters> {
  const keys = keyedFilterKeys(filters);
  if (!keys) return "row";
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select sm.commitment_id as id from commitment_stats_members sm where sm.space_id = ${spaceId} and ${ledgerKeysContain(keys)} limit ${PAGE_IDS_MAX + 1}`,
  );
  return rows.length > PAGE_IDS_MAX ? "row" : { ids: rows.map((row) => String(row.id)) };
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
    light: [],
    year: ["month"],
  };
  for (const facet of facets) for (const dimension of needs[facet]) dimensions.add(dimension);
  const lights = async () => spaceLightCounts(db, spaceId, now, await spaceThresholds(db, spaceId));
  const [counts, byLight] = await Promise.all([spaceStatsCounts(db, spaceId, [...dimensions]), facets.includes("light") ? lights() : undefined]);
  const result: Partial<FacetCounts> = {};
  for (const facet of facets) {
    if (facet === "target") {
      const targets = { ...(counts.item_primary ?? {}) };
      for (const [key, count] of Object.entries(counts.item_other ?? {})) targets[key] = (targets[key] ?? 0) + count;
      result.target = targets;
    } else if (facet === "light") {
      result.light = byLight ?? {};
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

/** A facet is counted only when the ledger rows it counts are at most this many; otherwise it offers its choices without numbers. */
export const FACET_ROWS_MAX = 2_000;

/**
 * Every filterable key of the ledger row aliased `sm`, in one array: the exact expression of the GIN index
 * of migration 0014, so `keys @> array[…]` finds the rows passing several filters by intersecting posting
 * lists. (The status light depends on today, so it is no key.)
 */
const LEDGER_KEYS_SQL = sql.raw(
  "(array['s:' || sm.stage, 'a:' || sm.actor_type, 'y:' || substr(sm.month, 1, 4)] || sm.countries || sm.regions || sm.primary_items || sm.other_items || sm.frameworks)",
);

/** The ledger row aliased `sm` has all these keys (one array-literal parameter; each element quoted and escaped). */
function ledgerKeysContain(keys: string[]): SQL {
  return sql`${LEDGER_KEYS_SQL} @> ${textArrayLiteral(keys)}::text[]`;
}

/** A filter's key in LEDGER_KEYS_SQL, or null for the light (no key) and unset filters. */
function ledgerKey(facet: FacetName, filters: BrowseFilters): string | null {
  switch (facet) {
    case "target":
      return filters.targetId || null;
    case "framework":
      return filters.frameworkId || null;
    case "actorType":
      return filters.actorType ? `a:${filters.actorType}` : null;
    case "country":
      return filters.country || null;
    case "region":
      return filters.region || null;
    case "stage":
      return filters.stage ? `s:${filters.stage}` : null;
    case "light":
      return null;
    case "year":
      return filters.year ? `y:${filters.year}` : null;
  }
}

/** The value a filter selects, as its facet's key (the year as text). */
function filterValue(facet: FacetName, filters: BrowseFilters): string {
  const values: Record<FacetName, string> = {
    target: filters.targetId,
    framework: filters.frameworkId,
    actorType: filters.actorType,
    country: filters.country,
    region: filters.region,
    stage: filters.stage,
    light: filters.light,
    year: filters.year ? String(filters.year) : "",
  };
  return values[facet];
}

/**
 * How many published commitments match per value of each filter, each facet ignoring its own filter.
 *
 * A facet counts the rows passing the other filters. Its counts come from the precomputed counts when no
 * other filter is set; otherwise from the statistics ledger (one narrow row per published commitment with
 * its stage, actor type, countries, regions, targets, frameworks, month and reporting day), but only when
 * those rows are at most FACET_ROWS_MAX — known for free when one of the filters alone selects that few
 * (its precomputed count), else counted with a limit through the ledger's keys index. A facet over more rows
 * is listed in `uncounted` and offers the space's choices without numbers: its count would read every one
 * of them. When searching (only searches narrow enough to rank get here, at most RANKED_MATCHES_MAX matches)
 * every facet is counted over the matches.
 */
export async function browseFacets(db: Database, spaceId: string, filters: BrowseFilters, now: Date, search?: SearchPlan | null): Promise<BrowseFacets> {
  const plan = search === undefined ? await planSearch(db, spaceId, filters.q) : search;
  const q = plan?.q ?? "";
  const [thresholds, stats] = await Promise.all([spaceThresholds(db, spaceId), facetsFromStats(db, spaceId, FACETS, now)]);
  const spaceCounts: FacetCounts = { ...emptyFacets(), ...stats };
  const light = reportKeyLightSql(sql`sm.report_key`, now, thresholds);
  const active = FACETS.filter((facet) => ledgerCondition(facet, filters, light) !== null);
  // A search too broad to rank counts no facet either (that would read every match).
  if (plan && !isRankable(plan)) return { ...spaceCounts, uncounted: [...FACETS] };
  const result: BrowseFacets = { ...emptyFacets(), uncounted: [] };
  const uncounted: FacetName[] = [];
  const conditionOf = (facet: FacetName) => ledgerCondition(facet, filters, light) ?? sql`true`;
  const othersOf = (facet: FacetName) => active.filter((other) => other !== facet);

  // Which facets the ledger counts, and the sets of filters whose rows it reads for them.
  const queried: FacetName[] = [];
  const subsets = new Map<string, FacetName[]>();
  if (q) {
    queried.push(...FACETS);
  } else {
    const sizeOf = (facet: FacetName) => spaceCounts[facet][filterValue(facet, filters)] ?? 0;
    const pending = new Map<string, FacetName[]>();
    const fromSpace = new Set<FacetName>();
    for (const facet of FACETS) {
      const others = othersOf(facet);
      if (!others.length) {
        result[facet] = spaceCounts[facet];
        fromSpace.add(facet);
        continue;
      }
      const name = others.join(",");
      if (!others.some((other) => ledgerKey(other, filters) !== null)) uncounted.push(facet);
      else if (Math.min(...others.map(sizeOf)) <= FACET_ROWS_MAX) subsets.set(name, others);
      // (one filter's precomputed count is exact: more than the maximum is final)
      else if (others.length === 1) uncounted.push(facet);
      else pending.set(name, others);
    }
    // Sets no single filter bounds: counted through the keys index, reading at most FACET_ROWS_MAX + 1 rows.
    await Promise.all(
      [...pending].map(async ([name, others]) => {
        const [row] = await queryRows<{ count: number }>(
          db,
          sql`select count(*)::int as count from (select 1 from commitment_stats_members sm
            where sm.space_id = ${spaceId} and ${subsetCondition(others)} limit ${FACET_ROWS_MAX + 1}) x`,
        );
        if (Number(row?.count ?? 0) <= FACET_ROWS_MAX) subsets.set(name, others);
      }),
    );
    for (const facet of FACETS) {
      if (!fromSpace.has(facet) && !uncounted.includes(facet)) (subsets.has(othersOf(facet).join(",")) ? queried : uncounted).push(facet);
    }
  }
  function subsetCondition(others: FacetName[]): SQL {
    const keys = others.map((facet) => ledgerKey(facet, filters)).filter((key): key is string => key !== null);
    const rest = others.filter((facet) => ledgerKey(facet, filters) === null).map(conditionOf);
    return sql.join([ledgerKeysContain(keys), ...rest], sql` and `);
  }
  for (const facet of uncounted) result[facet] = spaceCounts[facet];
  result.uncounted = uncounted;
  if (!queried.length) return result;

  const flag = (facet: FacetName) => sql.raw(`pass_${FACETS.indexOf(facet)}`);
  const flags = active.map((facet) => sql`, ${conditionOf(facet)} as ${flag(facet)}`);
  const narrowing = q
    ? sql` and sm.commitment_id in (select c.id from commitments c where c.space_id = ${spaceId} and c.status = 'published' and ${fullTextSql("c", q)})`
    : sql` and (${sql.join(
        [...subsets.values()].map((others) => sql`(${subsetCondition(others)})`),
        sql` or `,
      )})`;
  const others = (facet: FacetName) => {
    const rest = othersOf(facet).map((candidate) => sql`b.${flag(candidate)}`);
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
        where sm.space_id = ${spaceId}${narrowing}
      )
      ${sql.join(
        queried.map((facet) => branch[facet]),
        sql` union all `,
      )}`,
  );
  for (const row of rows) if (row.key !== null && row.key !== "") result[row.facet][String(row.key)] = Number(row.count);
  return result;
}

/**
 * How many published commitments the list shows. When the stage facet was counted, each commitment has exactly
 * one stage, so the stage counts (stage filter included) give it exactly; a search alone has counted its
 * matches already; otherwise the filters are counted with countMatches (exact up to COUNT_MAX, or an estimate).
 */
export async function browseTotal(db: Database, spaceId: string, filters: BrowseFilters, facets: BrowseFacets, search: SearchPlan | null, now: Date): Promise<ResultCount> {
  if (!facets.uncounted.includes("stage")) {
    const value = filters.stage ? (facets.stage[filters.stage] ?? 0) : Object.values(facets.stage).reduce((sum, count) => sum + count, 0);
    return { value, kind: "exact" };
  }
  const light = await spaceLightSql(db, spaceId, now);
  const conditions = filterConditions(spaceId, filters, light);
  if (search && conditions.length === 1) return search.matches;
  return countMatches(db, spaceId, sql.join(conditions, sql` and `));
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
 * One page of a space's published commitments, by keyset on (sort key, id) for every sort — relevance
 * included: a match's rank is a function of its text and the query, so (rank, published_at, id) is a
 * stable key. The cursor names its sort (and for titles its language); a cursor from another sort is
 * refused rather than giving a wrong page. A search too broad to rank (isRankable) is listed newest first
 * instead of by relevance: `sort` in the result is the one used.
 *
 * The page's ids are found first (the filters, the order and the limit over `commitments` alone, so the
 * recency index stops after one page), then only those rows are joined to their owners and targets.
 */
export async function listPublishedCommitments(
  db: Database,
  spaceId: string,
  options: { filters: BrowseFilters; sort: BrowseSort; locale: Locale; cursor?: string; limit: number; now: Date; search?: SearchPlan | null },
): Promise<{ items: BrowseItem[]; nextCursor: string | null; sort: BrowseSort }> {
  const plan = options.search === undefined ? await planSearch(db, spaceId, options.filters.q) : options.search;
  const q = plan?.q ?? "";
  const sort: BrowseSort = options.sort === "relevance" && !(plan && isRankable(plan)) ? "newest" : options.sort;
  const [light, keyedMode] = await Promise.all([spaceLightSql(db, spaceId, options.now), keyedFiltersForPage(db, spaceId, options.filters)]);
  const conditions = filterConditions(spaceId, { ...options.filters, q }, light, keyedMode);
  const sortTag = sort === "title" ? `title:${options.locale}` : sort;
  const after = decodeCursor(options.cursor, 3);
  if (after && (after[0] !== sortTag || typeof after[1] !== "string" || typeof after[2] !== "string")) throw invalidCursor();
  const rank = searchRank(q);
  if (after) {
    const [, value, id] = after as [string, string, string];
    if (!UUID.test(id)) throw invalidCursor();
    if (sort === "newest" && !TIMESTAMP.test(value)) throw invalidCursor();
    if (sort === "reported" && !DAY.test(value)) throw invalidCursor();
    if (sort === "relevance") {
      const [rankText, published] = value.split("~");
      if (!/^\d+(\.\d+)?(e-?\d+)?$/.test(rankText ?? "") || !TIMESTAMP.test(published ?? "")) throw invalidCursor();
      conditions.push(sql`(${rank}, c.published_at, c.id) < (${rankText}::real, ${published}::timestamptz, ${id}::uuid)`);
    }
    if (sort === "newest") conditions.push(sql`(c.published_at, c.id) < (${value}::timestamptz, ${id}::uuid)`);
    if (sort === "reported") conditions.push(sql`(coalesce(c.last_report_at, '0001-01-01'::date), c.id) < (${value}::date, ${id}::uuid)`);
    if (sort === "title") conditions.push(sql`(${titleSortKey(options.locale)}, c.id) > (${value}, ${id}::uuid)`);
  }
  const publishedText = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
  const sortValue = {
    relevance: sql`(${rank})::text || '~' || ${publishedText("c.published_at")}`,
    newest: publishedText("c.published_at"),
    title: titleSortKey(options.locale),
    reported: sql`to_char(coalesce(c.last_report_at, '0001-01-01'::date), 'YYYY-MM-DD')`,
  }[sort];
  const order = {
    relevance: sql`order by ${rank} desc, c.published_at desc, c.id desc`,
    newest: sql`order by c.published_at desc, c.id desc`,
    title: sql`order by ${titleSortKey(options.locale)}, c.id`,
    reported: sql`order by coalesce(c.last_report_at, '0001-01-01'::date) desc, c.id desc`,
  }[sort];
  // The actor type filter reads the owner (ACTOR_TYPE_SQL): the join is dropped by the planner when unused.
  const rows = await queryRows<BrowseRow>(
    db,
    sql`with page as (
        select c.id, ${sortValue} as sort_value
        from commitments c
        left join organisations o on o.id = c.organisation_id
        where c.space_id = ${spaceId} and c.status = 'published' ${andAll(conditions)}
        ${order} limit ${options.limit + 1}
      )
      select c.id, c.number, c.title, c.countries, c.stage, ${light} as light, c.published_at, c.last_report_at,
        c.organisation_id, o.slug as org_slug, o.name as org_name, ${ACTOR_TYPE_SQL} as actor_type, u.display_name as person_name,
        fi.key as item_key, fi.number as item_number, fi.kind as item_kind, fi.label as item_label, f.key as framework_key, page.sort_value
      from page
      join commitments c on c.id = page.id
      left join organisations o on o.id = c.organisation_id
      left join users u on u.id = c.person_user_id
      left join framework_items fi on fi.id = c.primary_item_id
      left join frameworks f on f.id = fi.framework_id
      ${order}`,
  );
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor = hasMore && last ? encodeCursor([sortTag, String(last.sort_value), last.id]) : null;
  return { items: page.map(toItem), nextCursor, sort };
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
