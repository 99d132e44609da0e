import type { FastifyReply, FastifyRequest } from "fastify";
import { isTimeZone } from "../inputs";

/** The cookie remembering the zone a viewer chose to read event times in. */
export const TIME_ZONE_COOKIE = "convene_tz";

/**
 * The time zone the viewer reads event times in, besides the event's own: `?tz=` (remembered in a cookie for the
 * next pages) or the remembered one; null when they have not chosen (a page without JavaScript cannot know it).
 */
export function viewerTimeZone(request: FastifyRequest, reply: FastifyReply): string | null {
  const query = request.query as Record<string, unknown>;
  const asked = typeof query.tz === "string" ? query.tz.trim() : "";
  if (asked && isTimeZone(asked)) {
    reply.setCookie(TIME_ZONE_COOKIE, asked, { path: "/", sameSite: "lax", maxAge: 365 * 86_400 });
    return asked;
  }
  const remembered = request.cookies[TIME_ZONE_COOKIE];
  if (remembered && isTimeZone(remembered)) {
    // A page drawn in a remembered zone belongs to this visitor alone: keep it out of the shared anonymous cache.
    reply.header("x-convene-cache", "personal");
    return remembered;
  }
  return null;
}

// Building an Intl.DateTimeFormat costs far more than using one (a list of 20 events spent most of its time
// there), so formatters are kept per language and zone; zones and languages are few, the cache is bounded anyway.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) {
    if (formatters.size >= 2_000) formatters.clear();
    found = make();
    formatters.set(key, found);
  }
  return found;
}
const dateTimeFormat = (locale: string, zone: string): Intl.DateTimeFormat =>
  formatter(`${locale}|${zone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }));

/** "12 May 2027, 10:00 – 12:00" in a zone, in the page's language (a range over days names both dates). */
export function formatTimeRange(locale: string, startsAt: Date, endsAt: Date, zone: string): string {
  return dateTimeFormat(locale, zone).formatRange(startsAt, endsAt);
}

/** "12 May 2027, 10:00" in a zone. */
export function formatInstant(locale: string, instant: Date, zone: string): string {
  return dateTimeFormat(locale, zone).format(instant);
}

/** The zone's offset at an instant as "UTC+2" / "UTC−3:30" (DST-aware). */
export function utcOffsetLabel(instant: Date, zone: string): string {
  const offsets = formatter(`offset|${zone}`, () => new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" }));
  const part = offsets.formatToParts(instant).find((piece) => piece.type === "timeZoneName");
  const match = /([+-])(\d{2}):(\d{2})/.exec(part?.value ?? "");
  if (!match) return "UTC";
  const [, sign, hours, minutes] = match;
  return `UTC${sign === "-" ? "−" : "+"}${Number(hours)}${minutes === "00" ? "" : `:${minutes}`}`;
}

/** Every IANA zone the runtime knows, for the zone pickers. */
export const TIME_ZONES: readonly string[] = (() => {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
})();
