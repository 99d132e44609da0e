import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { decodeCursor, encodeCursor, invalidCursor } from "../../../platform/api/pagination";
import { DAY_MS } from "../../../platform/clock";
import { countriesInRegion, listRegions } from "../../../platform/countries";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { SearchQuery } from "../../../platform/search/providers";
import { ACTOR_TYPE_KEYS } from "../../organisations/actor-types";
import type { Viewer } from "../../spaces/permissions";
import { visibleSpaceIds } from "../../spaces/queries";
import type { ResourceFields } from "./inputs";
import type { DeadlineKind, ResourceKind, ResourceStatus } from "./schema";

/** Which resources a list covers: one space's, or every one the viewer may see (platform-wide ones included). */
export type ResourceScope = { kind: "space"; spaceId: string } | { kind: "platform" };

export const RESOURCE_STATES = ["open", "closed", "all"] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];
export const FACETS = ["kind", "actorType", "country", "region", "target", "language", "state"] as const;
export type FacetName = (typeof FACETS)[number];
export type ResourceFacets = Record<FacetName, Record<string, number>>;

export type ResourceFilters = {
  kind?: string;
  /** Open to this actor type: funding that names it or names none, and every other resource. */
  actorType?: string;
  /** Concerns this country (or names no country at all). */
  country?: string;
  region?: string;
  target?: string;
  language?: string;
  /** 'open' (the default) leaves out funding whose deadline has passed. */
  state?: ResourceState;
  /** Funding a given organisation may apply for: its actor type is eligible and (when it has one) its country. */
  eligibleFor?: { actorType: string; country: string | null };
  /** Funding with a deadline from today up to and including this day (YYYY-MM-DD): the "closing soon" view. */
  closingBy?: string;
  /** Just this resource (a permalink read through the same visibility rule). */
  id?: string;
  /** The analysed words to find (title, description, funder, programme, tags; both languages through the glossary). */
  search?: SearchQuery | null;
};

/** A resource as lists and pages read it: its stored fields, where it lives, and its state today. */
export type ResourceItem = ResourceFields & {
  id: string;
  spaceId: string | null;
  space: { slug: string; title: LocalizedText } | null;
  status: ResourceStatus;
  suggestedByOrganisationId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** Funding whose deadline has passed (applications closed). */
  isClosed: boolean;
  /** Whole days from today to the deadline (0 = closes today), for funding with a date. */
  daysLeft: number | null;
};

type ResourceRecord = {
  id: string;
  space_id: string | null;
  space_slug: string | null;
  space_title: LocalizedText | null;
  kind: ResourceKind;
  title: LocalizedText;
  description: LocalizedText;
  url: string;
  languages: string[];
  tags: string[];
  target_ids: string[];
  countries: string[];
  funder: string;
  programme: string;
  eligible_actor_types: string[];
  amount_min: string | number | null;
  amount_max: string | number | null;
  currency: string | null;
  deadline_kind: DeadlineKind;
  deadline: string | null;
  apply_url: string | null;
  status: ResourceStatus;
  suggested_by_organisation_id: string | null;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  published_at: Date | string | null;
};

/** The UTC calendar day of a moment, YYYY-MM-DD: deadlines are days, and a deadline day is open until it ends. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day `days` after `today` (YYYY-MM-DD). */
export function dayAfter(today: string, days: number): string {
  return isoDay(new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS));
}

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const asNumber = (value: string | number | null): number | null => (value === null ? null : Number(value));
// The driver may hand back a uuid[] as its text form; both read as a list.
const asList = (value: string[] | string | null): string[] => (Array.isArray(value) ? value : typeof value === "string" ? value.replace(/^\{|\}$/g, "").split(",").filter(Boolean) : []);

function toItem(row: ResourceRecord, today: string): ResourceItem {
  const hasDate = row.deadline_kind === "date" && row.deadline !== null;
  return {
    id: row.id,
    spaceId: row.space_id,
    space: row.space_slug ? { slug: row.space_slug, title: row.space_title ?? {} } : null,
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    languages: asList(row.languages),
    tags: asList(row.tags),
    targetIds: asList(row.target_ids),
    countries: asList(row.countries),
    funder: row.funder,
    programme: row.programme,
    eligibleActorTypes: asList(row.eligible_actor_types),
    amountMin: asNumber(row.amount_min),
    amountMax: asNumber(row.amount_max),
    currency: row.currency,
    deadlineKind: row.deadline_kind,
    deadline: row.deadline,
    applyUrl: row.apply_url,
    status: row.status,
    suggestedByOrganisationId: row.suggested_by_organisation_id,
    createdBy: row.created_by,
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
    publishedAt: row.published_at === null ? null : asDate(row.published_at),
    isClosed: hasDate && row.deadline! < today,
    daysLeft: hasDate ? Math.round((Date.parse(`${row.deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS) : null,
  };
}

const COLUMNS = sql`r.id, r.space_id, s.slug as space_slug, s.title as space_title, r.kind, r.title, r.description, r.url, r.languages, r.tags,
  r.target_ids::text[] as target_ids, r.countries, r.funder, r.programme, r.eligible_actor_types, r.amount_min, r.amount_max, r.currency,
  r.deadline_kind, r.deadline::text as deadline, r.apply_url, r.status, r.suggested_by_organisation_id, r.created_by, r.created_at, r.updated_at, r.published_at`;

/**
 * Published resources the viewer may see: platform-wide ones, and those of spaces the viewer may see that have
 * the knowledge hub switched on (a private space's resources never leave it; drafts and suggestions never list).
 */
function visibleCondition(scope: ResourceScope, viewer: Viewer): SQL {
  const published = sql`r.status = 'published'`;
  if (scope.kind === "space") return sql`${published} and r.space_id = ${scope.spaceId}`;
  return sql`${published} and (r.space_id is null or r.space_id in (select id from spaces where id in ${visibleSpaceIds(viewer)} and 'knowledge' = any(enabled_modules)))`;
}

const CLOSED = (today: string) => sql`(r.deadline_kind = 'date' and r.deadline < ${today}::date)`;

/**
 * A tsquery for the analysed words: every word must match, as itself, a typo correction of it, or a term of a
 * glossary concept it belongs to in either language (so «грант» finds "grant"). Null when nothing is left to find.
 */
export function tsQueryOf(query: SearchQuery): string | null {
  const lexeme = (stem: string) => {
    const clean = stem.replace(/['\\:&|!()<>*]/g, "");
    return clean ? `'${clean}'` : "";
  };
  const groups: string[] = [];
  for (const stem of [...new Set(query.stems)]) {
    const alternatives = new Set<string>([lexeme(stem), ...(query.corrections[stem] ?? []).map(lexeme)]);
    for (const concept of query.concepts) {
      const terms = [...concept.stems.en, ...concept.stems.ru];
      if (!terms.some((term) => term.includes(stem))) continue;
      for (const term of terms) {
        const parts = term.map(lexeme).filter(Boolean);
        if (parts.length) alternatives.add(parts.length === 1 ? parts[0] : `(${parts.join(" & ")})`);
      }
    }
    alternatives.delete("");
    if (alternatives.size) groups.push(`(${[...alternatives].join(" | ")})`);
  }
  return groups.length ? groups.join(" & ") : null;
}

/** The SQL conditions for the filters, leaving out one facet's own (so that facet counts what choosing it would give). */
function filterConditions(filters: ResourceFilters, today: string, except?: FacetName): SQL[] {
  const conditions: SQL[] = [];
  if (filters.id) conditions.push(sql`r.id = ${filters.id}::uuid`);
  if (filters.kind && except !== "kind") conditions.push(sql`r.kind = ${filters.kind}`);
  if (filters.actorType && except !== "actorType") conditions.push(sql`(cardinality(r.eligible_actor_types) = 0 or ${filters.actorType} = any(r.eligible_actor_types))`);
  if (filters.country && except !== "country") conditions.push(sql`(cardinality(r.countries) = 0 or ${filters.country} = any(r.countries))`);
  if (filters.region && except !== "region") conditions.push(sql`(cardinality(r.countries) = 0 or r.countries && ${textArrayLiteral(countriesInRegion(filters.region))}::text[])`);
  if (filters.target && except !== "target") conditions.push(sql`${filters.target}::uuid = any(r.target_ids)`);
  if (filters.language && except !== "language") conditions.push(sql`${filters.language} = any(r.languages)`);
  const state = filters.state ?? "open";
  if (state !== "all" && except !== "state") conditions.push(state === "closed" ? CLOSED(today) : sql`not ${CLOSED(today)}`);
  if (filters.eligibleFor) {
    const { actorType, country } = filters.eligibleFor;
    conditions.push(sql`r.kind = 'funding' and (cardinality(r.eligible_actor_types) = 0 or ${actorType} = any(r.eligible_actor_types))`);
    if (country) conditions.push(sql`(cardinality(r.countries) = 0 or ${country} = any(r.countries))`);
  }
  if (filters.closingBy) conditions.push(sql`r.kind = 'funding' and r.deadline_kind = 'date' and r.deadline between ${today}::date and ${filters.closingBy}::date`);
  if (filters.search) {
    const tsQuery = tsQueryOf(filters.search);
    conditions.push(tsQuery ? sql`r.lexemes @@ to_tsquery('simple', ${tsQuery})` : sql`false`);
  }
  return conditions;
}

const joined = (conditions: SQL[]) => sql.join(conditions, sql` and `);

export type ResourceSort = "newest" | "deadline";

/**
 * One page of a list, by keyset: newest published first, or (the closing-soon view) soonest deadline first.
 * A cursor that does not decode is a 400 (see platform/api/pagination.ts).
 */
export async function listResources(
  db: Database,
  scope: ResourceScope,
  viewer: Viewer,
  options: { filters: ResourceFilters; sort: ResourceSort; now: Date; cursor?: string; limit: number },
): Promise<{ items: ResourceItem[]; nextCursor: string | null }> {
  const today = isoDay(options.now);
  const conditions = [visibleCondition(scope, viewer), ...filterConditions(options.filters, today)];
  const after = decodeCursor(options.cursor, 2);
  if (after) {
    const [first, id] = after.map(String);
    const isValid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) && (options.sort === "deadline" ? /^\d{4}-\d{2}-\d{2}$/.test(first) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(first));
    // A cursor made for the other order, or edited by hand, is refused like any unreadable cursor.
    if (!isValid) throw invalidCursor();
    if (options.sort === "deadline") {
      conditions.push(sql`(r.deadline, r.id) > (${first}::date, ${id}::uuid)`);
    } else {
      conditions.push(sql`(r.published_at, r.id) < (${first}::timestamptz, ${id}::uuid)`);
    }
  }
  const order = options.sort === "deadline" ? sql`r.deadline asc, r.id asc` : sql`r.published_at desc, r.id desc`;
  const rows = await queryRows<ResourceRecord>(
    db,
    sql`select ${COLUMNS} from knowledge_resources r left join spaces s on s.id = r.space_id where ${joined(conditions)} order by ${order} limit ${options.limit + 1}`,
  );
  const items = rows.slice(0, options.limit).map((row) => toItem(row, today));
  const last = items.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor(options.sort === "deadline" ? [last.deadline ?? "", last.id] : [last.publishedAt?.toISOString() ?? "", last.id]) : null;
  return { items, nextCursor };
}

/** How many resources match (for "12 resources"). */
export async function countResources(db: Database, scope: ResourceScope, viewer: Viewer, filters: ResourceFilters, now: Date): Promise<number> {
  const [row] = await queryRows<{ total: number | string }>(
    db,
    sql`select count(*) as total from knowledge_resources r where ${joined([visibleCondition(scope, viewer), ...filterConditions(filters, isoDay(now))])}`,
  );
  return Number(row?.total ?? 0);
}

/**
 * Counts per value of every facet, each under all the other filters. A resource that names no country counts
 * for every country and region (it is open everywhere), one that names no actor type for every actor type.
 */
export async function resourceFacets(db: Database, scope: ResourceScope, viewer: Viewer, filters: ResourceFilters, now: Date): Promise<ResourceFacets> {
  const today = isoDay(now);
  const where = (facet: FacetName) => joined([visibleCondition(scope, viewer), ...filterConditions(filters, today, facet)]);
  const count = async (facet: FacetName, keyed: SQL, join: SQL = sql``): Promise<Record<string, number>> => {
    const rows = await queryRows<{ key: string; total: number | string }>(db, sql`select ${keyed} as key, count(*) as total from knowledge_resources r ${join} where ${where(facet)} group by 1`);
    return Object.fromEntries(rows.map((row) => [row.key, Number(row.total)]));
  };
  const spread = (counts: Record<string, number>, keys: string[]) => {
    const everywhere = counts["*"] ?? 0;
    delete counts["*"];
    for (const key of keys) counts[key] = (counts[key] ?? 0) + everywhere;
    return Object.fromEntries(Object.entries(counts).filter(([, total]) => total > 0));
  };
  const regions = listRegions("en").map((region) => ({ code: region.code, members: countriesInRegion(region.code) })).filter((region) => region.members.length > 0);
  const regionValues = sql.join(
    regions.map((region) => sql`(${region.code}, ${textArrayLiteral(region.members)}::text[])`),
    sql`, `,
  );
  const [kind, actorType, country, region, target, language, state] = await Promise.all([
    count("kind", sql`r.kind`),
    count("actorType", sql`f.key`, sql`cross join lateral unnest(case when cardinality(r.eligible_actor_types) = 0 then array['*'] else r.eligible_actor_types end) as f(key)`),
    count("country", sql`f.key`, sql`cross join lateral unnest(case when cardinality(r.countries) = 0 then array['*'] else r.countries end) as f(key)`),
    // Regions some resource names explicitly (plus "*" for the worldwide ones, added to each below), so the
    // filter offers the regions resources are about rather than every region of the world.
    count("region", sql`case when cardinality(r.countries) = 0 then '*' else g.code end`, sql`left join (values ${regionValues}) as g(code, members) on r.countries && g.members`),
    count("target", sql`f.key`, sql`cross join lateral unnest(r.target_ids::text[]) as f(key)`),
    count("language", sql`f.key`, sql`cross join lateral unnest(r.languages) as f(key)`),
    count("state", sql`case when ${CLOSED(today)} then 'closed' else 'open' end`),
  ]);
  return {
    kind,
    actorType: spread(actorType, [...ACTOR_TYPE_KEYS]),
    // Countries named by some resource are offered; worldwide ones add to each of them.
    country: spread(country, Object.keys(country).filter((key) => key !== "*")),
    // Countries outside every M49 region (Antarctica) have no region to count for.
    region: spread(Object.fromEntries(Object.entries(region).filter(([key]) => key !== "null")), Object.keys(region).filter((key) => key !== "*" && key !== "null")),
    target,
    language,
    state,
  };
}

/**
 * One resource as the viewer may see it: published ones of a visible scope for everyone; drafts and suggestions
 * only for those `canSeeUnpublished` allows (the space's coordinators, the suggesting organisation's members).
 */
export async function findResource(db: Database, id: string, now: Date): Promise<ResourceItem | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await queryRows<ResourceRecord>(db, sql`select ${COLUMNS} from knowledge_resources r left join spaces s on s.id = r.space_id where r.id = ${id}`);
  return row ? toItem(row, isoDay(now)) : undefined;
}

/** Drafts and suggestions of a scope, newest first, for its managers' list (at most `limit`). */
export async function listUnpublishedResources(db: Database, spaceId: string | null, now: Date, limit = 200): Promise<ResourceItem[]> {
  const rows = await queryRows<ResourceRecord>(
    db,
    sql`select ${COLUMNS} from knowledge_resources r left join spaces s on s.id = r.space_id
      where r.status <> 'published' and ${spaceId === null ? sql`r.space_id is null` : sql`r.space_id = ${spaceId}`}
      order by case r.status when 'submitted' then 0 else 1 end, r.updated_at desc, r.id limit ${limit}`,
  );
  return rows.map((row) => toItem(row, isoDay(now)));
}

/** Framework items by id with their framework, for labels of target choices (the platform-wide list spans spaces). */
export async function targetRefs(db: Database, ids: string[]): Promise<{ id: string; key: string; number: string | null; kind: string; label: LocalizedText; frameworkKey: string; frameworkName: LocalizedText }[]> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!valid.length) return [];
  return queryRows(
    db,
    sql`select i.id, i.key, i.number, i.kind, i.label, f.key as "frameworkKey", f.name as "frameworkName"
      from framework_items i join frameworks f on f.id = i.framework_id
      where i.id = any(${textArrayLiteral(valid)}::uuid[]) order by f.key, i.position, i.key`,
  );
}

/**
 * Site-wide search: published resources the viewer may see that match every word of the query (see tsQueryOf),
 * best first (a match in the title ranks higher), with the total number of matches.
 */
export async function searchResources(db: Database, query: SearchQuery, viewer: Viewer, now: Date, limit: number): Promise<{ items: (ResourceItem & { rank: number })[]; total: number }> {
  const tsQuery = tsQueryOf(query);
  if (!tsQuery) return { items: [], total: 0 };
  const scope: ResourceScope = query.spaceId ? { kind: "space", spaceId: query.spaceId } : { kind: "platform" };
  // A space-level search still obeys the space's visibility: the space must be one the viewer may see.
  const where = joined([
    visibleCondition({ kind: "platform" }, viewer),
    ...(scope.kind === "space" ? [sql`r.space_id = ${scope.spaceId}`] : []),
    sql`r.lexemes @@ to_tsquery('simple', ${tsQuery})`,
  ]);
  const [rows, [counted]] = await Promise.all([
    queryRows<ResourceRecord & { rank: number | string }>(
      db,
      sql`select ${COLUMNS}, ts_rank(r.lexemes, to_tsquery('simple', ${tsQuery})) as rank
        from knowledge_resources r left join spaces s on s.id = r.space_id where ${where}
        order by rank desc, r.published_at desc, r.id limit ${limit}`,
    ),
    queryRows<{ total: number | string }>(db, sql`select count(*) as total from knowledge_resources r where ${where}`),
  ]);
  const today = isoDay(now);
  return { items: rows.map((row) => ({ ...toItem(row, today), rank: Number(row.rank) })), total: Number(counted?.total ?? 0) };
}
