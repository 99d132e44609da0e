import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { DateTime } from "luxon";
import { localizedString } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import type { EventView } from "./queries";
import { eventPath } from "./queries";

// iCalendar for events and sessions, through ical-generator: times are written in the event's own IANA zone with
// its VTIMEZONE (so a calendar shows 10:00 Berlin time across a DST change, not a shifted UTC time), UIDs are
// stable (`event-<id>@<host>`, `session-<id>@<host>`) and SEQUENCE is the event's counter, bumped by every change a
// calendar would show, so subscribers' copies update instead of duplicating. The meeting link never goes in:
// LOCATION is the venue; a registrant's own .ics may carry their personal join link (`joinUrl`).

export type CalendarItem = {
  uid: string;
  sequence: number;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string;
  url: string;
  isCancelled: boolean;
  updatedAt: Date;
};

/** The host part of UIDs: the installation's public address, so two installations never collide. */
export function uidHost(publicUrl: string): string {
  try {
    return new URL(publicUrl).host || "convene";
  } catch {
    return "convene";
  }
}

export const eventUid = (eventId: string, publicUrl: string): string => `event-${eventId}@${uidHost(publicUrl)}`;
export const sessionUid = (sessionId: string, publicUrl: string): string => `session-${sessionId}@${uidHost(publicUrl)}`;

/** What a calendar shows as an event's place: venue and address (online events: none). */
export function eventLocation(event: Pick<EventView, "venueName" | "venueAddress">): string {
  return [event.venueName, event.venueAddress].filter(Boolean).join(", ");
}

/** One event as a calendar item, in the reader's language (falling back to another). */
export function eventCalendarItem(
  event: EventView,
  input: { spaceSlug: string; locale: Locale; publicUrl: string; joinUrl?: string | null },
): CalendarItem {
  const url = `${input.publicUrl}${eventPath(input.spaceSlug, event.slug)}`;
  const summary = localizedString(event.summary, input.locale);
  const description = [summary, url, input.joinUrl ? `${input.joinUrl}` : ""].filter(Boolean).join("\n\n");
  return {
    uid: eventUid(event.id, input.publicUrl),
    sequence: event.sequence,
    title: localizedString(event.title, input.locale),
    description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    location: eventLocation(event),
    url,
    isCancelled: event.status === "cancelled",
    updatedAt: event.updatedAt,
  };
}

/**
 * A whole iCalendar document. `method` REQUEST/CANCEL is for a mailed invitation (what mail clients act on);
 * feeds and downloads use PUBLISH.
 */
export function buildCalendar(input: { name: string; items: CalendarItem[]; method?: "PUBLISH" | "REQUEST" | "CANCEL"; now: Date }): string {
  const calendar = ical({
    name: input.name,
    prodId: { company: "Convene", product: "Events", language: "EN" },
    method: input.method === "REQUEST" ? ICalCalendarMethod.REQUEST : input.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  // Every zone used gets its VTIMEZONE; null means "no calendar-wide zone", events carry their own TZID.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const item of input.items) {
    const zone = item.timeZone || "UTC";
    calendar.createEvent({
      id: item.uid,
      sequence: item.sequence,
      stamp: DateTime.fromJSDate(input.now, { zone: "UTC" }),
      lastModified: DateTime.fromJSDate(item.updatedAt, { zone: "UTC" }),
      start: DateTime.fromJSDate(item.startsAt, { zone }),
      end: DateTime.fromJSDate(item.endsAt, { zone }),
      timezone: zone,
      summary: item.title,
      description: item.description,
      location: item.location || undefined,
      url: item.url,
      status: item.isCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
