import { z } from "zod";
import { formList } from "../../platform/http/forms";
import { isSpokenLanguage } from "../knowledge/experts/languages";

// Validation of the mentor, mentee and meeting forms. Messages are i18n keys; each error names its field.

const ZONES = new Set<string>([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/** Whether an IANA time zone is one this runtime knows (Intl decides, so offsets can be computed). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || !value || value.length > 64) return false;
  if (ZONES.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The time zones a form offers, sorted. */
export const TIME_ZONES: readonly string[] = [...ZONES].sort();

export const MAX_TAGS = 15;
export const MAX_ITEMS = 30;

const Tag = z.string().trim().toLowerCase().min(2, "validation.mentoring_tag").max(40, "validation.mentoring_tag").regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, "validation.mentoring_tag");

const Common = {
  displayName: z.string().trim().min(1, "validation.mentoring_display_name").max(120, "validation.mentoring_display_name"),
  itemIds: z.array(z.uuid({ message: "validation.invalid_choice" })).max(MAX_ITEMS, "validation.mentoring_too_many_items").transform((ids) => [...new Set(ids)]),
  tags: z.array(Tag).max(MAX_TAGS, "validation.mentoring_too_many_tags").transform((tags) => [...new Set(tags)]),
  languages: z.array(z.string().refine(isSpokenLanguage, "validation.invalid_choice")).min(1, "validation.mentoring_language_required").max(20).transform((codes) => [...new Set(codes)]),
  timeZone: z.string().refine(isTimeZone, "validation.mentoring_time_zone"),
  programmeId: z.uuid({ message: "validation.mentoring_programme" }).nullable(),
};

export const OfferInput = z
  .object({
    ...Common,
    bio: z.string().trim().max(1500, "validation.mentoring_bio_long"),
    capacity: z.coerce.number({ message: "validation.mentoring_capacity" }).int("validation.mentoring_capacity").min(1, "validation.mentoring_capacity").max(20, "validation.mentoring_capacity"),
  })
  .refine((offer) => offer.itemIds.length + offer.tags.length > 0, { message: "validation.mentoring_expertise_required", path: ["itemIds"] });
export type OfferInput = z.infer<typeof OfferInput>;

export const RequestInput = z
  .object({ ...Common, needs: z.string().trim().max(3000, "validation.mentoring_needs_long") })
  .refine((request) => request.itemIds.length + request.tags.length > 0 || request.needs.length > 0, { message: "validation.mentoring_needs_required", path: ["needs"] });
export type RequestInput = z.infer<typeof RequestInput>;

export const MeetingInput = z.object({
  metOn: z.iso.date({ message: "validation.mentoring_met_on" }),
  minutes: z.coerce.number({ message: "validation.mentoring_minutes" }).int("validation.mentoring_minutes").min(5, "validation.mentoring_minutes").max(600, "validation.mentoring_minutes"),
  notes: z.string().trim().max(5000, "validation.mentoring_notes_long"),
});
export type MeetingInput = z.infer<typeof MeetingInput>;

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const tagsOf = (value: unknown) => (typeof value === "string" ? value.split(/[,;\n]/).map((tag) => tag.trim()).filter(Boolean) : []);

/** The mentor or mentee form's fields in the inputs' shape (empty selects become null). */
export function profileFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return {
    displayName: text(body.displayName), bio: text(body.bio), needs: text(body.needs), capacity: text(body.capacity) || undefined,
    itemIds: formList(body, "itemIds"), tags: tagsOf(body.tags), languages: formList(body, "languages"), timeZone: text(body.timeZone),
    programmeId: text(body.programmeId) || null,
  };
}

export function meetingFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return { metOn: text(body.metOn), minutes: text(body.minutes) || undefined, notes: text(body.notes) };
}
