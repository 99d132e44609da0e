import { z } from "zod";
import { slugify } from "../../../platform/slug";
import { DAY_MS } from "../../../platform/clock";
import { AppError, forbidden, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { isUniqueViolation } from "../../spaces/commands/shared";
import type { ConsultationAccess } from "../queries";
import { CONSULTATION_VISIBILITIES, GROUP_KINDS } from "../schema";

/** Shared by the structure commands: settings input, day windows, the manager check, slug making. */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 20_000;

const localized = (max: number, isRequired: boolean) =>
  z
    .record(z.string(), z.string())
    .transform((value) => cleanLocalized(value as LocalizedText))
    .refine((value) => !isRequired || Object.keys(value).length > 0, { message: "validation.required" })
    .refine((value) => Object.values(value).every((text) => (text ?? "").length <= max), { message: "consultation.structure.error.too_long" });
const day = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "consultation.structure.error.invalid_date" })]).optional().default("");

export const ConsultationSettingsInput = z.object({
  title: localized(TITLE_MAX, true),
  description: localized(DESCRIPTION_MAX, false),
  visibility: z.enum(CONSULTATION_VISIBILITIES),
  opensOn: day,
  closesOn: day,
  editWindowMinutes: z.coerce.number().int().min(0).max(10080),
  maxReplyDepth: z.coerce.number().int().min(0).max(8),
});
export type ConsultationSettings = z.infer<typeof ConsultationSettingsInput>;

export const GroupInput = z.object({
  title: localized(TITLE_MAX, true),
  description: localized(DESCRIPTION_MAX, false),
  kind: z.enum(GROUP_KINDS),
  opensOn: day,
  closesOn: day,
});
export type GroupFields = z.infer<typeof GroupInput>;

export const TopicInput = z.object({
  title: localized(TITLE_MAX, true),
  description: localized(DESCRIPTION_MAX, false),
  opensOn: day,
  closesOn: day,
});
export type TopicFields = z.infer<typeof TopicInput>;

export const QuestionInput = z.object({ text: localized(2000, true) });

/** Parses with a Zod schema, throwing the field errors a form shows beside each field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? "_");
    if (fields[name]) continue;
    fields[name] = /^(validation|consultation)\./.test(issue.message) ? { key: issue.message } : { key: issue.code === "invalid_type" ? "validation.required" : "validation.invalid_value" };
  }
  throw validationFailed(fields);
}

/**
 * A window given as first and last day (inclusive, UTC): from the first day's midnight to the midnight
 * after the last. An empty day leaves that end open.
 */
export function windowFromDays(opensOn: string, closesOn: string): { opensAt: Date | null; closesAt: Date | null } {
  const opensAt = opensOn ? new Date(`${opensOn}T00:00:00Z`) : null;
  const closesAt = closesOn ? new Date(new Date(`${closesOn}T00:00:00Z`).getTime() + DAY_MS) : null;
  if ((opensAt && Number.isNaN(opensAt.getTime())) || (closesAt && Number.isNaN(closesAt.getTime()))) throw validationFailed({ opensOn: { key: "consultation.structure.error.invalid_date" } });
  if (opensAt && closesAt && closesAt <= opensAt) throw validationFailed({ closesOn: { key: "consultation.structure.error.closes_before_opens" } });
  return { opensAt, closesAt };
}

/** The inverse of windowFromDays, to prefill a form. */
export function daysFromWindow(window: { opensAt: Date | null; closesAt: Date | null }): { opensOn: string; closesOn: string } {
  return {
    opensOn: window.opensAt ? window.opensAt.toISOString().slice(0, 10) : "",
    closesOn: window.closesAt ? new Date(window.closesAt.getTime() - DAY_MS).toISOString().slice(0, 10) : "",
  };
}

/** Only coordinators and platform admins change a consultation's structure. */
export function assertCanManage(access: ConsultationAccess): void {
  if (!access.canManage) throw access.viewer ? forbidden() : new AppError("unauthenticated");
}

/** A URL slug from a title in any of our languages (Russian transliterated), or "consultation". */
export function slugFromTitle(title: string): string {
  return slugify(title, "consultation");
}

export const slugTakenError = () => new AppError("conflict", "error.conflict", { slug: { key: "consultation.structure.error.slug_taken" } });
export { isUniqueViolation };
