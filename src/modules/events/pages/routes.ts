import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, forbidden } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, runForm, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { localizedFromForm, type FormState } from "../../../platform/views/forms";
import { localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import type { ViewedSpace } from "../../spaces/queries";
import { createEvent, setEventStatus, setRegistrationState, updateEvent, type Actor } from "../commands/save-event";
import type { EventFields } from "../inputs";
import { eventApiRoutes } from "./api";
import { eventWidgetRoutes } from "./widget";
import { checkedEventFields, formChoices } from "./choices";
import { EVENT_PANELS } from "../panels";
import { eventMeetingUrl, eventPath, loadEventForViewer, loadEventsSpace, type EventView } from "../queries";
import { EVENT_STATUSES, REGISTRATION_STATES, type EventStatus, type RegistrationState } from "../schema";
import { renderEventFeed } from "./feed";
import { eventCapacity, eventOrganisations, listDrafts, listEvents, readEventFilters, recentlyPublished, spaceSeries, usedThemes } from "./list-queries";
import { createSeries } from "./series";
import { viewerTimeZone } from "./time";
import { eventJsonLd, eventPage } from "./views/event-page";
import { eventFormPage, eventFormValues, eventInputFromForm } from "./views/form";
import { eventListPage } from "./views/list";

const PAGE_SIZE = 20;
const FEED_SIZE = 50;
const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type EventParams = { Params: { slug: string; event: string } };

/** The organisers of a space, or 403 for anyone else who may see it (404 first for those who may not). */
async function loadManagedSpace(request: FastifyRequest, slug: string): Promise<ViewedSpace> {
  requireUser(request);
  const { space, canManage } = await loadEventsSpace(request, slug);
  if (!canManage) throw forbidden();
  return space;
}

async function loadManagedEvent(request: FastifyRequest<EventParams>) {
  requireUser(request);
  const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
  if (!loaded.canManage) throw forbidden();
  return loaded;
}

/** Pages of the pages part: the event page, lists and calendar, organisers' forms and state changes, Atom. */
export async function eventPagesRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock, config } = services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  await app.register(eventApiRoutes);
  await app.register(eventWidgetRoutes);

  const renderList = async (request: FastifyRequest, reply: FastifyReply, spaceSlug: string | null, seriesForm?: FormState, status = 200) => {
    const loaded = spaceSlug ? await loadEventsSpace(request, spaceSlug) : null;
    const query = request.query as Record<string, unknown>;
    const filters = readEventFilters(query);
    const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
    const now = clock.now();
    const spaceId = loaded?.space.id ?? null;
    const canManage = Boolean(loaded?.canManage);
    const viewerZone = viewerTimeZone(request, reply);
    const [page, themes, drafts, series] = await Promise.all([
      listEvents(db, request.user, { filters, now, spaceId, cursor, limit: PAGE_SIZE }),
      usedThemes(db, request.user, spaceId, filters.when, now),
      canManage && spaceId ? listDrafts(db, spaceId) : Promise.resolve([]),
      spaceId ? spaceSeries(db, spaceId) : Promise.resolve([]),
    ]);
    return sendPage(
      reply,
      eventListPage(viewContext(request), {
        space: loaded ? { slug: loaded.space.slug, title: loaded.space.title } : null,
        filters, items: page.items, nextCursor: page.nextCursor, isFirstPage: !cursor, themes, series, canManage, drafts, now, viewerZone, publicUrl,
        ...(seriesForm ? { seriesForm } : {}),
      }),
      status,
    );
  };

  app.get("/events", hidden, async (request, reply) => renderList(request, reply, null));
  app.get<SpaceParams>("/spaces/:slug/events", hidden, async (request, reply) => renderList(request, reply, request.params.slug));

  // ---- Atom: newly published events across spaces and per space ----
  const feed = async (request: FastifyRequest, reply: FastifyReply, spaceSlug: string | null) => {
    const loaded = spaceSlug ? await loadEventsSpace(request, spaceSlug) : null;
    const items = await recentlyPublished(db, request.user, loaded?.space.id ?? null, FEED_SIZE);
    const title = loaded ? `${request.t("events.title")} · ${localizedString(loaded.space.title, request.locale)}` : request.t("events.pages.calendar_title");
    const body = renderEventFeed({
      publicUrl, listPath: loaded ? `/spaces/${loaded.space.slug}/events` : "/events", title, locale: request.locale, items,
      kindLabel: (kind) => request.t(`events.kind.${kind}`), fallbackUpdated: clock.now(),
    });
    return reply.type("application/atom+xml; charset=utf-8").send(body);
  };
  app.get("/events/feed.atom", hidden, async (request, reply) => feed(request, reply, null));
  app.get<SpaceParams>("/spaces/:slug/events/feed.atom", hidden, async (request, reply) => feed(request, reply, request.params.slug));

  // ---- series ----
  app.post<SpaceParams>("/spaces/:slug/events/series", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadManagedSpace(request, request.params.slug);
    const body = formBody(request);
    try {
      await createSeries(services, { id: user.id, ip: request.ip }, space.id, localizedFromForm(body, "title"));
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderList(request, reply, space.slug, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "events.pages.flash.series_created");
    return reply.redirect(`/spaces/${space.slug}/events`, 303);
  });

  // ---- new event ----
  const renderForm = async (request: FastifyRequest, space: ViewedSpace, form: FormState, event?: EventView) =>
    eventFormPage(viewContext(request), { space: { slug: space.slug, title: space.title }, form, ...(event ? { event } : {}), ...(await formChoices(request, space)) });

  /** Checks and saves a posted event form; on a problem the form comes back with the input and each error. */
  const saveForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    space: ViewedSpace,
    event: EventView | undefined,
    save: (actor: Actor, fields: EventFields) => Promise<EventView>,
    flash: string,
  ) => {
    const user = requireUser(request);
    const body = formBody(request);
    const choices = await formChoices(request, space);
    let saved: EventView | undefined;
    const failed: FastifyReply | undefined = (await runForm(
      reply,
      body,
      (form) => eventFormPage(viewContext(request), { space: { slug: space.slug, title: space.title }, form, ...(event ? { event } : {}), ...choices }),
      async () => {
        saved = await save({ id: user.id, ip: request.ip }, await checkedEventFields(request, space, eventInputFromForm(body)));
      },
    )) ?? undefined;
    if (failed) return failed;
    setFlash(reply, flash);
    return reply.redirect(eventPath(space.slug, saved!.slug), 303);
  };

  app.get<SpaceParams>("/spaces/:slug/events/new", hidden, async (request, reply) => {
    const space = await loadManagedSpace(request, request.params.slug);
    const defaults = { kind: "hybrid", visibility: "public", time_zone: "Europe/Moscow", registration_mode: "open", allows_organisation: "on", offer_hours: 48, languages: [request.locale] };
    return sendPage(reply, await renderForm(request, space, { values: defaults, errors: {} }));
  });

  app.post<SpaceParams>("/spaces/:slug/events/new", hidden, async (request, reply) => {
    const space = await loadManagedSpace(request, request.params.slug);
    return saveForm(request, reply, space, undefined, (actor, fields) => createEvent(services, actor, space.id, fields), "events.pages.flash.created");
  });

  // ---- one event ----
  app.get<EventParams>("/spaces/:slug/events/:event", hidden, async (request, reply) => {
    const { space, event, canManage } = await loadEventForViewer(request, request.params.slug, request.params.event);
    const view = viewContext(request);
    const now = clock.now();
    const viewerZone = viewerTimeZone(request, reply);
    const context = { request, view, space, event, canManage, now };
    const [organisers, capacity, series, panels] = await Promise.all([
      eventOrganisations(db, event.id),
      eventCapacity(db, event.id),
      event.seriesId ? queryRows<{ id: string; title: LocalizedText }>(db, sql`select id, title from event_series where id = ${event.seriesId}`) : Promise.resolve([]),
      Promise.all(EVENT_PANELS.map((panel) => panel(context))),
    ]);
    const pageUrl = `${publicUrl}${eventPath(space.slug, event.slug)}`;
    // Only an event anyone may see describes itself to search engines.
    const isPublic = event.status !== "draft" && event.visibility === "public" && space.visibility === "public";
    return sendPage(
      reply,
      eventPage(view, {
        space: { slug: space.slug, title: space.title }, event, organisers, series: series[0] ?? null, capacity: capacity.capacity, canManage, now, viewerZone,
        panels: panels.map((panel) => panel ?? {}),
        jsonLd: isPublic ? eventJsonLd(event, organisers, pageUrl, publicUrl, request.locale) : null,
      }),
    );
  });

  app.get<EventParams>("/spaces/:slug/events/:event/edit", hidden, async (request, reply) => {
    const { space, event } = await loadManagedEvent(request);
    const [organisers, capacity, meetingUrl] = await Promise.all([eventOrganisations(db, event.id), eventCapacity(db, event.id), eventMeetingUrl(db, event.id)]);
    const values = eventFormValues(event, { organisationIds: organisers.map((organiser) => organiser.id), capacity: capacity.capacity, offerHours: capacity.offerHours, meetingUrl });
    return sendPage(reply, await renderForm(request, space, { values, errors: {} }, event));
  });

  app.post<EventParams>("/spaces/:slug/events/:event/edit", hidden, async (request, reply) => {
    const { space, event } = await loadManagedEvent(request);
    return saveForm(request, reply, space, event, (actor, fields) => updateEvent(services, actor, event.id, fields), "events.pages.flash.saved");
  });

  app.post<EventParams>("/spaces/:slug/events/:event/status", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, event } = await loadManagedEvent(request);
    const status = formBody(request).status;
    if (typeof status !== "string" || !(EVENT_STATUSES as readonly string[]).includes(status)) throw new AppError("bad_request", "events.pages.error.bad_status");
    await setEventStatus(services, { id: user.id, ip: request.ip }, event.id, status as EventStatus);
    setFlash(reply, `events.pages.flash.${status}`);
    return reply.redirect(eventPath(space.slug, event.slug), 303);
  });

  app.post<EventParams>("/spaces/:slug/events/:event/registration", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, event } = await loadManagedEvent(request);
    const state = formBody(request).state;
    if (typeof state !== "string" || !(REGISTRATION_STATES as readonly string[]).includes(state)) throw new AppError("bad_request", "events.pages.error.bad_status");
    await setRegistrationState(services, { id: user.id, ip: request.ip }, event.id, state as RegistrationState);
    setFlash(reply, `events.pages.flash.registration_${state}`);
    return reply.redirect(eventPath(space.slug, event.slug), 303);
  });
}
