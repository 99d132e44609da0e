import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { filtersFromQuery } from "./inputs";
import { listPosts, loadPartnershipsSpace, postPath, spaceTargets } from "./queries";
import { PARTNERSHIP_KINDS, PARTNERSHIP_SIDES } from "./schema";

const Localized = z.record(z.string(), z.string());

const PostOut = z.object({
  id: z.string(),
  url: z.string(),
  side: z.enum(PARTNERSHIP_SIDES).describe("offer: what the organisation offers; need: what it seeks"),
  kind: z.enum(PARTNERSHIP_KINDS),
  title: Localized,
  description: Localized,
  organisation: z.object({ slug: z.string(), name: Localized }),
  targets: z.array(z.object({ framework: z.string(), key: z.string(), number: z.string().nullable() })).describe("Framework targets (items of the space's frameworks)"),
  countries: z.array(z.string()).describe("ISO 3166-1 alpha-2; empty: anywhere"),
  languages: z.array(z.string()).describe("ISO 639-1 codes of the languages it can be discussed in"),
  until: z.string().nullable().describe("Last day it stands (YYYY-MM-DD)"),
  published_at: z.string(),
});

const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const ListQuery = z.object({
  side: z.string().max(20).optional(),
  kind: z.string().max(40).optional(),
  target: z.string().max(40).optional().describe("A framework item id"),
  country: z.string().max(2).optional(),
  language: z.string().max(3).optional(),
});

/**
 * The partnerships API: a space's live offers and needs (published, let out by moderation, not past their
 * until-date), with the browse page's filters. Public where the space is; a private space answers 404 as its pages.
 * Never a person or an address: contact goes through the relay (`/contact/partnership/<id>`).
 */
export async function partnershipApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  typed.get(
    "/api/v1/spaces/:slug/partnerships",
    {
      config: readToken,
      schema: { tags: ["partnerships"], summary: "Live offers and needs of organisations in a space", params: SpaceParams, querystring: ListQuery, response: { 200: z.object({ data: z.array(PostOut) }), 404: ErrorResponse } },
    },
    async (request) => {
      const { space } = await loadPartnershipsSpace(request, request.params.slug);
      const [posts, targets] = await Promise.all([listPosts(db, space.id, filtersFromQuery(request.query), clock.now()), spaceTargets(db, space.id)]);
      const frameworkKey = new Map(targets.groups.flatMap((group) => group.items.map((item) => [item.id, group.framework.key] as const)));
      return {
        data: posts.map((post) => ({
          id: post.id, url: `${publicUrl}${postPath(space.slug, post.id)}`, side: post.side, kind: post.kind, title: post.title as Record<string, string>,
          description: post.description as Record<string, string>, organisation: { slug: post.organisationSlug, name: post.organisationName as Record<string, string> },
          targets: post.targetIds.flatMap((id) => {
            const item = targets.byId.get(id);
            return item ? [{ framework: frameworkKey.get(id) ?? "", key: item.key, number: item.number }] : [];
          }),
          countries: post.countries, languages: post.languages, until: post.untilOn, published_at: post.createdAt.toISOString(),
        })),
      };
    },
  );
}
