import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { ACTOR_TYPE_KEYS } from "../organisations/actor-types";
import { countSignatories, currentVersion, loadMemorandumSpace, memorandumPath, roster, ROSTER_STANDINGS } from "./queries";
import { rosterFilters } from "./filters";

const Localized = z.record(z.string(), z.string());
const SpaceParams = z.object({ slug: z.string().min(1).max(200) });

const MemorandumOut = z.object({
  space: z.string().describe("The space's slug"),
  url: z.string(),
  version: z.number().nullable().describe("The current version; null before the first is published"),
  published_at: z.string().nullable(),
  change_summary: Localized,
  text_markdown: Localized.describe("The text per language, as written"),
  text_html: Localized.describe("The same rendered to HTML when the version was published"),
  signatories: z.number().describe("Organisations whose signature stands (of any version)"),
});

const SignatoryOut = z.object({
  organisation: z.object({ slug: z.string(), name: Localized, country: z.string().nullable(), actor_type: z.string() }),
  version_signed: z.number(),
  is_earlier_version: z.boolean().describe("Signed a version older than the current one: invited to re-sign"),
  signed_at: z.string(),
  first_signed_at: z.string(),
  activities: z.array(z.object({ number: z.number(), title: Localized, stage: z.string(), url: z.string() })).describe("Its published programme activities (commitments) in the space, newest first, at most 50"),
});

const RosterQuery = z.object({
  actor_type: z.enum(ACTOR_TYPE_KEYS).optional(),
  country: z.string().max(2).optional().describe("ISO 3166-1 alpha-2"),
  standing: z.enum(ROSTER_STANDINGS).optional().describe("current: signed the current version; earlier: an earlier one"),
});

/** The memorandum API: the current text and the roster of signatories (public, as on the pages; private spaces 404). */
export async function memorandumApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["memorandum"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  typed.get(
    "/api/v1/spaces/:slug/memorandum",
    { config: readToken, schema: { tags, summary: "The current text of a space's programme memorandum", params: SpaceParams, response: { 200: MemorandumOut, 404: ErrorResponse } } },
    async (request) => {
      const { space } = await loadMemorandumSpace(request, request.params.slug);
      const [version, signatories] = await Promise.all([currentVersion(db, space.id), countSignatories(db, space.id)]);
      return {
        space: space.slug, url: `${publicUrl}${memorandumPath(space.slug)}`, version: version?.version ?? null, published_at: version?.publishedAt.toISOString() ?? null,
        change_summary: (version?.changeSummary ?? {}) as Record<string, string>, text_markdown: (version?.bodyMd ?? {}) as Record<string, string>,
        text_html: (version?.bodyHtml ?? {}) as Record<string, string>, signatories,
      };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/memorandum/signatories",
    {
      config: readToken,
      schema: { tags, summary: "Organisations that signed the memorandum, with the version signed and their programme activities", params: SpaceParams, querystring: RosterQuery, response: { 200: z.object({ current_version: z.number().nullable(), data: z.array(SignatoryOut) }), 404: ErrorResponse, 422: ErrorResponse } },
    },
    async (request) => {
      const { space } = await loadMemorandumSpace(request, request.params.slug);
      const filters = rosterFilters(request.query);
      const version = await currentVersion(db, space.id);
      const { signed } = await roster(db, space.id, version?.version ?? 0, filters, clock.now());
      return {
        current_version: version?.version ?? null,
        data: signed.map((entry) => ({
          organisation: { slug: entry.organisation.slug, name: entry.organisation.name as Record<string, string>, country: entry.organisation.country, actor_type: entry.organisation.actorType },
          version_signed: entry.version, is_earlier_version: entry.isEarlierVersion, signed_at: entry.signedAt.toISOString(), first_signed_at: entry.firstSignedAt.toISOString(),
          activities: entry.activities.map((activity) => ({ number: activity.number, title: activity.title as Record<string, string>, stage: activity.stage, url: `${publicUrl}/spaces/${space.slug}/commitments/${activity.number}` })),
        })),
      };
    },
  );
}
