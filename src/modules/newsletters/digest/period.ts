import { DAY_MS } from "../../../platform/clock";
import type { DigestFrequency } from "../schema";

/** One digest period: what it covers, [since, until), and its key in the deliveries table. */
export type DigestPeriod = { frequency: Exclude<DigestFrequency, "none">; key: string; since: Date; until: Date };

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The last period that has ended at `now` (UTC): the previous Monday-to-Monday week, or the previous calendar
 * month. A digest always reports a finished period, so whenever the job runs within the next one it finds the
 * same period, and the deliveries table makes it go once.
 */
export function lastDigestPeriod(frequency: Exclude<DigestFrequency, "none">, now: Date): DigestPeriod {
  if (frequency === "weekly") {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
    const until = new Date(today - sinceMonday * DAY_MS);
    const since = new Date(until.getTime() - 7 * DAY_MS);
    return { frequency, key: `weekly:${isoDay(since)}`, since, until };
  }
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { frequency, key: `monthly:${isoDay(since)}`, since, until };
}
