import type { FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { safeWebUrl } from "../../../platform/web-url";
import { instantIn, readCapacity } from "../inputs";
import type { EventView } from "../queries";
import { SESSION_TYPES, type SessionLink, type SessionType } from "../schema";
import type { SessionView } from "./queries";

// Checked input of the agenda: a session (with its speakers and moderators), its after-event material, and the
// event's closing notes. Forms and the API send the same raw shapes; errors are keyed by the form's field names.

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 10_000;
const SHORT_MAX = 120;
const BIO_MAX = 1_000;
/** At most this many people on one session, and links after it. */
export const PEOPLE_MAX = 20;
export const LINKS_MAX = 10;
const NOTES_MAX = 20_000;

export type PersonInput = { role: "speaker" | "moderator"; email: string; name: string; organisation: string; bio: LocalizedText };

/** A session as it is saved: the stored fields of a SessionView (capacity goes to its seat pool) and its people. */
export type SessionFields = Pick<SessionView, "title" | "description" | "type" | "startsAt" | "endsAt" | "track" | "room" | "hasRegistration" | "capacity"> & {
  people: PersonInput[];
};

export type RawPerson = { role?: unknown; email?: unknown; name?: unknown; organisation?: unknown; bio?: LocalizedText | unknown };

export type SessionRawInput = {
  title?: LocalizedText;
  description?: LocalizedText;
  type?: unknown;
  startsAt?: unknown;
  endsAt?: unknown;
  track?: unknown;
  room?: unknown;
  hasRegistration?: unknown;
  capacity?: unknown;
  people?: RawPerson[];
};

/** The raw input from what forms and the API both send (the same snake_case names). */
export function sessionRawFromFields(values: { title?: LocalizedText; description?: LocalizedText; people?: RawPerson[] } & Record<string, unknown>): SessionRawInput {
  return {
    title: values.title,
    description: values.description,
    type: values.type,
    startsAt: values.starts_at,
    endsAt: values.ends_at,
    track: values.track,
    room: values.room,
    hasRegistration: values.has_registration,
    capacity: values.capacity ?? "",
    people: values.people,
  };
}

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
const bool = (value: unknown): boolean => value === true || value === "true" || value === "on" || value === "1";
// eslint-disable-next-line no-control-regex
const hasUnstorable = (value: string): boolean => /\u0000/.test(value);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a session of `event`: a title in some language, a known type, a start and an end in the event's zone
 * within the event's own span, and its people (each either a platform user by address or a guest by name).
 */
export function readSessionInput(raw: SessionRawInput, event: Pick<EventView, "timeZone" | "startsAt" | "endsAt">): { fields: SessionFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const title = cleanLocalized(raw.title ?? {});
  const description = cleanLocalized(raw.description ?? {});
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  else if (Object.values(title).some((part) => (part ?? "").length > TITLE_MAX)) errors.title = { key: "validation.too_long", values: { max: TITLE_MAX } };
  if (Object.values(description).some((part) => (part ?? "").length > DESCRIPTION_MAX)) errors.description = { key: "validation.too_long", values: { max: DESCRIPTION_MAX } };
  for (const [name, value] of [["title", title], ["description", description]] as const) {
    if (!errors[name] && Object.values(value).some((part) => hasUnstorable(part ?? ""))) errors[name] = { key: "validation.unstorable_text" };
  }

  const typeText = text(raw.type) || "other";
  const type = (SESSION_TYPES as readonly string[]).includes(typeText) ? (typeText as SessionType) : "other";
  if (type !== typeText) errors.type = { key: "validation.invalid_choice" };

  const readTime = (name: "starts_at" | "ends_at", value: unknown): Date | null => {
    const typed = value instanceof Date ? value.toISOString() : text(value);
    if (!typed) {
      errors[name] = { key: "validation.required" };
      return null;
    }
    const instant = instantIn(typed, event.timeZone);
    if (!instant) errors[name] = { key: "events.error.time" };
    return instant;
  };
  const startsAt = readTime("starts_at", raw.startsAt);
  const endsAt = readTime("ends_at", raw.endsAt);
  if (startsAt && endsAt) {
    if (endsAt <= startsAt) errors.ends_at = { key: "events.error.ends_before_start" };
    else if (startsAt < event.startsAt || endsAt > event.endsAt) errors.starts_at = { key: "events.agenda.error.outside_event" };
  }

  const short = (name: string, value: unknown, max = SHORT_MAX): string => {
    const typed = text(value);
    if (typed.length > max) errors[name] = { key: "validation.too_long", values: { max } };
    else if (hasUnstorable(typed)) errors[name] = { key: "validation.unstorable_text" };
    return typed;
  };
  const track = short("track", raw.track);
  const room = short("room", raw.room);

  const hasRegistration = bool(raw.hasRegistration);
  const capacity = readCapacity(raw.capacity, errors);

  const people: PersonInput[] = [];
  const rawPeople = Array.isArray(raw.people) ? raw.people : [];
  if (rawPeople.length > PEOPLE_MAX) errors.people = { key: "events.agenda.error.people_count", values: { max: PEOPLE_MAX } };
  for (const [index, person] of rawPeople.slice(0, PEOPLE_MAX).entries()) {
    const prefix = `person.${index}`;
    const email = short(`${prefix}.email`, person.email, 254).toLowerCase();
    const name = short(`${prefix}.name`, person.name);
    const organisation = short(`${prefix}.organisation`, person.organisation, 200);
    const bio = cleanLocalized(person.bio && typeof person.bio === "object" ? (person.bio as LocalizedText) : {});
    if (!email && !name && !organisation && !Object.keys(bio).length) continue; // an empty row of the form
    const roleText = text(person.role) || "speaker";
    if (roleText !== "speaker" && roleText !== "moderator") errors[`${prefix}.role`] = { key: "validation.invalid_choice" };
    if (email && !EMAIL.test(email)) errors[`${prefix}.email`] = { key: "validation.invalid_email" };
    if (!email && !name) errors[`${prefix}.name`] = { key: "events.agenda.error.person_name" };
    if (Object.values(bio).some((part) => (part ?? "").length > BIO_MAX)) errors[`${prefix}.bio`] = { key: "validation.too_long", values: { max: BIO_MAX } };
    people.push({ role: roleText === "moderator" ? "moderator" : "speaker", email, name, organisation, bio });
  }

  return {
    fields: { title, description, type, startsAt: startsAt ?? new Date(0), endsAt: endsAt ?? new Date(0), track, room, hasRegistration, capacity: hasRegistration ? capacity : null, people },
    errors,
  };
}

export type MaterialFields = { recordingUrl: string | null; slidesUrl: string | null; links: SessionLink[] };

/** After-event material of a session: a recording, slides and further links (label + address), web addresses only. */
export function readMaterialInput(raw: { recordingUrl?: unknown; slidesUrl?: unknown; links?: { label?: unknown; url?: unknown }[] }): { fields: MaterialFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const url = (name: string, value: unknown): string | null => {
    const typed = text(value);
    if (!typed) return null;
    const safe = typed.length <= 2_000 ? safeWebUrl(typed) : null;
    if (!safe) errors[name] = { key: "events.error.url" };
    return safe;
  };
  const recordingUrl = url("recording_url", raw.recordingUrl);
  const slidesUrl = url("slides_url", raw.slidesUrl);
  const links: SessionLink[] = [];
  for (const [index, link] of (raw.links ?? []).slice(0, LINKS_MAX).entries()) {
    const label = text(link.label);
    const address = text(link.url);
    if (!label && !address) continue;
    const safe = url(`link.${index}.url`, address);
    if (!address) errors[`link.${index}.url`] = { key: "validation.required" };
    if (label.length > 200) errors[`link.${index}.label`] = { key: "validation.too_long", values: { max: 200 } };
    if (safe) links.push({ label: label.slice(0, 200) || safe, url: safe });
  }
  return { fields: { recordingUrl, slidesUrl, links }, errors };
}

/** The organisers' closing notes, in each language (Markdown). */
export function readClosingNotes(raw: LocalizedText): { notes: LocalizedText; errors: FieldErrors } {
  const notes = cleanLocalized(raw);
  const errors: FieldErrors = {};
  if (Object.values(notes).some((part) => (part ?? "").length > NOTES_MAX)) errors.closing_notes = { key: "validation.too_long", values: { max: NOTES_MAX } };
  else if (Object.values(notes).some((part) => hasUnstorable(part ?? ""))) errors.closing_notes = { key: "validation.unstorable_text" };
  return { notes, errors };
}
