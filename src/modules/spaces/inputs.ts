import { z } from "zod";
import { isCountryCode } from "../../platform/countries";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { SpaceRole, SpaceVisibility } from "./schema";

/** Features a space can switch on; later issues build them (stored now so spaces can be set up in advance). */
export const SPACE_FEATURES = ["commitments", "consultations", "events", "knowledge", "news", "surveys", "programmes", "partnerships"] as const;
export type SpaceFeature = (typeof SPACE_FEATURES)[number];

/**
 * Pages a feature module serves under /spaces/:slug/ once it exists (paths relative to the space, with the
 * message key of each link, given the feature's wording values: see feature-wording.ts). Features without
 * pages yet show as plain labels.
 */
export const FEATURE_LINKS: Partial<Record<SpaceFeature, { path: string; labelKey: string; onlyInMode?: string }[]>> = {
  commitments: [
    { path: "commitments", labelKey: "space.link.commitments" },
    { path: "commitments/dashboard", labelKey: "space.link.commitment_dashboard" },
    { path: "commitments/embed", labelKey: "space.link.commitment_widgets" },
    // shown only when the feature's wording mode is "memorandum" (the memorandum module's pages)
    { path: "memorandum", labelKey: "space.link.memorandum", onlyInMode: "memorandum" },
  ],
  consultations: [
    { path: "consultations", labelKey: "space.feature.consultations" },
    { path: "follow-up", labelKey: "space.link.follow_up" },
  ],
  knowledge: [{ path: "knowledge", labelKey: "space.feature.knowledge" }],
  events: [{ path: "events", labelKey: "space.feature.events" }],
  news: [
    { path: "news", labelKey: "space.link.news" },
    { path: "newsletters", labelKey: "space.link.newsletters" },
    { path: "newsletter", labelKey: "space.link.newsletter_follow" },
    { path: "showcases", labelKey: "space.link.showcases" },
  ],
  surveys: [{ path: "surveys", labelKey: "space.feature.surveys" }],
  programmes: [
    { path: "programmes", labelKey: "space.feature.programmes" },
    { path: "mentoring", labelKey: "space.link.mentoring" },
  ],
  partnerships: [{ path: "partnerships", labelKey: "space.feature.partnerships" }],
};

/** Roles in a space, strongest first (the order pages list them in). */
export const SPACE_ROLES = ["coordinator", "facilitator", "focal_point", "member"] as const satisfies readonly SpaceRole[];

export const SPACE_VISIBILITIES = ["public", "private"] as const satisfies readonly SpaceVisibility[];

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Keys of frameworks and their items: stable identifiers other systems may store, so plain ASCII only. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const KEY_MAX_LENGTH = 80;

export const SpaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(60)
  .regex(SLUG_PATTERN, "space.validation.slug_format");

export function isSpaceSlug(value: string): boolean {
  return value.length >= 3 && value.length <= 60 && SLUG_PATTERN.test(value);
}

export function isFrameworkKey(value: string): boolean {
  return value.length <= KEY_MAX_LENGTH && KEY_PATTERN.test(value);
}

const Localized = z.record(z.string(), z.string().max(20_000));
const requiredLocalized = (max: number) =>
  Localized.refine((value) => Object.values(value).some((text) => text.trim()), "validation.localized_required").refine(
    (value) => Object.values(value).every((text) => text.length <= max),
    "validation.invalid_value",
  );

/** What the space form (and the factories) give to createSpace/updateSpace. */
export const SpaceInput = z.object({
  slug: SpaceSlug,
  title: requiredLocalized(200),
  description: Localized.default({}),
  visibility: z.enum(SPACE_VISIBILITIES).default("public"),
  enabledModules: z.array(z.enum(SPACE_FEATURES)).default([]),
  /** Framework keys in the order the space lists them. */
  frameworkKeys: z.array(z.string().max(KEY_MAX_LENGTH)).max(50).default([]),
});
export type SpaceInput = z.input<typeof SpaceInput>;
export type SpaceData = Omit<z.output<typeof SpaceInput>, "title" | "description"> & { title: LocalizedText; description: LocalizedText };

/** Adding a person to a space by their account email. */
export const RoleGrantInput = z
  .object({
    email: z.string().trim().toLowerCase().min(1).max(254).pipe(z.email()),
    role: z.enum(SPACE_ROLES),
    country: z.string().trim().toUpperCase().default(""),
  })
  .superRefine((value, context) => {
    if (value.role === "focal_point" && !value.country) context.addIssue({ code: "custom", path: ["country"], message: "space.validation.country_required" });
    else if (value.role === "focal_point" && !isCountryCode(value.country)) context.addIssue({ code: "custom", path: ["country"], message: "validation.invalid_choice" });
  })
  // Only focal points act for a country; for other roles a stray country is dropped.
  .transform((value) => ({ ...value, country: value.role === "focal_point" ? value.country : "" }));
export type RoleGrantInput = z.output<typeof RoleGrantInput>;

export const RoleRevokeInput = z.object({
  userId: z.uuid(),
  role: z.enum(SPACE_ROLES),
  country: z.string().trim().toUpperCase().max(2).default(""),
});
export type RoleRevokeInput = z.output<typeof RoleRevokeInput>;

/** The framework a coordinator imports: its own key, name and description, then the items. */
export const FrameworkMetaInput = z.object({
  key: z.string().trim().min(1).max(KEY_MAX_LENGTH).regex(KEY_PATTERN, "framework.validation.key_format"),
  name: requiredLocalized(300),
  description: Localized.default({}),
  source: z.string().trim().max(500).default(""),
});
export type FrameworkMetaInput = Omit<z.output<typeof FrameworkMetaInput>, "name" | "description"> & { name: LocalizedText; description: LocalizedText };
