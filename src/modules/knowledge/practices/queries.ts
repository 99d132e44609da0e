import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { decodeCursor, encodeCursor, invalidCursor } from "../../../platform/api/pagination";
import { notFound } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { contentStems } from "../../../platform/search/analyzer";
import { listGoodPractices, type GoodPracticeCursor, type GoodPracticeFilter, type GoodPracticeListItem } from "../../consultations/good-practices";
import type { PracticeKind } from "../../consultations/schema";
import { canActForOrganisation, organisationsOfUser } from "../../organisations/queries";
import { organisations } from "../../organisations/schema";
import type { Viewer } from "../../spaces/permissions";
import { visibleSpaceIds } from "../../spaces/queries";
import { shippedGlossary } from "../glossary/load";
import { knowledgePractices, type PracticeLink, type PracticeRow, type PracticeStatus, type PracticeTarget } from "./schema";
import { matchesTerms, termsCondition, type QueryTerm } from "./text-search";

/** Where a practice in the compilation comes from: submitted directly, or tagged in a consultation. */
export type PracticeSource = "submission" | "consultation";

/** One good practice as the compilation lists it, whichever its source. */
export type PracticeListItem = {
  id: string;
  source: PracticeSource;
  kind: PracticeKind;
  title: LocalizedText;
  summary: LocalizedText;
  results: LocalizedText;
  language: string;
  countries: string[];
  regions: string[];
  targets: PracticeTarget[];
  actorTypes: string[];
  links: PracticeLink[];
  organisation: { slug: string; name: LocalizedText; actorType: string } | null;
  space: { slug: string; title: LocalizedText };
  /** The practice's page (a submission) or the contribution it was tagged on (relative to the site). */
  url: string;
  /** The relay contact form for a submitted practice; null for a tagged one (its contribution is the place to reply). */
  contactUrl: string | null;
  consultation: { title: LocalizedText; contributionNumber: number } | null;
  publishedAt: Date;
  updatedAt: Date;
};

/** The list's filters; an empty string means "any". */
export type PracticeFilters = { kind: string; country: string; region: string; target: string; actorType: string; language: string };
export const NO_FILTERS: PracticeFilters = { kind: "", country: "", region: "", target: "", actorType: "", language: "" };

/** What a list is asked: one space (already checked visible) or every space the viewer may see, filters and search terms. */
export type PracticeQuery = { viewer: Viewer; spaceId: string | null; filters: PracticeFilters; terms: QueryTerm[] };

export type FacetCount = { key: string; count: number };
export type PracticeFacets = {
  total: number;
  kind: FacetCount[];
  country: FacetCount[];
  region: FacetCount[];
  target: (FacetCount & { framework: string; number: string | null; label: LocalizedText })[];
  actorType: FacetCount[];
  language: FacetCount[];
};

/** Longest facet lists shown (the most frequent values first). */
const FACET_LIMIT = 60;

export const practicePath = (spaceSlug: string, id: string) => `/spaces/${spaceSlug}/knowledge/practices/${id}`;
export const contactPath = (id: string) => `/contact/practice/${id}`;

// ---- directly submitted practices (SQL) ---------------------------------------------------------------------

/** The WHERE of published submissions for a list (the table aliased `p`). */
function submissionCondition(query: PracticeQuery): SQL {
  const { filters } = query;
  // The space's visibility is checked here too, even when the caller already has (a search provider is handed a
  // space id by the search page): a private space's practices never leave it.
  const parts: SQL[] = [sql`p.status = 'published'`, sql`p.space_id in ${visibleSpaceIds(query.viewer)}`];
  if (query.spaceId) parts.push(sql`p.space_id = ${query.spaceId}`);
  if (filters.kind) parts.push(sql`p.kind = ${filters.kind}`);
  if (filters.language) parts.push(sql`p.language = ${filters.language}`);
  if (filters.country) parts.push(sql`p.countries @> array[${filters.country}]::text[]`);
  if (filters.region) parts.push(sql`p.regions @> array[${filters.region}]::text[]`);
  if (filters.target) parts.push(sql`p.target_keys @> array[${filters.target}]::text[]`);
  if (filters.actorType) parts.push(sql`p.actor_types @> array[${filters.actorType}]::text[]`);
  if (query.terms.length) parts.push(termsCondition(query.terms));
  return sql.join(parts, sql` and `);
}

type SubmissionRow = {
  id: string;
  kind: PracticeKind;
  title: LocalizedText;
  summary: LocalizedText;
  results: LocalizedText;
  language: string;
  countries: string[];
  regions: string[];
  actor_types: string[];
  targets: PracticeTarget[];
  links: PracticeLink[];
  published_at: Date | string;
  updated_at: Date | string;
  space_slug: string;
  space_title: LocalizedText;
  organisation_slug: string;
  organisation_name: LocalizedText;
  organisation_actor_type: string;
};

const SUBMISSION_COLUMNS = sql`p.id, p.kind, p.title, p.summary, p.results, p.language, p.countries, p.regions, p.actor_types, p.targets, p.links, p.published_at, p.updated_at,
  s.slug as space_slug, s.title as space_title, o.slug as organisation_slug, o.name as organisation_name, o.actor_type as organisation_actor_type`;

function submissionItem(row: SubmissionRow): PracticeListItem {
  return {
    id: row.id,
    source: "submission",
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    results: row.results,
    language: row.language,
    countries: row.countries,
    regions: row.regions,
    targets: row.targets,
    actorTypes: row.actor_types,
    links: row.links,
    organisation: { slug: row.organisation_slug, name: row.organisation_name, actorType: row.organisation_actor_type },
    space: { slug: row.space_slug, title: row.space_title },
    url: practicePath(row.space_slug, row.id),
    contactUrl: contactPath(row.id),
    consultation: null,
    publishedAt: new Date(row.published_at),
    updatedAt: new Date(row.updated_at),
  };
}

// ---- practices tagged in consultations (through the consultations module) -----------------------------------

type Analysed = { stems: Set<string>; concepts: Set<string> };
// Tagged practices are analysed when first listed and kept while unchanged (keyed by id and last change).
const analysed = new Map<string, Analysed>();
const ANALYSED_LIMIT = 20_000;

function analyseTagged(practice: GoodPracticeListItem): Analysed {
  const key = `${practice.id}:${practice.updatedAt.getTime()}`;
  let found = analysed.get(key);
  if (!found) {
    const text = [...Object.values(practice.title), ...Object.values(practice.description)].filter(Boolean).join(". ");
    found = { stems: new Set(contentStems(text)), concepts: new Set(shippedGlossary().conceptsInText(text)) };
    if (analysed.size >= ANALYSED_LIMIT) analysed.clear();
    analysed.set(key, found);
  }
  return found;
}

function taggedItem(practice: GoodPracticeListItem): PracticeListItem {
  return {
    id: practice.id,
    source: "consultation",
    kind: practice.kind,
    title: practice.title,
    summary: practice.description,
    results: {},
    language: practice.language,
    countries: [],
    regions: [],
    targets: [],
    actorTypes: practice.organisation ? [practice.organisation.actorType] : [],
    links: [],
    organisation: practice.organisation ? { slug: practice.organisation.slug, name: practice.organisation.name, actorType: practice.organisation.actorType } : null,
    space: { slug: practice.space.slug, title: practice.space.title },
    url: practice.source.url,
    contactUrl: null,
    consultation: { title: practice.source.consultationTitle, contributionNumber: practice.source.contributionNumber },
    publishedAt: practice.createdAt,
    updatedAt: practice.updatedAt,
  };
}

/** The consultations module's filter for the tagged practices of a query (those it can apply in SQL). */
function taggedFilter(query: PracticeQuery): GoodPracticeFilter {
  const { filters } = query;
  return {
    ...(query.spaceId ? { spaceId: query.spaceId } : {}),
    ...(filters.kind ? { kind: filters.kind as PracticeKind } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.actorType ? { actorType: filters.actorType } : {}),
  };
}

/**
 * Tagged practices matching the filters, newest first, after `after` when given, read from the consultations
 * module a bounded page at a time (the words are matched here, on each practice's analysed text). A tagged
 * practice names no countries or framework targets (the facilitator tags a kind only), so a country, region or
 * target filter leaves them out.
 */
async function* eachTagged(db: Database, query: PracticeQuery, after?: GoodPracticeCursor, batch = TAGGED_BATCH): AsyncGenerator<PracticeListItem> {
  const { filters } = query;
  if (filters.country || filters.region || filters.target) return;
  let cursor = after;
  for (;;) {
    const rows = await listGoodPractices(db, query.viewer, taggedFilter(query), { ...(cursor ? { after: cursor } : {}), limit: batch });
    for (const row of rows) if (!query.terms.length || matchesTerms(query.terms, analyseTagged(row))) yield taggedItem(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < batch) return;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}
const TAGGED_BATCH = 200;

/** The first `count` tagged practices matching the query after `after` (fewer when there are no more). */
async function taggedPage(db: Database, query: PracticeQuery, after: GoodPracticeCursor | undefined, count: number): Promise<PracticeListItem[]> {
  const found: PracticeListItem[] = [];
  if (count <= 0) return found;
  for await (const item of eachTagged(db, query, after, Math.min(Math.max(count, 20), TAGGED_BATCH))) {
    found.push(item);
    if (found.length >= count) break;
  }
  return found;
}

// ---- the compilation ----------------------------------------------------------------------------------------

const newestFirst = (a: PracticeListItem, b: PracticeListItem) => b.publishedAt.getTime() - a.publishedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * One page of the compilation, newest first, with keyset pagination on (published, id) across both sources:
 * the submissions' page comes from an index, the tagged practices' page (read after the same cursor, by their
 * tagging time) is merged in. A tampered cursor is a 400.
 */
export async function listPractices(db: Database, query: PracticeQuery, page: { cursor?: string; limit: number }): Promise<{ items: PracticeListItem[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, 2) as [string, string] | undefined;
  const afterDate = after ? new Date(after[0]) : null;
  if (after && (Number.isNaN(afterDate!.getTime()) || !/^[0-9a-f-]{36}$/i.test(after[1]))) throw invalidCursor();
  const keyset = after ? sql` and (p.published_at, p.id) < (${afterDate!.toISOString()}::timestamptz, ${after[1]}::uuid)` : sql``;
  const [rows, tagged] = await Promise.all([
    queryRows<SubmissionRow>(
      db,
      sql`select ${SUBMISSION_COLUMNS}
        from knowledge_practices p join spaces s on s.id = p.space_id join organisations o on o.id = p.organisation_id
        where ${submissionCondition(query)}${keyset}
        order by p.published_at desc, p.id desc
        limit ${page.limit + 1}`,
    ),
    // A tagged practice's place in the list is its tagging time, so the same cursor pages both sources.
    taggedPage(db, query, after ? { createdAt: afterDate!, id: after[1] } : undefined, page.limit + 1),
  ]);
  const merged = [...rows.map(submissionItem), ...tagged].sort(newestFirst);
  const items = merged.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: merged.length > page.limit && last ? encodeCursor([last.publishedAt.toISOString(), last.id]) : null };
}

/** Every practice of a list, page by page (for exports: never the whole list in one statement). */
export async function* eachPractice(db: Database, query: PracticeQuery, batch = 200): AsyncGenerator<PracticeListItem> {
  let cursor: string | undefined;
  do {
    const page = await listPractices(db, query, { cursor, limit: batch });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Counts per kind, actor type and language of the tagged practices matching the query, read page by page. */
async function countTagged(db: Database, query: PracticeQuery): Promise<Record<"kind" | "actorType" | "language", FacetCount[]>> {
  const counts = { kind: new Map<string, number>(), actorType: new Map<string, number>(), language: new Map<string, number>() };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for await (const item of eachTagged(db, query)) {
    add(counts.kind, item.kind);
    add(counts.language, item.language);
    for (const actorType of item.actorTypes) add(counts.actorType, actorType);
  }
  const list = (map: Map<string, number>) => [...map].map(([key, count]) => ({ key, count }));
  return { kind: list(counts.kind), actorType: list(counts.actorType), language: list(counts.language) };
}

function mergeCounts(...lists: FacetCount[][]): FacetCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const { key, count } of list) counts.set(key, (counts.get(key) ?? 0) + count);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, FACET_LIMIT);
}

/** Counts per facet value of the practices matching the current filters and search (both sources). */
export async function practiceFacets(db: Database, query: PracticeQuery): Promise<PracticeFacets> {
  const where = submissionCondition(query);
  const grouped = (expression: SQL, from: SQL = sql``) =>
    queryRows<{ key: string; count: number }>(
      db,
      sql`select ${expression} as key, count(*)::int as count from knowledge_practices p${from} where ${where} group by 1 order by 2 desc, 1 limit ${FACET_LIMIT}`,
    );
  const [kind, language, country, region, actorType, target, tagged] = await Promise.all([
    grouped(sql`p.kind`),
    grouped(sql`p.language`),
    grouped(sql`c.value`, sql` cross join unnest(p.countries) as c(value)`),
    grouped(sql`r.value`, sql` cross join unnest(p.regions) as r(value)`),
    grouped(sql`a.value`, sql` cross join unnest(p.actor_types) as a(value)`),
    queryRows<{ key: string; framework: string; number: string | null; label: LocalizedText; count: number }>(
      db,
      sql`select t.value->>'framework' || ':' || (t.value->>'key') as key, min(t.value->>'framework') as framework, min(t.value->>'number') as number,
          (array_agg(t.value->'label'))[1] as label, count(*)::int as count
        from knowledge_practices p cross join jsonb_array_elements(p.targets) as t(value)
        where ${where} group by 1 order by 5 desc, 1 limit ${FACET_LIMIT}`,
    ),
    countTagged(db, query),
  ]);
  const kinds = mergeCounts(kind, tagged.kind);
  return {
    total: kinds.reduce((sum, entry) => sum + entry.count, 0),
    kind: kinds,
    country: mergeCounts(country),
    region: mergeCounts(region),
    target: target.map((row) => ({ ...row, count: Number(row.count) })),
    actorType: mergeCounts(actorType, tagged.actorType),
    language: mergeCounts(language, tagged.language),
  };
}

// ---- one practice, the review queue, the submitter's own ------------------------------------------------------

/** A submitted practice with what its page needs, whatever its status (the caller decides who may see it). */
export type PracticeDetail = PracticeListItem & { row: PracticeRow };

/** A submission by id within a space (any status), or undefined. */
export async function findSubmission(db: Database, spaceId: string, id: string): Promise<PracticeDetail | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [found] = await queryRows<SubmissionRow>(
    db,
    sql`select ${SUBMISSION_COLUMNS}
      from knowledge_practices p join spaces s on s.id = p.space_id join organisations o on o.id = p.organisation_id
      where p.id = ${id} and p.space_id = ${spaceId}`,
  );
  if (!found) return undefined;
  const [row] = await db.select().from(knowledgePractices).where(eq(knowledgePractices.id, id)).limit(1);
  // Not published yet: the submission date stands in where the page shows a date.
  const item = submissionItem({ ...found, published_at: found.published_at ?? row.submittedAt });
  return { ...item, row };
}

/** A practice tagged in a consultation of the space that the viewer may see, or undefined. */
export async function findTagged(db: Database, viewer: Viewer, spaceId: string, id: string): Promise<PracticeListItem | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [found] = await listGoodPractices(db, viewer, { spaceId, id }, { limit: 1 });
  return found ? taggedItem(found) : undefined;
}

/**
 * Who may see a submission that is not published: its organisation's members (the submitter among them), the
 * space's coordinators and platform admins (`isReviewer`). Everyone else gets the same 404 as for no practice.
 */
export async function assertCanSeeSubmission(db: Database, viewer: Viewer, practice: PracticeDetail, isReviewer: boolean): Promise<{ isOwner: boolean }> {
  const isOwner = viewer ? await canActForOrganisation(db, viewer.id, practice.row.organisationId) : false;
  if (practice.row.status !== "published" && !isOwner && !isReviewer) throw notFound();
  return { isOwner };
}

export type QueueItem = { id: string; title: LocalizedText; kind: PracticeKind; organisationName: LocalizedText; submittedAt: Date; screeningTerms: string[] };

/** Practices waiting for a decision in a space, the longest-waiting first (bounded). */
export async function reviewQueue(db: Database, spaceId: string, limit = 200): Promise<QueueItem[]> {
  return db
    .select({
      id: knowledgePractices.id,
      title: knowledgePractices.title,
      kind: knowledgePractices.kind,
      organisationName: organisations.name,
      submittedAt: knowledgePractices.submittedAt,
      screeningTerms: knowledgePractices.screeningTerms,
    })
    .from(knowledgePractices)
    .innerJoin(organisations, eq(organisations.id, knowledgePractices.organisationId))
    .where(and(eq(knowledgePractices.spaceId, spaceId), eq(knowledgePractices.status, "submitted")))
    .orderBy(asc(knowledgePractices.submittedAt), asc(knowledgePractices.id))
    .limit(limit);
}

/** How many practices wait for review in a space. */
export async function pendingCount(db: Database, spaceId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from knowledge_practices where space_id = ${spaceId} and status = 'submitted'`);
  return Number(row?.count ?? 0);
}

export type OwnPractice = { id: string; title: LocalizedText; status: PracticeStatus; reviewReason: string; submittedAt: Date };

/** The practices of the person's organisations in a space that are not published yet (their own to follow). */
export async function ownUnpublished(db: Database, spaceId: string, userId: string, limit = 50): Promise<OwnPractice[]> {
  const organisationIds = (await organisationsOfUser(db, userId)).map((organisation) => organisation.id);
  if (!organisationIds.length) return [];
  return db
    .select({ id: knowledgePractices.id, title: knowledgePractices.title, status: knowledgePractices.status, reviewReason: knowledgePractices.reviewReason, submittedAt: knowledgePractices.submittedAt })
    .from(knowledgePractices)
    .where(and(eq(knowledgePractices.spaceId, spaceId), inArray(knowledgePractices.organisationId, organisationIds), sql`${knowledgePractices.status} <> 'published'`))
    .orderBy(sql`${knowledgePractices.submittedAt} desc`)
    .limit(limit);
}

/** An organisation's published practices in the spaces the viewer may see, newest first (bounded), for its page. */
export async function organisationPractices(db: Database, viewer: Viewer, organisationId: string, limit = 20): Promise<PracticeListItem[]> {
  const rows = await queryRows<SubmissionRow>(
    db,
    sql`select ${SUBMISSION_COLUMNS}
      from knowledge_practices p join spaces s on s.id = p.space_id join organisations o on o.id = p.organisation_id
      where p.organisation_id = ${organisationId} and p.status = 'published' and p.space_id in ${visibleSpaceIds(viewer)}
      order by p.published_at desc, p.id desc
      limit ${limit}`,
  );
  return rows.map(submissionItem);
}

/**
 * Who the relay form `/contact/practice/:id` reaches, for the relay kind "practice": the practice's contact
 * person, or — when that account is gone — the organisation's admins. Undefined (a 404 for the form) unless the
 * practice is published in a space the viewer may see. User ids only: the relay looks up addresses itself and
 * never shows them.
 */
export async function practiceRelayTarget(db: Database, viewer: Viewer, id: string): Promise<{ recipientUserIds: string[]; title: LocalizedText; spaceId: string } | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await queryRows<{ contact_user_id: string | null; organisation_id: string; title: LocalizedText; space_id: string }>(
    db,
    sql`select p.contact_user_id, p.organisation_id, p.title, p.space_id from knowledge_practices p
      where p.id = ${id} and p.status = 'published' and p.space_id in ${visibleSpaceIds(viewer)}`,
  );
  if (!row) return undefined;
  const recipientUserIds = row.contact_user_id
    ? [row.contact_user_id]
    : (await queryRows<{ user_id: string }>(db, sql`select user_id from organisation_members where organisation_id = ${row.organisation_id} and role = 'admin' order by created_at`)).map((member) => member.user_id);
  return { recipientUserIds, title: row.title, spaceId: row.space_id };
}
