import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../../platform/api/pagination";
import { viewContext } from "../../../platform/http/context";
import { sendPage } from "../../../platform/http/forms";
import { localize } from "../../../platform/i18n/localized";
import { MAX_QUERY_LENGTH } from "../../../platform/search/query";
import { canEditSpace } from "../../spaces/permissions";
import { loadKnowledgeSpace } from "../space-gate";
import { answerQuestion, type Answer } from "./engine";
import { summariseAnswer } from "./summary";
import { askPage, type AskScope } from "./views";

const hidden = { schema: { hide: true } };

/** The question from a query string (a repeated `q` takes the first), and its problem if any. */
function readQuestion(query: unknown): { question: string; isAsked: boolean; error?: { key: string; values?: Record<string, number> } } {
  const raw = (query as Record<string, unknown> | undefined)?.q;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string") return { question: "", isAsked: false };
  const question = value.trim();
  if (!question) return { question: "", isAsked: true, error: { key: "knowledge.answers.error.empty" } };
  if (question.length > MAX_QUERY_LENGTH) return { question: question.slice(0, MAX_QUERY_LENGTH), isAsked: true, error: { key: "knowledge.answers.error.too_long", values: { max: MAX_QUERY_LENGTH } } };
  return { question, isAsked: true };
}

const AnswerQuery = z.object({
  q: z.string().trim().min(1).max(MAX_QUERY_LENGTH).describe("The question, in English or Russian: a few words or a description of a situation"),
  lang: z.enum(["en", "ru"]).optional().describe("Language of the response's labels (defaults to the request's language); the question may be in either language"),
});
const AnswerOut = z.object({
  answered: z.boolean().describe("false when the guidance has no good answer (results is then empty): send the question to the secretariat instead"),
  results: z
    .array(
      z.object({
        document: z.string().describe("The document's id (its front-matter id / slug)"),
        title: z.string().describe("The document's title"),
        heading: z.string().describe("The heading of the cited section"),
        passage: z.string().describe("The section's text (plain), trimmed around its best sentences when long"),
        url: z.string().describe("Link to the section: the document page at the heading's anchor"),
        score: z.number().describe("Relevance, about 0..1.7: the share of the question's rarest words and concepts the passage answers (more when they are in its heading)"),
        language: z.string().describe("Language of the passage (en, ru)"),
        highlight: z.array(z.string()).describe("Words of the passage that matched the question (lower case)"),
      }),
    )
    .max(3),
});

/** Pages ("Ask a question", platform and space) and the answers API. */
export async function answersRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, config } = services;

  async function renderAsk(request: FastifyRequest, scope: AskScope, spaceId: string | null): Promise<{ page: string; status: number }> {
    const view = viewContext(request);
    const { question, isAsked, error } = readQuestion(request.query);
    // A blank or too long question is a validation failure like search's (422), said beside the field.
    if (!isAsked || error) return { page: askPage(view, { scope, question, ...(error ? { error } : {}) }), status: error ? 422 : 200 };
    const answer = await answerQuestion(services, question, { spaceId, viewer: request.user, locale: request.locale });
    const summary = answer.answered ? await summariseAnswer(config, question, answer.results, request.locale) : undefined;
    return { page: askPage(view, { scope, question, answer, ...(summary ? { summary } : {}) }), status: 200 };
  }

  app.get("/knowledge/ask", hidden, async (request, reply) => {
    const { page, status } = await renderAsk(request, { basePath: "/knowledge", canManageGlossary: Boolean(request.user?.isPlatformAdmin) }, null);
    return sendPage(reply, page, status);
  });

  app.get<{ Params: { slug: string } }>("/spaces/:slug/knowledge/ask", hidden, async (request, reply) => {
    // A private space the viewer cannot see is a 404, exactly like one that does not exist.
    const space = await loadKnowledgeSpace(db, request.params.slug, request.user);
    const scope: AskScope = {
      basePath: `/spaces/${space.slug}/knowledge`,
      space: { slug: space.slug, title: localize(space.title, request.locale) },
      canManageGlossary: canEditSpace(request.user, space.viewerRoles),
    };
    const { page, status } = await renderAsk(request, scope, space.id);
    return sendPage(reply, page, status);
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["knowledge"];
  const answerOut = (answer: Answer) => ({
    answered: answer.answered,
    results: answer.results.map((result) => ({
      document: result.document,
      title: result.title,
      heading: result.heading,
      passage: result.passage,
      url: `${config.publicUrl}${result.url}`,
      score: result.score,
      language: result.language,
      highlight: result.highlight,
    })),
  });

  typed.get(
    "/api/v1/answers",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags,
        summary: "Answer a question from the platform's published guidance: up to three cited passages, or answered: false",
        querystring: AnswerQuery,
        response: { 200: AnswerOut, 422: ErrorResponse },
      },
    },
    async (request) => answerOut(await answerQuestion(services, request.query.q, { spaceId: null, viewer: request.user, locale: request.query.lang ?? request.locale })),
  );

  typed.get(
    "/api/v1/spaces/:slug/answers",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags,
        summary: "Answer a question from a space's published guidance and the platform's: up to three cited passages, or answered: false",
        params: z.object({ slug: z.string().min(1).max(200) }),
        querystring: AnswerQuery,
        response: { 200: AnswerOut, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const space = await loadKnowledgeSpace(db, request.params.slug, request.user);
      return answerOut(await answerQuestion(services, request.query.q, { spaceId: space.id, viewer: request.user, locale: request.query.lang ?? request.locale }));
    },
  );
}
