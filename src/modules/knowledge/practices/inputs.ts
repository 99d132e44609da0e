import { z } from "zod";
import { isCountryCode } from "../../../platform/countries";
import { fieldErrorsFromZod, validationFailed, type FieldErrors } from "../../../platform/errors";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { PRACTICE_KINDS } from "../../consultations/schema";
import { isActorTypeKey } from "../../organisations/actor-types";

// The fields of a practice an organisation submits, as the form, the API and the demo seed send them.
// Shapes only; whether the organisation and the framework items fit the space is checked by the command.

export const PRACTICE_TITLE_MAX = 300;
export const PRACTICE_TEXT_MAX = 8000;
export const PRACTICE_LINKS_MAX = 10;
export const REVIEW_REASON_MAX = 4000;
export const REVIEW_DECISIONS = ["publish", "return", "reject"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const Localized = (max: number) =>
  z.record(z.string(), z.string().max(max)).transform((value) => {
    const result: LocalizedText = {};
    for (const code of LOCALE_CODES) {
      const text = value[code]?.trim();
      if (text) result[code] = text;
    }
    return result;
  });
const Required = (max: number) => Localized(max).refine((value) => Object.keys(value).length > 0, "validation.localized_required");

export const PracticeLinkInput = z.object({
  url: z.url({ protocol: /^https?$/, error: "validation.invalid_url" }).max(2000),
  label: z.string().trim().max(200).default(""),
});

export const PracticeFields = z.object({
  organisationId: z.uuid({ error: "validation.required" }),
  kind: z.enum(PRACTICE_KINDS, { error: "validation.invalid_choice" }),
  title: Required(PRACTICE_TITLE_MAX),
  summary: Required(PRACTICE_TEXT_MAX),
  results: Localized(PRACTICE_TEXT_MAX).default({}),
  language: z.enum(LOCALE_CODES as [string, ...string[]], { error: "validation.invalid_choice" }),
  countries: z
    .array(z.string().transform((code) => code.toUpperCase()).refine(isCountryCode, "validation.invalid_choice"))
    .max(250)
    .default([]),
  targetItemIds: z.array(z.uuid({ error: "validation.invalid_choice" })).max(50).default([]),
  actorTypes: z.array(z.string().refine(isActorTypeKey, "validation.invalid_choice")).max(30).default([]),
  links: z.array(PracticeLinkInput).max(PRACTICE_LINKS_MAX).default([]),
});
export type PracticeFields = z.infer<typeof PracticeFields>;
export type PracticeInput = z.input<typeof PracticeFields>;

/**
 * Validates practice fields, throwing `validation_failed` with one error per top-level field (a bad third link
 * is reported against `links`, the field the form shows).
 */
export function parsePracticeFields(input: unknown): PracticeFields {
  const parsed = PracticeFields.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const [path, error] of Object.entries(fieldErrorsFromZod(parsed.error))) {
    const field = path.split(".")[0] ?? "_";
    fields[field] ??= error;
  }
  throw validationFailed(fields);
}

/** A reviewer's decision: one of REVIEW_DECISIONS, else a 422 naming the `decision` field (a form value, not syntax). */
export function parseReviewDecision(input: unknown): ReviewDecision {
  const decision = REVIEW_DECISIONS.find((candidate) => candidate === input);
  if (!decision) throw validationFailed({ decision: { key: "knowledge.practice.error.no_decision" } });
  return decision;
}

/** A reviewer's reason for returning or rejecting a practice: required, bounded. */
export function parseReviewReason(input: unknown): string {
  const reason = typeof input === "string" ? input.trim() : "";
  if (!reason) throw validationFailed({ reason: { key: "validation.required" } });
  if (reason.length > REVIEW_REASON_MAX) throw validationFailed({ reason: { key: "validation.too_long", values: { max: REVIEW_REASON_MAX } } });
  return reason;
}
