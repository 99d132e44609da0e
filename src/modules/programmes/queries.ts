import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { AnswerRow, SurveyDefinition } from "../surveys/definition";
import { canManageProgrammes, canSeeProgramme } from "./permissions";
import type { ApplicationStatus, ProgrammeStatus } from "./schema";

export type ProgrammeView = {
  id: string; spaceId: string; slug: string; title: LocalizedText; description: LocalizedText; descriptionHtml: LocalizedText; status: ProgrammeStatus;
  form: SurveyDefinition; nextKey: number; requiredSessions: number; updatedAt: Date;
};
export type TrackView = { id: string; name: LocalizedText; description: LocalizedText };
export type CohortView = {
  id: string; programmeId: string; name: LocalizedText; startsOn: string; endsOn: string; capacity: number | null; trackIds: string[];
  applicationsOpenAt: Date | null; applicationsCloseAt: Date | null; spaceId: string | null;
};
export type SessionView = { id: string; cohortId: string; title: LocalizedText; startsAt: Date | null; eventId: string | null };
export type MaterialView = { id: string; title: LocalizedText; url: string | null; documentId: string | null; documentSlug: string | null };
export type ApplicationView = {
  id: string; cohortId: string; programmeId: string; userId: string; claimId: string; status: ApplicationStatus; answers: AnswerRow[]; organisationId: string | null;
  actorType: string; country: string; locale: string; trackId: string | null; decidedAt: Date | null; completedAt: Date | null; createdAt: Date;
};

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
const when = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));
const day = (value: Date | string): string => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

type Row = Record<string, unknown>;
const programmeView = (row: Row): ProgrammeView => ({
  id: String(row.id), spaceId: String(row.space_id), slug: String(row.slug), title: row.title as LocalizedText, description: row.description as LocalizedText,
  descriptionHtml: row.description_html as LocalizedText, status: row.status as ProgrammeStatus, form: row.form as SurveyDefinition, nextKey: Number(row.next_key),
  requiredSessions: Number(row.required_sessions), updatedAt: new Date(row.updated_at as string),
});
const cohortView = (row: Row): CohortView => ({
  id: String(row.id), programmeId: String(row.programme_id), name: row.name as LocalizedText, startsOn: day(row.starts_on as string), endsOn: day(row.ends_on as string),
  capacity: row.capacity === null ? null : Number(row.capacity), trackIds: (row.track_ids as string[] | null) ?? [], applicationsOpenAt: when(row.applications_open_at as string | null),
  applicationsCloseAt: when(row.applications_close_at as string | null), spaceId: (row.space_id as string | null) ?? null,
});
export const applicationView = (row: Row): ApplicationView => ({
  id: String(row.id), cohortId: String(row.cohort_id), programmeId: String(row.programme_id), userId: String(row.user_id), claimId: String(row.claim_id),
  status: row.status as ApplicationStatus, answers: (row.answers as AnswerRow[]) ?? [], organisationId: (row.organisation_id as string | null) ?? null,
  actorType: String(row.actor_type), country: String(row.country), locale: String(row.locale), trackId: (row.track_id as string | null) ?? null,
  decidedAt: when(row.decided_at as string | null), completedAt: when(row.completed_at as string | null), createdAt: new Date(row.created_at as string),
});

export async function findProgrammeById(db: Database, id: string): Promise<ProgrammeView | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<Row>(db, sql`select * from programme_programmes where id = ${id}`);
  return row ? programmeView(row) : undefined;
}

export async function findProgramme(db: Database, spaceId: string, slug: string): Promise<ProgrammeView | undefined> {
  const [row] = await queryRows<Row>(db, sql`select * from programme_programmes where space_id = ${spaceId} and slug = ${slug}`);
  return row ? programmeView(row) : undefined;
}

/** The programmes of a space a viewer may see, newest first (drafts only for organisers). */
export async function listProgrammes(db: Database, spaceId: string, canManage: boolean): Promise<ProgrammeView[]> {
  const rows = await queryRows<Row>(db, sql`select * from programme_programmes where space_id = ${spaceId} ${canManage ? sql`` : sql`and status <> 'draft'`} order by created_at desc, id limit 200`);
  return rows.map(programmeView);
}

export async function listTracks(db: Database, programmeId: string): Promise<TrackView[]> {
  const rows = await queryRows<Row>(db, sql`select id, name, description from programme_tracks where programme_id = ${programmeId} order by position, created_at`);
  return rows.map((row) => ({ id: String(row.id), name: row.name as LocalizedText, description: row.description as LocalizedText }));
}

export async function listCohorts(db: Database, programmeId: string): Promise<CohortView[]> {
  return (await queryRows<Row>(db, sql`select * from programme_cohorts where programme_id = ${programmeId} order by starts_on, created_at`)).map(cohortView);
}

export async function findCohort(db: Database, programmeId: string, cohortId: string): Promise<CohortView | undefined> {
  if (!isUuid(cohortId)) return undefined;
  const [row] = await queryRows<Row>(db, sql`select * from programme_cohorts where id = ${cohortId} and programme_id = ${programmeId}`);
  return row ? cohortView(row) : undefined;
}

export async function findCohortById(db: Database, cohortId: string): Promise<CohortView | undefined> {
  if (!isUuid(cohortId)) return undefined;
  const [row] = await queryRows<Row>(db, sql`select * from programme_cohorts where id = ${cohortId}`);
  return row ? cohortView(row) : undefined;
}

export async function listSessions(db: Database, cohortId: string): Promise<SessionView[]> {
  const rows = await queryRows<Row>(db, sql`select id, cohort_id, title, starts_at, event_id from programme_sessions where cohort_id = ${cohortId} order by starts_at nulls last, created_at`);
  return rows.map((row) => ({ id: String(row.id), cohortId: String(row.cohort_id), title: row.title as LocalizedText, startsAt: when(row.starts_at as string | null), eventId: (row.event_id as string | null) ?? null }));
}

export async function listMaterials(db: Database, programmeId: string): Promise<MaterialView[]> {
  const rows = await queryRows<Row>(db, sql`select id, title, url, document_id, document_slug from programme_materials where programme_id = ${programmeId} order by created_at`);
  return rows.map((row) => ({ id: String(row.id), title: row.title as LocalizedText, url: (row.url as string | null) ?? null, documentId: (row.document_id as string | null) ?? null, documentSlug: (row.document_slug as string | null) ?? null }));
}

export async function findApplication(db: Database, applicationId: string): Promise<ApplicationView | undefined> {
  if (!isUuid(applicationId)) return undefined;
  const [row] = await queryRows<Row>(db, sql`select * from programme_applications where id = ${applicationId}`);
  return row ? applicationView(row) : undefined;
}

export async function ownApplication(db: Database, cohortId: string, userId: string): Promise<ApplicationView | undefined> {
  const [row] = await queryRows<Row>(db, sql`select * from programme_applications where cohort_id = ${cohortId} and user_id = ${userId}`);
  return row ? applicationView(row) : undefined;
}

export type Applicant = ApplicationView & { displayName: string; organisationName: LocalizedText | null };

/** A cohort's applications for its organisers, in the order they came (with the applicant's name and organisation). */
export async function listApplications(db: Database, cohortId: string): Promise<Applicant[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select a.*, u.display_name, o.name as organisation_name from programme_applications a join users u on u.id = a.user_id
      left join organisations o on o.id = a.organisation_id where a.cohort_id = ${cohortId} order by a.created_at, a.id`,
  );
  return rows.map((row) => ({ ...applicationView(row), displayName: String(row.display_name ?? ""), organisationName: (row.organisation_name as LocalizedText | null) ?? null }));
}

/** Items done per application of a cohort: application id → item ids. */
export async function progressOfCohort(db: Database, cohortId: string): Promise<Map<string, Set<string>>> {
  const rows = await queryRows<{ application_id: string; item_id: string }>(
    db,
    sql`select p.application_id, p.item_id from programme_progress p join programme_applications a on a.id = p.application_id where a.cohort_id = ${cohortId}`,
  );
  const done = new Map<string, Set<string>>();
  for (const row of rows) done.set(row.application_id, (done.get(row.application_id) ?? new Set()).add(row.item_id));
  return done;
}

export async function progressOf(db: Database, applicationId: string): Promise<Set<string>> {
  const rows = await queryRows<{ item_id: string }>(db, sql`select item_id from programme_progress where application_id = ${applicationId}`);
  return new Set(rows.map((row) => row.item_id));
}

/** How many sessions completion needs: the programme's rule, or every session when it says 0. */
export const sessionsNeeded = (programme: Pick<ProgrammeView, "requiredSessions">, sessionCount: number): number =>
  programme.requiredSessions > 0 ? Math.min(programme.requiredSessions, Math.max(sessionCount, 1)) : Math.max(sessionCount, 1);

/** Whether a cohort takes applications now: the programme is open and now is inside the cohort's window. */
export function isTakingApplications(programme: Pick<ProgrammeView, "status">, cohort: Pick<CohortView, "applicationsOpenAt" | "applicationsCloseAt">, now: Date): boolean {
  if (programme.status !== "open") return false;
  if (cohort.applicationsOpenAt && now < cohort.applicationsOpenAt) return false;
  return !(cohort.applicationsCloseAt && now >= cohort.applicationsCloseAt);
}

/** A space with programmes switched on, for this viewer (404 when it may not be seen or has none). */
export async function loadProgrammesSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("programmes")) throw notFound();
  return { space, canManage: canManageProgrammes(request.user, space.viewerRoles) };
}

/** The programme at /spaces/:slug/programmes/:programme as this viewer may see it, or the same 404 whether missing or hidden. */
export async function loadProgrammeForViewer(request: FastifyRequest, spaceSlug: string, programmeSlug: string): Promise<{ space: ViewedSpace; programme: ProgrammeView; canManage: boolean }> {
  const { space, canManage } = await loadProgrammesSpace(request, spaceSlug);
  const programme = await findProgramme(request.server.services.db, space.id, programmeSlug);
  if (!programme || !canSeeProgramme(canManage, programme)) throw notFound();
  return { space, programme, canManage };
}

export const programmePath = (spaceSlug: string, programmeSlug: string): string => `/spaces/${spaceSlug}/programmes/${programmeSlug}`;
export const cohortPath = (spaceSlug: string, programmeSlug: string, cohortId: string): string => `${programmePath(spaceSlug, programmeSlug)}/cohorts/${cohortId}`;

/** One track of a programme, or undefined. */
export async function findTrack(db: Database, programmeId: string, trackId: string): Promise<TrackView | undefined> {
  return isUuid(trackId) ? (await listTracks(db, programmeId)).find((track) => track.id === trackId) : undefined;
}

/** One session of a cohort, or undefined. */
export async function findSession(db: Database, cohortId: string, sessionId: string): Promise<SessionView | undefined> {
  return isUuid(sessionId) ? (await listSessions(db, cohortId)).find((session) => session.id === sessionId) : undefined;
}

/** One material of a programme, or undefined. */
export async function findMaterial(db: Database, programmeId: string, materialId: string): Promise<MaterialView | undefined> {
  return isUuid(materialId) ? (await listMaterials(db, programmeId)).find((material) => material.id === materialId) : undefined;
}
