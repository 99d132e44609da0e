import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { localizedString } from "../../../platform/i18n/localized";
import { localeInfo } from "../../../platform/i18n/locales";
import { translator } from "../../../platform/i18n/messages";
import type { Services } from "../../../platform/services";
import { sessionCalendarItem } from "../agenda/calendar";
import { findSession } from "../agenda/queries";
import { buildCalendar, eventCalendarItem } from "../ics";
import { eventPath, findEventById, type EventView } from "../queries";

// Mail to registrants, each in the recipient's own language (users.locale) with the event as an .ics attached:
// REQUEST while they hold or wait for a place (a calendar client adds or updates it, same UID, SEQUENCE of the
// event), CANCEL when their place or the event is gone. Always queued inside the caller's transaction.

export const REGISTRATION_MAIL_KINDS = [
  "confirmed",
  "pending",
  "waitlisted",
  "offered",
  "approved",
  "declined",
  "cancelled",
  "expired",
  "updated",
  "event_cancelled",
  "reminder_day",
  "reminder_hour",
] as const;
export type RegistrationMailKind = (typeof REGISTRATION_MAIL_KINDS)[number];

/** Kinds whose .ics withdraws the event from the recipient's calendar. */
const CANCELLING: ReadonlySet<RegistrationMailKind> = new Set(["declined", "cancelled", "expired", "event_cancelled"]);

type Recipient = { email: string; locale: string; displayName: string };

/** The event's time in its own zone, as a recipient reads it ("12 May 2027, 10:00 – 12:00 CEST"). */
export function eventTimeText(event: Pick<EventView, "startsAt" | "endsAt" | "timeZone">, locale: string): string {
  const intl = localeInfo(locale).intl;
  const day = new Intl.DateTimeFormat(intl, { dateStyle: "long", timeZone: event.timeZone });
  const time = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit", timeZone: event.timeZone });
  const zone = new Intl.DateTimeFormat(intl, { timeZoneName: "short", timeZone: event.timeZone }).formatToParts(event.startsAt).find((part) => part.type === "timeZoneName")?.value ?? event.timeZone;
  return `${day.format(event.startsAt)}, ${time.format(event.startsAt)} – ${time.format(event.endsAt)} ${zone} (${event.timeZone})`;
}

/** One moment in a zone, in the reader's language ("12 May 2027 at 10:00"). */
export function momentText(moment: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(localeInfo(locale).intl, { dateStyle: "long", timeStyle: "short", timeZone }).format(moment);
}

/** The .ics a registrant gets with a mail of this kind. */
export function registrationCalendar(services: Services, event: EventView, spaceSlug: string, locale: string, kind: RegistrationMailKind): string {
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  const item = eventCalendarItem(event, { spaceSlug, locale, publicUrl });
  const isCancelling = CANCELLING.has(kind);
  return buildCalendar({
    name: item.title,
    items: [{ ...item, isCancelled: isCancelling || item.isCancelled }],
    method: isCancelling ? "CANCEL" : "REQUEST",
    now: services.clock.now(),
  });
}

type MailContext = { event: EventView; spaceSlug: string; to: string; locale: string; t: ReturnType<typeof translator>; publicUrl: string; values: Record<string, string> };

/** What every registrant's mail needs: the event read fresh (inside `db`), the recipient, their language. */
async function mailContext(services: Services, db: Database, eventId: string, userId: string, offerExpiresAt?: Date | null): Promise<MailContext | undefined> {
  const event = await findEventById(db, eventId);
  const [recipient] = await queryRows<Recipient & { display_name: string }>(
    db,
    sql`select email, locale, display_name from users where id = ${userId} and deleted_at is null`,
  );
  if (!event || !recipient) return undefined;
  const [space] = await queryRows<{ slug: string }>(db, sql`select slug from spaces where id = ${event.spaceId}`);
  const locale = recipient.locale || "en";
  const t = translator(locale);
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  const url = `${publicUrl}${eventPath(space.slug, event.slug)}`;
  const values = {
    name: recipient.display_name,
    title: localizedString(event.title, locale),
    when: eventTimeText(event, locale),
    where: [event.venueName, event.venueAddress].filter(Boolean).join(", ") || t("events.registration.mail.online"),
    url,
    registration: `${url}/register`,
    expires: offerExpiresAt ? momentText(offerExpiresAt, event.timeZone, locale) : "",
  };
  return { event, spaceSlug: space.slug, to: recipient.email, locale, t, publicUrl, values };
}

/**
 * Queues one mail about a registration to a person. `userId` is the registrant; the event is read fresh (inside
 * `db`, so a change in the same transaction shows). `offerExpiresAt` goes into offer mails.
 */
export async function queueRegistrationMail(
  services: Services,
  db: Database,
  input: { eventId: string; userId: string; kind: RegistrationMailKind; offerExpiresAt?: Date | null },
): Promise<void> {
  const context = await mailContext(services, db, input.eventId, input.userId, input.offerExpiresAt);
  if (!context) return;
  const { event, t, values, locale } = context;
  await services.mailer.queue(
    {
      to: context.to,
      subject: t(`events.registration.mail.${input.kind}.subject`, values),
      text: `${t(`events.registration.mail.${input.kind}.body`, values)}\n\n${t("events.registration.mail.footer", values)}`,
      locale,
      attachments: [{ filename: "event.ics", contentType: "text/calendar; charset=utf-8", content: registrationCalendar(services, event, context.spaceSlug, locale, input.kind) }],
    },
    { db },
  );
}

/** Mails about a seat in a session with its own capacity: offered from the session's waitlist, or passed on. */
export type SessionSeatMailKind = "session_offered" | "session_expired";

/**
 * Queues the mail about a session seat: the offer (until when, where to take it: the session on the event's agenda)
 * with the session's .ics as REQUEST, or its passing on to the next person with a CANCEL of that .ics.
 */
export async function queueSessionSeatMail(
  services: Services,
  db: Database,
  input: { sessionId: string; userId: string; kind: SessionSeatMailKind; offerExpiresAt?: Date | null },
): Promise<void> {
  const [row] = await queryRows<{ event_id: string }>(db, sql`select event_id from event_sessions where id = ${input.sessionId}`);
  const context = row ? await mailContext(services, db, row.event_id, input.userId, input.offerExpiresAt) : undefined;
  const session = context ? await findSession(db, context.event.id, input.sessionId) : undefined;
  if (!context || !session) return;
  const { event, t, locale } = context;
  const values = {
    ...context.values,
    session: localizedString(session.title, locale),
    sessionWhen: eventTimeText({ startsAt: session.startsAt, endsAt: session.endsAt, timeZone: event.timeZone }, locale),
    agenda: `${context.values.url}/agenda#session-${session.id}`,
  };
  const item = sessionCalendarItem(session, event, { spaceSlug: context.spaceSlug, locale, publicUrl: context.publicUrl });
  const isCancelling = input.kind === "session_expired";
  const calendar = buildCalendar({ name: item.title, items: [{ ...item, isCancelled: isCancelling || item.isCancelled }], method: isCancelling ? "CANCEL" : "REQUEST", now: services.clock.now() });
  await services.mailer.queue(
    {
      to: context.to,
      subject: t(`events.registration.mail.${input.kind}.subject`, values),
      text: `${t(`events.registration.mail.${input.kind}.body`, values)}\n\n${t("events.registration.mail.footer", values)}`,
      locale,
      attachments: [{ filename: "session.ics", contentType: "text/calendar; charset=utf-8", content: calendar }],
    },
    { db },
  );
}

/** The mail a seat change means for its holder, or null (a change the person made themselves on the page). */
export function mailKindForChange(from: string | null, to: string): RegistrationMailKind | null {
  if (to === "offered") return "offered";
  if (to === "expired") return "expired";
  if (to === "confirmed" && from === "pending") return "approved";
  if (to === "confirmed" && (from === "waitlisted" || from === "offered")) return "confirmed";
  if (to === "waitlisted" && from === "pending") return "waitlisted";
  // An organiser turns a request down or removes someone (the person giving up an offer is "cancelled", see commands).
  if (to === "declined" && from !== "offered") return "declined";
  if (to === "confirmed" && from === null) return "confirmed";
  if (to === "waitlisted" && from === null) return "waitlisted";
  if (to === "pending" && from === null) return "pending";
  if (to === "cancelled") return "cancelled";
  return null;
}
