import { z } from "zod";
import type { FieldErrors } from "../../../platform/errors";
import { isCountryCode } from "../../../platform/countries";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { formList } from "../../../platform/http/forms";
import { localizedFromForm } from "../../../platform/views/forms";
import { isSpokenLanguage } from "./languages";

// Validation shared by the profile form and (later) the API. Messages are i18n keys ("validation.*").

const LocaleKey = z.enum(LOCALE_CODES as [string, ...string[]]);
const localizedText = (maxLength: number) =>
  z.partialRecord(LocaleKey, z.string().trim().max(maxLength)).transform((value) => cleanLocalized(value as LocalizedText));

export const MAX_TAGS = 15;
export const MAX_ITEMS = 30;

/** A free tag: lower-case words, digits, spaces and dashes, up to 40 characters. */
const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "validation.expert_tag")
  .max(40, "validation.expert_tag")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, "validation.expert_tag");

export const ExpertInput = z.object({
  displayName: z.string().trim().min(1).max(120),
  headline: localizedText(160),
  bio: localizedText(2000).refine((value) => Object.keys(value).length > 0, "validation.localized_required"),
  tags: z.array(Tag).max(MAX_TAGS, "validation.expert_too_many_tags").transform((tags) => [...new Set(tags)]),
  languages: z
    .array(z.string().refine(isSpokenLanguage, "validation.invalid_choice"))
    .min(1, "validation.expert_language_required")
    .max(20)
    .transform((codes) => [...new Set(codes)]),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => isCountryCode(code), "validation.invalid_choice")
    .nullable(),
  organisationId: z.uuid({ message: "validation.invalid_choice" }).nullable(),
  itemIds: z
    .array(z.uuid({ message: "validation.invalid_choice" }))
    .max(MAX_ITEMS, "validation.expert_too_many_items")
    .transform((ids) => [...new Set(ids)]),
});
export type ExpertInput = z.infer<typeof ExpertInput>;

/** Tags typed as one comma-separated line. */
export function splitTags(text: unknown): string[] {
  return typeof text === "string" ? text.split(/[,;\n]/).map((tag) => tag.trim()).filter(Boolean) : [];
}

/** The profile form's fields as ExpertInput's shape (empty selects become null). */
export function expertFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  return {
    displayName: text(body.displayName),
    headline: localizedFromForm(body, "headline"),
    bio: localizedFromForm(body, "bio"),
    tags: splitTags(body.tags),
    languages: formList(body, "languages"),
    country: text(body.country) || null,
    organisationId: text(body.organisationId) || null,
    itemIds: formList(body, "itemIds"),
  };
}

/** Errors inside a list or multilingual field ("tags.2", "bio.ru") are shown on the whole field. */
export function collapseFieldErrors(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [name, error] of Object.entries(errors)) result[name.split(".")[0]] ??= error;
  return result;
}
