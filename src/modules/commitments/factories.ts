import { eq } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Services } from "../../platform/services";
import { findFrameworkItemId } from "../spaces/queries";
import { buildSpace } from "../spaces/factories";
import { buildOrganisation } from "../organisations/factories";
import { XSS } from "../../testing/factories";
import {
  commitmentIndicators,
  commitmentTargets,
  commitments,
  progressReports,
  progressValues,
  type CommitmentStage,
  type CommitmentStatus,
  type Coverage,
} from "./schema";

export type BuiltCommitment = { id: string; number: number; spaceId: string; spaceSlug: string; organisationId: string | null; ownerUserId: string; indicatorIds: string[] };

/** The id of a reference framework item by framework key and item key; throws when it is missing. */
export async function frameworkItemId(services: Services, frameworkKey: string, itemKey: string): Promise<string> {
  const id = await findFrameworkItemId(services.db, frameworkKey, itemKey);
  if (!id) throw new Error(`no framework item ${frameworkKey}/${itemKey}`);
  return id;
}

/**
 * A commitment written straight into the tables (test set-up, not the behaviour under test): its space
 * (with GBF and SDG frameworks) and organisation are made on demand; text carries a script tag.
 * Pass `status: "published"` for a public one; `indicators` adds measurable indicators.
 */
export async function buildCommitment(
  services: Services,
  overrides: Partial<{
    spaceId: string;
    spaceSlug: string;
    organisationId: string;
    ownerUserId: string;
    personUserId: string;
    title: LocalizedText;
    description: LocalizedText;
    status: CommitmentStatus;
    stage: CommitmentStage;
    coverage: Coverage;
    countries: string[];
    primaryItemKey: [string, string];
    otherItemKeys: [string, string][];
    indicators: { name: LocalizedText; unit: string; baselineValue: number; targetValue: number; baselineDate?: string; targetDate?: string }[];
    publishedAt: Date;
    lastReportAt: string | null;
    endDate: string | null;
  }> = {},
): Promise<BuiltCommitment> {
  let spaceId = overrides.spaceId;
  let spaceSlug = overrides.spaceSlug ?? "";
  if (!spaceId) {
    const space = await buildSpace(services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    spaceId = space.id;
    spaceSlug = space.slug;
  }
  let organisationId: string | null = overrides.organisationId ?? null;
  let ownerUserId = overrides.ownerUserId ?? overrides.personUserId ?? "";
  if (!organisationId && !overrides.personUserId) {
    const organisation = await buildOrganisation(services, overrides.ownerUserId ? { ownerId: overrides.ownerUserId } : {});
    organisationId = organisation.id;
    ownerUserId = organisation.ownerId;
  }
  const [primaryFramework, primaryKey] = overrides.primaryItemKey ?? ["GBF", "GBF-TARGET-17"];
  const primaryItemId = await frameworkItemId(services, primaryFramework, primaryKey);
  const status = overrides.status ?? "draft";
  const now = services.clock.now();
  const title = overrides.title ?? { en: `${XSS} Restore 500 ha of riverside forest`, ru: `${XSS} Восстановить 500 га прибрежного леса` };
  const description = overrides.description ?? { en: `${XSS} Native trees along the river.`, ru: `${XSS} Местные породы деревьев вдоль реки.` };
  const [row] = await services.db
    .insert(commitments)
    .values({
      spaceId,
      organisationId,
      personUserId: overrides.personUserId ?? null,
      createdBy: ownerUserId || null,
      template: overrides.personUserId ? "person" : "organisation",
      title,
      description,
      primaryItemId,
      coverage: overrides.coverage ?? "national",
      countries: overrides.countries ?? ["KZ"],
      startDate: "2026-01-01",
      endDate: overrides.endDate === undefined ? "2030-12-31" : overrides.endDate,
      stage: overrides.stage ?? "planning",
      status,
      intendsToReport: true,
      submittedAt: status === "draft" ? null : now,
      publishedAt: status === "published" ? (overrides.publishedAt ?? now) : null,
      lastReportAt: overrides.lastReportAt ?? null,
      searchText: [...Object.values(title), ...Object.values(description)].join(" "),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: commitments.id, number: commitments.number });
  await services.db.insert(commitmentTargets).values({ commitmentId: row.id, frameworkItemId: primaryItemId, isPrimary: true });
  for (const [frameworkKey, itemKey] of overrides.otherItemKeys ?? []) {
    await services.db.insert(commitmentTargets).values({ commitmentId: row.id, frameworkItemId: await frameworkItemId(services, frameworkKey, itemKey), isPrimary: false }).onConflictDoNothing();
  }
  const indicatorIds: string[] = [];
  for (const [position, indicator] of (overrides.indicators ?? []).entries()) {
    const [created] = await services.db
      .insert(commitmentIndicators)
      .values({
        commitmentId: row.id,
        position,
        name: indicator.name,
        unit: indicator.unit,
        baselineValue: String(indicator.baselineValue),
        baselineDate: indicator.baselineDate ?? "2025-12-31",
        targetValue: String(indicator.targetValue),
        targetDate: indicator.targetDate ?? "2030-12-31",
      })
      .returning({ id: commitmentIndicators.id });
    indicatorIds.push(created.id);
  }
  return { id: row.id, number: row.number, spaceId, spaceSlug, organisationId, ownerUserId, indicatorIds };
}

/** A progress report written straight into the tables, with a value per indicator given. */
export async function buildProgressReport(
  services: Services,
  commitment: BuiltCommitment,
  input: { reportDate: string; stage?: CommitmentStage; percentComplete?: number; values?: number[]; narrative?: LocalizedText },
): Promise<string> {
  const [report] = await services.db
    .insert(progressReports)
    .values({
      commitmentId: commitment.id,
      reportDate: input.reportDate,
      stage: input.stage ?? "implementation",
      percentComplete: input.percentComplete ?? null,
      narrative: input.narrative ?? { en: `${XSS} Planted the first 100 ha.` },
      createdBy: commitment.ownerUserId || null,
    })
    .returning({ id: progressReports.id });
  for (const [index, value] of (input.values ?? []).entries()) {
    await services.db.insert(progressValues).values({ reportId: report.id, indicatorId: commitment.indicatorIds[index], value: String(value) });
  }
  await services.db.update(commitments).set({ lastReportAt: input.reportDate }).where(eq(commitments.id, commitment.id));
  return report.id;
}
