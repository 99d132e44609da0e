import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { assertTokenActsFor } from "../../platform/api/access";
import { notFound } from "../../platform/errors";
import { CommitmentOut, commitmentJson } from "./export";
import { getCommitmentForViewer } from "./queries";
import { findOpenCommitment, listOpenCommitments, openDataSpace, openStats } from "./queries-open-data";
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

/** One commitment as its reader may see it: the open-data shape, its review status and, for those allowed, the review's dates. */
export const CommitmentReadOut = CommitmentOut.extend({
  published_at: z.string().nullable().describe("Null until published"),
  review: z
    .object({
      submitted_at: z.string().nullable(),
      review_deadline: z.string().nullable().describe("End of the focal points' window"),
      returned_at: z.string().nullable(),
      return_comment: z.string().nullable().describe("Why it was returned to its author"),
    })
    .nullable()
    .optional()
    .describe("Only on an unpublished commitment: its review dates for its owners, the space's coordinators and platform admins, null for focal points"),
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
      config: { token: { scope: "commitments:read", withoutScope: "anonymous", isForOrganisations: true } },
      schema: {
        tags,
        summary:
          "One commitment: owner, targets, coverage, dates, stage, indicators, partners, markers, links, latest progress. Published ones are public; a draft, submitted, returned or withdrawn one is read by those who may see its page (its owners, the space's coordinators, focal points of a covered country while in review) with a session or a token with scope commitments:read",
        params: NumberParams,
        response: { 200: CommitmentReadOut, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const space = { ...(await openDataSpace(db, request.params.slug, request.user)), now: clock.now() };
      const published = await findOpenCommitment(db, space, request.params.number);
      if (published) return commitmentJson(published, config.publicUrl);
      if (!request.user) throw notFound();
      // Not public: the same rule as the commitment's page decides (404 for anyone else), then the token's scope.
      const found = await getCommitmentForViewer(db, space.id, request.params.number, request.user);
      assertTokenActsFor(request, found.commitment.organisationId);
      const { commitment, access } = found;
      const record = await findOpenCommitment(db, space, request.params.number, { isPublishedOnly: false });
      if (!record) throw notFound();
      const iso = (date: Date | null) => date?.toISOString() ?? null;
      return {
        ...commitmentJson(record, config.publicUrl),
        published_at: iso(commitment.publishedAt),
        review: access.canSeeReviewStatus
          ? { submitted_at: iso(commitment.submittedAt), review_deadline: iso(commitment.reviewDeadline), returned_at: iso(commitment.returnedAt), return_comment: commitment.returnComment }
          : null,
      };
    },
  );
}
