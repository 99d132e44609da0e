import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import { getSpaceForViewer } from "../spaces/queries";
import { kindLabels, itemsWithSections } from "./presenters";
import { findShowcase, listShowcases, resolveShowcase, showcaseEntries, showcasePath } from "./queries";
import type { ShowcaseRow } from "./schema";

const Localized = z.record(z.string(), z.string());

const ShowcaseSummaryOut = z.object({
  id: z.string(),
  slug: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string(),
  title: Localized,
  occasion: Localized,
  starts_on: z.string().nullable().describe("YYYY-MM-DD"),
  ends_on: z.string().nullable(),
  colour: z.string().describe("#rrggbb, or empty"),
  published_at: z.string().nullable(),
  updated_at: z.string(),
});

const ShowcaseItemOut = z.object({
  kind: z.string().describe("The content source: commitment, practice, news, event…"),
  kind_label: Localized,
  id: z.string(),
  title: Localized,
  summary: Localized,
  meta: Localized,
  url: z.string(),
  image: z.object({ url: z.string(), alt: Localized }).nullable(),
  date: z.string().describe("When the item was published (an event: when it starts)"),
  note: Localized.describe("The curator's note"),
  section: Localized.nullable().describe("The heading of the section the item is in"),
  added_at: z.string(),
});

const ShowcaseOut = ShowcaseSummaryOut.extend({
  intro: Localized.describe("Markdown, by language"),
  intro_html: Localized.describe("The introduction rendered as HTML, by language"),
  items: z.array(ShowcaseItemOut),
});

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const ShowcaseParams = SlugParams.extend({ showcase: z.string().min(1).max(200) });
const ShowcaseQuery = z.object({
  partner_display: z.enum(["true", "false"]).optional().describe("true: leave out items whose owners did not agree to be shown on partner sites (what widgets ask)"),
});

function summaryJson(showcase: ShowcaseRow, spaceSlug: string, publicUrl: string): z.infer<typeof ShowcaseSummaryOut> {
  return {
    id: showcase.id,
    slug: showcase.slug,
    space: spaceSlug,
    url: `${publicUrl}${showcasePath(spaceSlug, showcase.slug)}`,
    title: showcase.title as Record<string, string>,
    occasion: showcase.occasion as Record<string, string>,
    starts_on: showcase.startsOn,
    ends_on: showcase.endsOn,
    colour: showcase.colour,
    published_at: showcase.publishedAt?.toISOString() ?? null,
    updated_at: showcase.updatedAt.toISOString(),
  };
}

/**
 * The showcases API: a space's published showcases, and one with its items resolved now through their sources (only
 * public items; with partner_display=true only those their owners let partner sites show). Drafts, and spaces the
 * caller may not see, answer 404 as the pages do.
 */
export async function showcaseApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["showcases"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };

  typed.get(
    "/api/v1/spaces/:slug/showcases",
    { config: readToken, schema: { tags, summary: "A space's published showcases, newest first", params: SlugParams, response: { 200: z.object({ data: z.array(ShowcaseSummaryOut) }), 404: ErrorResponse } } },
    async (request) => {
      const space = await getSpaceForViewer(db, request.params.slug, request.user);
      const showcases = await listShowcases(db, space.id, { isDraftIncluded: false });
      return { data: showcases.map((showcase) => summaryJson(showcase, space.slug, publicUrl)) };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/showcases/:showcase",
    {
      config: readToken,
      schema: { tags, summary: "One published showcase with its public items in the curator's order", params: ShowcaseParams, querystring: ShowcaseQuery, response: { 200: ShowcaseOut, 404: ErrorResponse } },
    },
    async (request) => {
      const space = await getSpaceForViewer(db, request.params.slug, request.user);
      const showcase = await findShowcase(db, space.id, request.params.showcase);
      if (!showcase || showcase.status !== "published") throw notFound();
      const { shown } = await resolveShowcase(db, await showcaseEntries(db, showcase.id), { isPartnerDisplayOnly: request.query.partner_display === "true" });
      return {
        ...summaryJson(showcase, space.slug, publicUrl),
        intro: showcase.intro as Record<string, string>,
        intro_html: showcase.introHtml as Record<string, string>,
        items: itemsWithSections(shown).map(({ card, note, addedAt, section }) => ({
          kind: card.kind,
          kind_label: kindLabels(card) as Record<string, string>,
          id: card.id,
          title: card.title as Record<string, string>,
          summary: card.summary as Record<string, string>,
          meta: (card.meta ?? {}) as Record<string, string>,
          url: `${publicUrl}${card.path}`,
          image: card.image ? { url: `${publicUrl}${card.image.path}`, alt: card.image.alt as Record<string, string> } : null,
          date: card.date.toISOString(),
          note: note as Record<string, string>,
          section: section as Record<string, string> | null,
          added_at: addedAt.toISOString(),
        })),
      };
    },
  );
}
