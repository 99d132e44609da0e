import { z } from "zod";
import { isCountryCode } from "../../platform/countries";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import type { LocalizedText } from "../../platform/i18n/localized";
import { COMMITMENT_STAGES, COMMITMENT_TEMPLATES, COVERAGES, CRITERIA, FUNDING_SUFFICIENCY } from "./schema";

// Shapes only: rules that compare fields (end after start, criteria) live in the commands, so their
// messages can name the field they concern.

const Localized = (max: number) =>
  z
    .record(z.string(), z.string().max(max))
    .transform((value) => {
      const result: LocalizedText = {};
      for (const code of LOCALE_CODES) {
        const text = value[code]?.trim();
        if (text) result[code] = text;
      }
      return result;
    });

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.invalid_format").refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "validation.invalid_format");
const Uuid = z.uuid();
const Decimal = z.number({ error: "validation.invalid_value" }).finite().min(-1e15).max(1e15);

export const IndicatorInput = z.object({
  id: Uuid.nullish(),
  name: Localized(300).refine((value) => Object.keys(value).length > 0, "validation.localized_required"),
  unit: z.string().trim().max(60).default(""),
  baselineValue: Decimal.nullish(),
  baselineDate: IsoDate.nullish(),
  targetValue: Decimal.nullish(),
  targetDate: IsoDate.nullish(),
  direction: z.enum(["increase", "decrease", "maintain"]).default("increase"),
});
export type IndicatorInput = z.infer<typeof IndicatorInput>;

export const PartnerInput = z
  .object({ organisationSlug: z.string().trim().max(200).nullish(), name: z.string().trim().max(200).default(""), role: z.string().trim().max(200).default("") })
  .refine((value) => Boolean(value.organisationSlug) || value.name !== "", { message: "validation.required", path: ["name"] });
export type PartnerInput = z.infer<typeof PartnerInput>;

export const ContactInput = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  role: z.string().trim().max(200).default(""),
  isPublic: z.boolean().default(false),
});

export const LinkInput = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000), label: z.string().trim().max(200).default("") });

/** Every editable field of a commitment; an update sends any subset of them. */
export const CommitmentFields = z.object({
  title: Localized(300),
  description: Localized(20000),
  themes: z.array(z.string().trim().min(1).max(80)).max(20),
  primaryItemId: Uuid.nullable(),
  otherItemIds: z.array(Uuid).max(50),
  coverage: z.enum(COVERAGES),
  countries: z.array(z.string().refine(isCountryCode, "validation.invalid_choice")).max(250),
  regions: z.array(z.string().regex(/^\d{3}$/, "validation.invalid_choice")).max(50),
  startDate: IsoDate.nullable(),
  endDate: IsoDate.nullable(),
  isOpenEnded: z.boolean(),
  reviewDate: IsoDate.nullable(),
  stage: z.enum(COMMITMENT_STAGES),
  indicators: z.array(IndicatorInput).max(30),
  targetAudience: Localized(2000),
  scale: z.string().trim().max(200),
  expectedImpact: Localized(5000),
  fundingSource: z.string().trim().max(300),
  fundingSufficiency: z.enum(FUNDING_SUFFICIENCY),
  fundingAmount: z.number({ error: "validation.invalid_value" }).finite().min(0).max(1e15).nullable(),
  fundingCurrency: z.string().regex(/^[A-Z]{3}$/, "validation.invalid_format").nullable(),
  partners: z.array(PartnerInput).max(50),
  contacts: z.array(ContactInput).max(20),
  links: z.array(LinkInput).max(30),
  isPartnerDisplayAllowed: z.boolean(),
  intendsToReport: z.boolean(),
});
export type CommitmentFields = z.infer<typeof CommitmentFields>;

/** A change to a commitment: any subset of its fields (the step form sends one step's). */
export const CommitmentUpdateBody = CommitmentFields.partial().strict();
export type CommitmentUpdateBody = z.infer<typeof CommitmentUpdateBody>;

/** A new commitment: who commits (an organisation, or the person themself) and the template, plus any fields. */
export const CommitmentCreateBody = CommitmentFields.partial().extend({
  organisationId: Uuid.nullish(),
  template: z.enum(COMMITMENT_TEMPLATES).default("organisation"),
});
export type CommitmentCreateBody = z.input<typeof CommitmentCreateBody>;

export const CommitmentSettingsBody = z.object({
  mode: z.enum(["commitments", "memorandum"]),
  criteria: z.array(z.enum(CRITERIA)),
  reviewWindowDays: z.number().int().min(0).max(365),
  greenMonths: z.number().int().min(1).max(120),
  redMonths: z.number().int().min(1).max(240),
});
export type CommitmentSettingsBody = z.infer<typeof CommitmentSettingsBody>;
