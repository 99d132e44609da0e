import { asc, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../platform/schema";
import { commitmentRevisions } from "./schema";
import { indicatorsOf, partnersOf, targetsOf, type Commitment } from "./queries";

/** The fields a revision compares, in the order the history lists them. */
export const REVISED_FIELDS = [
  "title",
  "description",
  "themes",
  "targets",
  "coverage",
  "countries",
  "regions",
  "startDate",
  "endDate",
  "isOpenEnded",
  "reviewDate",
  "stage",
  "indicators",
  "targetAudience",
  "scale",
  "expectedImpact",
  "funding",
  "partners",
  "contacts",
  "links",
  "isPartnerDisplayAllowed",
  "intendsToReport",
] as const;
export type RevisedField = (typeof REVISED_FIELDS)[number];
export type CommitmentSnapshot = Record<RevisedField, unknown>;

const numberOrNull = (value: string | null): number | null => (value === null ? null : Number(value));

/** The commitment's content as plain JSON (numbers as numbers), to store and to compare. */
export async function snapshotOf(db: Database, commitment: Commitment): Promise<CommitmentSnapshot> {
  const [targets, indicators, partners] = await Promise.all([targetsOf(db, commitment.id), indicatorsOf(db, commitment.id), partnersOf(db, commitment.id)]);
  return {
    title: commitment.title,
    description: commitment.description,
    themes: commitment.themes,
    targets: targets.map((target) => ({ id: target.id, key: target.key, isPrimary: target.isPrimary })),
    coverage: commitment.coverage,
    countries: commitment.countries,
    regions: commitment.regions,
    startDate: commitment.startDate,
    endDate: commitment.endDate,
    isOpenEnded: commitment.isOpenEnded,
    reviewDate: commitment.reviewDate,
    stage: commitment.stage,
    indicators: indicators.map((indicator) => ({
      name: indicator.name,
      unit: indicator.unit,
      baselineValue: numberOrNull(indicator.baselineValue),
      baselineDate: indicator.baselineDate,
      targetValue: numberOrNull(indicator.targetValue),
      targetDate: indicator.targetDate,
      direction: indicator.direction,
    })),
    targetAudience: commitment.targetAudience,
    scale: commitment.scale,
    expectedImpact: commitment.expectedImpact,
    funding: { source: commitment.fundingSource, sufficiency: commitment.fundingSufficiency, amount: numberOrNull(commitment.fundingAmount), currency: commitment.fundingCurrency },
    partners: partners.map((partner) => ({ organisationId: partner.organisationId, name: partner.name, role: partner.role })),
    contacts: commitment.contacts,
    links: commitment.links,
    isPartnerDisplayAllowed: commitment.isPartnerDisplayAllowed,
    intendsToReport: commitment.intendsToReport,
  };
}

// Key order in jsonb is not the order it was written in: compare with keys sorted.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/** The names of the fields that differ between two snapshots. */
export function changedFields(before: CommitmentSnapshot, after: CommitmentSnapshot): RevisedField[] {
  return REVISED_FIELDS.filter((field) => canonical(before[field]) !== canonical(after[field]));
}

export type RevisionEntry = { revision: number; changedFields: string[]; createdAt: Date; editorName: string | null };

/** A commitment's revisions, newest first, for the public history page. */
export async function listRevisions(db: Database, commitmentId: string): Promise<RevisionEntry[]> {
  return db
    .select({ revision: commitmentRevisions.revision, changedFields: commitmentRevisions.changedFields, createdAt: commitmentRevisions.createdAt, editorName: users.displayName })
    .from(commitmentRevisions)
    .leftJoin(users, eq(users.id, commitmentRevisions.editedBy))
    .where(eq(commitmentRevisions.commitmentId, commitmentId))
    .orderBy(desc(commitmentRevisions.revision), asc(commitmentRevisions.createdAt));
}
