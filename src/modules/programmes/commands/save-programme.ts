import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, conflict, notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { ensureSeatPool } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { slugify } from "../../../platform/slug";

import { renderMarkdown } from "../../../platform/markdown/subset";
import { recentlyPublished } from "../../events/pages/list-queries";
import { findEventById } from "../../events/queries";
import { documentChoices } from "../../knowledge/guidance/queries";
import type { Viewer } from "../../spaces/permissions";
import { applyQuestion, type QuestionInput } from "../../surveys/commands/save-survey";
import { allQuestions } from "../../surveys/definition";
import { findCohortById, findProgrammeById, listTracks, type CohortView, type ProgrammeView } from "../queries";
import { COHORT_SEAT_KIND, PROGRAMME_STATUSES, type ProgrammeStatus } from "../schema";

// Setting a programme up: the programme itself, its tracks, cohorts (each with its seat pool), the application
// form (the surveys builder's questions), materials and sessions. Each in one transaction, audited.

export type Actor = { id: string; ip?: string | null };

export const hasText = (value: LocalizedText) => Object.values(value).some((text) => Boolean(text?.trim()));
export const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);
const renderLocalized = (value: LocalizedText): LocalizedText => Object.fromEntries(Object.entries(value).map(([locale, text]) => [locale, renderMarkdown(text ?? "").value]));

export type ProgrammeSettings = { title: LocalizedText; description: LocalizedText; requiredSessions: number };

/** Checks posted settings (strings) into typed ones, or a 422 naming each field. */
export function checkProgrammeSettings(input: { title: LocalizedText; description: LocalizedText; requiredSessions: unknown }): ProgrammeSettings {
  const errors: FieldErrors = {};
  const title = cleanLocalized(input.title);
  const description = cleanLocalized(input.description);
  if (!hasText(title)) errors.title = { key: "programmes.error.title_required" };
  else if (tooLong(title, 200)) errors.title = { key: "programmes.error.too_long", values: { max: 200 } };
  if (tooLong(description, 20_000)) errors.description = { key: "programmes.error.too_long", values: { max: 20_000 } };
  const raw = input.requiredSessions === undefined || input.requiredSessions === "" ? "0" : String(input.requiredSessions).trim();
  const requiredSessions = /^\d{1,3}$/.test(raw) ? Number(raw) : -1;
  if (requiredSessions < 0) errors.required_sessions = { key: "programmes.error.bad_number" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { title, description, requiredSessions };
}

export async function audit(tx: Database, actor: Actor, action: string, programme: { id: string; spaceId: string }, details: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(tx, { actorUserId: actor.id, action, subjectType: "programme", subjectId: programme.id, spaceId: programme.spaceId, details, ip: actor.ip ?? null });
}

/** The programme locked for a change (two organisers' edits apply one after the other). */
export async function lockedProgramme(tx: Database, programmeId: string): Promise<ProgrammeView> {
  await tx.execute(sql`select id from programme_programmes where id = ${programmeId} for update`);
  const programme = await findProgrammeById(tx, programmeId);
  if (!programme) throw notFound();
  return programme;
}

/** A new draft programme; its slug comes from the title. */
export async function createProgramme(services: Services, actor: Actor, spaceId: string, settings: ProgrammeSettings): Promise<ProgrammeView> {
  const base = slugify(localizedString(settings.title, "en") || localizedString(settings.title, "ru"), "programme").slice(0, 60);
  return services.db.transaction(async (tx) => {
    const taken = new Set((await queryRows<{ slug: string }>(tx, sql`select slug from programme_programmes where space_id = ${spaceId} and slug like ${`${base}%`}`)).map((row) => row.slug));
    let slug = base;
    for (let suffix = 2; taken.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into programme_programmes (space_id, slug, title, description, description_html, required_sessions, created_by, created_at, updated_at)
        values (${spaceId}, ${slug}, ${JSON.stringify(settings.title)}::jsonb, ${JSON.stringify(settings.description)}::jsonb, ${JSON.stringify(renderLocalized(settings.description))}::jsonb,
          ${settings.requiredSessions}, ${actor.id}, ${services.clock.now()}, ${services.clock.now()}) returning id`,
    );
    await audit(tx, actor, "programme.created", { id: row!.id, spaceId });
    return (await findProgrammeById(tx, row!.id))!;
  });
}

export async function updateProgramme(services: Services, actor: Actor, programmeId: string, settings: ProgrammeSettings): Promise<void> {
  await services.db.transaction(async (tx) => {
    const programme = await lockedProgramme(tx, programmeId);
    await tx.execute(sql`update programme_programmes set title = ${JSON.stringify(settings.title)}::jsonb, description = ${JSON.stringify(settings.description)}::jsonb,
      description_html = ${JSON.stringify(renderLocalized(settings.description))}::jsonb, required_sessions = ${settings.requiredSessions}, updated_at = now() where id = ${programmeId}`);
    await audit(tx, actor, "programme.updated", programme);
  });
}

/** Any status to any other, except opening for applications without a cohort to apply to. */
export async function setProgrammeStatus(services: Services, actor: Actor, programmeId: string, status: string): Promise<void> {
  if (!(PROGRAMME_STATUSES as readonly string[]).includes(status)) throw validationFailed({ status: { key: "programmes.error.bad_choice" } });
  await services.db.transaction(async (tx) => {
    const programme = await lockedProgramme(tx, programmeId);
    if (status === "open") {
      const [cohort] = await queryRows<{ id: string }>(tx, sql`select id from programme_cohorts where programme_id = ${programmeId} limit 1`);
      if (!cohort) throw conflict("programmes.error.no_cohort");
    }
    await tx.execute(sql`update programme_programmes set status = ${status as ProgrammeStatus}, updated_at = now() where id = ${programmeId}`);
    await audit(tx, actor, `programme.${status}`, programme);
  });
}

export type TrackInput = { name: LocalizedText; description: LocalizedText };

/** Checks a track's name and description (new and edited alike), or a 422 naming each field. */
export function checkTrack(input: TrackInput): TrackInput {
  const name = cleanLocalized(input.name);
  const description = cleanLocalized(input.description);
  const errors: FieldErrors = {};
  if (!hasText(name)) errors.track_name = { key: "programmes.error.name_required" };
  else if (tooLong(name, 200)) errors.track_name = { key: "programmes.error.too_long", values: { max: 200 } };
  if (tooLong(description, 2000)) errors.track_description = { key: "programmes.error.too_long", values: { max: 2000 } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { name, description };
}

export async function addTrack(services: Services, actor: Actor, programmeId: string, input: TrackInput): Promise<void> {
  const { name, description } = checkTrack(input);
  await services.db.transaction(async (tx) => {
    const programme = await lockedProgramme(tx, programmeId);
    await tx.execute(sql`insert into programme_tracks (programme_id, name, description, position)
      values (${programmeId}, ${JSON.stringify(name)}::jsonb, ${JSON.stringify(description)}::jsonb, (select coalesce(max(position), 0) + 1 from programme_tracks where programme_id = ${programmeId}))`);
    await audit(tx, actor, "programme.track_added", programme);
  });
}

export type CohortInput = { name: LocalizedText; startsOn: unknown; endsOn: unknown; capacity: unknown; trackIds: string[]; opensAt: unknown; closesAt: unknown };

const parseDay = (value: unknown, field: string, errors: FieldErrors, isRequired: boolean): string | null => {
  const text = typeof value === "string" ? value.trim() : "";
  if (!text) {
    if (isRequired) errors[field] = { key: "programmes.error.date_required" };
    return null;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(new Date(`${text}T00:00:00Z`).getTime())) {
    errors[field] = { key: "programmes.error.bad_date" };
    return null;
  }
  return text;
};

/** "YYYY-MM-DDTHH:mm" (UTC) or ISO; "" is none. */
export function parseMoment(value: unknown, field: string, errors: FieldErrors): Date | null {
  const text = typeof value === "string" ? value.trim() : "";
  if (!text) return null;
  const moment = new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) ? `${text}:00Z` : text);
  if (Number.isNaN(moment.getTime()) || !/^\d{4}-/.test(text)) {
    errors[field] = { key: "programmes.error.bad_date" };
    return null;
  }
  return moment;
}

export type CheckedCohort = { name: LocalizedText; startsOn: string; endsOn: string; capacity: number | null; trackIds: string[]; opensAt: Date | null; closesAt: Date | null };

/** "" is unlimited (null), a positive whole number is itself, anything else -1. */
function parseCapacity(value: unknown): number | null {
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? null : /^\d{1,5}$/.test(text) && Number(text) > 0 ? Number(text) : -1;
}

/** Checks a cohort's fields (new and edited alike): dates, capacity (empty: unlimited), tracks of this programme, window. */
export async function checkCohort(services: Services, programmeId: string, input: CohortInput): Promise<CheckedCohort> {
  const errors: FieldErrors = {};
  const name = cleanLocalized(input.name);
  if (!hasText(name)) errors.cohort_name = { key: "programmes.error.name_required" };
  else if (tooLong(name, 200)) errors.cohort_name = { key: "programmes.error.too_long", values: { max: 200 } };
  const startsOn = parseDay(input.startsOn, "starts_on", errors, true);
  const endsOn = parseDay(input.endsOn, "ends_on", errors, true);
  if (startsOn && endsOn && endsOn < startsOn) errors.ends_on = { key: "programmes.error.ends_before_starts" };
  const capacity = parseCapacity(input.capacity);
  if (capacity === -1) errors.capacity = { key: "programmes.error.bad_number" };
  const opensAt = parseMoment(input.opensAt, "opens_at", errors);
  const closesAt = parseMoment(input.closesAt, "closes_at", errors);
  if (opensAt && closesAt && closesAt <= opensAt) errors.closes_at = { key: "programmes.error.closes_before_opens" };
  const tracks = await listTracks(services.db, programmeId);
  const trackIds = [...new Set(input.trackIds)];
  if (trackIds.some((id) => !tracks.some((track) => track.id === id))) errors.track_ids = { key: "programmes.error.bad_choice" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { name, startsOn: startsOn!, endsOn: endsOn!, capacity, trackIds, opensAt, closesAt };
}

/** A Postgres array literal of uuids (each checked to be one of the programme's tracks first). */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(",")}}`;

/** A cohort with its dates, capacity (empty: unlimited), tracks and application window; its seat pool is made with it. */
export async function addCohort(services: Services, actor: Actor, programmeId: string, input: CohortInput): Promise<CohortView> {
  const cohort = await checkCohort(services, programmeId, input);
  return services.db.transaction(async (tx) => {
    const programme = await lockedProgramme(tx, programmeId);
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into programme_cohorts (programme_id, name, starts_on, ends_on, capacity, track_ids, applications_open_at, applications_close_at)
        values (${programmeId}, ${JSON.stringify(cohort.name)}::jsonb, ${cohort.startsOn}, ${cohort.endsOn}, ${cohort.capacity}, ${uuidArray(cohort.trackIds)}::uuid[], ${cohort.opensAt}, ${cohort.closesAt}) returning id`,
    );
    await ensureSeatPool(tx, { kind: COHORT_SEAT_KIND, ownerId: row!.id, capacity: cohort.capacity });
    await audit(tx, actor, "programme.cohort_added", programme, { cohortId: row!.id });
    return (await findCohortById(tx, row!.id))!;
  });
}

/** Adds or changes a question of the application form (the surveys builder's rules and keys). */
export async function saveFormQuestion(services: Services, actor: Actor, programmeId: string, questionKey: string | null, input: QuestionInput): Promise<void> {
  await services.db.transaction(async (tx) => {
    const programme = await lockedProgramme(tx, programmeId);
    const [answered] = await queryRows<{ id: string }>(tx, sql`select id from programme_applications where programme_id = ${programmeId} limit 1`);
    // Once someone has applied, questions may be added but not changed: their answers point at the keys.
    if (answered && questionKey) throw conflict("programmes.error.form_in_use");
    const applied = applyQuestion(programme.form, programme.nextKey, questionKey, input);
    await tx.execute(sql`update programme_programmes set form = ${JSON.stringify(applied.definition)}::jsonb, next_key = ${applied.nextKey}, updated_at = now() where id = ${programmeId}`);
    await audit(tx, actor, "programme.question_saved", programme, { questions: allQuestions(applied.definition).length });
  });
}

const URL_PATTERN = /^https?:\/\/[^\s<>"]{3,2000}$/i;

export type MaterialInput = { title: LocalizedText; url: unknown; documentId: unknown };
export type CheckedMaterial = { title: LocalizedText; url: string | null; documentId: string | null; documentSlug: string | null };

/** The published guidance documents of the space's hub a material may point at (what every participant can open). */
export async function guidanceChoices(services: Services, spaceId: string) {
  return documentChoices(services.db, { space: null, spaceId, base: "", canManage: false });
}

/**
 * Checks a material (new and edited alike): a published guidance document of the space's hub chosen from the list,
 * or an http(s) address. A document id the list does not hold is a 400 naming the field (the form never offers one).
 */
export async function checkMaterial(services: Services, programme: ProgrammeView, input: MaterialInput): Promise<CheckedMaterial> {
  const errors: FieldErrors = {};
  let title = cleanLocalized(input.title);
  const url = typeof input.url === "string" ? input.url.trim() : "";
  const documentId = typeof input.documentId === "string" ? input.documentId.trim() : "";
  let documentSlug: string | null = null;
  if (tooLong(title, 300)) errors.material_title = { key: "programmes.error.too_long", values: { max: 300 } };
  if (!url && !documentId) errors.url = { key: "programmes.error.material_source" };
  else if (url && documentId) errors.url = { key: "programmes.error.material_one_source" };
  else if (url && !URL_PATTERN.test(url)) errors.url = { key: "programmes.error.bad_url" };
  else if (documentId) {
    const document = (await guidanceChoices(services, programme.spaceId)).find((choice) => choice.id === documentId);
    if (!document) throw new AppError("bad_request", "programmes.error.no_document", { document_id: { key: "programmes.error.no_document" } });
    documentSlug = document.slug;
    if (!hasText(title)) title = { [document.language === "ru" ? "ru" : "en"]: document.title };
  }
  if (!hasText(title) && !errors.url && url) errors.material_title = { key: "programmes.error.title_required" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { title, url: url || null, documentId: documentId || null, documentSlug };
}

/** A material: a guidance document of the space's knowledge hub or a web address. */
export async function addMaterial(services: Services, actor: Actor, programme: ProgrammeView, input: MaterialInput): Promise<void> {
  const material = await checkMaterial(services, programme, input);
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`insert into programme_materials (programme_id, title, url, document_id, document_slug)
      values (${programme.id}, ${JSON.stringify(material.title)}::jsonb, ${material.url}, ${material.documentId}, ${material.documentSlug})`);
    await audit(tx, actor, "programme.material_added", programme);
  });
}

export type SessionInput = { title: LocalizedText; startsAt: unknown; eventId: unknown };
export type CheckedSession = { title: LocalizedText; startsAt: Date | null; eventId: string | null };

/** The events of the space a session may link to: published (or cancelled) ones the organiser sees, newest first. */
export async function eventChoices(services: Services, viewer: Viewer, spaceId: string) {
  return recentlyPublished(services.db, viewer, spaceId, 300);
}

/**
 * Checks a session (new and edited alike): linked to an event of the space chosen from the list (its title and
 * time are the event's unless given) or standalone with a title. An event id that is not a published event of
 * this space is a 400 naming the field.
 */
export async function checkSession(services: Services, programme: ProgrammeView, input: SessionInput): Promise<CheckedSession> {
  const errors: FieldErrors = {};
  let title = cleanLocalized(input.title);
  let startsAt = parseMoment(input.startsAt, "starts_at", errors);
  const eventId = typeof input.eventId === "string" ? input.eventId.trim() : "";
  if (tooLong(title, 300)) errors.session_title = { key: "programmes.error.too_long", values: { max: 300 } };
  if (eventId) {
    const event = await findEventById(services.db, eventId);
    // Drafts are not offered: a session points at an event participants can open.
    if (!event || event.spaceId !== programme.spaceId || event.status === "draft") throw new AppError("bad_request", "programmes.error.no_event", { event_id: { key: "programmes.error.no_event" } });
    if (!hasText(title)) title = event.title;
    startsAt ??= event.startsAt;
  } else if (!hasText(title)) errors.session_title = { key: "programmes.error.title_required" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { title, startsAt, eventId: eventId || null };
}

/** A session of a cohort: linked to an event of the space or standalone. */
export async function addSession(services: Services, actor: Actor, programme: ProgrammeView, cohort: CohortView, input: SessionInput): Promise<void> {
  const session = await checkSession(services, programme, input);
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`insert into programme_sessions (cohort_id, title, starts_at, event_id) values (${cohort.id}, ${JSON.stringify(session.title)}::jsonb, ${session.startsAt}, ${session.eventId})`);
    await audit(tx, actor, "programme.session_added", programme, { cohortId: cohort.id, eventId: session.eventId });
  });
}
