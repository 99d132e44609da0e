import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { assertTokenActsFor, tokenOrganisation } from "../../../platform/api/access";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { notFound } from "../../../platform/errors";
import { PRACTICE_KINDS } from "../../consultations/schema";
import { loadKnowledgeSpace } from "../space-gate";
import { practiceUrl } from "./commands/review-practice";
import { submitPractice } from "./commands/submit-practice";
import { PracticeOut, practiceJson } from "./export";
import { MAX_PRACTICE_QUERY, practiceParams, practiceQuery } from "./list-params";
import { findSubmission, findTagged, listPractices } from "./queries";
import { PRACTICE_STATUSES } from "./schema";

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const IdParams = SlugParams.extend({ id: z.uuid() });

export const PracticeListQuery = PageQuery.extend({
  q: z.string().max(MAX_PRACTICE_QUERY).optional().describe("Words to find (Russian and English stemming, typo tolerance, cross-language through the glossary)"),
  kind: z.enum(PRACTICE_KINDS).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional().describe("ISO 3166-1 alpha-2"),
  region: z.string().regex(/^\d{3}$/).optional().describe("UN M49 region or sub-region code"),
  target: z.string().max(200).optional().describe("Framework item as <framework key>:<item key>, e.g. GBF:GBF-TARGET-08"),
  actor_type: z.string().max(80).optional().describe("Actor type key of an actor involved"),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
});

const WriteBody = z
  .record(z.string(), z.unknown())
  .describe(
    "Practice fields: organisationId (an organisation you are a member of; an organisation token's own by default), kind (policy, legislation, project, institution, fund, other), title, summary and results ({en, ru}), language, countries (ISO alpha-2), targetItemIds (framework item ids of the space's frameworks), actorTypes (actor type keys), links ([{url, label}]). Problems come back as 422 with one entry per field.",
  );
const Written = z.object({ id: z.string(), status: z.enum(PRACTICE_STATUSES), url: z.string() });

/**
 * The good-practices API: published practices (both sources) of a space and of every visible space, one
 * practice, and submission for review with a `knowledge:write` token. Public fields only; a private space
 * answers 404 to anyone outside it.
 */
export async function practiceApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config } = services;
  const tags = ["knowledge"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };
  const listResponse = { 200: pageEnvelope(PracticeOut), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse };

  const list = async (request: { query: z.infer<typeof PracticeListQuery>; user: Parameters<typeof practiceQuery>[1]; locale: string }, spaceId: string | null) => {
    const { cursor, limit, ...rest } = request.query;
    const params = practiceParams(rest);
    const page = await listPractices(db, await practiceQuery(db, request.user, spaceId, params, request.locale), { cursor, limit });
    return { data: page.items.map((item) => practiceJson(item, config.publicUrl)), next_cursor: page.nextCursor };
  };

  typed.get(
    "/api/v1/practices",
    { config: readToken, schema: { tags, summary: "Published good practices of every space the caller may see, newest first, with filters", querystring: PracticeListQuery, response: listResponse } },
    async (request) => list(request, null),
  );

  typed.get(
    "/api/v1/spaces/:slug/practices",
    { config: readToken, schema: { tags, summary: "Published good practices of a space (submitted and tagged in consultations), newest first, with filters", params: SlugParams, querystring: PracticeListQuery, response: listResponse } },
    async (request) => list(request, (await loadKnowledgeSpace(db, request.params.slug, request.user, "practices")).id),
  );

  typed.get(
    "/api/v1/spaces/:slug/practices/:id",
    { config: readToken, schema: { tags, summary: "One published good practice", params: IdParams, response: { 200: PracticeOut, 404: ErrorResponse } } },
    async (request) => {
      const space = await loadKnowledgeSpace(db, request.params.slug, request.user, "practices");
      const submission = await findSubmission(db, space.id, request.params.id);
      // Waiting, returned and rejected practices are not open data, whoever asks.
      if (submission) {
        if (submission.row.status !== "published") throw notFound();
        return practiceJson(submission, config.publicUrl);
      }
      const tagged = await findTagged(db, request.user, space.id, request.params.id);
      if (!tagged) throw notFound();
      return practiceJson(tagged, config.publicUrl);
    },
  );

  typed.post(
    "/api/v1/spaces/:slug/practices",
    {
      config: { token: { scope: "knowledge:write", isForOrganisations: true } },
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: "Submit a good practice for review on behalf of your organisation (scope knowledge:write)",
        params: SlugParams,
        body: WriteBody,
        response: { 201: Written, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const user = requireScope(request, "knowledge:write");
      const body = { ...request.body };
      const bound = tokenOrganisation(request);
      // An organisation's token submits for its organisation even when the body does not say so.
      if (bound && body.organisationId === undefined) body.organisationId = bound;
      assertTokenActsFor(request, typeof body.organisationId === "string" ? body.organisationId : null);
      const created = await submitPractice(services, user, request.params.slug, body, request.ip);
      return reply.status(201).send({ id: created.id, status: "submitted" as const, url: practiceUrl(config.publicUrl, created.spaceSlug, created.id) });
    },
  );
}
