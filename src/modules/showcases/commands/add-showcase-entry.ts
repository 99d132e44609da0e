import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { contentSource } from "../../../platform/content/sources";
import { conflict, validationFailed } from "../../../platform/errors";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { SECTION_KIND } from "../schema";
import { lockShowcase, nextPosition, touchShowcase, type Actor } from "./shared";

/**
 * Adds a content source's item at the end of a showcase, with the curator's note. Only an item its source answers
 * for now — public — can be added (422 on `item` otherwise, on `kind` for a kind no module provides); an item
 * already there is a 409. Its title is kept as the entry's label, for curators only, should it stop being public.
 */
export async function addShowcaseItem(
  services: Services,
  actor: Actor,
  spaceId: string,
  showcaseId: string,
  reference: { kind: string; id: string; note: LocalizedText },
): Promise<void> {
  const source = contentSource(reference.kind);
  if (!source || reference.kind === SECTION_KIND) throw validationFailed({ kind: { key: "showcases.error.unknown_kind" } });
  const [card] = await source.cards(services.db, [reference.id]);
  if (!card) throw validationFailed({ item: { key: "showcases.error.item_not_public" } });
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockShowcase(tx, spaceId, showcaseId);
    const existing = await queryRows<{ id: string }>(tx, sql`select id from showcase_items where showcase_id = ${showcaseId} and kind = ${card.kind} and item_id = ${card.id}`);
    if (existing.length) throw conflict("showcases.error.item_twice", { item: { key: "showcases.error.item_twice" } });
    const position = await nextPosition(tx, showcaseId);
    await tx.execute(
      sql`insert into showcase_items (showcase_id, position, kind, item_id, note, label, added_at)
        values (${showcaseId}, ${position}, ${card.kind}, ${card.id}, ${JSON.stringify(reference.note)}::jsonb, ${JSON.stringify(card.title)}::jsonb, ${now})`,
    );
    await touchShowcase(tx, showcaseId, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.item_added", subjectType: "showcase", subjectId: showcaseId, spaceId, details: { kind: card.kind, id: card.id }, ip: actor.ip ?? null });
  });
}

/** Adds a section heading at the end of a showcase. */
export async function addShowcaseSection(services: Services, actor: Actor, spaceId: string, showcaseId: string, heading: LocalizedText): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await lockShowcase(tx, spaceId, showcaseId);
    const position = await nextPosition(tx, showcaseId);
    await tx.execute(
      sql`insert into showcase_items (showcase_id, position, kind, item_id, heading, added_at) values (${showcaseId}, ${position}, ${SECTION_KIND}, '', ${JSON.stringify(heading)}::jsonb, ${now})`,
    );
    await touchShowcase(tx, showcaseId, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "showcase.section_added", subjectType: "showcase", subjectId: showcaseId, spaceId, ip: actor.ip ?? null });
  });
}
