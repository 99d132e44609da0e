import { validationFailed, type FieldErrors } from "../../platform/errors";
import { formList } from "../../platform/http/forms";
import { cleanLocalized, type LocalizedText } from "../../platform/i18n/localized";
import { localizedFromForm } from "../../platform/views/forms";
import { FOLLOWUP_STATUSES, type FollowupStatus } from "./schema";

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 5000;
export const ACTOR_TEXT_MAX = 300;
export const EVIDENCE_MAX = 5000;
export const MAX_LINKS = 20;
export const MAX_ACTORS = 20;
export const NOTE_MAX = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A follow-up item's fields as a form posts them, before checking. */
export type ItemInput = {
  title: LocalizedText;
  description: LocalizedText;
  recommendationId: string;
  actorOrganisationIds: string[];
  actorText: string;
  dueOn: string;
  evidenceText: string;
  /** One link per line. */
  evidenceLinks: string;
};

export type CheckedItem = Omit<ItemInput, "dueOn" | "evidenceLinks" | "recommendationId"> & { dueOn: string | null; evidenceLinks: string[]; recommendationId: string | null };

export function itemFromForm(body: Record<string, unknown>): ItemInput {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  return {
    title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), recommendationId: text("recommendation_id").trim(),
    actorOrganisationIds: formList(body, "actor_organisation_ids"), actorText: text("actor_text").trim(), dueOn: text("due_on").trim(),
    evidenceText: text("evidence_text").trim(), evidenceLinks: text("evidence_links"),
  };
}

/** A real calendar date `YYYY-MM-DD`, or null when it is not one. */
export function calendarDate(value: string): string | null {
  if (!DATE.test(value)) return null;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? value : null;
}

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && value.length <= 500;
  } catch {
    return false;
  }
}

const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);

/**
 * Checks an item: a title in at least one language; who acts — organisations (ids among `knownOrganisationIds`)
 * or a free text such as "Secretariat", at least one of the two; a real due date; evidence links http(s) only.
 * Throws validation_failed naming every bad field.
 */
export function checkItem(input: ItemInput, knownOrganisationIds: ReadonlySet<string>): CheckedItem {
  const errors: FieldErrors = {};
  const title = cleanLocalized(input.title);
  const description = cleanLocalized(input.description);
  if (!Object.keys(title).length) errors.title = { key: "validation.localized_required" };
  else if (tooLong(title, TITLE_MAX)) errors.title = { key: "validation.too_long", values: { max: TITLE_MAX } };
  if (tooLong(description, DESCRIPTION_MAX)) errors.description = { key: "validation.too_long", values: { max: DESCRIPTION_MAX } };
  const actorOrganisationIds = [...new Set(input.actorOrganisationIds)];
  if (actorOrganisationIds.length > MAX_ACTORS) errors.actor_organisation_ids = { key: "validation.too_big", values: { max: MAX_ACTORS } };
  else if (actorOrganisationIds.some((id) => !UUID.test(id) || !knownOrganisationIds.has(id))) errors.actor_organisation_ids = { key: "validation.invalid_choice" };
  if (input.actorText.length > ACTOR_TEXT_MAX) errors.actor_text = { key: "validation.too_long", values: { max: ACTOR_TEXT_MAX } };
  if (!actorOrganisationIds.length && !input.actorText) errors.actor_text = { key: "followup.error.actor_required" };
  let dueOn: string | null = null;
  if (input.dueOn) {
    dueOn = calendarDate(input.dueOn);
    if (!dueOn) errors.due_on = { key: "validation.invalid_format" };
  }
  if (input.evidenceText.length > EVIDENCE_MAX) errors.evidence_text = { key: "validation.too_long", values: { max: EVIDENCE_MAX } };
  const evidenceLinks = [...new Set(input.evidenceLinks.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
  if (evidenceLinks.length > MAX_LINKS) errors.evidence_links = { key: "validation.too_big", values: { max: MAX_LINKS } };
  else if (evidenceLinks.some((link) => !isWebLink(link))) errors.evidence_links = { key: "validation.invalid_url" };
  if (input.recommendationId && !UUID.test(input.recommendationId)) errors.recommendation_id = { key: "validation.invalid_choice" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { ...input, title, description, actorOrganisationIds, dueOn, evidenceLinks, recommendationId: input.recommendationId || null };
}

/** A status from a form, or a field error. */
export function checkStatus(value: unknown, note: unknown): { status: FollowupStatus; note: string } {
  const errors: FieldErrors = {};
  if (typeof value !== "string" || !(FOLLOWUP_STATUSES as readonly string[]).includes(value)) errors.status = { key: value ? "validation.invalid_choice" : "validation.required" };
  const text = typeof note === "string" ? note.trim() : "";
  if (text.length > NOTE_MAX) errors.note = { key: "validation.too_long", values: { max: NOTE_MAX } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { status: value as FollowupStatus, note: text };
}
