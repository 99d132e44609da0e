import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { requireScope } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { findOrganisationBySlug, organisationNames } from "../organisations/queries";
import { findSpaceById } from "../spaces/queries";
import { createPost, setPostStatus, updatePost } from "./commands/save-post";
import { checkedNewsFields, type NewsRawInput } from "./inputs";
import { imagePath, imagesOfPosts, listPublishedPosts, loadNewsSpace, loadPostByIdForViewer, postPath, readNewsFilters, type NewsImage, type NewsPost } from "./queries";
import { NEWS_KINDS, NEWS_STATUSES } from "./schema";

const Localized = z.record(z.string(), z.string());

/** A post as open data. */
export const NewsOut = z.object({
  id: z.string(),
  slug: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string(),
  kind: z.enum(NEWS_KINDS),
  status: z.enum(NEWS_STATUSES),
  title: Localized,
  lead: Localized,
  body: Localized.describe("Markdown, by language"),
  organisation: z.object({ slug: z.string(), name: Localized }).nullable(),
  images: z.array(z.object({ url: z.string().describe("JPEG, the largest stored width"), alt: Localized, caption: Localized, width: z.number(), height: z.number() })),
  video_links: z.array(z.object({ url: z.string(), title: z.string() })),
  quotes: z.array(z.object({ text: Localized, attribution: z.string() })),
  related: z.array(z.object({ kind: z.string(), id: z.string() })),
  topics: z.array(z.string()),
  published_at: z.string().nullable(),
  updated_at: z.string(),
});

const WriteBody = z.object({
  kind: z.enum(NEWS_KINDS).optional().describe("news, story or announcement (required on create)"),
  slug: z.string().max(80).optional(),
  title: Localized.optional().describe("By language; at least one (required on create)"),
  lead: Localized.optional(),
  body: Localized.optional().describe("Markdown, by language"),
  organisation: z.string().max(200).nullable().optional().describe("An organisation's slug, or null for none"),
  related: z.array(z.object({ kind: z.string(), id: z.string() })).max(20).optional().describe("Public items of registered content sources (commitment, event, practice, news)"),
  videoLinks: z.array(z.object({ url: z.string(), title: z.string().optional() })).max(10).optional().describe("Shown as link cards, never embedded"),
  quotes: z.array(z.object({ text: Localized, attribution: z.string() })).max(10).optional(),
  topics: z.array(z.string()).max(10).optional(),
  status: z.enum(["draft", "published", "unpublished"]).optional().describe("Publish or take back; default draft on create"),
});
type WriteBody = z.infer<typeof WriteBody>;

const ListQuery = PageQuery.extend({
  space: z.string().max(200).optional().describe("A space's slug"),
  kind: z.enum(NEWS_KINDS).optional(),
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  organisation: z.string().max(200).optional().describe("An organisation's slug"),
  topic: z.string().max(80).optional(),
});
const IdParams = z.object({ id: z.uuid() });
const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const SlugIdParams = z.object({ slug: z.string().min(1).max(200), id: z.uuid() });

/** The JSON of a post. */
export function newsJson(post: NewsPost, spaceSlug: string, organisation: { slug: string; name: Record<string, string> } | null, images: NewsImage[], publicUrl: string): z.infer<typeof NewsOut> {
  return {
    id: post.id,
    slug: post.slug,
    space: spaceSlug,
    url: `${publicUrl}${postPath(spaceSlug, post.slug)}`,
    kind: post.kind,
    status: post.status,
    title: post.title as Record<string, string>,
    lead: post.lead as Record<string, string>,
    body: post.body as Record<string, string>,
    organisation,
    images: images.map((image) => ({ url: `${publicUrl}${imagePath(image.id, Math.max(...image.widths))}`, alt: image.alt as Record<string, string>, caption: image.caption as Record<string, string>, width: image.width, height: image.height })),
    video_links: post.videoLinks,
    quotes: post.quotes.map((quote) => ({ text: quote.text as Record<string, string>, attribution: quote.attribution })),
    related: post.related,
    topics: post.topics,
    published_at: post.publishedAt?.toISOString() ?? null,
    updated_at: post.updatedAt.toISOString(),
  };
}

/**
 * The news API: published posts the caller may see across spaces (filters, keyset cursor), one post, and the
 * coordinators' writes with a `news:write` token. What a caller may not see answers 404, as on the pages.
 */
export async function newsApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db } = services;
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  const tags = ["news"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };
  const writeToken = { token: { scope: "news:write" as const } };

  const toJson = async (posts: (NewsPost & { space?: { slug: string } })[], spaceSlugOf: (post: NewsPost) => string) => {
    const [images, organisations] = await Promise.all([
      imagesOfPosts(db, posts.map((post) => post.id)),
      organisationNames(db, posts.flatMap((post) => (post.organisationId ? [post.organisationId] : []))),
    ]);
    return posts.map((post) => {
      const organisation = post.organisationId ? organisations.get(post.organisationId) : undefined;
      return newsJson(post, spaceSlugOf(post), organisation ? { slug: organisation.slug, name: organisation.name as Record<string, string> } : null, images.get(post.id) ?? [], publicUrl);
    });
  };

  typed.get(
    "/api/v1/news",
    { config: readToken, schema: { tags, summary: "Published news, stories and announcements of every space the caller may see, newest first", querystring: ListQuery, response: { 200: pageEnvelope(NewsOut), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } } },
    async (request) => {
      const query = request.query;
      const spaceId = query.space ? (await loadNewsSpace(request, query.space)).space.id : null;
      const page = await listPublishedPosts(db, request.user, { filters: readNewsFilters(query as Record<string, unknown>), spaceId, cursor: query.cursor, limit: query.limit });
      return { data: await toJson(page.items, (post) => (post as (typeof page.items)[number]).space.slug), next_cursor: page.nextCursor };
    },
  );

  typed.get("/api/v1/news/:id", { config: readToken, schema: { tags, summary: "One post (drafts and proposals only to their authors and the space's coordinators)", params: IdParams, response: { 200: NewsOut, 404: ErrorResponse } } }, async (request) => {
    const { space, post } = await loadPostByIdForViewer(request, request.params.id);
    const [json] = await toJson([post], () => space.slug);
    return json!;
  });

  /** The body merged over what is stored, checked like a form (422 naming each field). */
  const checked = async (body: WriteBody, stored: NewsPost | null) => {
    const raw: NewsRawInput = {
      kind: body.kind ?? stored?.kind,
      slug: body.slug ?? stored?.slug,
      title: body.title ?? stored?.title,
      lead: body.lead ?? stored?.lead,
      body: body.body ?? stored?.body,
      related: body.related ?? stored?.related,
      videoLinks: body.videoLinks ?? stored?.videoLinks,
      quotes: body.quotes ?? stored?.quotes,
      topics: body.topics ?? stored?.topics,
    };
    const fields = await checkedNewsFields(db, raw);
    let organisationId = stored?.organisationId ?? null;
    if (body.organisation !== undefined) {
      organisationId = null;
      if (body.organisation) {
        const found = await findOrganisationBySlug(db, body.organisation);
        if (!found) throw new AppError("validation_failed", "error.validation_failed", { organisation: { key: "news.error.organisation_unknown" } });
        organisationId = found.id;
      }
    }
    return { fields, organisationId };
  };

  const writeResponse = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
  typed.post(
    "/api/v1/spaces/:slug/news",
    { config: writeToken, schema: { tags, security: [{ bearer: [] }], summary: "Write a post (the space's coordinators and facilitators; scope news:write): a draft unless status is published", params: SlugParams, body: WriteBody, response: { 201: NewsOut, ...writeResponse } } },
    async (request, reply) => {
      const user = requireScope(request, "news:write");
      const { space, canManage } = await loadNewsSpace(request, request.params.slug);
      if (!canManage) throw forbidden();
      const { fields, organisationId } = await checked(request.body, null);
      const actor = { id: user.id, ip: request.ip };
      let post = await createPost(services, actor, space.id, fields, organisationId);
      if (request.body.status && request.body.status !== "draft") post = await setPostStatus(services, actor, post.id, request.body.status);
      const [json] = await toJson([post], () => space.slug);
      return reply.status(201).send(json!);
    },
  );

  typed.patch(
    "/api/v1/spaces/:slug/news/:id",
    { config: writeToken, schema: { tags, security: [{ bearer: [] }], summary: "Change a post; fields left out keep their values (coordinators and facilitators; scope news:write)", params: SlugIdParams, body: WriteBody, response: { 200: NewsOut, ...writeResponse } } },
    async (request) => {
      const user = requireScope(request, "news:write");
      const { space, post, canManage } = await loadPostByIdForViewer(request, request.params.id);
      if (space.slug !== request.params.slug) throw notFound();
      if (!canManage) throw forbidden();
      const { fields, organisationId } = await checked(request.body, post);
      const actor = { id: user.id, ip: request.ip };
      let saved = await updatePost(services, actor, post.id, fields, organisationId);
      if (request.body.status) saved = await setPostStatus(services, actor, post.id, request.body.status);
      const spaceRow = await findSpaceById(db, saved.spaceId);
      const [json] = await toJson([saved], () => spaceRow?.slug ?? space.slug);
      return json!;
    },
  );
}

