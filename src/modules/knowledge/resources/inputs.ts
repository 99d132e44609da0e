import { isCountryCode } from "../../../platform/countries";
import { safeWebUrl } from "../../../platform/web-url";

export { safeWebUrl };
import type { FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { isActorTypeKey } from "../../organisations/actor-types";
import { DEADLINE_KINDS, RESOURCE_KINDS, type DeadlineKind, type ResourceKind } from "./schema";

/** Languages a resource is most often written in, offered as checkboxes (UN languages and the region's). */
export const RESOURCE_LANGUAGES = ["en", "ru", "fr", "es", "ar", "zh", "kk", "ky", "uz", "tg", "tk", "az", "hy", "ka", "mn", "de"] as const;

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 5_000;
const NAME_MAX = 200;
const TAG_MAX = 40;
const TAGS_MAX = 20;
/** Largest amount a grant may name (numeric(16,2) holds it with room to spare). */
export const AMOUNT_MAX = 1_000_000_000_000;

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** A resource as it is stored: checked and normalised (see `readResourceInput`). */
export type ResourceFields = {
  kind: ResourceKind;
  title: LocalizedText;
  description: LocalizedText;
  url: string;
  languages: string[];
  tags: string[];
  targetIds: string[];
  countries: string[];
  funder: string;
  programme: string;
  eligibleActorTypes: string[];
  amountMin: number | null;
  amountMax: number | null;
  currency: string | null;
  deadlineKind: DeadlineKind;
  deadline: string | null;
  applyUrl: string | null;
};

/** The raw input, as a form posts it or the API sends it (strings and lists of strings). */
export type ResourceRawInput = {
  kind?: unknown;
  title?: LocalizedText;
  description?: LocalizedText;
  url?: unknown;
  languages?: unknown;
  tags?: unknown;
  targets?: unknown;
  countries?: unknown;
  funder?: unknown;
  programme?: unknown;
  eligibleActorTypes?: unknown;
  amountMin?: unknown;
  amountMax?: unknown;
  currency?: unknown;
  deadlineKind?: unknown;
  deadline?: unknown;
  applyUrl?: unknown;
};

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value]).map(text).filter(Boolean);
// eslint-disable-next-line no-control-regex
const hasUnstorable = (value: string): boolean => /[\u0000]/.test(value);

/** A calendar day written YYYY-MM-DD that exists (no 30 February), between 2000 and 2100. */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  const year = Number(value.slice(0, 4));
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && year >= 2000 && year <= 2100;
}

/** Amount as typed: digits with an optional decimal part (comma or point), spaces as thousands separators. */
function readAmount(value: string): number | null | "invalid" {
  if (!value) return null;
  const compact = value.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(compact)) return "invalid";
  const amount = Number(compact);
  return amount <= AMOUNT_MAX ? amount : "invalid";
}

/**
 * Checks a resource's fields and returns them normalised, or each problem keyed by its field name (the form's
 * field names: `title`, `url`, `amount_min`, …), with message keys the catalogues translate. Target ids must be
 * among `targetIds` (the space's framework items). Fields that only funding has are dropped for other kinds.
 */
export function readResourceInput(raw: ResourceRawInput, options: { targetIds: ReadonlySet<string> }): { fields: ResourceFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kindText = text(raw.kind);
  const kind = (RESOURCE_KINDS as readonly string[]).includes(kindText) ? (kindText as ResourceKind) : "other";
  if (!(RESOURCE_KINDS as readonly string[]).includes(kindText)) errors.kind = { key: kindText ? "validation.invalid_choice" : "validation.required" };
  const title = cleanLocalized(raw.title ?? {});
  const description = cleanLocalized(raw.description ?? {});
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  else if (Object.values(title).some((value) => (value ?? "").length > TITLE_MAX)) errors.title = { key: "validation.too_long", values: { max: TITLE_MAX } };
  if (Object.values(description).some((value) => (value ?? "").length > DESCRIPTION_MAX)) errors.description = { key: "validation.too_long", values: { max: DESCRIPTION_MAX } };
  for (const [name, value] of [["title", title], ["description", description]] as const) {
    if (Object.values(value).some((part) => hasUnstorable(part ?? ""))) errors[name] = { key: "validation.unstorable_text" };
  }

  const urlText = text(raw.url);
  const url = safeWebUrl(urlText);
  if (!urlText) errors.url = { key: "validation.required" };
  else if (!url) errors.url = { key: "resource.error.url" };

  const languages = [...new Set(list(raw.languages).map((code) => code.toLowerCase()))];
  if (languages.some((code) => !/^[a-z]{2,3}$/.test(code)) || languages.length > 20) errors.languages = { key: "validation.invalid_choice" };

  const tags = [...new Set(list(raw.tags).flatMap((value) => value.split(",")).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
  if (tags.length > TAGS_MAX) errors.tags = { key: "resource.error.tags_count", values: { max: TAGS_MAX } };
  else if (tags.some((tag) => tag.length > TAG_MAX || hasUnstorable(tag))) errors.tags = { key: "resource.error.tag_length", values: { max: TAG_MAX } };

  const targetIds = [...new Set(list(raw.targets).map((id) => id.toLowerCase()))];
  if (targetIds.some((id) => !options.targetIds.has(id))) errors.targets = { key: "validation.invalid_choice" };

  const countries = [...new Set(list(raw.countries).map((code) => code.toUpperCase()))];
  if (countries.some((code) => !isCountryCode(code))) errors.countries = { key: "validation.invalid_choice" };

  const fields: ResourceFields = {
    kind,
    title,
    description,
    url: url ?? urlText,
    languages,
    tags,
    targetIds,
    countries,
    funder: "",
    programme: "",
    eligibleActorTypes: [],
    amountMin: null,
    amountMax: null,
    currency: null,
    deadlineKind: "none",
    deadline: null,
    applyUrl: null,
  };
  if (kind !== "funding") return { fields, errors };

  fields.funder = text(raw.funder);
  fields.programme = text(raw.programme);
  if (!fields.funder) errors.funder = { key: "validation.required" };
  for (const name of ["funder", "programme"] as const) {
    if (fields[name].length > NAME_MAX) errors[name] = { key: "validation.too_long", values: { max: NAME_MAX } };
    else if (hasUnstorable(fields[name])) errors[name] = { key: "validation.unstorable_text" };
  }
  fields.eligibleActorTypes = [...new Set(list(raw.eligibleActorTypes))];
  if (fields.eligibleActorTypes.some((key) => !isActorTypeKey(key))) errors.eligible_actor_types = { key: "validation.invalid_choice" };

  const amountMin = readAmount(text(raw.amountMin));
  const amountMax = readAmount(text(raw.amountMax));
  if (amountMin === "invalid") errors.amount_min = { key: "resource.error.amount" };
  if (amountMax === "invalid") errors.amount_max = { key: "resource.error.amount" };
  fields.amountMin = amountMin === "invalid" ? null : amountMin;
  fields.amountMax = amountMax === "invalid" ? null : amountMax;
  if (fields.amountMin !== null && fields.amountMax !== null && fields.amountMin > fields.amountMax) errors.amount_max = { key: "resource.error.amount_order" };
  const currency = text(raw.currency).toUpperCase();
  const hasAmount = fields.amountMin !== null || fields.amountMax !== null || amountMin === "invalid" || amountMax === "invalid";
  if (currency && !(/^[A-Z]{3}$/.test(currency) && CURRENCIES.has(currency))) errors.currency = { key: "resource.error.currency" };
  else if (hasAmount && !currency) errors.currency = { key: "resource.error.currency_required" };
  else if (!hasAmount && currency) errors.amount_min = { key: "resource.error.amount_required" };
  fields.currency = hasAmount && currency ? currency : null;

  const deadlineKindText = text(raw.deadlineKind) || (text(raw.deadline) ? "date" : "none");
  if (!(DEADLINE_KINDS as readonly string[]).includes(deadlineKindText)) errors.deadline_kind = { key: "validation.invalid_choice" };
  fields.deadlineKind = (DEADLINE_KINDS as readonly string[]).includes(deadlineKindText) ? (deadlineKindText as DeadlineKind) : "none";
  const deadline = text(raw.deadline);
  if (fields.deadlineKind === "date") {
    if (!deadline) errors.deadline = { key: "resource.error.deadline_required" };
    else if (!isCalendarDay(deadline)) errors.deadline = { key: "resource.error.deadline" };
    else fields.deadline = deadline;
  }

  const applyText = text(raw.applyUrl);
  if (applyText) {
    fields.applyUrl = safeWebUrl(applyText);
    if (!fields.applyUrl) errors.apply_url = { key: "resource.error.url" };
  }
  return { fields, errors };
}
