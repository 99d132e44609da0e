import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { AppError } from "../../../platform/errors";
import { contactPath } from "../../../platform/relay/kinds";
import { readExpertFilters } from "./filters";
import { SPOKEN_LANGUAGES } from "./languages";
import { analyseExpertQuery, findListedExpert, listExperts, type ExpertDetail, type ExpertSummary } from "./queries";

const LocalizedTextOut = z.record(z.string(), z.string()).describe("Text per language code");

// Public fields only: the profile never carries the account's email address; people write through `contact_url`.
const ExpertOut = z.object({
  id: z.string(),
  display_name: z.string(),
  headline: LocalizedTextOut,
  bio: LocalizedTextOut,
  tags: z.array(z.string()),
  languages: z.array(z.string()).describe("ISO 639-1 codes of the languages the expert speaks"),
  country: z.string().nullable().describe("ISO 3166-1 alpha-2 code"),
  organisation: z.object({ slug: z.string(), name: LocalizedTextOut, url: z.string() }).nullable(),
  url: z.string().describe("The profile page"),
  contact_url: z.string().describe("The contact form that relays a message without revealing any address"),
  updated_at: z.string(),
});

const ExpertDetailOut = ExpertOut.extend({
  expertise: z.array(z.object({ framework: z.string(), item_id: z.string(), number: z.string().nullable(), label: LocalizedTextOut })).describe("Reference-framework items"),
});

const ListQuery = PageQuery.extend({
  q: z.string().max(200).optional().describe("Full text in names, headlines, bios, tags and expertise; Russian and English word forms, typos, and terms across the two languages"),
  item: z.uuid().optional().describe("A framework item id (see /api/v1/frameworks)"),
  tag: z.string().max(40).optional(),
  language: z.enum(SPOKEN_LANGUAGES).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional().describe("ISO 3166-1 alpha-2 code"),
  region: z.string().regex(/^\d{3}$/).optional().describe("UN M49 region or sub-region code"),
  organisation: z.uuid().optional().describe("An organisation id"),
});

const IdParams = z.object({ id: z.string().min(1).max(200) });

/** Read API of the experts directory: /api/v1/experts and /api/v1/experts/{id}; listed profiles only. */
export async function expertApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const tags = ["experts"];

  const summary = (expert: ExpertSummary) => ({
    id: expert.id,
    display_name: expert.displayName,
    headline: expert.headline as Record<string, string>,
    bio: expert.bio as Record<string, string>,
    tags: expert.tags,
    languages: expert.languages,
    country: expert.country,
    organisation: expert.organisation ? { slug: expert.organisation.slug, name: expert.organisation.name as Record<string, string>, url: `${config.publicUrl}/organisations/${expert.organisation.slug}` } : null,
    url: `${config.publicUrl}/experts/${expert.id}`,
    contact_url: `${config.publicUrl}${contactPath("expert", expert.id)}`,
    updated_at: expert.updatedAt.toISOString(),
  });

  const detail = (expert: ExpertDetail) => ({
    ...summary(expert),
    expertise: expert.items.map((item) => ({ framework: item.frameworkKey, item_id: item.id, number: item.number, label: item.label as Record<string, string> })),
  });

  typed.get(
    "/api/v1/experts",
    {
      schema: {
        tags,
        summary: "List experts who opted in to the directory (public fields only, never an address); full text, filters, cursor pagination",
        querystring: ListQuery,
        response: { 200: pageEnvelope(ExpertOut), 400: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const filters = readExpertFilters(request.query as Record<string, unknown>);
      const query = await analyseExpertQuery(db, filters.q, request.locale);
      const page = await listExperts(db, { ...filters, query, cursor: request.query.cursor, limit: request.query.limit });
      return { data: page.items.map(summary), next_cursor: page.nextCursor };
    },
  );

  typed.get(
    "/api/v1/experts/:id",
    {
      schema: {
        tags,
        summary: "One expert's public profile with their expertise; paused or deleted profiles are 404",
        params: IdParams,
        response: { 200: ExpertDetailOut, 404: ErrorResponse },
      },
    },
    async (request) => {
      const expert = await findListedExpert(db, request.params.id);
      if (!expert) throw new AppError("not_found");
      return detail(expert);
    },
  );
}
