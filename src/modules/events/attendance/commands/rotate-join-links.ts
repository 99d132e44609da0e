import { sql } from "drizzle-orm";
import { queryRows } from "../../../../db/sql";
import { recordAudit } from "../../../../platform/audit/record";
import { notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import type { Actor } from "../../commands/save-event";

/**
 * Rotates every personal join link of an event at once (a link was forwarded, the meeting moved): the event's
 * join epoch goes up, so every token signed with the old one stops working and each registrant's page and mails
 * carry a new one. Returns the new epoch.
 */
export async function rotateJoinLinks(services: Services, actor: Actor, input: { eventId: string; spaceId: string }): Promise<number> {
  return services.db.transaction(async (tx) => {
    const [row] = await queryRows<{ join_epoch: number }>(
      tx,
      sql`update events set join_epoch = join_epoch + 1, updated_at = ${services.clock.now()} where id = ${input.eventId} and space_id = ${input.spaceId} returning join_epoch`,
    );
    if (!row) throw notFound();
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "event.join_links_rotated",
      subjectType: "event",
      subjectId: input.eventId,
      spaceId: input.spaceId,
      details: { joinEpoch: row.join_epoch },
      ip: actor.ip ?? null,
    });
    return row.join_epoch;
  });
}
