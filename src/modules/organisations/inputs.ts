import { z } from "zod";
import { isCountryCode } from "../../platform/countries";
import type { FieldErrors } from "../../platform/errors";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { cleanLocalized, type LocalizedText } from "../../platform/i18n/localized";
import { formList } from "../../platform/http/forms";
import { localizedFromForm } from "../../platform/views/forms";
import { ACTOR_TYPE_KEYS } from "./actor-types";
import type { ContactField, OrganisationContacts } from "./schema";

// Validation shared by the HTML forms (camelCase fields) and the API (snake_case fields).
// Messages are keys of the i18n catalogues ("validation.*" from the platform, "org.validation.*" here).

const LocaleKey = z.enum(LOCALE_CODES as [string, ...string[]]);

/** A multilingual text: one string per UI language, trimmed, empty languages dropped. */
function localizedText(maxLength: number) {
  return z.partialRecord(LocaleKey, z.string().trim().max(maxLength)).transform((value) => cleanLocalized(value as LocalizedText));
}

export const OrganisationName = localizedText(200).refine((value) => Object.keys(value).length > 0, "validation.localized_required");
export const OrganisationDescription = localizedText(5000);
export const ActorTypeKey = z.enum(ACTOR_TYPE_KEYS, { error: (issue) => (issue.input === undefined || issue.input === "" ? "validation.required" : "validation.invalid_choice") });
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => isCountryCode(code), "validation.invalid_choice");
export const Website = z.httpUrl().max(500);
export const ContactVisibility = z.enum(["public", "members", "private"]);
export const OrganisationRole = z.enum(["admin", "member"], { error: () => "validation.invalid_choice" });

export const CONTACT_FIELDS = ["email", "phone", "address", "person"] as const;
export type ContactFieldName = (typeof CONTACT_FIELDS)[number];

const contact = (value: z.ZodType<string>) => z.object({ value, visibility: ContactVisibility.default("members") });
export const Contacts = z.object({
  email: contact(z.string().trim().toLowerCase().max(254).pipe(z.email())).optional(),
  phone: contact(
    z
      .string()
      .trim()
      .regex(/^\+?[0-9(][0-9 ()./-]{3,38}[0-9]$/, "org.validation.invalid_phone"),
  ).optional(),
  address: contact(z.string().trim().min(1).max(500)).optional(),
  person: contact(z.string().trim().min(1).max(200)).optional(),
});

export const MAX_THEMES = 15;
export const MAX_TARGETS = 30;

/** A theme: lower-case words, digits, spaces and dashes (2–40 characters), repeats dropped. */
export const Themes = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(2, "validation.org_theme")
      .max(40, "validation.org_theme")
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]*$/u, "validation.org_theme"),
  )
  .max(MAX_THEMES, "validation.org_too_many_themes")
  .transform((themes) => [...new Set(themes)]);
/** Reference-framework item ids (checked against the frameworks by the command). */
export const TargetIds = z
  .array(z.uuid({ message: "validation.invalid_choice" }))
  .max(MAX_TARGETS, "validation.org_too_many_targets")
  .transform((ids) => [...new Set(ids)]);

/** What creating or editing an organisation needs, validated. */
export const OrganisationInput = z.object({
  name: OrganisationName,
  description: OrganisationDescription.default({}),
  actorType: ActorTypeKey,
  country: CountryCode.nullable().default(null),
  website: Website.nullable().default(null),
  contacts: Contacts.default({}),
  themes: Themes.default([]),
  itemIds: TargetIds.default([]),
});
export type OrganisationInput = z.infer<typeof OrganisationInput>;

/** The API's body for creating an organisation (snake_case like the rest of the API). */
export const OrganisationCreateBody = z.object({
  name: OrganisationName.describe("The name per language, e.g. {\"en\": \"...\", \"ru\": \"...\"}; at least one language"),
  description: OrganisationDescription.optional(),
  actor_type: ActorTypeKey.describe("A key from GET /api/v1/actor-types"),
  country: CountryCode.nullable().optional().describe("ISO 3166-1 alpha-2 code"),
  website: Website.nullable().optional(),
  contacts: Contacts.optional().describe("Each contact has a value and a visibility: public, members (signed-in users) or private (the organisation's members)"),
  themes: Themes.optional().describe("Free themes, lower-case (up to 15)"),
  targets: TargetIds.optional().describe("Ids of reference-framework items the organisation works on (up to 30; see /api/v1/frameworks); replaces all"),
});
export type OrganisationCreateBody = z.infer<typeof OrganisationCreateBody>;

/** The API's body for updating: any subset of the create fields; `contacts` replaces all contacts. */
export const OrganisationUpdateBody = OrganisationCreateBody.partial();
export type OrganisationUpdateBody = z.infer<typeof OrganisationUpdateBody>;

export const InvitationBody = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  role: OrganisationRole.default("member"),
});
export type InvitationBody = z.infer<typeof InvitationBody>;

export const JoinRequestBody = z.object({ message: z.string().trim().max(1000).default("") });
export const RoleBody = z.object({ role: OrganisationRole });

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/**
 * Reads the organisation form (fields `name.en`, `actorType`, `contacts.email.value`, ...) into the shape
 * OrganisationInput validates. Empty optional fields become null; a contact without a value is left out.
 */
export function organisationFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const contacts: Record<string, { value: string; visibility: string }> = {};
  for (const field of CONTACT_FIELDS) {
    const value = text(body[`contacts.${field}.value`]);
    if (value) contacts[field] = { value, visibility: text(body[`contacts.${field}.visibility`]) || "members" };
  }
  return {
    name: localizedFromForm(body, "name"),
    description: localizedFromForm(body, "description"),
    actorType: text(body.actorType) || undefined,
    country: text(body.country) || null,
    website: text(body.website) || null,
    contacts,
    themes: text(body.themes).split(/[,;\n，、；،؛]/).map((theme) => theme.trim()).filter(Boolean),
    itemIds: formList(body, "itemIds"),
  };
}

/** Spreads stored contacts into the form's field names, to prefill the edit form. */
export function contactsToForm(contacts: OrganisationContacts): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of CONTACT_FIELDS) {
    const entry: ContactField | undefined = contacts[field];
    values[`contacts.${field}.visibility`] = entry?.visibility ?? "members";
    if (entry) values[`contacts.${field}.value`] = entry.value;
  }
  return values;
}

/** Errors inside one language of a multilingual field ("name.ru") are shown on the whole field ("name"). */
export function collapseLocalizedErrors(errors: FieldErrors, fields: string[]): FieldErrors {
  const result: FieldErrors = {};
  for (const [name, error] of Object.entries(errors)) {
    const parent = fields.find((field) => name.startsWith(`${field}.`));
    if (parent) result[parent] ??= error;
    else result[name] = error;
  }
  return result;
}

/** Maps the API body to the command input (absent fields stay absent, so an update touches only them). */
export function organisationFromApi(body: OrganisationUpdateBody): Partial<OrganisationInput> {
  const input: Partial<OrganisationInput> = {};
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.actor_type !== undefined) input.actorType = body.actor_type;
  if (body.country !== undefined) input.country = body.country;
  if (body.website !== undefined) input.website = body.website;
  if (body.contacts !== undefined) input.contacts = body.contacts;
  if (body.themes !== undefined) input.themes = body.themes;
  if (body.targets !== undefined) input.itemIds = body.targets;
  return input;
}
