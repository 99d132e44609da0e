import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { notFound, validationFailed } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { SECTION_KIND } from "../schema";
import { lockShowcase, touchShowcase, type Actor } from "./shared";

type EntryRow = { id: string; position: number };

/**
 * Moves an entry one place up or down by swapping positions with its neighbour (under the showcase's lock, so
 * concurrent moves apply one after the other). At either end nothing changes. 404 for an entry of another showcase.
 */
export async function moveShowcaseEntry(services: Services, actor: Actor, spaceId: string, showcaseId: string, entryId: string, direction: "up" | "down"): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockShowcase(tx, spaceId, showcaseId);
    const entries = await queryRows<EntryRow>(tx, sql`select id, position from showcase_items where showcase_id = ${showcaseId} order by position, added_at`);
    const index = entries.findIndex((entry) => entry.id === entryId);
    if (index < 0) throw notFound();
    const other = entries[direction === "up" ? index - 1 : index + 1];
    if (!other) return;
    // Positions are rewritten 1..n in the new order: entries added in one instant can share a position.
    const order = entries.map((entry) => entry.id);
    [order[index], order[entries.indexOf(other)]] = [other.id, entryId];
    for (const [position, id] of order.entries()) await tx.execute(sql`update showcase_items set position = ${position + 1} where id = ${id}`);
    await touchShowcase(tx, showcaseId, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.item_moved", subjectType: "showcase", subjectId: showcaseId, spaceId, details: { entry: entryId, direction }, ip: actor.ip ?? null });
  });
}

/** Removes an entry (item or heading) from a showcase; the item itself is untouched. */
export async function removeShowcaseEntry(services: Services, actor: Actor, spaceId: string, showcaseId: string, entryId: string): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockShowcase(tx, spaceId, showcaseId);
    const removed = await queryRows<{ kind: string; item_id: string }>(tx, sql`delete from showcase_items where id = ${entryId} and showcase_id = ${showcaseId} returning kind, item_id`);
    if (!removed.length) throw notFound();
    await touchShowcase(tx, showcaseId, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.item_removed", subjectType: "showcase", subjectId: showcaseId, spaceId, details: { kind: removed[0].kind, id: removed[0].item_id }, ip: actor.ip ?? null });
  });
}

/** Changes an entry's curator's note (an item; may be emptied) or heading (a section; 422 on `field` when emptied). */
export async function setShowcaseEntryText(services: Services, spaceId: string, showcaseId: string, entryId: string, text: LocalizedText, field: string): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockShowcase(tx, spaceId, showcaseId);
    const [entry] = await queryRows<{ kind: string }>(tx, sql`select kind from showcase_items where id = ${entryId} and showcase_id = ${showcaseId}`);
    if (!entry) throw notFound();
    if (entry.kind === SECTION_KIND && !Object.keys(text).length) throw validationFailed({ [field]: { key: "validation.localized_required" } });
    const json = JSON.stringify(text);
    const changed = await queryRows<{ id: string }>(
      tx,
      sql`update showcase_items set note = case when kind = 'section' then note else ${json}::jsonb end, heading = case when kind = 'section' then ${json}::jsonb else heading end
        where id = ${entryId} and showcase_id = ${showcaseId} returning id`,
    );
    if (!changed.length) throw notFound();
    await touchShowcase(tx, showcaseId, now);
  });
}
