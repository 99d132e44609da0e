import type { FieldErrors } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { localizedFromForm } from "../../platform/views/forms";

const TITLE_MAX = 200;
const OCCASION_MAX = 200;
const INTRO_MAX = 10_000;
const NOTE_MAX = 1_000;
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** Words a showcase's slug cannot be: they are pages of the list (`/showcases/new`). */
const RESERVED_SLUGS = new Set(["new", "feed", "embed"]);

/** A showcase's details as stored, checked. */
export type ShowcaseFields = {
  slug: string | null;
  title: LocalizedText;
  intro: LocalizedText;
  occasion: LocalizedText;
  startsOn: string | null;
  endsOn: string | null;
  colour: string;
};

export type Checked<T> = { isValid: true; data: T } | { isValid: false; errors: FieldErrors };

const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);
const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");

function isRealDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Reads the details form (`title.en`, `intro.ru`, `starts_on`…) or the same names from the API; every problem names its field. */
export function readShowcaseInput(body: Record<string, unknown>): Checked<ShowcaseFields> {
  const errors: FieldErrors = {};
  const title = localizedFromForm(body, "title");
  const intro = localizedFromForm(body, "intro");
  const occasion = localizedFromForm(body, "occasion");
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  else if (tooLong(title, TITLE_MAX)) errors.title = { key: "validation.too_long", values: { max: TITLE_MAX } };
  if (tooLong(intro, INTRO_MAX)) errors.intro = { key: "validation.too_long", values: { max: INTRO_MAX } };
  if (tooLong(occasion, OCCASION_MAX)) errors.occasion = { key: "validation.too_long", values: { max: OCCASION_MAX } };
  const slug = text(body, "slug").toLowerCase();
  if (slug && (!SLUG_PATTERN.test(slug) || slug.length > 60)) errors.slug = { key: "validation.invalid_format" };
  else if (RESERVED_SLUGS.has(slug)) errors.slug = { key: "showcases.error.slug_reserved" };
  const startsOn = text(body, "starts_on");
  const endsOn = text(body, "ends_on");
  if (startsOn && !isRealDate(startsOn)) errors.starts_on = { key: "validation.invalid_format" };
  if (endsOn && !isRealDate(endsOn)) errors.ends_on = { key: "validation.invalid_format" };
  else if (startsOn && endsOn && !errors.starts_on && endsOn < startsOn) errors.ends_on = { key: "showcases.error.ends_before_start" };
  const colour = text(body, "colour").toLowerCase();
  if (colour && !/^#[0-9a-f]{6}$/.test(colour)) errors.colour = { key: "validation.invalid_format" };
  if (Object.keys(errors).length) return { isValid: false, errors };
  return { isValid: true, data: { slug: slug || null, title, intro, occasion, startsOn: startsOn || null, endsOn: endsOn || null, colour } };
}

/** A curator's note or a section heading (`<name>.en`, `<name>.ru`), checked for length. */
export function readLocalizedShort(body: Record<string, unknown>, name: string, isRequired: boolean): Checked<LocalizedText> {
  const value = localizedFromForm(body, name);
  if (isRequired && !Object.keys(value).length) return { isValid: false, errors: { [name]: { key: "validation.localized_required" } } };
  if (tooLong(value, NOTE_MAX)) return { isValid: false, errors: { [name]: { key: "validation.too_long", values: { max: NOTE_MAX } } } };
  return { isValid: true, data: value };
}
