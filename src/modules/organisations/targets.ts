import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { validationFailed } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { referenceFrameworkItems, referenceItemIndex, type ReferenceItem } from "../spaces/queries";
import { organisationFrameworkItems } from "./schema";

/** An organisation's framework targets (migration 0021): items of the reference frameworks only. */
export type TargetRef = ReferenceItem;
export { referenceFrameworkItems as targetChoices, referenceItemIndex as targetIndex };

/** The organisation's targets in framework order. */
export async function targetsOfOrganisation(db: Database, organisationId: string): Promise<TargetRef[]> {
  const [rows, index] = await Promise.all([
    db.select({ itemId: organisationFrameworkItems.itemId }).from(organisationFrameworkItems).where(eq(organisationFrameworkItems.organisationId, organisationId)),
    referenceItemIndex(db),
  ]);
  const linked = new Set(rows.map((row) => row.itemId));
  return [...index.values()].filter((item) => linked.has(item.id));
}

/** Replaces the organisation's targets (inside the caller's transaction); unknown or non-reference ids are a field error. */
export async function replaceTargets(tx: Database, organisationId: string, itemIds: readonly string[]): Promise<LocalizedText[]> {
  const index = await referenceItemIndex(tx);
  if (itemIds.some((id) => !index.has(id))) throw validationFailed({ itemIds: { key: "validation.invalid_choice" } });
  await tx.delete(organisationFrameworkItems).where(eq(organisationFrameworkItems.organisationId, organisationId));
  if (itemIds.length) await tx.insert(organisationFrameworkItems).values(itemIds.map((itemId) => ({ organisationId, itemId })));
  return itemIds.map((id) => index.get(id)!.label);
}

/** Target ids per organisation, for lists and the API. */
export async function targetIdsOf(db: Database, organisationIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (!organisationIds.length) return result;
  const rows = await db.select().from(organisationFrameworkItems).where(inArray(organisationFrameworkItems.organisationId, [...new Set(organisationIds)]));
  for (const row of rows) result.set(row.organisationId, [...(result.get(row.organisationId) ?? []), row.itemId]);
  return result;
}
