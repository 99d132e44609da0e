import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { decodeCursor, encodeCursor, ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { AppError, forbidden, type FieldErrors } from "../../../platform/errors";
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from "../schema";
import { deleteDocument, writeDocument } from "./commands/write-document";
import { DOCUMENT_LANGUAGES, SLUG_PATTERN } from "./front-matter";
import { getDocumentPage, listCollections, listDocumentsPage, type ApiDocument } from "./queries";
import { loadKnowledgeScope, type KnowledgeScope } from "./scope";

const DocumentOut = z.object({
  id: z.string().describe("The document's front-matter id: its stable address within the space (or the platform)"),
  kind: z.enum(DOCUMENT_KINDS),
  lang: z.string(),
  title: z.string().describe("For a FAQ entry, the question"),
  tags: z.array(z.string()),
  status: z.enum(DOCUMENT_STATUSES).describe("Drafts are listed only to the people who manage the hub"),
  version: z.number().int(),
  translation_of: z.string().nullable().describe("The id of the original this document translates"),
  translations: z.array(z.object({ id: z.string(), lang: z.string(), url: z.string() })).describe("The same document in other languages"),
  collection: z.string().nullable().describe("The slug of the collection it is filed in"),
  updated_at: z.string(),
  url: z.string(),
});
const FaqOut = DocumentOut.extend({ answer_html: z.string().describe("The answer, as sanitised HTML") });
const SectionOut = z.object({ heading: z.string(), anchor: z.string(), level: z.number().int().describe("1 for the text before the first heading, 2 and 3 for ## and ###"), html: z.string(), url: z.string().describe("The section on the document page (#anchor)") });
const DocumentDetailOut = DocumentOut.extend({ body_md: z.string().describe("The Markdown source"), sections: z.array(SectionOut) });
const ListQuery = PageQuery.extend({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  lang: z.enum(DOCUMENT_LANGUAGES).optional(),
  tag: z.string().max(60).optional(),
});
const FaqQuery = PageQuery.extend({ lang: z.enum(DOCUMENT_LANGUAGES).optional(), tag: z.string().max(60).optional() });
const SpaceParams = z.object({ slug: z.string().min(1).max(200) });
const DocParams = z.object({ id: z.string().min(1).max(200) });
const SpaceDocParams = SpaceParams.extend({ id: z.string().min(1).max(200) });
const DocumentBody = z.object({
  kind: z.enum(DOCUMENT_KINDS).default("guidance"),
  lang: z.string().max(10).describe("en or ru"),
  title: z.string().max(1000),
  tags: z.array(z.string().max(200)).max(100).default([]),
  translation_of: z.string().max(200).nullable().optional().describe("The id of the original (a document already saved here)"),
  collection: z.string().max(80).nullable().optional().describe("The slug of a collection of this hub"),
  status: z.enum(DOCUMENT_STATUSES).default("published"),
  body: z.string().max(2_000_000).describe("Markdown; ## and ### headings make the sections"),
  note: z.string().max(500).optional().describe("What changed, for the version history"),
});
const Written = z.object({ id: z.string(), version: z.number().int(), created: z.boolean(), changed: z.boolean(), url: z.string() });
const readErrors = { 400: ErrorResponse, 404: ErrorResponse };
const writeErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };

// Form field names → the API's (front-matter) names, so a 422 names the field the caller sent.
const API_FIELD: Record<string, string> = { language: "lang", translationOf: "translation_of", body: "body", slug: "id" };

function apiFields(fields: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([name, error]) => [API_FIELD[name] ?? name, error]));
}

/**
 * The guidance and FAQ API: documents and FAQ of a space or of the platform (public, like the pages:
 * private spaces and drafts answer only to the people who may see them, with a private:read token), and
 * writing (PUT creates or updates by id, DELETE removes) with a knowledge:write token of a coordinator.
 */
export async function guidanceApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config } = services;
  const tags = ["knowledge"];
  const security = [{ bearer: [] }];
  const read = { token: { scope: "private:read", withoutScope: "anonymous" } } as const;
  const write = { token: { scope: "knowledge:write" } } as const;

  const documentOut = (scope: KnowledgeScope, document: ApiDocument) => ({
    id: document.slug,
    kind: document.kind,
    lang: document.language,
    title: document.title,
    tags: document.tags,
    status: document.status,
    version: document.version,
    translation_of: document.translationOfSlug,
    translations: document.translations.map((other) => ({ id: other.slug, lang: other.language, url: `${config.publicUrl}${scope.base}/guidance/${other.slug}` })),
    collection: document.collectionSlug,
    updated_at: document.updatedAt.toISOString(),
    url: `${config.publicUrl}${scope.base}/guidance/${document.slug}`,
  });

  const page = async (scope: KnowledgeScope, query: z.infer<typeof ListQuery>) => {
    const after = decodeCursor(query.cursor, 1);
    const found = await listDocumentsPage(db, scope, { kind: query.kind, language: query.lang, tag: query.tag, after: after ? String(after[0]) : undefined, limit: query.limit });
    return { found, nextCursor: found.nextCursor ? encodeCursor([found.nextCursor]) : null };
  };

  const detail = async (scope: KnowledgeScope, id: string) => {
    const found = await getDocumentPage(db, scope, id);
    const { document } = found;
    const url = `${config.publicUrl}${scope.base}/guidance/${document.slug}`;
    const collections = document.collectionId ? await listCollections(db, scope.spaceId) : [];
    return {
      ...documentOut(scope, {
        ...document,
        translationOfSlug: found.original?.slug ?? null,
        collectionSlug: collections.find((collection) => collection.id === document.collectionId)?.slug ?? null,
        translations: found.translations.map(({ slug, language }) => ({ slug, language })),
      }),
      body_md: document.bodyMd,
      sections: found.sections.map((section) => ({ heading: section.heading, anchor: section.anchor, level: section.level, html: section.bodyHtml, url: `${url}#${section.anchor}` })),
    };
  };

  const put = async (request: FastifyRequest, slug: string | undefined, id: string, body: z.infer<typeof DocumentBody>) => {
    const user = requireScope(request, "knowledge:write");
    const scope = await loadKnowledgeScope(db, slug, user);
    if (!scope.canManage) throw forbidden();
    if (!SLUG_PATTERN.test(id)) throw new AppError("validation_failed", "error.validation_failed", { id: { key: "knowledge.document.error.slug_invalid" } });
    const collections = body.collection ? await listCollections(db, scope.spaceId) : [];
    const collection = body.collection ? collections.find((entry) => entry.slug === body.collection) : undefined;
    if (body.collection && !collection) throw new AppError("validation_failed", "error.validation_failed", { collection: { key: "validation.invalid_choice" } });
    try {
      const saved = await writeDocument(
        services,
        scope,
        user,
        { slug: id, kind: body.kind, language: body.lang, title: body.title, tags: body.tags, translationOf: body.translation_of ?? "", collection: collection?.id ?? "", status: body.status, body: body.body, note: body.note ?? "" },
        { kind: "upsert" },
        { source: "api", ip: request.ip },
      );
      return { id: saved.slug, version: saved.version, created: saved.isNew, changed: saved.isChanged, url: `${config.publicUrl}${scope.base}/guidance/${saved.slug}` };
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) throw new AppError(error.code, error.messageKey, apiFields(error.fields), error.values);
      throw error;
    }
  };

  const remove = async (request: FastifyRequest, slug: string | undefined, id: string) => {
    const user = requireScope(request, "knowledge:write");
    const scope = await loadKnowledgeScope(db, slug, user);
    if (!scope.canManage) throw forbidden();
    await deleteDocument(services, scope, user, id, request.ip);
  };

  // ---- space level ----
  typed.get(
    "/api/v1/spaces/:slug/documents",
    { config: read, schema: { tags, summary: "A space's guidance documents and FAQ entries, by id (filters: kind, lang, tag)", params: SpaceParams, querystring: ListQuery, response: { 200: pageEnvelope(DocumentOut), ...readErrors } } },
    async (request) => {
      const scope = await loadKnowledgeScope(db, request.params.slug, request.user);
      const { found, nextCursor } = await page(scope, request.query);
      return { data: found.items.map((document) => documentOut(scope, document)), next_cursor: nextCursor };
    },
  );
  typed.get(
    "/api/v1/spaces/:slug/documents/:id",
    { config: read, schema: { tags, summary: "One document of a space by its id, with its sections (heading, anchor, HTML, link)", params: SpaceDocParams, response: { 200: DocumentDetailOut, ...readErrors } } },
    async (request) => detail(await loadKnowledgeScope(db, request.params.slug, request.user), request.params.id),
  );
  typed.get(
    "/api/v1/spaces/:slug/faq",
    { config: read, schema: { tags, summary: "A space's FAQ: questions with their answers", params: SpaceParams, querystring: FaqQuery, response: { 200: pageEnvelope(FaqOut), ...readErrors } } },
    async (request) => {
      const scope = await loadKnowledgeScope(db, request.params.slug, request.user);
      const { found, nextCursor } = await page(scope, { ...request.query, kind: "faq" });
      return { data: found.items.map((document) => ({ ...documentOut(scope, document), answer_html: document.bodyHtml })), next_cursor: nextCursor };
    },
  );
  typed.put(
    "/api/v1/spaces/:slug/documents/:id",
    { config: write, schema: { tags, security, summary: "Create or update a space's document by id (coordinators; scope knowledge:write). Unchanged text keeps its version.", params: SpaceDocParams, body: DocumentBody, response: { 200: Written, 201: Written, ...writeErrors } } },
    async (request, reply) => {
      const written = await put(request, request.params.slug, request.params.id, request.body);
      return reply.status(written.created ? 201 : 200).send(written);
    },
  );
  typed.delete(
    "/api/v1/spaces/:slug/documents/:id",
    { config: write, schema: { tags, security, summary: "Delete a space's document with its versions (coordinators; scope knowledge:write). To hide it only, PUT it with status draft.", params: SpaceDocParams, response: { 204: z.null(), ...writeErrors } } },
    async (request, reply) => {
      await remove(request, request.params.slug, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ---- platform level ----
  typed.get(
    "/api/v1/documents",
    { config: read, schema: { tags, summary: "Platform-wide guidance documents and FAQ entries (filters: kind, lang, tag)", querystring: ListQuery, response: { 200: pageEnvelope(DocumentOut), 400: ErrorResponse } } },
    async (request) => {
      const scope = await loadKnowledgeScope(db, undefined, request.user);
      const { found, nextCursor } = await page(scope, request.query);
      return { data: found.items.map((document) => documentOut(scope, document)), next_cursor: nextCursor };
    },
  );
  typed.get(
    "/api/v1/documents/:id",
    { config: read, schema: { tags, summary: "One platform-wide document by its id, with its sections", params: DocParams, response: { 200: DocumentDetailOut, ...readErrors } } },
    async (request) => detail(await loadKnowledgeScope(db, undefined, request.user), request.params.id),
  );
  typed.get(
    "/api/v1/faq",
    { config: read, schema: { tags, summary: "The platform-wide FAQ: questions with their answers", querystring: FaqQuery, response: { 200: pageEnvelope(FaqOut), 400: ErrorResponse } } },
    async (request) => {
      const scope = await loadKnowledgeScope(db, undefined, request.user);
      const { found, nextCursor } = await page(scope, { ...request.query, kind: "faq" });
      return { data: found.items.map((document) => ({ ...documentOut(scope, document), answer_html: document.bodyHtml })), next_cursor: nextCursor };
    },
  );
  typed.put(
    "/api/v1/documents/:id",
    { config: write, schema: { tags, security, summary: "Create or update a platform-wide document by id (platform administrators; scope knowledge:write)", params: DocParams, body: DocumentBody, response: { 200: Written, 201: Written, ...writeErrors } } },
    async (request, reply) => {
      const written = await put(request, undefined, request.params.id, request.body);
      return reply.status(written.created ? 201 : 200).send(written);
    },
  );
  typed.delete(
    "/api/v1/documents/:id",
    { config: write, schema: { tags, security, summary: "Delete a platform-wide document (platform administrators; scope knowledge:write)", params: DocParams, response: { 204: z.null(), ...writeErrors } } },
    async (request, reply) => {
      await remove(request, undefined, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
