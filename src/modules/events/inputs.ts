import { DateTime, IANAZone } from "luxon";
import { isCountryCode } from "../../platform/countries";
import type { FieldErrors } from "../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../platform/i18n/localized";
import { safeWebUrl } from "../../platform/web-url";
import { EVENT_KINDS, EVENT_VISIBILITIES, REGISTRATION_MODES, type EventKind, type EventVisibility, type RegistrationMode } from "./schema";

/** Languages an event can be held or interpreted in, offered as checkboxes (UN languages and the region's). */
export const EVENT_LANGUAGES = ["en", "ru", "fr", "es", "ar", "zh", "kk", "ky", "uz", "tg", "tk", "az", "hy", "ka", "mn", "de"] as const;

const TITLE_MAX = 300;
const SUMMARY_MAX = 600;
const DESCRIPTION_MAX = 20_000;
const TEXT_MAX = 500;
const THEME_MAX = 40;
const THEMES_MAX = 20;
/** Largest capacity a form accepts (a stadium, not a typo of an extra zero). */
export const CAPACITY_MAX = 100_000;
/** Longest an event may last: a conference fortnight, not a typo in the year. */
export const LONGEST_EVENT_DAYS = 31;

/** An event as it is stored: checked and normalised (see `readEventInput`). */
export type EventFields = {
  slug: string | null;
  kind: EventKind;
  visibility: EventVisibility;
  title: LocalizedText;
  summary: LocalizedText;
  description: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  venueAddress: string;
  country: string;
  mapUrl: string | null;
  meetingUrl: string | null;
  languages: string[];
  interpretation: string[];
  accessibility: LocalizedText;
  themes: string[];
  targetIds: string[];
  isExternal: boolean;
  externalUrl: string | null;
  registrationMode: RegistrationMode;
  allowsOrganisation: boolean;
  registrationClosesAt: Date | null;
  capacity: number | null;
  offerHours: number;
  seriesId: string | null;
  organisationIds: string[];
};

/**
 * What an event holds when nothing else is said: no map, interpretation, accessibility notes, themes, targets,
 * series or organisers; open registration, on behalf of an organisation allowed, unlimited, offers held 48 hours.
 * The demo seed and the test factory start from it (and add what their events have); fresh lists each call.
 */
type DefaultedField = "mapUrl" | "interpretation" | "accessibility" | "themes" | "targetIds" | "isExternal" | "externalUrl" | "registrationMode" | "allowsOrganisation" | "registrationClosesAt" | "capacity" | "offerHours" | "seriesId" | "organisationIds";
export const eventFieldDefaults = (): Pick<EventFields, DefaultedField> => ({
  mapUrl: null,
  interpretation: [],
  accessibility: {},
  themes: [],
  targetIds: [],
  isExternal: false,
  externalUrl: null,
  registrationMode: "open",
  allowsOrganisation: true,
  registrationClosesAt: null,
  capacity: null,
  offerHours: 48,
  seriesId: null,
  organisationIds: [],
});

/**
 * The raw input as a form posts it or the API sends it. Times are either ISO instants with an offset
 * (`2026-05-12T08:00:00Z`) or wall-clock times without one (`2026-05-12T10:00`, as `<input type="datetime-local">`
 * sends them), read in the event's time zone.
 */
export type EventRawInput = Partial<Record<keyof Omit<EventFields, "title" | "summary" | "description" | "accessibility">, unknown>> & {
  title?: LocalizedText;
  summary?: LocalizedText;
  description?: LocalizedText;
  accessibility?: LocalizedText;
};

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");

/**
 * A capacity as typed: empty is unlimited (null); otherwise a whole number from 1 to CAPACITY_MAX, else an error
 * on `capacity`. Events and sessions share it.
 */
export function readCapacity(value: unknown, errors: FieldErrors): number | null {
  const typed = text(value);
  if (!typed) return null;
  const number = Number(typed);
  if (Number.isInteger(number) && number >= 1 && number <= CAPACITY_MAX) return number;
  errors.capacity = { key: "events.error.capacity", values: { max: CAPACITY_MAX } };
  return null;
}
const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value]).map(text).filter(Boolean);
const bool = (value: unknown): boolean => value === true || value === "true" || value === "on" || value === "1" || value === "yes";
// eslint-disable-next-line no-control-regex
const hasUnstorable = (value: string): boolean => /[\u0000]/.test(value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `zone` is an IANA time zone name (Europe/Moscow, Asia/Almaty, UTC). */
export const isTimeZone = (zone: string): boolean => zone.length <= 64 && IANAZone.isValidZone(zone);

/**
 * An instant from what a person or a client typed: an ISO time with an offset is taken as it is; a wall-clock
 * time is read in `zone` (so "10:00" in Europe/Berlin is 08:00 UTC in summer and 09:00 in winter). A wall-clock
 * time that does not exist (skipped by a DST change) moves forward as clocks do. Null when unreadable or outside
 * 2000–2100.
 */
export function instantIn(value: string, zone: string): Date | null {
  if (!value) return null;
  const hasOffset = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(value);
  const parsed = hasOffset ? DateTime.fromISO(value, { setZone: true }) : DateTime.fromISO(value, { zone });
  if (!parsed.isValid || parsed.year < 2000 || parsed.year > 2100) return null;
  return parsed.toJSDate();
}

/** The wall-clock time of an instant in a zone, as `<input type="datetime-local">` shows it (YYYY-MM-DDTHH:mm). */
export function wallClock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * Checks an event's fields and returns them normalised, or each problem keyed by its form field name with message
 * keys the catalogues translate. `targetIds` are the space's framework items, `seriesIds` its series,
 * `organisationIds` the organisations the author may name as organisers (theirs, or any for organisers of the space).
 */
export function readEventInput(
  raw: EventRawInput,
  options: { targetIds: ReadonlySet<string>; seriesIds: ReadonlySet<string>; organisationIds: ReadonlySet<string> },
): { fields: EventFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kindText = text(raw.kind);
  const kind = (EVENT_KINDS as readonly string[]).includes(kindText) ? (kindText as EventKind) : "in_person";
  if (!(EVENT_KINDS as readonly string[]).includes(kindText)) errors.kind = { key: kindText ? "validation.invalid_choice" : "validation.required" };
  const visibilityText = text(raw.visibility) || "public";
  const visibility = (EVENT_VISIBILITIES as readonly string[]).includes(visibilityText) ? (visibilityText as EventVisibility) : "public";
  if (!(EVENT_VISIBILITIES as readonly string[]).includes(visibilityText)) errors.visibility = { key: "validation.invalid_choice" };
  const modeText = text(raw.registrationMode) || "open";
  const registrationMode = (REGISTRATION_MODES as readonly string[]).includes(modeText) ? (modeText as RegistrationMode) : "open";
  if (!(REGISTRATION_MODES as readonly string[]).includes(modeText)) errors.registration_mode = { key: "validation.invalid_choice" };

  const slugText = text(raw.slug).toLowerCase();
  if (slugText && !/^[a-z0-9][a-z0-9-]{0,79}$/.test(slugText)) errors.slug = { key: "events.error.slug" };

  const title = cleanLocalized(raw.title ?? {});
  const summary = cleanLocalized(raw.summary ?? {});
  const description = cleanLocalized(raw.description ?? {});
  const accessibility = cleanLocalized(raw.accessibility ?? {});
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  for (const [name, value, max] of [
    ["title", title, TITLE_MAX],
    ["summary", summary, SUMMARY_MAX],
    ["description", description, DESCRIPTION_MAX],
    ["accessibility", accessibility, TEXT_MAX * 4],
  ] as const) {
    if (errors[name]) continue;
    if (Object.values(value).some((part) => (part ?? "").length > max)) errors[name] = { key: "validation.too_long", values: { max } };
    else if (Object.values(value).some((part) => hasUnstorable(part ?? ""))) errors[name] = { key: "validation.unstorable_text" };
  }

  const zoneText = text(raw.timeZone);
  const timeZone = isTimeZone(zoneText) ? zoneText : "UTC";
  if (!zoneText) errors.time_zone = { key: "validation.required" };
  else if (!isTimeZone(zoneText)) errors.time_zone = { key: "events.error.time_zone" };
  const readTime = (name: "starts_at" | "ends_at" | "registration_closes_at", value: unknown, isRequired: boolean): Date | null => {
    const typed = value instanceof Date ? value.toISOString() : text(value);
    if (!typed) {
      if (isRequired) errors[name] = { key: "validation.required" };
      return null;
    }
    const instant = instantIn(typed, timeZone);
    if (!instant) errors[name] = { key: "events.error.time" };
    return instant;
  };
  const startsAt = readTime("starts_at", raw.startsAt, true);
  const endsAt = readTime("ends_at", raw.endsAt, true);
  const registrationClosesAt = readTime("registration_closes_at", raw.registrationClosesAt, false);
  if (startsAt && endsAt && !errors.ends_at) {
    if (endsAt <= startsAt) errors.ends_at = { key: "events.error.ends_before_start" };
    else if (endsAt.getTime() - startsAt.getTime() > LONGEST_EVENT_DAYS * 86_400_000) errors.ends_at = { key: "events.error.too_long", values: { days: LONGEST_EVENT_DAYS } };
  }
  if (registrationClosesAt && endsAt && registrationClosesAt > endsAt) errors.registration_closes_at = { key: "events.error.closes_after_end" };

  const shortText = (name: string, value: unknown): string => {
    const typed = text(value);
    if (typed.length > TEXT_MAX) errors[name] = { key: "validation.too_long", values: { max: TEXT_MAX } };
    else if (hasUnstorable(typed)) errors[name] = { key: "validation.unstorable_text" };
    return typed;
  };
  const venueName = shortText("venue_name", raw.venueName);
  const venueAddress = shortText("venue_address", raw.venueAddress);
  const country = text(raw.country).toUpperCase();
  if (country && !isCountryCode(country)) errors.country = { key: "validation.invalid_choice" };

  const readUrl = (name: string, value: unknown): string | null => {
    const typed = text(value);
    if (!typed) return null;
    const url = safeWebUrl(typed);
    if (!url) errors[name] = { key: "events.error.url" };
    return url;
  };
  const mapUrl = readUrl("map_url", raw.mapUrl);
  const meetingUrl = readUrl("meeting_url", raw.meetingUrl);
  const isExternal = bool(raw.isExternal);
  const externalUrl = readUrl("external_url", raw.externalUrl);
  if (isExternal && !externalUrl && !errors.external_url) errors.external_url = { key: "events.error.external_url_required" };
  if (kind !== "online" && !isExternal && !venueName && !venueAddress && !errors.venue_name) errors.venue_name = { key: "events.error.venue_required" };

  const languageList = (name: string, value: unknown): string[] => {
    const codes = [...new Set(list(value).map((code) => code.toLowerCase()))];
    if (codes.length > 20 || codes.some((code) => !/^[a-z]{2,3}$/.test(code))) errors[name] = { key: "validation.invalid_choice" };
    return codes.filter((code) => /^[a-z]{2,3}$/.test(code)).slice(0, 20);
  };
  const languages = languageList("languages", raw.languages);
  const interpretation = languageList("interpretation", raw.interpretation);

  const themes = [...new Set(list(raw.themes).flatMap((value) => value.split(",")).map((theme) => theme.trim().toLowerCase()).filter(Boolean))];
  if (themes.length > THEMES_MAX) errors.themes = { key: "events.error.themes_count", values: { max: THEMES_MAX } };
  else if (themes.some((theme) => theme.length > THEME_MAX || hasUnstorable(theme))) errors.themes = { key: "events.error.theme_length", values: { max: THEME_MAX } };

  const targetIds = [...new Set(list(raw.targetIds).map((id) => id.toLowerCase()))];
  if (targetIds.some((id) => !options.targetIds.has(id))) errors.targets = { key: "validation.invalid_choice" };
  const seriesText = text(raw.seriesId).toLowerCase();
  if (seriesText && !options.seriesIds.has(seriesText)) errors.series = { key: "validation.invalid_choice" };
  const organisationIds = [...new Set(list(raw.organisationIds).map((id) => id.toLowerCase()))];
  if (organisationIds.some((id) => !UUID.test(id) || !options.organisationIds.has(id))) errors.organisers = { key: "validation.invalid_choice" };

  const capacity = readCapacity(raw.capacity, errors);
  const offerText = text(raw.offerHours);
  let offerHours = 48;
  if (offerText) {
    const number = Number(offerText);
    if (!Number.isInteger(number) || number < 1 || number > 720) errors.offer_hours = { key: "events.error.offer_hours" };
    else offerHours = number;
  }

  const fields: EventFields = {
    slug: slugText && !errors.slug ? slugText : null,
    kind,
    visibility,
    title,
    summary,
    description,
    startsAt: startsAt ?? new Date(0),
    endsAt: endsAt ?? new Date(0),
    timeZone,
    venueName,
    venueAddress,
    country: country && isCountryCode(country) ? country : "",
    mapUrl,
    meetingUrl: kind === "in_person" ? null : meetingUrl,
    languages,
    interpretation,
    accessibility,
    themes: themes.slice(0, THEMES_MAX),
    targetIds,
    isExternal,
    externalUrl: isExternal ? externalUrl : null,
    registrationMode,
    allowsOrganisation: raw.allowsOrganisation === undefined ? true : bool(raw.allowsOrganisation),
    registrationClosesAt,
    capacity,
    offerHours,
    seriesId: seriesText && !errors.series ? seriesText : null,
    organisationIds,
  };
  return { fields, errors };
}
