import { DateTime } from "luxon";
import type { Locale } from "../../../../platform/i18n/locales";

/** A day heading in a zone: "Wednesday, 12 May 2027". */
export function dayLabel(instant: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(locale).toLocaleString({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** A time span within a day in a zone: "10:00–11:30". */
export function timeSpan(startsAt: Date, endsAt: Date, zone: string, locale: Locale): string {
  const start = DateTime.fromJSDate(startsAt, { zone }).setLocale(locale);
  const end = DateTime.fromJSDate(endsAt, { zone }).setLocale(locale);
  const format = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  const endText = end.hasSame(start, "day") ? end.toLocaleString(format) : end.toLocaleString({ ...format, day: "numeric", month: "short" });
  return `${start.toLocaleString(format)}–${endText}`;
}

/** The key of the day an instant falls on in a zone (to group sessions by day). */
export const dayKey = (instant: Date, zone: string): string => DateTime.fromJSDate(instant, { zone }).toISODate() ?? "";

/** The zone's short name at an instant ("CEST", "GMT+5"), so a time is never read in the wrong zone. */
export function zoneName(instant: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(locale).toFormat("ZZZZ");
}
