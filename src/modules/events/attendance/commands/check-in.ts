import { sql } from "drizzle-orm";
import { queryRows } from "../../../../db/sql";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import type { Actor } from "../../commands/save-event";
import { findRegistration, type AttendanceRegistration } from "../queries";

/**
 * Checks a registrant in at the door (or undoes a mistaken check-in). Only a confirmed registration of this event
 * can be checked in: someone on the waitlist or cancelled holds no seat. Checking in twice keeps the first time,
 * so a second scan at the door says "already checked in" instead of moving the time.
 */
export async function setCheckIn(
  services: Services,
  actor: Actor,
  input: { eventId: string; spaceId: string; registrationId: string; isCheckedIn: boolean },
): Promise<{ registration: AttendanceRegistration; wasCheckedIn: boolean }> {
  const found = await findRegistration(services.db, input.registrationId);
  if (!found || found.eventId !== input.eventId) throw notFound();
  if (found.status !== "confirmed") throw conflict("events.attendance.error.not_confirmed");
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await queryRows(
      tx,
      input.isCheckedIn
        ? sql`update event_registrations set checked_in_at = coalesce(checked_in_at, ${now}), updated_at = ${now} where id = ${found.id}`
        : sql`update event_registrations set checked_in_at = null, updated_at = ${now} where id = ${found.id}`,
    );
    if (input.isCheckedIn === Boolean(found.checkedInAt)) return;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: input.isCheckedIn ? "event.checked_in" : "event.check_in_undone",
      subjectType: "event_registration",
      subjectId: found.id,
      spaceId: input.spaceId,
      details: { eventId: input.eventId },
      ip: actor.ip ?? null,
    });
  });
  return { registration: (await findRegistration(services.db, found.id))!, wasCheckedIn: Boolean(found.checkedInAt) };
}
