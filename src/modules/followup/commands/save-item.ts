import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, notFound, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { findAcceptedRecommendation } from "../../consultations/recommendations";
import { organisationNames } from "../../organisations/queries";
import { checkItem, checkStatus, type CheckedItem, type ItemInput } from "../inputs";
import { findItemById, type ItemView } from "../queries";
import type { FollowupStatus } from "../schema";

export type Actor = { id: string; ip?: string | null };
type SpaceRef = { id: string; slug: string };

async function checked(db: Database, input: ItemInput): Promise<CheckedItem> {
  const ids = input.actorOrganisationIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const known = new Set((await organisationNames(db, ids)).keys());
  return checkItem(input, known);
}

/**
 * Creates a follow-up item (status "planned", the first line of its history). When it follows a recommendation,
 * that must be one the space's syntheses accepted (consultations' exported query), and one item per
 * recommendation: its label and permalink are copied in so the item keeps the link. Numbered per space. Audited.
 */
export async function createItem(services: Services, actor: Actor, space: SpaceRef, input: ItemInput): Promise<ItemView> {
  const item = await checked(services.db, input);
  let recommendation: { id: string; label: string; path: string } | null = null;
  if (item.recommendationId) {
    const found = await findAcceptedRecommendation(services.db, space, item.recommendationId);
    if (!found) throw validationFailed({ recommendation_id: { key: "validation.invalid_choice" } });
    recommendation = { id: found.id, label: found.text, path: found.path };
  }
  const now = services.clock.now();
  const id = await services.db.transaction(async (tx) => {
    // numbers per space: one writer at a time per space, so two coordinators saving at once get 1 and 2
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`followup:${space.id}`}))`);
    if (recommendation) {
      const [taken] = await queryRows<{ number: number }>(tx, sql`select number from followup_items where space_id = ${space.id} and recommendation_id = ${recommendation.id}`);
      if (taken) throw conflict("followup.error.recommendation_taken", { recommendation_id: { key: "followup.error.recommendation_taken", values: { number: Number(taken.number) } } });
    }
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into followup_items (space_id, number, title, description, recommendation_id, recommendation_label, recommendation_path, actor_organisation_ids, actor_text,
          due_on, evidence_text, evidence_links, created_by, created_at, updated_at)
        select ${space.id}, coalesce(max(number), 0) + 1, ${JSON.stringify(item.title)}::jsonb, ${JSON.stringify(item.description)}::jsonb, ${recommendation?.id ?? null},
          ${recommendation?.label ?? ""}, ${recommendation?.path ?? ""}, ${textArrayLiteral(item.actorOrganisationIds)}::uuid[], ${item.actorText}, ${item.dueOn}::date,
          ${item.evidenceText}, ${textArrayLiteral(item.evidenceLinks)}::text[], ${actor.id}, ${now}, ${now}
        from followup_items where space_id = ${space.id}
        returning id`,
    );
    await tx.execute(sql`insert into followup_status_changes (item_id, from_status, to_status, changed_by, changed_at) values (${row!.id}, null, 'planned', ${actor.id}, ${now})`);
    await recordAudit(tx, { actorUserId: actor.id, action: "followup.item_created", subjectType: "followup_item", subjectId: row!.id, spaceId: space.id, ip: actor.ip ?? null });
    return row!.id;
  });
  return (await findItemById(services.db, id))!;
}

/** Changes an item's fields (not its recommendation, which stays as it was made, nor its status). Audited. */
export async function updateItem(services: Services, actor: Actor, itemId: string, input: ItemInput): Promise<ItemView> {
  const before = await findItemById(services.db, itemId);
  if (!before) throw notFound();
  const item = await checked(services.db, { ...input, recommendationId: "" });
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update followup_items set title = ${JSON.stringify(item.title)}::jsonb, description = ${JSON.stringify(item.description)}::jsonb,
      actor_organisation_ids = ${textArrayLiteral(item.actorOrganisationIds)}::uuid[], actor_text = ${item.actorText}, due_on = ${item.dueOn}::date,
      evidence_text = ${item.evidenceText}, evidence_links = ${textArrayLiteral(item.evidenceLinks)}::text[], updated_at = ${now} where id = ${itemId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "followup.item_updated", subjectType: "followup_item", subjectId: itemId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findItemById(services.db, itemId))!;
}

/**
 * Moves an item to another status with an optional note, written to its history in the same transaction (the row
 * is locked so two changes at once cannot both read the old status). "done" stamps when; leaving "done" clears it.
 * Setting the status it already has is a 409.
 */
export async function changeStatus(services: Services, actor: Actor, itemId: string, input: { status: unknown; note: unknown }): Promise<ItemView> {
  const { status, note } = checkStatus(input.status, input.note);
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ status: FollowupStatus; space_id: string }>(tx, sql`select status, space_id from followup_items where id = ${itemId} for update`);
    if (!row) throw notFound();
    if (row.status === status) throw conflict("followup.error.same_status", { status: { key: "followup.error.same_status" } });
    await tx.execute(sql`update followup_items set status = ${status}, done_at = ${status === "done" ? now : null}, updated_at = ${now} where id = ${itemId}`);
    await tx.execute(sql`insert into followup_status_changes (item_id, from_status, to_status, note, changed_by, changed_at) values (${itemId}, ${row.status}, ${status}, ${note}, ${actor.id}, ${now})`);
    await recordAudit(tx, { actorUserId: actor.id, action: "followup.status_changed", subjectType: "followup_item", subjectId: itemId, spaceId: row.space_id, details: { from: row.status, to: status }, ip: actor.ip ?? null });
  });
  return (await findItemById(services.db, itemId))!;
}
