import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { requireScope, requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { registerMultipartForms, type UploadedFile } from "../../platform/http/multipart";
import { emptyForm, type FormState } from "../../platform/views/forms";
import { textStream } from "../commitments/export";
import { registerCommitmentListSection } from "../commitments/list-sections";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import { canEditSpace } from "../spaces/permissions";
import { HARVEST_JOB, importUpload, queueHarvest, runHarvest, saveSource } from "./commands/harvest";
import { assertFetchable, FetchRefused } from "./fetch-source";
import { eachExported, exchangeExporters, exporterByPath, type ExportSpace } from "./exporters";
import { UnreadableDocument } from "./parse";
import { findPartnerRecord, findRun, findSource, listPartnerRecords, listSources, recentRuns, type PartnerRecord } from "./queries";
import { documentChunks, EXCHANGE_FORMATS } from "./shapes";
import { exchangeBase, exchangePage, outcomeCounts, partnerDetailPage, partnerListPage, partnerSection, runPage } from "./views";

/** The largest file the import form takes. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** How many records an OData page holds by default and at most. */
const ODATA_PAGE = 100;
const ODATA_PAGE_MAX = 1000;

const hidden = { schema: { hide: true } };
const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const ExportParams = SlugParams.extend({ kind: z.string().min(1).max(40).describe("commitments, events, documents, contacts (news when the news module is present)") });
const ExportQuery = z.object({
  format: z.enum(EXCHANGE_FORMATS).default("cbd").describe("cbd: CBD clearing-house records (language maps); informea: InforMEA-style OData entities (arrays of {language, value}), paged; jsonld: a schema.org DataFeed"),
  cursor: z.string().max(500).optional().describe("InforMEA shape: the page after this one (follow @odata.nextLink)"),
  limit: z.coerce.number().int().min(1).max(ODATA_PAGE_MAX).default(ODATA_PAGE).describe("InforMEA shape: records per page"),
});

const PartnerCommitmentOut = z.object({
  id: z.string(),
  source: z.object({ system: z.string(), identifier: z.string(), origin: z.string(), url: z.string().nullable(), harvested_at: z.string() }),
  title: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()),
  actor: z.record(z.string(), z.string()),
  countries: z.array(z.string()),
  keywords: z.array(z.string()),
  stage: z.string().nullable(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  page_url: z.string(),
});

const partnerJson = (record: PartnerRecord, publicUrl: string, slug: string) => ({
  id: record.id,
  source: { system: record.sourceSystem, identifier: record.sourceIdentifier, origin: record.sourceOrigin, url: record.recordUrl, harvested_at: record.harvestedAt.toISOString() },
  title: record.title as Record<string, string>,
  description: record.description as Record<string, string>,
  actor: record.actorName as Record<string, string>,
  countries: record.countries,
  keywords: record.keywords,
  stage: record.stage,
  start_date: record.startDate,
  end_date: record.endDate,
  page_url: `${publicUrl}/spaces/${encodeURIComponent(slug)}/partner-commitments/${record.id}`,
});

const canManage = (request: FastifyRequest, space: ViewedSpace): boolean => canEditSpace(request.user, space.viewerRoles);

/** Routes: exports (API), partner commitments (pages and API), and the coordinators' import and harvest pages. */
export async function exchangeRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, config, clock } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  await registerMultipartForms(app, { fileSize: MAX_UPLOAD_BYTES, fieldSize: 10_000, files: 1, fields: 5, parts: 6 }, { withFileNames: true });

  // ---- exports ----
  typed.get(
    "/api/v1/spaces/:slug/exchange/:kind",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags: ["exchange"],
        summary:
          "A public space's public records of one kind in a clearing-house shape: CBD records (streamed whole), InforMEA OData entities (paged with @odata.nextLink) or a schema.org DataFeed (streamed whole). Only published, public records; commitments only with their owner's consent to partner display. Private spaces answer 404.",
        params: ExportParams,
        querystring: ExportQuery,
        response: { 200: z.unknown().describe("The document, in the shape asked for (see src/modules/exchange/README.md)"), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      // Exports are republication: they read as an anonymous visitor whoever asks, so a member's session or
      // token never lets a private space's records out.
      const viewed = await getSpaceForViewer(db, request.params.slug, null);
      if (request.params.kind === "$metadata") return reply.header("access-control-allow-origin", "*").send(odataMetadata(viewed));
      const exporter = exporterByPath(request.params.kind);
      if (!exporter || !exporter.isEnabled(viewed)) throw notFound();
      const space: ExportSpace = { ...viewed, now: clock.now() };
      const { format, cursor, limit } = request.query;
      const selfUrl = `${config.publicUrl}/api/v1/spaces/${encodeURIComponent(space.slug)}/exchange/${exporter.path}`;
      const context = { publicUrl: config.publicUrl, spaceSlug: space.slug, generatedAt: clock.now(), names: exporter, selfUrl: `${selfUrl}?format=${format}` };
      reply.type(format === "jsonld" ? "application/ld+json; charset=utf-8" : "application/json; charset=utf-8").header("access-control-allow-origin", "*");
      if (format === "informea") {
        const page = await exporter.page(db, space, config.publicUrl, cursor ?? null, limit);
        const next = page.next ? `${selfUrl}?format=informea&limit=${limit}&cursor=${encodeURIComponent(page.next)}` : null;
        return reply.send(textStream(documentChunks(format, arrayItems(page.items), context, () => next)));
      }
      return reply.send(textStream(documentChunks(format, eachExported(exporter, db, space, config.publicUrl), context, () => null)));
    },
  );

  // ---- import through the API ----
  const ImportedOut = z.object({
    run_id: z.string(),
    format: z.enum(EXCHANGE_FORMATS),
    counts: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), skipped: z.number().int() }),
    records: z.array(z.object({ position: z.number().int(), identifier: z.string().nullable(), kind: z.string().nullable(), outcome: z.enum(["created", "updated", "unchanged", "skipped"]), reason: z.string().nullable() })),
  });
  typed.post(
    "/api/v1/spaces/:slug/exchange/import",
    {
      config: { token: { scope: "spaces:write" } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ["exchange"],
        summary:
          "Import a clearing-house document into a space (coordinators and platform admins; scope spaces:write): the body is a CBD document, an InforMEA OData answer or a schema.org DataFeed. Each record is validated on its own and reported created, updated, unchanged or skipped with the reason; invalid records are not stored. A body in none of these shapes is one 422 (field document)",
        security: [{ bearer: [] }],
        params: SlugParams,
        body: z.unknown(),
        response: { 200: ImportedOut, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const user = requireScope(request, "spaces:write");
      const space = await getSpaceForViewer(db, request.params.slug, user);
      if (!canEditSpace(user, space.viewerRoles)) throw forbidden();
      // text/plain bodies arrive as the string sent; JSON ones already parsed.
      const body = typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? null);
      try {
        const result = await importUpload(services, { spaceId: space.id, userId: user.id, fileName: "api", body, ip: request.ip });
        return {
          run_id: result.runId,
          format: result.format,
          counts: outcomeCounts(result.report),
          records: result.report.map(({ position, identifier, kind, outcome, reason }) => ({ position, identifier, kind, outcome, reason })),
        };
      } catch (error) {
        if (error instanceof UnreadableDocument) throw new AppError("validation_failed", error.reasonKey, { document: { key: error.reasonKey } });
        throw error;
      }
    },
  );

  // ---- partner commitments: API ----
  typed.get(
    "/api/v1/spaces/:slug/partner-commitments",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags: ["exchange"],
        summary: "Commitments harvested from partner platforms into this space, with their provenance. They are not the space's own commitments (no owner account here) and are never counted in its statistics.",
        params: SlugParams,
        querystring: PageQuery,
        response: { 200: pageEnvelope(PartnerCommitmentOut), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const space = await partnerSpace(request, request.params.slug);
      const page = await listPartnerRecords(db, space.id, "commitment", request.query);
      return { data: page.items.map((record) => partnerJson(record, config.publicUrl, space.slug)), next_cursor: page.nextCursor };
    },
  );

  async function partnerSpace(request: FastifyRequest, slug: string): Promise<ViewedSpace> {
    const space = await getSpaceForViewer(db, slug, request.user);
    if (!space.enabledModules.includes("commitments")) throw notFound();
    return space;
  }

  // ---- partner commitments: pages, and the section under the space's own commitments ----
  app.get<{ Params: { slug: string }; Querystring: { cursor?: string } }>("/spaces/:slug/partner-commitments", hidden, async (request, reply) => {
    const space = await partnerSpace(request, request.params.slug);
    const cursor = typeof request.query.cursor === "string" ? request.query.cursor.slice(0, 500) : undefined;
    const page = await listPartnerRecords(db, space.id, "commitment", { cursor, limit: 20 });
    return sendPage(reply, partnerListPage(viewContext(request), space, page.items, page.nextCursor));
  });

  app.get<{ Params: { slug: string; id: string } }>("/spaces/:slug/partner-commitments/:id", hidden, async (request, reply) => {
    const space = await partnerSpace(request, request.params.slug);
    const record = await findPartnerRecord(db, space.id, request.params.id);
    if (!record || record.kind !== "commitment") throw notFound();
    return sendPage(reply, partnerDetailPage(viewContext(request), space, record));
  });

  registerCommitmentListSection(app, async (view, space) => {
    const page = await listPartnerRecords(db, space.id, "commitment", { limit: 5 });
    return partnerSection(view, space, page.items, page.nextCursor !== null);
  });

  // ---- coordinators: import, harvest, sources, reports ----
  async function exchangeSpace(request: FastifyRequest, slug: string): Promise<ViewedSpace> {
    return getSpaceForViewer(db, slug, request.user);
  }

  async function renderExchange(request: FastifyRequest, space: ViewedSpace, forms: { uploadForm?: FormState; harvestForm?: FormState } = {}): Promise<string> {
    const isManager = canManage(request, space);
    const [sources, runs] = isManager ? await Promise.all([listSources(db, space.id), recentRuns(db, space.id)]) : [[], []];
    const kinds = space.visibility === "public" ? exchangeExporters().filter((exporter) => exporter.isEnabled(space)) : [];
    return exchangePage(viewContext(request), {
      space,
      kinds: kinds.map((exporter) => ({ kind: exporter.kind, path: exporter.path })),
      canManage: isManager,
      sources,
      runs,
      uploadForm: forms.uploadForm ?? emptyForm(),
      harvestForm: forms.harvestForm ?? emptyForm(),
    });
  }

  function requireManager(request: FastifyRequest, space: ViewedSpace): string {
    const user = requireUser(request);
    if (!canManage(request, space)) throw forbidden();
    return user.id;
  }

  app.get<{ Params: { slug: string } }>("/spaces/:slug/exchange", hidden, async (request, reply) => {
    const space = await exchangeSpace(request, request.params.slug);
    return sendPage(reply, await renderExchange(request, space));
  });

  app.post<{ Params: { slug: string } }>("/spaces/:slug/exchange/import", hidden, async (request, reply) => {
    const space = await exchangeSpace(request, request.params.slug);
    const userId = requireManager(request, space);
    const upload = formBody(request).file as UploadedFile | undefined;
    const fail = async (key: string) => sendPage(reply, await renderExchange(request, space, { uploadForm: { values: {}, errors: { file: { key } } } }), 422);
    if (!upload || typeof upload !== "object" || !("data" in upload) || !upload.data.length) return fail("exchange.error.no_file");
    try {
      const result = await importUpload(services, { spaceId: space.id, userId, fileName: upload.filename, body: upload.data.toString("utf8"), ip: request.ip });
      return reply.redirect(`${exchangeBase(space.slug)}/runs/${result.runId}`, 303);
    } catch (error) {
      if (error instanceof UnreadableDocument) return fail(error.reasonKey);
      throw error;
    }
  });

  app.post<{ Params: { slug: string } }>("/spaces/:slug/exchange/harvest", hidden, async (request, reply) => {
    const space = await exchangeSpace(request, request.params.slug);
    const userId = requireManager(request, space);
    const body = formBody(request);
    const url = typeof body.url === "string" ? body.url.trim() : "";
    const name = typeof body.name === "string" ? body.name.trim() : "";
    const values = { url, name };
    const fail = async (field: string, key: string) => sendPage(reply, await renderExchange(request, space, { harvestForm: { values, errors: { [field]: { key } } } }), 422);
    if (name.length > 200) return fail("name", "exchange.error.name_too_long");
    try {
      // Scheme and address are checked now, so a typo is answered on the form; the job checks again when it fetches.
      await assertFetchable(url, { timeoutMs: 0, maxBytes: 0, maxRedirects: 0, isPrivateAllowed: config.isHarvestPrivateAllowed });
    } catch (error) {
      if (error instanceof FetchRefused) return fail("url", error.reasonKey);
      throw error;
    }
    const sourceId = name ? await saveSource(db, { spaceId: space.id, userId, name, url }) : null;
    const runId = await queueHarvest(services, { spaceId: space.id, userId, url, sourceId, ip: request.ip });
    return reply.redirect(`${exchangeBase(space.slug)}/runs/${runId}`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>("/spaces/:slug/exchange/sources/:id/run", hidden, async (request, reply) => {
    const space = await exchangeSpace(request, request.params.slug);
    const userId = requireManager(request, space);
    const source = /^[0-9a-f-]{36}$/i.test(request.params.id) ? await findSource(db, space.id, request.params.id) : undefined;
    if (!source) throw notFound();
    const runId = await queueHarvest(services, { spaceId: space.id, userId, url: source.url, sourceId: source.id, ip: request.ip });
    return reply.redirect(`${exchangeBase(space.slug)}/runs/${runId}`, 303);
  });

  app.get<{ Params: { slug: string; id: string } }>("/spaces/:slug/exchange/runs/:id", hidden, async (request, reply) => {
    const space = await exchangeSpace(request, request.params.slug);
    requireManager(request, space);
    const run = /^[0-9a-f-]{36}$/i.test(request.params.id) ? await findRun(db, space.id, request.params.id) : undefined;
    if (!run) throw notFound();
    return sendPage(reply, runPage(viewContext(request), space, run));
  });
}

/**
 * What `@odata.context` points at: the entity sets this space exports, in OData's JSON metadata form (CSDL JSON),
 * each entity's properties as the InforMEA shape writes them.
 */
function odataMetadata(space: ViewedSpace): Record<string, unknown> {
  const localized = { $Collection: true, $Type: "Convene.LocalizedString" };
  const entity = {
    $Kind: "EntityType",
    $Key: ["id"],
    id: {},
    entityType: {},
    title: localized,
    description: localized,
    organisation: localized,
    url: { $Nullable: true },
    countries: { $Collection: true },
    keywords: { $Collection: true },
    start: { $Nullable: true },
    end: { $Nullable: true },
    status: { $Nullable: true },
    published: { $Nullable: true },
    updated: { $Nullable: true },
  };
  const sets = space.visibility === "public" ? exchangeExporters().filter((exporter) => exporter.isEnabled(space)) : [];
  return {
    $Version: "4.01",
    $EntityContainer: "Convene.Exchange",
    Convene: {
      LocalizedString: { $Kind: "ComplexType", language: {}, value: {} },
      Record: entity,
      Exchange: { $Kind: "EntityContainer", ...Object.fromEntries(sets.map((exporter) => [exporter.entitySet, { $Collection: true, $Type: "Convene.Record" }])) },
    },
  };
}

async function* arrayItems<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** The harvest job. */
export const exchangeJobs = (services: Parameters<typeof runHarvest>[0]) => ({
  [HARVEST_JOB]: async (payload: Record<string, unknown>) => {
    if (typeof payload.runId !== "string") throw new AppError("bad_request", "exchange.error.failed");
    await runHarvest(services, payload.runId);
  },
});
