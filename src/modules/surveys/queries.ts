import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { SurveyDefinition } from "./definition";
import { canManageSurveys, canSeeSurvey } from "./permissions";
import type { SurveyRespondent, SurveyStatus } from "./schema";

export type SurveyView = {
  id: string;
  spaceId: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  status: SurveyStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  respondent: SurveyRespondent;
  resultsPublic: boolean;
  definition: SurveyDefinition;
  nextKey: number;
  responseCount: number;
  updatedAt: Date;
};

type SurveyRow = {
  id: string; space_id: string; slug: string; title: LocalizedText; description: LocalizedText; status: SurveyStatus; opens_at: Date | string | null;
  closes_at: Date | string | null; respondent: SurveyRespondent; results_public: boolean; definition: SurveyDefinition; next_key: number; response_count: number;
  updated_at: Date | string;
};

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toView(row: SurveyRow): SurveyView {
  return {
    id: row.id, spaceId: row.space_id, slug: row.slug, title: row.title, description: row.description, status: row.status,
    opensAt: date(row.opens_at), closesAt: date(row.closes_at), respondent: row.respondent, resultsPublic: row.results_public,
    definition: row.definition, nextKey: Number(row.next_key), responseCount: Number(row.response_count), updatedAt: new Date(row.updated_at),
  };
}

const COLUMNS = sql.raw("id, space_id, slug, title, description, status, opens_at, closes_at, respondent, results_public, definition, next_key, response_count, updated_at");

export async function findSurvey(db: Database, spaceId: string, slug: string): Promise<SurveyView | undefined> {
  const [row] = await queryRows<SurveyRow>(db, sql`select ${COLUMNS} from survey_surveys where space_id = ${spaceId} and slug = ${slug}`);
  return row ? toView(row) : undefined;
}

export async function findSurveyById(db: Database, id: string): Promise<SurveyView | undefined> {
  const [row] = await queryRows<SurveyRow>(db, sql`select ${COLUMNS} from survey_surveys where id = ${id}`);
  return row ? toView(row) : undefined;
}

/** The surveys of a space a viewer may see, newest first (drafts only for organisers). */
export async function listSurveys(db: Database, spaceId: string, canManage: boolean): Promise<SurveyView[]> {
  const rows = await queryRows<SurveyRow>(db, sql`select ${COLUMNS} from survey_surveys where space_id = ${spaceId} ${canManage ? sql`` : sql`and status <> 'draft'`} order by created_at desc, id`);
  return rows.map(toView);
}

/** Whether the survey takes responses now: open, and inside its window when it has one. */
export function isAccepting(survey: Pick<SurveyView, "status" | "opensAt" | "closesAt">, now: Date): boolean {
  if (survey.status !== "open") return false;
  if (survey.opensAt && now < survey.opensAt) return false;
  return !(survey.closesAt && now >= survey.closesAt);
}

/** A space with the surveys feature for this viewer (404 when it may not be seen or has no surveys). */
export async function loadSurveysSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("surveys")) throw notFound();
  return { space, canManage: canManageSurveys(request.user, space.viewerRoles) };
}

/** The survey at /spaces/:slug/surveys/:survey as this viewer may see it, or the same 404 whether missing or hidden. */
export async function loadSurveyForViewer(request: FastifyRequest, spaceSlug: string, surveySlug: string): Promise<{ space: ViewedSpace; survey: SurveyView; canManage: boolean }> {
  const { space, canManage } = await loadSurveysSpace(request, spaceSlug);
  const survey = await findSurvey(request.server.services.db, space.id, surveySlug);
  if (!survey || !canSeeSurvey(canManage, survey)) throw notFound();
  return { space, survey, canManage };
}

/** The response a respondent key already gave, if any (for "you answered on …"). */
export async function existingResponse(db: Database, surveyId: string, respondentKey: string): Promise<{ submittedAt: Date } | undefined> {
  const [row] = await queryRows<{ submitted_at: Date | string }>(db, sql`select submitted_at from survey_responses where survey_id = ${surveyId} and respondent_key = ${respondentKey}`);
  return row ? { submittedAt: new Date(row.submitted_at) } : undefined;
}

export const surveyPath = (spaceSlug: string, surveySlug: string): string => `/spaces/${spaceSlug}/surveys/${surveySlug}`;
