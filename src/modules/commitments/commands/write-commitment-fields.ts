import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { validationFailed, type FieldErrors } from "../../../platform/errors";
import { searchableText } from "../../../platform/i18n/localized";
import { findOrganisationBySlug } from "../../organisations/queries";
import { frameworksOfSpace } from "../../spaces/queries";
import type { CommitmentUpdateBody } from "../inputs";
import { itemsInSpaceFrameworks, type Commitment } from "../queries";
import { commitmentIndicators, commitmentPartners, commitmentTargets, commitments } from "../schema";

const FORM_ERROR = "commitment.form.error";

/** Locks a commitment's row until the transaction ends, so two saves of one commitment run one after the other. */
export async function lockCommitment(tx: Database, commitmentId: string): Promise<Commitment> {
  await queryRows(tx, sql`select id from commitments where id = ${commitmentId} for update`);
  const [row] = await tx.select().from(commitments).where(eq(commitments.id, commitmentId));
  return row;
}

/**
 * Writes a change to a commitment and its targets, indicators and partners. Checks first what only the
 * whole record can tell (an end before the start, a target from another space's framework, an unknown
 * partner), each reported on the field it concerns; nothing is written when one fails.
 */
export async function writeCommitmentFields(tx: Database, current: Commitment, patch: CommitmentUpdateBody, now: Date, draftStep?: number): Promise<void> {
  const errors: FieldErrors = {};
  const startDate = patch.startDate !== undefined ? patch.startDate : current.startDate;
  const isOpenEnded = patch.isOpenEnded ?? current.isOpenEnded;
  // An open-ended commitment has no end date, whatever the form still carried.
  const endDate = isOpenEnded ? null : patch.endDate !== undefined ? patch.endDate : current.endDate;
  if (startDate && endDate && endDate < startDate) errors.endDate = { key: `${FORM_ERROR}.end_before_start` };
  for (const [index, indicator] of (patch.indicators ?? []).entries()) {
    if (indicator.baselineDate && indicator.targetDate && indicator.targetDate < indicator.baselineDate) {
      errors[`indicators.${index}.targetDate`] = { key: `${FORM_ERROR}.target_before_baseline` };
    }
  }

  const isTargetChange = patch.primaryItemId !== undefined || patch.otherItemIds !== undefined;
  let primaryItemId = current.primaryItemId;
  let otherItemIds: string[] = [];
  if (isTargetChange) {
    primaryItemId = patch.primaryItemId !== undefined ? patch.primaryItemId : current.primaryItemId;
    const existingOthers = await tx
      .select({ id: commitmentTargets.frameworkItemId })
      .from(commitmentTargets)
      .where(and(eq(commitmentTargets.commitmentId, current.id), eq(commitmentTargets.isPrimary, false)));
    otherItemIds = [...new Set(patch.otherItemIds ?? existingOthers.map((row) => row.id))].filter((id) => id !== primaryItemId);
    const frameworkIds = (await frameworksOfSpace(tx, current.spaceId)).map((framework) => framework.id);
    const known = await itemsInSpaceFrameworks(tx, frameworkIds, [...(primaryItemId ? [primaryItemId] : []), ...otherItemIds]);
    if (primaryItemId && !known.has(primaryItemId)) errors.primaryItemId = { key: "validation.invalid_choice" };
    if (otherItemIds.some((id) => !known.has(id))) errors.otherItemIds = { key: "validation.invalid_choice" };
  }

  const partnerRows: { organisationId: string | null; name: string; role: string }[] = [];
  for (const [index, partner] of (patch.partners ?? []).entries()) {
    let organisationId: string | null = null;
    if (partner.organisationSlug) {
      const organisation = await findOrganisationBySlug(tx, partner.organisationSlug);
      if (!organisation) errors[`partners.${index}.organisationSlug`] = { key: `${FORM_ERROR}.unknown_organisation` };
      organisationId = organisation?.id ?? null;
    }
    partnerRows.push({ organisationId, name: partner.name, role: partner.role });
  }
  if (Object.keys(errors).length) throw validationFailed(errors);

  const title = patch.title ?? current.title;
  const description = patch.description ?? current.description;
  const { indicators, partners, otherItemIds: _others, ...columns } = patch;
  void _others;
  await tx
    .update(commitments)
    .set({
      ...columns,
      fundingAmount: patch.fundingAmount === undefined ? undefined : patch.fundingAmount === null ? null : String(patch.fundingAmount),
      primaryItemId,
      endDate,
      searchText: searchableText(title, description),
      draftStep: draftStep ?? current.draftStep,
      updatedAt: now,
    })
    .where(eq(commitments.id, current.id));

  if (isTargetChange) {
    await tx.delete(commitmentTargets).where(eq(commitmentTargets.commitmentId, current.id));
    const rows = [...(primaryItemId ? [{ commitmentId: current.id, frameworkItemId: primaryItemId, isPrimary: true }] : []), ...otherItemIds.map((id) => ({ commitmentId: current.id, frameworkItemId: id, isPrimary: false }))];
    if (rows.length) await tx.insert(commitmentTargets).values(rows);
  }

  if (indicators) {
    // Indicators keep their ids when edited, so progress values already reported against them survive.
    const keptIds = indicators.map((indicator) => indicator.id).filter((id): id is string => Boolean(id));
    await tx.delete(commitmentIndicators).where(and(eq(commitmentIndicators.commitmentId, current.id), keptIds.length ? notInArray(commitmentIndicators.id, keptIds) : undefined));
    const existing = new Set(
      keptIds.length
        ? (await tx.select({ id: commitmentIndicators.id }).from(commitmentIndicators).where(and(eq(commitmentIndicators.commitmentId, current.id), inArray(commitmentIndicators.id, keptIds)))).map((row) => row.id)
        : [],
    );
    for (const [position, indicator] of indicators.entries()) {
      const values = {
        position,
        name: indicator.name,
        unit: indicator.unit,
        baselineValue: indicator.baselineValue == null ? null : String(indicator.baselineValue),
        baselineDate: indicator.baselineDate ?? null,
        targetValue: indicator.targetValue == null ? null : String(indicator.targetValue),
        targetDate: indicator.targetDate ?? null,
        direction: indicator.direction,
      };
      if (indicator.id && existing.has(indicator.id)) await tx.update(commitmentIndicators).set(values).where(eq(commitmentIndicators.id, indicator.id));
      else await tx.insert(commitmentIndicators).values({ ...values, commitmentId: current.id });
    }
  }

  if (partners) {
    await tx.delete(commitmentPartners).where(eq(commitmentPartners.commitmentId, current.id));
    if (partnerRows.length) await tx.insert(commitmentPartners).values(partnerRows.map((partner, position) => ({ ...partner, commitmentId: current.id, position })));
  }
}
