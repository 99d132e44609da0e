import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike, queryRows } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { organisations } from "../organisations/schema";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { Viewer } from "../spaces/permissions";
import { frameworkItems, frameworks } from "../spaces/schema";
import { statusLight, type StatusLight } from "./status-light";
import {
  commitmentSpaceSettings,
  commitmentIndicators,
  commitmentPartners,
  commitments,
  commitmentTargets,
  progressReports,
  progressValues,
  type CommitmentLink,
  type CommitmentStage,
  type CommitmentStatus,
  type IndicatorDirection,
  type CommitmentProfile,
} from "./schema";

// Open data is the published commitments of spaces the caller may see. Everything here filters on
// status = 'published': drafts, submissions under review, returned and withdrawn commitments never leave,
// except through getOpenCommitment's explicit owner read, whose caller checks the viewer's rights.

export type OpenTarget = { frameworkKey: string; key: string; number: string | null; label: LocalizedText; isPrimary: boolean };
export type OpenIndicator = {
  name: LocalizedText;
  unit: string;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  direction: IndicatorDirection;
  latestValue: number | null;
};
export type OpenPartner = { name: string; organisationSlug: string | null; role: string };
export type OpenProgress = { reportDate: string; stage: CommitmentStage; percentComplete: number | null; narrative: LocalizedText; evidenceLinks: CommitmentLink[] };
export type OpenOwner = { kind: "organisation" | "person"; name: LocalizedText; slug: string | null; actorType: string | null; country: string | null };

/** A published commitment with everything open data shows about it. */
export type OpenCommitment = CommitmentProfile & {
  id: string;
  number: number;
  spaceSlug: string;
  owner: OpenOwner;
  targets: OpenTarget[];
  /** Always published, but for getOpenCommitment's owner read. */
  status: CommitmentStatus;
  indicators: OpenIndicator[];
  partners: OpenPartner[];
  fundingAmount: number | null;
  /** Only the contacts their author marked public. */
  contacts: { name: string; email: string; role: string }[];
  publishedAt: Date;
  updatedAt: Date;
  lastReportAt: string | null;
  latestProgress: OpenProgress | null;
  /** Reporting health by the space's thresholds (status-light.ts). */
  statusLight: StatusLight;
};

/** The space an open-data read is about, and the moment it is made (status lights depend on it). */
export type OpenScope = { id: string; slug: string; now: Date };

export type OpenDataFilters = { target?: string; framework?: string; country?: string; stage?: CommitmentStage; q?: string; isPartnerDisplayOnly?: boolean };

/**
 * The space behind an open-data URL: 404 when the viewer may not see it (private spaces look exactly
 * like missing ones) or when the space does not use commitments.
 */
export async function openDataSpace(db: Database, slug: string, viewer: Viewer): Promise<ViewedSpace> {
  const space = await getSpaceForViewer(db, slug, viewer);
  if (!space.enabledModules.includes("commitments")) throw notFound();
  return space;
}

// A person's name is not translated: the same in every language, so no "shown in" marker appears.
const personName = (name: string | null): LocalizedText => (name ? Object.fromEntries(LOCALE_CODES.map((code) => [code, name])) : {});

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

function filterConditions(spaceId: string, filters: OpenDataFilters): SQL[] {
  const conditions: SQL[] = [eq(commitments.spaceId, spaceId), eq(commitments.status, "published")];
  // Columns are written with their table name: inside the subqueries an unqualified "id" would be ambiguous.
  if (filters.target) {
    conditions.push(sql`exists (select 1 from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id
      where ct.commitment_id = "commitments"."id" and fi.key = ${filters.target})`);
  }
  if (filters.framework) {
    conditions.push(sql`exists (select 1 from commitment_targets ct join framework_items fi on fi.id = ct.framework_item_id
      join frameworks f on f.id = fi.framework_id where ct.commitment_id = "commitments"."id" and f.key = ${filters.framework})`);
  }
  if (filters.country) conditions.push(sql`"commitments"."countries" @> array[${filters.country}]::text[]`);
  if (filters.stage) conditions.push(eq(commitments.stage, filters.stage));
  if (filters.isPartnerDisplayOnly) conditions.push(eq(commitments.isPartnerDisplayAllowed, true));
  const q = filters.q?.trim();
  if (q) {
    conditions.push(sql`("commitments"."search_vector" @@ websearch_to_tsquery('english', ${q})
      or "commitments"."search_vector" @@ websearch_to_tsquery('russian', ${q})
      or "commitments"."search_text" ilike ${`%${escapeLike(q)}%`})`);
  }
  return conditions;
}

const baseColumns = {
  id: commitments.id,
  number: commitments.number,
  template: commitments.template,
  title: commitments.title,
  description: commitments.description,
  themes: commitments.themes,
  coverage: commitments.coverage,
  countries: commitments.countries,
  regions: commitments.regions,
  locationNote: commitments.locationNote,
  startDate: commitments.startDate,
  endDate: commitments.endDate,
  isOpenEnded: commitments.isOpenEnded,
  reviewDate: commitments.reviewDate,
  stage: commitments.stage,
  status: commitments.status,
  contacts: commitments.contacts,
  targetAudience: commitments.targetAudience,
  scale: commitments.scale,
  expectedImpact: commitments.expectedImpact,
  fundingSource: commitments.fundingSource,
  fundingSufficiency: commitments.fundingSufficiency,
  fundingAmount: commitments.fundingAmount,
  fundingCurrency: commitments.fundingCurrency,
  links: commitments.links,
  isPartnerDisplayAllowed: commitments.isPartnerDisplayAllowed,
  intendsToReport: commitments.intendsToReport,
  publishedAt: commitments.publishedAt,
  updatedAt: commitments.updatedAt,
  lastReportAt: commitments.lastReportAt,
  organisationName: organisations.name,
  organisationSlug: organisations.slug,
  organisationActorType: organisations.actorType,
  organisationCountry: organisations.country,
  personName: users.displayName,
};

function selectBase(db: Database) {
  return db
    .select(baseColumns)
    .from(commitments)
    .leftJoin(organisations, eq(organisations.id, commitments.organisationId))
    .leftJoin(users, eq(users.id, commitments.personUserId));
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof selectBase>["execute"]>>[number];

/** Fills in targets, indicators, partners and the latest report for rows of one space, in four queries. */
async function complete(db: Database, scope: OpenScope, rows: BaseRow[]): Promise<OpenCommitment[]> {
  if (!rows.length) return [];
  const spaceSlug = scope.slug;
  const [settings] = await db
    .select({ greenMonths: commitmentSpaceSettings.greenMonths, redMonths: commitmentSpaceSettings.redMonths })
    .from(commitmentSpaceSettings)
    .where(eq(commitmentSpaceSettings.spaceId, scope.id));
  const thresholds = settings ?? { greenMonths: 12, redMonths: 24 };
  const ids = rows.map((row) => row.id);
  const [targets, indicators, partners, reports] = await Promise.all([
    db
      .select({ commitmentId: commitmentTargets.commitmentId, isPrimary: commitmentTargets.isPrimary, key: frameworkItems.key, number: frameworkItems.number, label: frameworkItems.label, frameworkKey: frameworks.key })
      .from(commitmentTargets)
      .innerJoin(frameworkItems, eq(frameworkItems.id, commitmentTargets.frameworkItemId))
      .innerJoin(frameworks, eq(frameworks.id, frameworkItems.frameworkId))
      .where(inArray(commitmentTargets.commitmentId, ids))
      .orderBy(desc(commitmentTargets.isPrimary), asc(frameworks.key), asc(frameworkItems.position), asc(frameworkItems.key)),
    db.select().from(commitmentIndicators).where(inArray(commitmentIndicators.commitmentId, ids)).orderBy(asc(commitmentIndicators.position)),
    db
      .select({ commitmentId: commitmentPartners.commitmentId, name: commitmentPartners.name, role: commitmentPartners.role, organisationSlug: organisations.slug, organisationName: organisations.name })
      .from(commitmentPartners)
      .leftJoin(organisations, eq(organisations.id, commitmentPartners.organisationId))
      .where(inArray(commitmentPartners.commitmentId, ids))
      .orderBy(asc(commitmentPartners.position)),
    db
      .selectDistinctOn([progressReports.commitmentId])
      .from(progressReports)
      .where(inArray(progressReports.commitmentId, ids))
      .orderBy(progressReports.commitmentId, desc(progressReports.reportDate), desc(progressReports.createdAt)),
  ]);
  const indicatorIds = indicators.map((indicator) => indicator.id);
  const latestValues = new Map<string, number>();
  if (indicatorIds.length) {
    const values = await db
      .selectDistinctOn([progressValues.indicatorId], { indicatorId: progressValues.indicatorId, value: progressValues.value })
      .from(progressValues)
      .innerJoin(progressReports, eq(progressReports.id, progressValues.reportId))
      .where(inArray(progressValues.indicatorId, indicatorIds))
      .orderBy(progressValues.indicatorId, desc(progressReports.reportDate), desc(progressReports.createdAt));
    for (const value of values) latestValues.set(value.indicatorId, Number(value.value));
  }
  const group = <T extends { commitmentId: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.commitmentId, [...(map.get(item.commitmentId) ?? []), item]);
    return map;
  };
  const targetsBy = group(targets);
  const indicatorsBy = group(indicators);
  const partnersBy = group(partners);
  const reportBy = new Map(reports.map((report) => [report.commitmentId, report]));

  return rows.map((row) => {
    const report = reportBy.get(row.id);
    const isOrganisation = row.organisationSlug !== null;
    return {
      id: row.id,
      number: row.number,
      spaceSlug,
      template: row.template,
      title: row.title,
      description: row.description,
      owner: isOrganisation
        ? { kind: "organisation", name: row.organisationName ?? {}, slug: row.organisationSlug, actorType: row.organisationActorType, country: row.organisationCountry }
        : { kind: "person", name: personName(row.personName), slug: null, actorType: null, country: null },
      targets: (targetsBy.get(row.id) ?? []).map((target) => ({ frameworkKey: target.frameworkKey, key: target.key, number: target.number, label: target.label, isPrimary: target.isPrimary })),
      themes: row.themes,
      coverage: row.coverage,
      countries: row.countries,
      regions: row.regions,
      locationNote: row.locationNote,
      startDate: row.startDate,
      endDate: row.endDate,
      isOpenEnded: row.isOpenEnded,
      reviewDate: row.reviewDate,
      stage: row.stage,
      status: row.status,
      indicators: (indicatorsBy.get(row.id) ?? []).map((indicator) => ({
        name: indicator.name,
        unit: indicator.unit,
        baselineValue: toNumber(indicator.baselineValue),
        baselineDate: indicator.baselineDate,
        targetValue: toNumber(indicator.targetValue),
        targetDate: indicator.targetDate,
        direction: indicator.direction,
        latestValue: latestValues.get(indicator.id) ?? null,
      })),
      partners: (partnersBy.get(row.id) ?? []).map((partner) => ({
        // A partner on the platform is named by its organisation (the stored name may be empty).
        name: partner.name || Object.values(partner.organisationName ?? {}).find(Boolean) || "",
        organisationSlug: partner.organisationSlug,
        role: partner.role,
      })),
      targetAudience: row.targetAudience,
      scale: row.scale,
      expectedImpact: row.expectedImpact,
      fundingSource: row.fundingSource,
      fundingSufficiency: row.fundingSufficiency,
      fundingAmount: toNumber(row.fundingAmount),
      fundingCurrency: row.fundingCurrency,
      links: row.links,
      // Contact people chose per contact whether the public may see it; open data honours that.
      contacts: row.contacts.filter((contact) => contact.isPublic).map((contact) => ({ name: contact.name, email: contact.email, role: contact.role })),
      isPartnerDisplayAllowed: row.isPartnerDisplayAllowed,
      intendsToReport: row.intendsToReport,
      publishedAt: row.publishedAt ?? row.updatedAt,
      updatedAt: row.updatedAt,
      lastReportAt: row.lastReportAt,
      latestProgress: report
        ? { reportDate: report.reportDate, stage: report.stage, percentComplete: report.percentComplete, narrative: report.narrative, evidenceLinks: report.evidenceLinks }
        : null,
      statusLight: statusLight({ publishedAt: row.publishedAt, lastReportAt: row.lastReportAt }, scope.now, thresholds),
    };
  });
}

/** One page of a space's published commitments, newest number first, keyset-paginated by number. */
export async function listOpenCommitments(
  db: Database,
  space: OpenScope,
  filters: OpenDataFilters,
  page: { cursor?: string; limit: number },
): Promise<{ items: OpenCommitment[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, 1);
  const conditions = filterConditions(space.id, filters);
  if (after) conditions.push(lt(commitments.number, Number(after[0])));
  const rows = await selectBase(db)
    .where(and(...conditions))
    .orderBy(desc(commitments.number))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = await complete(db, space, rows.slice(0, page.limit));
  return { items, nextCursor: hasMore ? encodeCursor([items[items.length - 1].number]) : null };
}

/**
 * One published commitment of the space by its number, or null (unpublished ones do not exist here).
 * `isPublishedOnly: false` drops that filter: only for a caller that has already checked, with
 * permissions.ts, that the viewer may see the commitment whatever its status (the API's owner reads).
 */
export async function findOpenCommitment(db: Database, space: OpenScope, number: number, options: { isPublishedOnly: boolean } = { isPublishedOnly: true }): Promise<OpenCommitment | null> {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const conditions = [eq(commitments.spaceId, space.id), eq(commitments.number, number)];
  if (options.isPublishedOnly) conditions.push(eq(commitments.status, "published"));
  const rows = await selectBase(db)
    .where(and(...conditions))
    .limit(1);
  const [record] = await complete(db, space, rows);
  return record ?? null;
}

/**
 * Every published commitment of the space matching the filters, in batches of `batchSize` by number:
 * exports stream these without holding the whole space in memory.
 */
export async function* eachOpenCommitment(db: Database, space: OpenScope, filters: OpenDataFilters = {}, batchSize = 200): AsyncGenerator<OpenCommitment> {
  let cursor: string | undefined;
  do {
    const page = await listOpenCommitments(db, space, filters, { cursor, limit: batchSize });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The most recently published commitments, for the Atom feed. */
export async function recentlyPublished(db: Database, space: OpenScope, limit: number): Promise<OpenCommitment[]> {
  const rows = await selectBase(db)
    .where(and(eq(commitments.spaceId, space.id), eq(commitments.status, "published")))
    .orderBy(desc(commitments.publishedAt), desc(commitments.number))
    .limit(limit);
  return complete(db, space, rows);
}

export type OpenStats = { commitments: number; actors: number; countries: number };

/** Headline counters of a space's published commitments: how many, by how many actors, in how many countries. */
export async function openStats(db: Database, spaceId: string): Promise<OpenStats> {
  const [row] = await queryRows<{ commitments: number; actors: number; countries: number }>(
    db,
    sql`select count(*)::int as commitments,
      count(distinct coalesce('o:' || c.organisation_id::text, 'p:' || c.person_user_id::text))::int as actors,
      (select count(distinct country)::int from commitments x cross join unnest(x.countries) as country
        where x.space_id = ${spaceId} and x.status = 'published') as countries
      from commitments c where c.space_id = ${spaceId} and c.status = 'published'`,
  );
  return { commitments: Number(row?.commitments ?? 0), actors: Number(row?.actors ?? 0), countries: Number(row?.countries ?? 0) };
}

/** Ids of the organisations that own a published commitment in the space (the clearing-house exchange's contacts). */
export async function organisationsWithPublishedCommitments(db: Database, spaceId: string): Promise<string[]> {
  const rows = await queryRows<{ organisation_id: string }>(
    db,
    sql`select distinct organisation_id from commitments where space_id = ${spaceId} and status = 'published' and organisation_id is not null`,
  );
  return rows.map((row) => row.organisation_id);
}
