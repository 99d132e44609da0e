import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../../platform/errors";
import { analyseQuery } from "../../../platform/search/query";
import { ACTOR_TYPE_KEYS } from "../../organisations/actor-types";
import { spaceFrameworkItems } from "../../spaces/queries";
import { glossaryFor } from "../glossary/extension";
import { publishResource, saveResource } from "./commands/save-resource";
import { isCalendarDay, readResourceInput } from "./inputs";
import { findResource, isoDay, listResources, RESOURCE_STATES, type ResourceFilters, type ResourceItem, type ResourceScope } from "./queries";
import { loadSpaceScope, type LoadedScope } from "./routes";
import { canManageResources } from "./permissions";
import { RESOURCE_KINDS } from "./schema";
import { resourcePath } from "./views/shared";

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const IdParams = z.object({ id: z.string().uuid() });

const day = z.string().refine(isCalendarDay, { message: "validation.calendar_day" });

export const ResourceListQuery = PageQuery.extend({
  kind: z.enum(RESOURCE_KINDS).optional().describe("funding, toolkit, training, dataset, report, tool or other"),
  closing_before: day.optional().describe("Funding with a deadline from today up to and including this day (YYYY-MM-DD), soonest first"),
  actor_type: z.enum(ACTOR_TYPE_KEYS).optional().describe("Open to this actor type (resources naming no actor type are open to all)"),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((value) => value.toUpperCase())
    .optional()
    .describe("ISO 3166-1 alpha-2: resources concerning this country, or naming none (open everywhere)"),
  language: z.string().regex(/^[a-z]{2,3}$/).optional().describe("Language the resource is available in (ISO 639-1)"),
  state: z.enum(RESOURCE_STATES).optional().describe("open (default): funding past its deadline left out; closed: only those; all"),
  q: z.string().max(200).optional().describe("Words to find (Russian and English stemming, typo tolerance, RU↔EN through the glossary)"),
});

export const ResourceOut = z.object({
  id: z.string(),
  url: z.string().describe("The resource's page on Convene"),
  space: z.string().nullable().describe("Slug of the space, null for a platform-wide resource"),
  kind: z.enum(RESOURCE_KINDS),
  title: z.record(z.string(), z.string()).describe("By language code"),
  description: z.record(z.string(), z.string()),
  link: z.string().describe("Where the resource itself is (http or https)"),
  languages: z.array(z.string()),
  tags: z.array(z.string()),
  targets: z.array(z.string()).describe("Framework item ids"),
  countries: z.array(z.string()).describe("ISO 3166-1 alpha-2; for funding, where applicants must be based; empty = anywhere"),
  funding: z
    .object({
      funder: z.string(),
      programme: z.string(),
      eligible_actor_types: z.array(z.string()).describe("Empty = any"),
      amount_min: z.number().nullable(),
      amount_max: z.number().nullable(),
      currency: z.string().nullable().describe("ISO 4217"),
      deadline_kind: z.enum(["date", "rolling", "none"]),
      deadline: z.string().nullable().describe("Last day to apply (YYYY-MM-DD, UTC)"),
      is_closed: z.boolean(),
      days_left: z.number().int().nullable(),
      apply_url: z.string().nullable(),
    })
    .nullable()
    .describe("Only on funding opportunities"),
  published_at: z.string().nullable(),
  updated_at: z.string(),
});

/** A resource in the API's shape (snake_case, the funding block only on funding). */
export function resourceJson(item: ResourceItem, publicUrl: string): z.infer<typeof ResourceOut> {
  return {
    id: item.id,
    url: `${publicUrl}${resourcePath(item)}`,
    space: item.space?.slug ?? null,
    kind: item.kind,
    title: item.title as Record<string, string>,
    description: item.description as Record<string, string>,
    link: item.url,
    languages: item.languages,
    tags: item.tags,
    targets: item.targetIds,
    countries: item.countries,
    funding:
      item.kind === "funding"
        ? {
            funder: item.funder,
            programme: item.programme,
            eligible_actor_types: item.eligibleActorTypes,
            amount_min: item.amountMin,
            amount_max: item.amountMax,
            currency: item.currency,
            deadline_kind: item.deadlineKind,
            deadline: item.deadline,
            is_closed: item.isClosed,
            days_left: item.daysLeft,
            apply_url: item.applyUrl,
          }
        : null,
    published_at: item.publishedAt?.toISOString() ?? null,
    updated_at: item.updatedAt.toISOString(),
  };
}

const Text = z.string().max(5000).optional();
const List = z.array(z.string().max(200)).max(300).optional();
export const ResourceWriteBody = z.object({
  kind: z.enum(RESOURCE_KINDS),
  title: z.record(z.string(), z.string().max(5000)).describe("By language code: {en, ru}; at least one"),
  description: z.record(z.string(), z.string().max(10000)).optional(),
  link: z.string().max(2000).describe("http or https"),
  languages: List,
  tags: List,
  targets: List.describe("Framework item ids of the space's frameworks"),
  countries: List.describe("ISO 3166-1 alpha-2"),
  funder: Text.describe("Funding only (required there)"),
  programme: Text,
  eligible_actor_types: List,
  amount_min: z.union([z.number(), z.string().max(40)]).nullable().optional(),
  amount_max: z.union([z.number(), z.string().max(40)]).nullable().optional(),
  currency: z.string().max(10).nullable().optional().describe("ISO 4217, required with an amount"),
  deadline_kind: z.enum(["date", "rolling", "none"]).optional(),
  deadline: z.string().max(40).nullable().optional().describe("YYYY-MM-DD, with deadline_kind date"),
  apply_url: z.string().max(2000).nullable().optional(),
  status: z.enum(["draft", "published"]).default("draft"),
});

/**
 * The read side of funding and resources: published resources of spaces the caller may see (and platform-wide
 * ones), no token needed; a private space answers 404 to anyone outside it, like one that does not exist.
 */
export async function resourceApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config, clock } = app.services;
  const tags = ["resources"];
  const token = { scope: "private:read" as const, withoutScope: "anonymous" as const };

  const list = async (request: FastifyRequest, scope: ResourceScope, query: z.infer<typeof ResourceListQuery>) => {
    const now = clock.now();
    const filters: ResourceFilters = {
      kind: query.closing_before ? "funding" : query.kind,
      actorType: query.actor_type,
      country: query.country,
      language: query.language,
      state: query.closing_before ? "open" : query.state,
      closingBy: query.closing_before && query.closing_before >= isoDay(now) ? query.closing_before : undefined,
      search: query.q ? await analyseQuery(db, query.q, { locale: request.locale, glossary: await glossaryFor(db, scope.kind === "space" ? scope.spaceId : null) }) : null,
    };
    // A closing_before in the past can match nothing open: say so with an empty page rather than every deadline.
    if (query.closing_before && !filters.closingBy) return { data: [], next_cursor: null };
    const page = await listResources(db, scope, request.user, { filters, sort: query.closing_before ? "deadline" : "newest", now, cursor: query.cursor, limit: query.limit });
    return { data: page.items.map((item) => resourceJson(item, config.publicUrl)), next_cursor: page.nextCursor };
  };

  typed.get(
    "/api/v1/resources",
    {
      config: { token },
      schema: {
        tags,
        summary: "Published funding opportunities and resources across every space the caller may see, platform-wide ones included; newest first, or soonest deadline first with closing_before",
        querystring: ResourceListQuery,
        response: { 200: pageEnvelope(ResourceOut), 400: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => list(request, { kind: "platform" }, request.query),
  );

  typed.get(
    "/api/v1/resources/:id",
    { config: { token }, schema: { tags, summary: "One published resource (platform-wide or of a space the caller may see)", params: IdParams, response: { 200: ResourceOut, 404: ErrorResponse, 422: ErrorResponse } } },
    async (request) => {
      const page = await listResources(db, { kind: "platform" }, request.user, { filters: { state: "all", id: request.params.id }, sort: "newest", now: clock.now(), limit: 1 });
      const item = page.items[0];
      if (!item) throw notFound();
      return resourceJson(item, config.publicUrl);
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/resources",
    {
      config: { token },
      schema: { tags, summary: "Published funding opportunities and resources of a space, with filters", params: SlugParams, querystring: ResourceListQuery, response: { 200: pageEnvelope(ResourceOut), 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } },
    },
    async (request) => {
      const loaded = await loadSpaceScope(request, request.params.slug);
      return list(request, loaded.scope, request.query);
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/resources/:id",
    { config: { token }, schema: { tags, summary: "One published resource of a space", params: SlugParams.merge(IdParams), response: { 200: ResourceOut, 404: ErrorResponse, 422: ErrorResponse } } },
    async (request) => {
      const loaded = await loadSpaceScope(request, request.params.slug);
      const item = await findResource(db, request.params.id, clock.now());
      if (!item || item.status !== "published" || item.spaceId !== loaded.space?.id) throw notFound();
      return resourceJson(item, config.publicUrl);
    },
  );

  // ---- write: coordinators (and platform admins for platform-wide resources), scope knowledge:write ----
  const security = [{ bearer: [] }];
  const writeErrors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
  const writeToken = { token: { scope: "knowledge:write" as const } };
  const space = async (request: FastifyRequest, slug: string | null): Promise<LoadedScope> => {
    requireScope(request, "knowledge:write");
    const loaded = slug ? await loadSpaceScope(request, slug) : { scope: { kind: "platform" as const }, space: null, canManage: canManageResources(request.user, null) };
    if (!loaded.canManage) throw forbidden();
    return loaded;
  };
  const write = async (request: FastifyRequest, loaded: LoadedScope, body: z.infer<typeof ResourceWriteBody>, id?: string) => {
    const targetIds = new Set<string>();
    if (loaded.space) {
      for (const group of await spaceFrameworkItems(db, loaded.space.id)) for (const item of group.items) targetIds.add(item.id);
    }
    const { fields, errors } = readResourceInput(
      {
        ...body,
        url: body.link,
        eligibleActorTypes: body.eligible_actor_types,
        amountMin: body.amount_min ?? "",
        amountMax: body.amount_max ?? "",
        deadlineKind: body.deadline_kind,
        applyUrl: body.apply_url ?? "",
        description: body.description ?? {},
      },
      { targetIds },
    );
    if (Object.keys(errors).length) {
      // The form's field is "url", the API's "link": a 422 names the field the caller sent.
      const { url: linkError, ...others } = errors;
      throw new AppError("validation_failed", "error.validation_failed", linkError ? { ...others, link: linkError } : others);
    }
    const saved = await saveResource(app.services, { id, spaceId: loaded.space?.id ?? null, fields, status: body.status, actorUserId: request.user!.id, now: clock.now(), ip: request.ip });
    const item = await findResource(db, saved.id, clock.now());
    return resourceJson(item!, config.publicUrl);
  };
  const existing = async (loaded: LoadedScope, id: string) => {
    const item = await findResource(db, id, clock.now());
    if (!item || item.spaceId !== (loaded.space?.id ?? null)) throw notFound();
    return item;
  };

  typed.post(
    "/api/v1/spaces/:slug/resources",
    { config: writeToken, schema: { tags, security, summary: "Add a resource to a space (coordinators; scope knowledge:write)", params: SlugParams, body: ResourceWriteBody, response: { 201: ResourceOut, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await write(request, await space(request, request.params.slug), request.body)),
  );
  typed.put(
    "/api/v1/spaces/:slug/resources/:id",
    { config: writeToken, schema: { tags, security, summary: "Replace a space's resource (coordinators; scope knowledge:write)", params: SlugParams.merge(IdParams), body: ResourceWriteBody, response: { 200: ResourceOut, ...writeErrors } } },
    async (request) => {
      const loaded = await space(request, request.params.slug);
      return write(request, loaded, request.body, (await existing(loaded, request.params.id)).id);
    },
  );
  typed.post(
    "/api/v1/resources",
    { config: writeToken, schema: { tags, security, summary: "Add a platform-wide resource (platform admins; scope knowledge:write)", body: ResourceWriteBody, response: { 201: ResourceOut, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await write(request, await space(request, null), request.body)),
  );
  typed.put(
    "/api/v1/resources/:id",
    { config: writeToken, schema: { tags, security, summary: "Replace a platform-wide resource (platform admins; scope knowledge:write)", params: IdParams, body: ResourceWriteBody, response: { 200: ResourceOut, ...writeErrors } } },
    async (request) => {
      const loaded = await space(request, null);
      return write(request, loaded, request.body, (await existing(loaded, request.params.id)).id);
    },
  );
  typed.post(
    "/api/v1/spaces/:slug/resources/:id/publish",
    { config: writeToken, schema: { tags, security, summary: "Publish a draft or an organisation's suggestion (coordinators; scope knowledge:write)", params: SlugParams.merge(IdParams), response: { 200: ResourceOut, ...writeErrors } } },
    async (request) => {
      const loaded = await space(request, request.params.slug);
      const item = await existing(loaded, request.params.id);
      await publishResource(app.services, { id: item.id, spaceId: loaded.space!.id, actorUserId: request.user!.id, now: clock.now(), ip: request.ip });
      return resourceJson((await findResource(db, item.id, clock.now()))!, config.publicUrl);
    },
  );
}
