import { isCountryCode } from "../../platform/countries";
import { validationFailed, type FieldErrors } from "../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../platform/i18n/localized";
import { localizedFromForm } from "../../platform/views/forms";
import { formList } from "../../platform/http/forms";
import { isSpokenLanguage } from "../knowledge/experts/languages";
import type { PostFilters } from "./queries";
import { PARTNERSHIP_KINDS, PARTNERSHIP_SIDES, type PartnershipKind, type PartnershipSide } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const MAX_TARGETS = 30;
export const MAX_COUNTRIES = 60;
export const MAX_LANGUAGES = 12;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An offer or a need as a form or the seed gives it, before checking. */
export type PostInput = {
  organisationId: string;
  side: string;
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  targetIds: string[];
  countries: string[];
  languages: string[];
  untilOn: string;
};

export type CheckedPost = Omit<PostInput, "side" | "kind" | "untilOn"> & { side: PartnershipSide; kind: PartnershipKind; untilOn: string | null };

/** A post's fields from a posted form (`title.en`, `target_ids` repeated, …). */
export function postFromForm(body: Record<string, unknown>): PostInput {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
  return {
    organisationId: text("organisation_id"), side: text("side"), kind: text("kind"),
    title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"),
    targetIds: formList(body, "target_ids"), countries: formList(body, "countries"), languages: formList(body, "languages"), untilOn: text("until_on"),
  };
}

const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);

/**
 * Checks a post: side and kind from their lists, a title in at least one language, at least one working language
 * (the matcher pairs only posts that share one), known countries, targets among `allowedTargetIds` (the space's
 * frameworks) and a real calendar date. Throws validation_failed naming every bad field.
 */
export function checkPost(input: PostInput, allowedTargetIds: ReadonlySet<string>): CheckedPost {
  const errors: FieldErrors = {};
  const title = cleanLocalized(input.title);
  const description = cleanLocalized(input.description);
  if (!(PARTNERSHIP_SIDES as readonly string[]).includes(input.side)) errors.side = { key: input.side ? "validation.invalid_choice" : "validation.required" };
  if (!(PARTNERSHIP_KINDS as readonly string[]).includes(input.kind)) errors.kind = { key: input.kind ? "validation.invalid_choice" : "validation.required" };
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  else if (tooLong(title, TITLE_MAX)) errors.title = { key: "validation.too_long", values: { max: TITLE_MAX } };
  if (tooLong(description, DESCRIPTION_MAX)) errors.description = { key: "validation.too_long", values: { max: DESCRIPTION_MAX } };
  const targetIds = [...new Set(input.targetIds)];
  if (targetIds.length > MAX_TARGETS) errors.target_ids = { key: "validation.too_big", values: { max: MAX_TARGETS } };
  else if (targetIds.some((id) => !allowedTargetIds.has(id))) errors.target_ids = { key: "validation.invalid_choice" };
  const countries = [...new Set(input.countries)];
  if (countries.length > MAX_COUNTRIES) errors.countries = { key: "validation.too_big", values: { max: MAX_COUNTRIES } };
  else if (countries.some((code) => !isCountryCode(code))) errors.countries = { key: "validation.invalid_choice" };
  const languages = [...new Set(input.languages)];
  if (!languages.length) errors.languages = { key: "partnerships.error.language_required" };
  else if (languages.length > MAX_LANGUAGES) errors.languages = { key: "validation.too_big", values: { max: MAX_LANGUAGES } };
  else if (languages.some((code) => !isSpokenLanguage(code))) errors.languages = { key: "validation.invalid_choice" };
  let untilOn: string | null = null;
  if (input.untilOn) {
    const parsed = DATE.test(input.untilOn) ? new Date(`${input.untilOn}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== input.untilOn) errors.until_on = { key: "validation.invalid_format" };
    else untilOn = input.untilOn;
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { ...input, side: input.side as PartnershipSide, kind: input.kind as PartnershipKind, title, description, targetIds, countries, languages, untilOn };
}

/** Filters from the query string; anything not recognised is ignored (the list is simply unfiltered by it). */
export function filtersFromQuery(query: unknown): PostFilters {
  const raw = (query && typeof query === "object" ? query : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof raw[name] === "string" ? (raw[name] as string) : "");
  const filters: PostFilters = {};
  if ((PARTNERSHIP_SIDES as readonly string[]).includes(text("side"))) filters.side = text("side") as PartnershipSide;
  if ((PARTNERSHIP_KINDS as readonly string[]).includes(text("kind"))) filters.kind = text("kind") as PartnershipKind;
  if (UUID.test(text("target"))) filters.target = text("target");
  if (isCountryCode(text("country"))) filters.country = text("country");
  if (isSpokenLanguage(text("language"))) filters.language = text("language");
  return filters;
}

