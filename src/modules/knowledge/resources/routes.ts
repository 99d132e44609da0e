import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../../platform/auth/guards";
import { registerPersonalData } from "../../../platform/auth/personal-data";
import { isCountryCode, listRegions } from "../../../platform/countries";
import { AppError, forbidden, notFound } from "../../../platform/errors";
import { viewContext, type CurrentUser } from "../../../platform/http/context";
import { formBody, formList, runForm, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { isBlockedInSpace } from "../../../platform/moderation/gate";
import { analyseQuery } from "../../../platform/search/query";
import { emptyForm, localizedFromForm, type FormState } from "../../../platform/views/forms";
import { isActorTypeKey } from "../../organisations/actor-types";
import { findOrganisationById, organisationsOfUser } from "../../organisations/queries";
import { spaceFrameworkItems } from "../../spaces/queries";
import { loadKnowledgeSpace } from "../space-gate";
import { glossaryFor } from "../glossary/extension";
import { publishResource, saveResource } from "./commands/save-resource";
import { renderResourceFeed } from "./feed";
import { readResourceInput, type ResourceRawInput } from "./inputs";
import { canManageResources, canSeeUnpublishedResource } from "./permissions";
import { resourcePersonalData } from "./personal-data";
import {
  countResources,
  dayAfter,
  findResource,
  isoDay,
  listResources,
  listUnpublishedResources,
  resourceFacets,
  targetRefs,
  type ResourceFilters,
  type ResourceItem,
  type ResourceScope,
} from "./queries";
import { RESOURCE_KINDS, type ResourceStatus } from "./schema";
import { resourceDetailPage, type ResourceTarget } from "./views/detail";
import { resourceFormPage, resourceFormValues, resourceManagePage, type TargetGroup } from "./views/form";
import { resourceListPage, type ListParams } from "./views/list";
import { resourcePath, resourcesPath } from "./views/shared";

const PAGE_SIZE = 20;
const FEED_SIZE = 50;
const hidden = { schema: { hide: true } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION_CODES = new Set(listRegions("en").map((region) => region.code));
export const CLOSING_SOON_DAYS = 30;

/** Where a request's resources live and what its viewer may do there. */
export type LoadedScope = { scope: ResourceScope; space: { id: string; slug: string; title: LocalizedText } | null; canManage: boolean };

/** A space's hub must be switched on; otherwise its resource pages do not exist (404, like a private space). */
export async function loadSpaceScope(request: FastifyRequest, slug: string): Promise<LoadedScope> {
  const space = await loadKnowledgeSpace(request.server.services.db, slug, request.user);
  return { scope: { kind: "space", spaceId: space.id }, space: { id: space.id, slug: space.slug, title: space.title }, canManage: canManageResources(request.user, space.viewerRoles) };
}

function platformScope(request: FastifyRequest): LoadedScope {
  return { scope: { kind: "platform" }, space: null, canManage: canManageResources(request.user, null) };
}

/** Reads the list's query string; a value that is not one of the allowed ones is ignored, never an error. */
function listParams(query: Record<string, unknown>): ListParams & { cursor?: string } {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const country = text(query.country).toUpperCase();
  const days = Number(text(query.days));
  const state = text(query.state);
  return {
    q: text(query.q).slice(0, 200),
    kind: (RESOURCE_KINDS as readonly string[]).includes(text(query.kind)) ? text(query.kind) : "",
    actorType: isActorTypeKey(text(query.actor_type)) ? text(query.actor_type) : "",
    country: isCountryCode(country) ? country : "",
    region: REGION_CODES.has(text(query.region)) ? text(query.region) : "",
    target: UUID.test(text(query.target)) ? text(query.target).toLowerCase() : "",
    language: /^[a-z]{2,3}$/.test(text(query.language)) ? text(query.language) : "",
    state: state === "closed" || state === "all" ? state : "open",
    organisation: UUID.test(text(query.eligible_for)) ? text(query.eligible_for).toLowerCase() : "",
    days: Number.isInteger(days) && days >= 1 && days <= 365 ? days : CLOSING_SOON_DAYS,
    cursor: text(query.cursor) || undefined,
  };
}

/** The eligibility of one of the viewer's organisations (its actor type and country), or null if not theirs. */
async function eligibilityOf(request: FastifyRequest, organisationId: string): Promise<ResourceFilters["eligibleFor"] | undefined> {
  const user = request.user;
  if (!user || !organisationId) return undefined;
  const { db } = request.server.services;
  const mine = await organisationsOfUser(db, user.id);
  if (!mine.some((organisation) => organisation.id === organisationId)) return undefined;
  const organisation = await findOrganisationById(db, organisationId);
  return organisation ? { actorType: organisation.actorType, country: organisation.country } : undefined;
}

/** Target choices for a scope: the space's framework items, or (platform-wide) the items resources name. */
async function targetChoices(request: FastifyRequest, loaded: LoadedScope, ids: string[]) {
  const { db } = request.server.services;
  if (loaded.space) {
    const groups = await spaceFrameworkItems(db, loaded.space.id);
    return groups.flatMap((group) => group.items.map((item) => ({ id: item.id, key: item.key, label: item.label, code: item.number ?? "", frameworkName: group.framework.name, frameworkKey: group.framework.key })));
  }
  return (await targetRefs(db, ids)).map((item) => ({ id: item.id, key: item.key, label: item.label, code: item.number ?? "", frameworkName: item.frameworkName, frameworkKey: item.frameworkKey }));
}

/** A resource the viewer may see in this scope (unpublished ones for its managers and its suggester), else 404. */
async function loadResource(request: FastifyRequest, loaded: LoadedScope, id: string): Promise<ResourceItem> {
  const item = await findResource(request.server.services.db, id, request.server.services.clock.now());
  if (!item || item.spaceId !== (loaded.space?.id ?? null)) throw notFound();
  if (item.status !== "published" && !canSeeUnpublishedResource(request.user, item, loaded.canManage)) throw notFound();
  return item;
}

/** Pages of funding and resources, registered once for a space's hub and once for the platform's. */
export async function resourceRoutes(app: FastifyInstance): Promise<void> {
  // Registered here rather than in the manifest's single personalData slot, which the hub's other parts share.
  registerPersonalData(resourcePersonalData);
  const services = app.services;
  const { db } = services;

  const scopes: { prefix: string; load: (request: FastifyRequest) => Promise<LoadedScope> }[] = [
    { prefix: "/spaces/:slug/knowledge/resources", load: (request) => loadSpaceScope(request, (request.params as { slug: string }).slug) },
    { prefix: "/knowledge/resources", load: async (request) => platformScope(request) },
  ];

  for (const { prefix, load } of scopes) {
    const listHandler = (mode: "list" | "closing") => async (request: FastifyRequest, reply: FastifyReply) => {
      const loaded = await load(request);
      const { cursor, ...params } = listParams(request.query as Record<string, unknown>);
      const now = services.clock.now();
      const search = params.q ? await analyseQuery(db, params.q, { locale: request.locale, glossary: await glossaryFor(db, loaded.space?.id ?? null) }) : null;
      const eligibleFor = await eligibilityOf(request, params.organisation);
      if (!eligibleFor) params.organisation = "";
      const filters: ResourceFilters = {
        kind: mode === "closing" ? "funding" : params.kind,
        actorType: params.actorType,
        country: params.country,
        region: params.region,
        target: params.target,
        language: params.language,
        state: mode === "closing" ? "open" : (params.state as ResourceFilters["state"]),
        eligibleFor,
        closingBy: mode === "closing" ? dayAfter(isoDay(now), params.days) : undefined,
        search,
      };
      const viewer = request.user;
      const [page, total, facets, organisations, unpublished] = await Promise.all([
        listResources(db, loaded.scope, viewer, { filters, sort: mode === "closing" ? "deadline" : "newest", now, cursor, limit: PAGE_SIZE }),
        countResources(db, loaded.scope, viewer, filters, now),
        resourceFacets(db, loaded.scope, viewer, filters, now),
        viewer ? organisationsOfUser(db, viewer.id) : Promise.resolve([]),
        loaded.canManage ? listUnpublishedResources(db, loaded.space?.id ?? null, now) : Promise.resolve([]),
      ]);
      const targets = await targetChoices(request, loaded, Object.keys(facets.target));
      return sendPage(
        reply,
        resourceListPage(viewContext(request), {
          space: loaded.space,
          mode,
          params,
          items: page.items,
          total,
          nextCursor: page.nextCursor,
          isFirstPage: !cursor,
          facets,
          targets,
          organisations: organisations.map((organisation) => ({ id: organisation.id, name: organisation.name })),
          canManage: loaded.canManage,
          canSuggest: Boolean(viewer) && organisations.length > 0,
          unpublishedCount: unpublished.length,
        }),
      );
    };
    app.get(prefix, hidden, listHandler("list"));
    app.get(`${prefix}/closing-soon`, hidden, listHandler("closing"));

    app.get(`${prefix}/feed.atom`, hidden, async (request, reply) => {
      const loaded = await load(request);
      const now = services.clock.now();
      const page = await listResources(db, loaded.scope, request.user, { filters: { state: "all" }, sort: "newest", now, limit: FEED_SIZE });
      const body = renderResourceFeed({
        publicUrl: services.config.publicUrl,
        listPath: resourcesPath(loaded.space?.slug ?? null),
        title: `${request.t("resource.title")}${loaded.space ? ` · ${loaded.space.title[request.locale] ?? Object.values(loaded.space.title)[0] ?? ""}` : ""}`,
        locale: request.locale,
        items: page.items,
        kindLabel: (kind) => request.t(`resource.kind.${kind}`),
        fallbackUpdated: now,
      });
      return reply.type("application/atom+xml; charset=utf-8").send(body);
    });

    app.get(`${prefix}/manage`, hidden, async (request, reply) => {
      const loaded = await load(request);
      requireUser(request);
      if (!loaded.canManage) throw forbidden();
      const items = await listUnpublishedResources(db, loaded.space?.id ?? null, services.clock.now());
      return sendPage(reply, resourceManagePage(viewContext(request), { space: loaded.space, items }));
    });

    // ---- writing: coordinators add and edit; members of an organisation suggest ----

    /** Who may open the new-resource form here: managers, or a signed-in member of an organisation (a suggestion). */
    const writer = async (request: FastifyRequest, loaded: LoadedScope): Promise<{ user: CurrentUser; organisationId: string | null; organisations?: { id: string; name: LocalizedText }[] }> => {
      const user = requireUser(request);
      if (loaded.canManage) return { user, organisationId: null };
      const organisations = await organisationsOfUser(db, user.id);
      if (!organisations.length) throw forbidden("resource.error.no_organisation");
      // Someone a moderator blocked in the space cannot post there, suggestions included.
      if (loaded.space && (await isBlockedInSpace(db, loaded.space.id, user.id, services.clock.now()))) throw forbidden("moderation.error.blocked");
      // On behalf of the organisation chosen in the form when the person belongs to several (only one of theirs).
      const chosen = String(formBody(request).organisation ?? "");
      return { user, organisationId: organisations.find((organisation) => organisation.id === chosen)?.id ?? organisations[0].id, organisations };
    };

    const targetGroupsOf = async (request: FastifyRequest, loaded: LoadedScope) => {
      if (!loaded.space) return { groups: [] as TargetGroup[], ids: new Set<string>() };
      const groups = await spaceFrameworkItems(db, loaded.space.id);
      const locale = request.locale;
      return {
        groups: groups.map((group) => ({
          framework: group.framework.name,
          items: group.items.map((item) => {
            const label = localize(item.label, locale);
            return { id: item.id, label: `${label.text || item.key}${item.number ? ` (${item.number})` : ""}`, ...(label.isFallback ? { lang: label.locale } : {}) };
          }),
        })),
        ids: new Set(groups.flatMap((group) => group.items.map((item) => item.id))),
      };
    };

    const rawInput = (body: Record<string, unknown>): ResourceRawInput => ({
      kind: body.kind,
      title: localizedFromForm(body, "title"),
      description: localizedFromForm(body, "description"),
      url: body.url,
      languages: formList(body, "languages"),
      tags: body.tags,
      targets: formList(body, "targets"),
      countries: formList(body, "countries"),
      funder: body.funder,
      programme: body.programme,
      eligibleActorTypes: formList(body, "eligible_actor_types"),
      amountMin: body.amount_min,
      amountMax: body.amount_max,
      currency: body.currency,
      deadlineKind: body.deadline_kind,
      deadline: body.deadline,
      applyUrl: body.apply_url,
    });

    const save = async (request: FastifyRequest, reply: FastifyReply, loaded: LoadedScope, existing: ResourceItem | null) => {
      const { user, organisationId, organisations } = await writer(request, loaded);
      const body = formBody(request);
      delete body._csrf;
      const view = viewContext(request);
      const targets = await targetGroupsOf(request, loaded);
      const render = (form: FormState) => resourceFormPage(view, form, { space: loaded.space, item: existing, targetGroups: targets.groups, canManage: loaded.canManage, organisations });
      return runForm(reply, body, render, async () => {
        const { fields, errors } = readResourceInput(rawInput(body), { targetIds: targets.ids });
        if (Object.keys(errors).length) throw new AppError("validation_failed", "error.validation_failed", errors);
        const status: ResourceStatus = loaded.canManage ? (body.status === "published" ? "published" : "draft") : "submitted";
        const saved = await saveResource(services, { id: existing?.id, spaceId: loaded.space?.id ?? null, fields, status, actorUserId: user.id, organisationId: existing ? null : organisationId, now: services.clock.now(), ip: request.ip, reviewUrl: `${services.config.publicUrl}${resourcesPath(loaded.space?.slug ?? null)}/manage` });
        setFlash(reply, loaded.canManage ? "resource.saved" : "resource.suggested");
        reply.redirect(resourcePath({ id: saved.id, space: loaded.space }), 303);
      });
    };

    app.get(`${prefix}/new`, hidden, async (request, reply) => {
      const loaded = await load(request);
      const { organisations } = await writer(request, loaded);
      const targets = await targetGroupsOf(request, loaded);
      const form = emptyForm({ kind: "funding", deadline_kind: "date", status: "draft" });
      return sendPage(reply, resourceFormPage(viewContext(request), form, { space: loaded.space, item: null, targetGroups: targets.groups, canManage: loaded.canManage, organisations }));
    });
    app.post(`${prefix}/new`, hidden, async (request, reply) => save(request, reply, await load(request), null));

    app.get(`${prefix}/:id`, hidden, async (request, reply) => {
      const loaded = await load(request);
      const item = await loadResource(request, loaded, (request.params as { id: string }).id);
      const targets: ResourceTarget[] = (await targetRefs(db, item.targetIds)).map((target) => ({ key: target.key, label: target.label, code: target.number ?? "", frameworkKey: target.frameworkKey }));
      const suggester = item.suggestedByOrganisationId ? await findOrganisationById(db, item.suggestedByOrganisationId) : undefined;
      const suggestedBy = suggester ? { slug: suggester.slug, name: suggester.name } : null;
      return sendPage(reply, resourceDetailPage(viewContext(request), { item, space: loaded.space, targets, canManage: loaded.canManage, publicUrl: services.config.publicUrl, suggestedBy }));
    });

    const loadManaged = async (request: FastifyRequest) => {
      const loaded = await load(request);
      const item = await loadResource(request, loaded, (request.params as { id: string }).id);
      requireUser(request);
      if (!loaded.canManage) throw forbidden();
      return { loaded, item };
    };
    app.get(`${prefix}/:id/edit`, hidden, async (request, reply) => {
      const { loaded, item } = await loadManaged(request);
      const targets = await targetGroupsOf(request, loaded);
      return sendPage(reply, resourceFormPage(viewContext(request), emptyForm(resourceFormValues(item)), { space: loaded.space, item, targetGroups: targets.groups, canManage: true }));
    });
    app.post(`${prefix}/:id/edit`, hidden, async (request, reply) => {
      const { loaded, item } = await loadManaged(request);
      return save(request, reply, loaded, item);
    });
    app.post(`${prefix}/:id/publish`, hidden, async (request, reply) => {
      const { loaded, item } = await loadManaged(request);
      await publishResource(services, { id: item.id, spaceId: loaded.space?.id ?? null, actorUserId: request.user!.id, now: services.clock.now(), ip: request.ip });
      setFlash(reply, "resource.published");
      return reply.redirect(resourcePath(item), 303);
    });
  }
}
