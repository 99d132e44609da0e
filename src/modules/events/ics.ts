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
  const options = {
    name: input.name,
    prodId: { company: "Convene", product: "Events", language: "EN" },
    method: input.method === "REQUEST" ? ICalCalendarMethod.REQUEST : input.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  };
  const calendar = ical(options);
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
  // The document is ical-generator's calendar.toString() put together from its public parts: the calendar's own
  // lines (an event-less calendar with the same options), a VTIMEZONE for every zone used, each event's lines,
  // then folded to 75 octets by `foldLines` below. The library's own folding encodes every character with a new
  // TextEncoder, which made a 500-event feed take ~150 ms of CPU; the folding here gives the same lines.
  const head = ical(options).toString().replace(/END:VCALENDAR$/, "");
  const zones = [...new Set(calendar.events().map((event) => event.timezone()))].filter((zone): zone is string => Boolean(zone) && !zone!.startsWith("/"));
  let body = "";
  for (const zone of zones) {
    const component = getVtimezoneComponent(zone);
    if (component) body += `${component.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n").trim()}\r\n`;
  }
  for (const event of calendar.events()) body += event.toString();
  return `${head}${foldLines(body)}END:VCALENDAR`;
}

/** Bytes a UTF-16 code unit (or a surrogate pair's first half, standing for the pair) takes in UTF-8. */
const utf8Size = (code: number): number => (code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3);

/**
 * Folds content lines as RFC 5545 §3.1 asks and as ical-generator does (a line break and a space before the octet
 * that would pass 74, never inside a UTF-8 character or a surrogate pair); lines that are short ASCII pass as they are.
 */
export function foldLines(text: string): string {
  return text
    .split("\r\n")
    .map((line) => {
      if (line.length <= 74 && /^[ -~]*$/.test(line)) return line;
      let result = "";
      let octets = 0;
      for (let index = 0; index < line.length; index++) {
        const code = line.charCodeAt(index);
        const size = utf8Size(code);
        const character = size === 4 ? line.slice(index, ++index + 1) : line[index];
        octets += size;
        if (octets > 74) {
          result += "\r\n ";
          octets = size;
        }
        result += character;
      }
      return result;
    })
    .join("\r\n");
}
