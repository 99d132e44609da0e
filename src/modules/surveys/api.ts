import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import { SUPPRESSION_THRESHOLD } from "../../platform/statistics/small-cells";
import { QUESTION_KINDS, SCALES } from "./definition";
import { canSeeResults } from "./permissions";
import { listSurveys, loadSurveyForViewer, loadSurveysSpace, surveyPath, type SurveyView } from "./queries";
import { DIMENSIONS, publishedCount, surveyResults } from "./results";
import { SURVEY_RESPONDENTS, SURVEY_STATUSES } from "./schema";

const Localized = z.record(z.string(), z.string());
const Choice = z.object({ key: z.string(), label: Localized });

const SurveyOut = z.object({
  id: z.string(),
  slug: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string(),
  title: Localized,
  description: Localized,
  status: z.enum(SURVEY_STATUSES),
  opens_at: z.string().nullable(),
  closes_at: z.string().nullable(),
  respondent: z.enum(SURVEY_RESPONDENTS).describe("anonymous (one response per browser), person or organisation (one response each)"),
  results_public: z.boolean(),
  response_count: z.number().nullable().describe("null for 1 or 2 responses"),
});

const SurveyDefinitionOut = SurveyOut.extend({
  sections: z.array(
    z.object({
      key: z.string(),
      title: Localized,
      description: Localized,
      questions: z.array(
        z.object({
          key: z.string(),
          kind: z.enum(QUESTION_KINDS),
          text: Localized,
          help: Localized,
          is_required: z.boolean(),
          options: z.array(Choice).describe("single, multiple: the choices; matrix: the columns"),
          rows: z.array(Choice).describe("matrix only"),
          scale: z.enum(SCALES).nullable().describe("scale only"),
          show_if: z.object({ question: z.string(), options: z.array(z.string()) }).nullable().describe("Asked only of those who chose one of these options"),
        }),
      ),
    }),
  ),
});

const Figure = z.object({
  count: z.number().nullable().describe(`null when suppressed (fewer than ${SUPPRESSION_THRESHOLD} respondents, or hidden so that no such cell can be worked out from the others and the totals)`),
  percent: z.number().nullable().describe("Percentage of the respondents to the question (or of the group), one decimal; null when suppressed"),
});

const ResultsOut = z.object({
  survey: z.string(),
  response_count: z.number().nullable().describe("null for 1 or 2 responses"),
  items: z.array(
    z.object({
      question: z.string(),
      row: z.string().nullable().describe("Matrix row key"),
      kind: z.enum(QUESTION_KINDS),
      respondents: z.number().nullable().describe("Those shown the question who answered it (the base of the percentages); null when suppressed"),
      options: z.array(Figure.extend({ option: z.string() })).describe("Multiple choice is counted per option: percentages may add up to more than 100"),
      mean: z.number().nullable(),
      median: z.number().nullable(),
      cross_tabs: z.array(
        z.object({
          dimension: z.enum(DIMENSIONS),
          groups: z.array(z.object({ group: z.string().describe("Actor type key, ISO country, UN M49 region code or constituency; empty: not stated"), respondents: z.number().nullable(), options: z.array(Figure.extend({ option: z.string() })) })),
        }),
      ),
    }),
  ),
  text_questions: z.array(z.object({ question: z.string(), answers: z.number().nullable() })).describe("Only counts: text answers are published on the results page once released"),
});

const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const SurveyParams = SpaceParams.extend({ survey: z.string().min(1).max(200) });

/**
 * The surveys API: definitions and aggregates only, never a response. Aggregates are the results page's, with the
 * same suppression; private spaces, drafts and non-public results answer 404 as on the pages.
 */
export async function surveyApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["surveys"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  const json = (survey: SurveyView, spaceSlug: string): z.infer<typeof SurveyOut> => ({
    id: survey.id, slug: survey.slug, space: spaceSlug, url: `${publicUrl}${surveyPath(spaceSlug, survey.slug)}`, title: survey.title as Record<string, string>,
    description: survey.description as Record<string, string>, status: survey.status, opens_at: survey.opensAt?.toISOString() ?? null, closes_at: survey.closesAt?.toISOString() ?? null,
    respondent: survey.respondent, results_public: survey.resultsPublic, response_count: publishedCount(survey.responseCount),
  });

  typed.get(
    "/api/v1/spaces/:slug/surveys",
    { config: readToken, schema: { tags, summary: "Surveys of a space (drafts only for its organisers)", params: SpaceParams, response: { 200: z.object({ data: z.array(SurveyOut) }), 404: ErrorResponse } } },
    async (request) => {
      const { space, canManage } = await loadSurveysSpace(request, request.params.slug);
      return { data: (await listSurveys(db, space.id, canManage)).map((survey) => json(survey, space.slug)) };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/surveys/:survey",
    { config: readToken, schema: { tags, summary: "One survey with its sections and questions", params: SurveyParams, response: { 200: SurveyDefinitionOut, 404: ErrorResponse } } },
    async (request) => {
      const { space, survey } = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
      return {
        ...json(survey, space.slug),
        sections: survey.definition.sections.map((section) => ({
          key: section.key, title: section.title as Record<string, string>, description: section.description as Record<string, string>,
          questions: section.questions.map((question) => ({
            key: question.key, kind: question.kind, text: question.text as Record<string, string>, help: question.help as Record<string, string>, is_required: question.isRequired,
            options: question.options.map((option) => ({ key: option.key, label: option.label as Record<string, string> })),
            rows: question.rows.map((row) => ({ key: row.key, label: row.label as Record<string, string> })),
            scale: question.kind === "scale" ? question.scale : null, show_if: question.showIf,
          })),
        })),
      };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/surveys/:survey/results",
    {
      config: readToken,
      schema: { tags, summary: `Aggregated results: counts and percentages of respondents per option, cross-tabs by actor type, country, region and constituency (cells under ${SUPPRESSION_THRESHOLD} suppressed)`, params: SurveyParams, response: { 200: ResultsOut, 404: ErrorResponse } },
    },
    async (request) => {
      const { survey, canManage } = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
      if (!canSeeResults(canManage, survey)) throw notFound();
      const results = await surveyResults(db, survey);
      return {
        survey: survey.slug,
        response_count: results.responseCount,
        items: results.items.map((item) => ({
          question: item.question.key, row: item.rowKey || null, kind: item.question.kind, respondents: item.base,
          options: item.options.map((option) => ({ option: option.key, ...option.cell })), mean: item.mean, median: item.median,
          cross_tabs: DIMENSIONS.map((dimension) => ({
            dimension,
            groups: item.crossTabs[dimension].groups.map((group) => ({ group: group.key, respondents: group.size, options: group.cells.map((cell, at) => ({ option: item.options[at]!.key, ...cell })) })),
          })),
        })),
        text_questions: results.texts.map((text) => ({ question: text.question.key, answers: text.answerCount })),
      };
    },
  );
}
