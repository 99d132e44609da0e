import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { forbidden, notFound } from "../../../platform/errors";
import { createEvent, setEventStatus, setRegistrationState, updateEvent } from "../commands/save-event";
import type { EventRawInput } from "../inputs";
import { eventMeetingUrl, eventPath, eventPhase, findEventById, isRegistrationOpen, loadEventForViewer, loadEventsSpace, type EventView } from "../queries";
import { EVENT_KINDS, EVENT_STATUSES, REGISTRATION_STATES } from "../schema";
import { eventCapacity, eventOrganisations, listEvents, readEventFilters } from "./list-queries";
import { checkedEventFields } from "./choices";

const Localized = z.record(z.string(), z.string());

/** An event as open data: public fields only (never the meeting link, which an EventView does not carry). */
export const EventOut = z.object({
  id: z.string(),
  slug: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string(),
  kind: z.enum(EVENT_KINDS),
  status: z.enum(EVENT_STATUSES),
  phase: z.enum(["draft", "cancelled", "upcoming", "running", "ended"]),
  visibility: z.enum(["public", "members", "invitation"]),
  title: Localized,
  summary: Localized,
  description: Localized.describe("Markdown, by language"),
  starts_at: z.string(),
  ends_at: z.string(),
  time_zone: z.string().describe("IANA zone the event is held in"),
  venue_name: z.string(),
  venue_address: z.string(),
  country: z.string(),
  map_url: z.string().nullable(),
  is_online: z.boolean(),
  languages: z.array(z.string()),
  interpretation: z.array(z.string()),
  accessibility: Localized,
  themes: z.array(z.string()),
  is_external: z.boolean(),
  external_url: z.string().nullable(),
  registration_open: z.boolean(),
  registration_mode: z.enum(["open", "approval"]),
  sequence: z.number(),
  updated_at: z.string(),
});

/** The JSON of an event. */
export function eventJson(event: EventView, spaceSlug: string, publicUrl: string, now: Date): z.infer<typeof EventOut> {
  return {
    id: event.id,
    slug: event.slug,
    space: spaceSlug,
    url: `${publicUrl}${eventPath(spaceSlug, event.slug)}`,
    kind: event.kind,
    status: event.status,
    phase: eventPhase(event, now),
    visibility: event.visibility,
    title: event.title as Record<string, string>,
    summary: event.summary as Record<string, string>,
    description: event.description as Record<string, string>,
    starts_at: event.startsAt.toISOString(),
    ends_at: event.endsAt.toISOString(),
    time_zone: event.timeZone,
    venue_name: event.venueName,
    venue_address: event.venueAddress,
    country: event.country,
    map_url: event.mapUrl,
    is_online: event.kind !== "in_person",
    languages: event.languages,
    interpretation: event.interpretation,
    accessibility: event.accessibility as Record<string, string>,
    themes: event.themes,
    is_external: event.isExternal,
    external_url: event.externalUrl,
    registration_open: isRegistrationOpen(event, now),
    registration_mode: event.registrationMode,
    sequence: event.sequence,
    updated_at: event.updatedAt.toISOString(),
  };
}

const EventListQuery = PageQuery.extend({
  when: z.enum(["upcoming", "past"]).optional().describe("upcoming (default: not yet ended, soonest first) or past (latest first)"),
  kind: z.enum(EVENT_KINDS).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional().describe("ISO 3166-1 alpha-2"),
  region: z.string().regex(/^\d{3}$/).optional().describe("UN M49 region or sub-region code"),
  language: z.string().regex(/^[a-z]{2,3}$/).optional().describe("Held in or interpreted into this language"),
  theme: z.string().max(40).optional(),
});
const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const IdParams = z.object({ id: z.uuid() });
const WriteBody = z
  .record(z.string(), z.unknown())
  .describe(
    "Event fields: kind (in_person, online, hybrid), visibility (public, members, invitation), title, summary, description and accessibility ({en, ru}), startsAt and endsAt (ISO with an offset, or wall-clock YYYY-MM-DDTHH:mm read in timeZone), timeZone (IANA), venueName, venueAddress, country (ISO alpha-2), mapUrl, meetingUrl (never published; registrants get personal links), languages and interpretation (codes), themes, targetIds, seriesId, organisationIds, isExternal and externalUrl, registrationMode (open, approval), allowsOrganisation, registrationClosesAt, capacity, offerHours, slug. On update, fields left out keep their values. Problems come back as 422 with one entry per field.",
  );
const StateBody = z.object({ status: z.enum(EVENT_STATUSES).optional(), registration: z.enum(REGISTRATION_STATES).optional() });

/** The stored event as write input, so an update changes only what the body names. */
async function storedInput(request: FastifyRequest, event: EventView): Promise<EventRawInput> {
  const db = request.server.services.db;
  const [organisers, capacity, meetingUrl] = await Promise.all([eventOrganisations(db, event.id), eventCapacity(db, event.id), eventMeetingUrl(db, event.id)]);
  return {
    slug: event.slug, kind: event.kind, visibility: event.visibility, title: event.title, summary: event.summary, description: event.description,
    accessibility: event.accessibility, startsAt: event.startsAt.toISOString(), endsAt: event.endsAt.toISOString(), timeZone: event.timeZone,
    venueName: event.venueName, venueAddress: event.venueAddress, country: event.country, mapUrl: event.mapUrl, meetingUrl, languages: event.languages,
    interpretation: event.interpretation, themes: event.themes, targetIds: event.targetIds, seriesId: event.seriesId,
    organisationIds: organisers.map((organiser) => organiser.id), isExternal: event.isExternal, externalUrl: event.externalUrl,
    registrationMode: event.registrationMode, allowsOrganisation: event.allowsOrganisation, registrationClosesAt: event.registrationClosesAt?.toISOString() ?? null,
    capacity: capacity.capacity, offerHours: capacity.offerHours,
  };
}

/**
 * The events API: lists across spaces and per space with the calendar's filters (keyset pages), one event, and the
 * organisers' writes with an `events:write` token (create a draft, change fields, publish/cancel, open/close
 * registration). What a caller may not see answers 404, as on the pages.
 */
export async function eventApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, clock, config } = services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["events"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };
  const writeToken = { token: { scope: "events:write" as const } };
  const listResponse = { 200: pageEnvelope(EventOut), 400: ErrorResponse, 404: ErrorResponse };

  const list = async (request: FastifyRequest, query: z.infer<typeof EventListQuery>, spaceId: string | null) => {
    const now = clock.now();
    const page = await listEvents(db, request.user, { filters: readEventFilters(query), now, spaceId, cursor: query.cursor, limit: query.limit });
    return { data: page.items.map((event) => eventJson(event, event.space.slug, publicUrl, now)), next_cursor: page.nextCursor };
  };

  typed.get("/api/v1/events", { config: readToken, schema: { tags, summary: "Events of every space the caller may see, with the calendar's filters", querystring: EventListQuery, response: listResponse } }, async (request) =>
    list(request, request.query, null),
  );
  typed.get(
    "/api/v1/spaces/:slug/events",
    { config: readToken, schema: { tags, summary: "Events of a space", params: SlugParams, querystring: EventListQuery, response: listResponse } },
    async (request) => list(request, request.query, (await loadEventsSpace(request, request.params.slug)).space.id),
  );

  /** The event with this id as the caller may see it (404 otherwise, also for drafts of other spaces). */
  const visibleEvent = async (request: FastifyRequest, id: string) => {
    const found = await findEventById(db, id);
    if (!found) throw notFound();
    const [space] = await queryRows<{ slug: string }>(db, sql`select slug from spaces where id = ${found.spaceId}`);
    if (!space) throw notFound();
    return loadEventForViewer(request, space.slug, found.slug);
  };

  typed.get("/api/v1/events/:id", { config: readToken, schema: { tags, summary: "One event", params: IdParams, response: { 200: EventOut, 404: ErrorResponse } } }, async (request) => {
    const { space, event } = await visibleEvent(request, request.params.id);
    return eventJson(event, space.slug, publicUrl, clock.now());
  });

  typed.post(
    "/api/v1/spaces/:slug/events",
    { config: writeToken, schema: { tags, security: [{ bearer: [] }], summary: "Create a draft event (organisers; scope events:write)", params: SlugParams, body: WriteBody, response: { 201: EventOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse } } },
    async (request, reply) => {
      const user = requireScope(request, "events:write");
      const { space, canManage } = await loadEventsSpace(request, request.params.slug);
      if (!canManage) throw forbidden();
      const created = await createEvent(services, { id: user.id, ip: request.ip }, space.id, await checkedEventFields(request, space, request.body as EventRawInput));
      return reply.status(201).send(eventJson(created, space.slug, publicUrl, clock.now()));
    },
  );

  typed.patch(
    "/api/v1/events/:id",
    { config: writeToken, schema: { tags, security: [{ bearer: [] }], summary: "Change an event's fields (organisers; scope events:write)", params: IdParams, body: WriteBody, response: { 200: EventOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse } } },
    async (request) => {
      const user = requireScope(request, "events:write");
      const { space, event, canManage } = await visibleEvent(request, request.params.id);
      if (!canManage) throw forbidden();
      const raw = { ...(await storedInput(request, event)), ...(request.body as EventRawInput) };
      const saved = await updateEvent(services, { id: user.id, ip: request.ip }, event.id, await checkedEventFields(request, space, raw));
      return eventJson(saved, space.slug, publicUrl, clock.now());
    },
  );

  typed.post(
    "/api/v1/events/:id/state",
    { config: writeToken, schema: { tags, security: [{ bearer: [] }], summary: "Publish, cancel or take back to draft; open or close registration (organisers; scope events:write)", params: IdParams, body: StateBody, response: { 200: EventOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } } },
    async (request) => {
      const user = requireScope(request, "events:write");
      const { space, event, canManage } = await visibleEvent(request, request.params.id);
      if (!canManage) throw forbidden();
      const actor = { id: user.id, ip: request.ip };
      let saved = event;
      if (request.body.status) saved = await setEventStatus(services, actor, event.id, request.body.status);
      if (request.body.registration) saved = await setRegistrationState(services, actor, event.id, request.body.registration);
      return eventJson(saved, space.slug, publicUrl, clock.now());
    },
  );
}
