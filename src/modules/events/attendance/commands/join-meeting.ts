import { sql } from "drizzle-orm";
import { queryRows } from "../../../../db/sql";
import type { Services } from "../../../../platform/services";
import { eventMeetingUrl, findEventById } from "../../queries";
import { readJoinToken } from "../codes";
import { findRegistration } from "../queries";

/** How long before the start a join counts as attending: the meeting room opens early. */
export const JOIN_OPENS_BEFORE_MS = 60 * 60_000;

export type JoinOutcome =
  | { kind: "redirect"; meetingUrl: string; isRecorded: boolean }
  | { kind: "invalid" }
  | { kind: "not_confirmed" }
  | { kind: "unavailable"; reason: "cancelled" | "no_link" };

/**
 * Follows a personal join link: the token must be genuine and signed with the event's current join epoch (a
 * rotated link is invalid), the registration confirmed, the event not cancelled and online or hybrid with a
 * meeting link. A join from an hour before the start to the end records online attendance (the first time
 * only); any other time it just leads to the meeting, so people can try their sound the day before.
 */
export async function joinMeeting(services: Services, token: string): Promise<JoinOutcome> {
  const { db } = services;
  const claim = await readJoinToken(db, token);
  const registration = claim ? await findRegistration(db, claim.registrationId) : undefined;
  const event = registration ? await findEventById(db, registration.eventId) : undefined;
  if (!claim || !registration || !event || event.joinEpoch !== claim.joinEpoch || event.status === "draft") return { kind: "invalid" };
  if (registration.status !== "confirmed") return { kind: "not_confirmed" };
  if (event.status === "cancelled") return { kind: "unavailable", reason: "cancelled" };
  const meetingUrl = event.kind === "in_person" ? null : await eventMeetingUrl(db, event.id);
  if (!meetingUrl) return { kind: "unavailable", reason: "no_link" };
  const now = services.clock.now();
  const isDuring = now.getTime() >= event.startsAt.getTime() - JOIN_OPENS_BEFORE_MS && now < event.endsAt;
  if (isDuring && !registration.attendedOnlineAt) {
    await queryRows(db, sql`update event_registrations set attended_online_at = coalesce(attended_online_at, ${now}), updated_at = ${now} where id = ${registration.id}`);
  }
  return { kind: "redirect", meetingUrl, isRecorded: isDuring };
}
