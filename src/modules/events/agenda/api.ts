import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "../../../db/sql";
import { ErrorResponse } from "../../../platform/api/pagination";
import { requireScope } from "../../../platform/auth/guards";
import { notFound, validationFailed } from "../../../platform/errors";
import { findEventById, loadEventForViewer, type LoadedEvent } from "../queries";
import { createSession, deleteSession, updateSession } from "./commands/save-session";
import { readSessionInput, sessionRawFromFields } from "./inputs";
import { findSession, listSessions, type SessionView } from "./queries";

// The agenda's API: sessions and their speakers and moderators (public fields: a platform user by display name,
// never their address), and the organisers' writes with the events:write scope. Who may see or write is the same
// as on the pages: loadEventForViewer answers 404 for an event the caller may not see.

const tags = ["events"];
const Localized = z.record(z.string(), z.string());
const EventParams = z.object({ id: z.string() });
const SessionParams = z.object({ id: z.string(), sessionId: z.string() });

const PersonOut = z.object({ role: z.enum(["speaker", "moderator"]), name: z.string(), organisation: z.string(), bio: Localized, is_platform_user: z.boolean() });
const SessionOut = z.object({
  id: z.string(),
  event_id: z.string(),
  title: Localized,
  description: Localized,
  type: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  time_zone: z.string(),
  track: z.string(),
  room: z.string(),
  has_registration: z.boolean(),
  capacity: z.number().nullable(),
  seats_taken: z.number().nullable(),
  recording_url: z.string().nullable(),
  slides_url: z.string().nullable(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  people: z.array(PersonOut),
});

const PersonBody = z.object({
  role: z.enum(["speaker", "moderator"]).optional(),
  email: z.string().max(254).optional(),
  name: z.string().max(500).optional(),
  organisation: z.string().max(500).optional(),
  bio: Localized.optional(),
});
const SessionBody = z.object({
  title: Localized,
  description: Localized.optional(),
  type: z.string().optional(),
  starts_at: z.string().describe("ISO time with an offset, or a wall-clock time read in the event's zone"),
  ends_at: z.string(),
  track: z.string().optional(),
  room: z.string().optional(),
  has_registration: z.boolean().optional(),
  capacity: z.number().int().nullable().optional(),
  people: z.array(PersonBody).max(50).optional(),
});

const sessionOut = (session: SessionView, timeZone: string) => ({
  id: session.id,
  event_id: session.eventId,
  title: session.title as Record<string, string>,
  description: session.description as Record<string, string>,
  type: session.type,
  starts_at: session.startsAt.toISOString(),
  ends_at: session.endsAt.toISOString(),
  time_zone: timeZone,
  track: session.track,
  room: session.room,
  has_registration: session.hasRegistration,
  capacity: session.capacity,
  seats_taken: session.hasRegistration ? session.confirmed : null,
  recording_url: session.recordingUrl,
  slides_url: session.slidesUrl,
  links: session.links,
  people: session.people.map((person) => ({ role: person.role, name: person.name, organisation: person.organisation, bio: person.bio as Record<string, string>, is_platform_user: Boolean(person.userId) })),
});

/** Sessions and speakers read API, and the organisers' write API (scope events:write). */
export async function agendaApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db } = services;

  /** The event with this id as the caller may see it (404 otherwise), through the same rule as its page. */
  const loadEvent = async (request: FastifyRequest, id: string): Promise<LoadedEvent> => {
    const event = await findEventById(db, id);
    if (!event) throw notFound();
    const [space] = await queryRows<{ slug: string }>(db, sql`select slug from spaces where id = ${event.spaceId}`);
    return loadEventForViewer(request, space.slug, event.slug);
  };
  const loadForOrganiser = async (request: FastifyRequest, id: string) => {
    const user = requireScope(request, "events:write");
    const loaded = await loadEvent(request, id);
    if (!loaded.canManage) throw notFound();
    return { ...loaded, actor: { id: user.id, ip: request.ip } };
  };
  const checked = (body: z.infer<typeof SessionBody>, loaded: LoadedEvent) => {
    const { fields, errors } = readSessionInput(sessionRawFromFields(body), loaded.event);
    if (Object.keys(errors).length) throw validationFailed(errors);
    return fields;
  };

  typed.get(
    "/api/v1/events/:id/sessions",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: { tags, summary: "The agenda of an event: sessions in time order with their speakers and moderators (public fields)", params: EventParams, response: { 200: z.object({ data: z.array(SessionOut) }), 404: ErrorResponse } },
    },
    async (request) => {
      const { event } = await loadEvent(request, request.params.id);
      return { data: (await listSessions(db, event.id)).map((session) => sessionOut(session, event.timeZone)) };
    },
  );

  typed.post(
    "/api/v1/events/:id/sessions",
    {
      config: { token: { scope: "events:write" } },
      schema: { tags, summary: "Add a session to an event's agenda (scope events:write; the space's organisers)", security: [{ bearer: [] }], params: EventParams, body: SessionBody, response: { 201: SessionOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } },
    },
    async (request, reply) => {
      const loaded = await loadForOrganiser(request, request.params.id);
      const session = await createSession(services, loaded.actor, loaded.event, checked(request.body, loaded));
      return reply.status(201).send(sessionOut(session, loaded.event.timeZone));
    },
  );

  typed.put(
    "/api/v1/events/:id/sessions/:sessionId",
    {
      config: { token: { scope: "events:write" } },
      schema: { tags, summary: "Replace a session and its people (scope events:write; the space's organisers)", security: [{ bearer: [] }], params: SessionParams, body: SessionBody, response: { 200: SessionOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } },
    },
    async (request) => {
      const loaded = await loadForOrganiser(request, request.params.id);
      if (!(await findSession(db, loaded.event.id, request.params.sessionId))) throw notFound();
      const session = await updateSession(services, loaded.actor, loaded.event, request.params.sessionId, checked(request.body, loaded));
      return sessionOut(session, loaded.event.timeZone);
    },
  );

  typed.delete(
    "/api/v1/events/:id/sessions/:sessionId",
    {
      config: { token: { scope: "events:write" } },
      schema: { tags, summary: "Delete a session (scope events:write; the space's organisers)", security: [{ bearer: [] }], params: SessionParams, response: { 204: z.null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } },
    },
    async (request, reply) => {
      const loaded = await loadForOrganiser(request, request.params.id);
      await deleteSession(services, loaded.actor, loaded.event, request.params.sessionId);
      return reply.status(204).send(null);
    },
  );
}
