import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { CommitmentOut, commitmentJson } from "./export";
import { getOpenCommitment, listOpenCommitments, openDataSpace, openStats } from "./queries-open-data";
import { COMMITMENT_STAGES } from "./schema";

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const NumberParams = SlugParams.extend({ number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const CommitmentListQuery = PageQuery.extend({
  target: z.string().max(200).optional().describe("Key of a framework item, e.g. GBF-TARGET-17 or SDG-15"),
  framework: z.string().max(200).optional().describe("Key of a framework, e.g. GBF: commitments aligned with any of its items"),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((value) => value.toUpperCase())
    .optional()
    .describe("ISO 3166-1 alpha-2 code of a covered country"),
  stage: z.enum(COMMITMENT_STAGES).optional(),
  q: z.string().max(200).optional().describe("Words to find in titles and descriptions (English and Russian stemming, any language by substring)"),
  partner_display: z
    .enum(["true", "false"])
    .optional()
    .describe("true: only commitments whose owners agreed to be shown on partner platforms (what widgets use)"),
});

export const StatsOut = z.object({
  commitments: z.number().int().describe("Published commitments"),
  actors: z.number().int().describe("Distinct organisations and people who made them"),
  countries: z.number().int().describe("Distinct countries they cover"),
});

/**
 * The read side of the commitments API: published commitments of visible spaces, no token needed.
 * A private space answers 404 to anyone outside it, exactly like a space that does not exist.
 */
export async function commitmentsApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.services;
  const tags = ["commitments"];

  typed.get(
    "/api/v1/spaces/:slug/commitments",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags,
        summary: "Published commitments of a space, newest first, with filters",
        params: SlugParams,
        querystring: CommitmentListQuery,
        response: { 200: pageEnvelope(CommitmentOut), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
      const { cursor, limit, partner_display: partnerDisplay, ...filters } = request.query;
      const page = await listOpenCommitments(db, space, { ...filters, isPartnerDisplayOnly: partnerDisplay === "true" }, { cursor, limit });
      return { data: page.items.map((record) => commitmentJson(record, config.publicUrl)), next_cursor: page.nextCursor };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/commitments/stats",
    { config: { token: { scope: "private:read", withoutScope: "anonymous" } }, schema: { tags, summary: "Headline counters of a space's published commitments (for the stats widget)", params: SlugParams, response: { 200: StatsOut, 404: ErrorResponse } } },
    async (request) => {
      const space = await openDataSpace(db, request.params.slug, request.user);
      return openStats(db, space.id);
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/commitments/:number",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags,
        summary: "One published commitment: owner, targets, coverage, dates, stage, indicators, partners, markers, links, latest progress",
        params: NumberParams,
        response: { 200: CommitmentOut, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
      return commitmentJson(await getOpenCommitment(db, space, request.params.number), config.publicUrl);
    },
  );
}
