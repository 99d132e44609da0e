import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse } from "../../../platform/api/pagination";
import { requireScope, requireUser } from "../../../platform/auth/guards";
import { notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, formList, runForm, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { findSeatPool, seatCounts, waitlistPosition } from "../../../platform/seats/seats";
import { emptyForm, localizedFromForm } from "../../../platform/views/forms";
import { organisationsOfUser } from "../../organisations/queries";
import { eventPath, findEventById, loadEventForViewer, type LoadedEvent } from "../queries";
import { EVENT_POOL } from "../schema";
import { SEAT_STATUSES } from "../../../platform/seats/schema";
import { queryRows } from "../../../db/sql";
import { sql } from "drizzle-orm";
import {
  acceptInvitation,
  acceptSeatOffer,
  addQuestion,
  cancelRegistration,
  declineSeatOffer,
  decideRegistration,
  inviteToEvent,
  registerForEvent,
  removeQuestion,
} from "./commands";
import { registrationJobs, scheduleRegistrationJobs } from "./jobs";
import { registerSecretPath } from "../../../platform/http/log-redaction";
import { listInvitations, listMyEvents, listQuestions, listRegistrants, viewerRegistration, type RegistrationView } from "./queries";
import { invitationsPage, myEventsPage, questionsPage, registerPage, registrantsPage } from "./views";

type EventParams = { Params: { slug: string; event: string } };
type RegistrationParams = { Params: { slug: string; event: string; registration: string } };
type QuestionParams = { Params: { slug: string; event: string; question: string } };
const hidden = { schema: { hide: true } };
const LIVE = new Set(["pending", "confirmed", "waitlisted", "offered"]);

/** Pages and API of the registration part of events, and its background jobs. */
export async function eventRegistrationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  for (const [kind, handler] of Object.entries(registrationJobs(services))) services.jobs.register(kind, handler);
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleRegistrationJobs(services));
  // An invitation link's token is a secret: the access log shows its path without it.
  registerSecretPath("/events/invitations/");

  const base = "/spaces/:slug/events/:event";
  const subjectOf = (loaded: LoadedEvent) => ({ spaceSlug: loaded.space.slug, spaceTitle: loaded.space.title, event: loaded.event });
  const actorOf = (request: FastifyRequest) => ({ id: requireUser(request).id, ip: request.ip });
  const counts = async (eventId: string) => {
    const pool = await findSeatPool(db, EVENT_POOL, eventId);
    return pool ? seatCounts(db, pool.id) : null;
  };
  /** The event for an organiser's page: visible (else 404) and organised by the viewer (else 404 too). */
  const loadManaged = async (request: FastifyRequest<EventParams>) => {
    requireUser(request);
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    if (!loaded.canManage) throw notFound();
    return loaded;
  };
  /** The viewer's own live registration for the event, or 404. */
  const ownLive = async (request: FastifyRequest<EventParams>): Promise<{ loaded: LoadedEvent; registration: RegistrationView }> => {
    const user = requireUser(request);
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const registration = await viewerRegistration(db, loaded.event.id, user.id);
    if (!registration || !LIVE.has(registration.status)) throw notFound();
    return { loaded, registration };
  };
  const backToEvent = (reply: FastifyReply, loaded: LoadedEvent, flash: string) => {
    setFlash(reply, flash);
    return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}#my-registration`, 303);
  };

  // ---- The person registering -------------------------------------------------------------------------

  const renderRegister = async (request: FastifyRequest<EventParams>, loaded: LoadedEvent, form = emptyForm()) => {
    const user = requireUser(request);
    const [questions, organisations, seatCount] = await Promise.all([listQuestions(db, loaded.event.id), organisationsOfUser(db, user.id), counts(loaded.event.id)]);
    return (state = form) => registerPage(viewContext(request), subjectOf(loaded), { questions, organisations, counts: seatCount, form: state });
  };

  app.get<EventParams>(`${base}/register`, hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const existing = await viewerRegistration(db, loaded.event.id, user.id);
    if (existing && LIVE.has(existing.status)) return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}#my-registration`, 303);
    return sendPage(reply, (await renderRegister(request, loaded))());
  });

  app.post<EventParams>(`${base}/register`, hidden, async (request, reply) => {
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const body = formBody(request);
    const render = await renderRegister(request, loaded);
    return runForm(reply, body, render, async () => {
      const registration = await registerForEvent(services, actorOf(request), loaded.event, {
        answers: (questionId) => {
          const list = formList(body, `answer.${questionId}`);
          return list.length > 1 ? list : list[0];
        },
        organisationId: typeof body.organisation_id === "string" ? body.organisation_id : null,
        locale: request.locale,
      });
      const flash = registration.status === "confirmed" ? "confirmed" : registration.status === "pending" ? "pending" : "waitlisted";
      await backToEvent(reply, loaded, `events.registration.flash.${flash}`);
    });
  });

  app.post<EventParams>(`${base}/registration/cancel`, hidden, async (request, reply) => {
    const { loaded, registration } = await ownLive(request);
    await cancelRegistration(services, actorOf(request), registration.id);
    return backToEvent(reply, loaded, "events.registration.flash.cancelled");
  });

  app.post<EventParams>(`${base}/registration/accept`, hidden, async (request, reply) => {
    const { loaded, registration } = await ownLive(request);
    await acceptSeatOffer(services, actorOf(request), registration.id);
    return backToEvent(reply, loaded, "events.registration.flash.accepted");
  });

  app.post<EventParams>(`${base}/registration/decline`, hidden, async (request, reply) => {
    const { loaded, registration } = await ownLive(request);
    await declineSeatOffer(services, actorOf(request), registration.id);
    return backToEvent(reply, loaded, "events.registration.flash.declined_offer");
  });

  app.get("/account/events", hidden, async (request, reply) => {
    const user = requireUser(request);
    const now = services.clock.now();
    return sendPage(reply, myEventsPage(viewContext(request), { rows: await listMyEvents(db, user, now), now }));
  });

  app.get<{ Params: { token: string } }>("/events/invitations/:token", hidden, async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    const event = await acceptInvitation(services, actorOf(request), request.params.token);
    const loaded = await loadEventForViewer(request, (await spaceSlugOf(event.spaceId)) ?? "", event.slug);
    return reply.redirect(eventPath(loaded.space.slug, loaded.event.slug), 303);
  });
  const spaceSlugOf = async (spaceId: string) => (await queryRows<{ slug: string }>(db, sql`select slug from spaces where id = ${spaceId}`))[0]?.slug;

  // ---- Organisers -------------------------------------------------------------------------------------

  app.get<EventParams & { Querystring: { status?: string } }>(`${base}/registrations`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const filter = typeof request.query.status === "string" && (SEAT_STATUSES as readonly string[]).includes(request.query.status) ? request.query.status : "";
    const [rows, questions, seatCount] = await Promise.all([listRegistrants(db, loaded.event.id), listQuestions(db, loaded.event.id), counts(loaded.event.id)]);
    return sendPage(reply, registrantsPage(viewContext(request), subjectOf(loaded), { rows, questions, counts: seatCount, filter }));
  });

  for (const decision of ["approve", "decline"] as const) {
    app.post<RegistrationParams>(`${base}/registrations/:registration/${decision}`, hidden, async (request, reply) => {
      const loaded = await loadManaged(request);
      await decideRegistration(services, actorOf(request), loaded.event, request.params.registration, decision);
      setFlash(reply, "events.registration.flash.decided");
      return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}/registrations`, 303);
    });
  }

  app.get<EventParams>(`${base}/questions`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    return sendPage(reply, questionsPage(viewContext(request), subjectOf(loaded), { questions: await listQuestions(db, loaded.event.id), form: emptyForm({ kind: "text" }) }));
  });

  app.post<EventParams>(`${base}/questions`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const body = formBody(request);
    const questions = await listQuestions(db, loaded.event.id);
    return runForm(reply, body, (form) => questionsPage(viewContext(request), subjectOf(loaded), { questions, form }), async () => {
      await addQuestion(services, actorOf(request), loaded.event, {
        kind: typeof body.kind === "string" ? body.kind : "",
        label: localizedFromForm(body, "label"),
        options: typeof body.options === "string" ? body.options : "",
        isRequired: Boolean(body.is_required),
      });
      setFlash(reply, "events.registration.flash.question_added");
      reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}/questions`, 303);
    });
  });

  app.post<QuestionParams>(`${base}/questions/:question/remove`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    await removeQuestion(services, actorOf(request), loaded.event, request.params.question);
    setFlash(reply, "events.registration.flash.question_removed");
    return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}/questions`, 303);
  });

  app.get<EventParams>(`${base}/invitations`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    return sendPage(reply, invitationsPage(viewContext(request), subjectOf(loaded), { invitations: await listInvitations(db, loaded.event.id), form: emptyForm() }));
  });

  app.post<EventParams>(`${base}/invitations`, hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const body = formBody(request);
    const invitations = await listInvitations(db, loaded.event.id);
    return runForm(reply, body, (form) => invitationsPage(viewContext(request), subjectOf(loaded), { invitations, form }), async () => {
      await inviteToEvent(services, actorOf(request), loaded.event, { emails: typeof body.emails === "string" ? body.emails : "", locale: request.locale, spaceSlug: loaded.space.slug });
      setFlash(reply, "events.registration.flash.invited");
      reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}/invitations`, 303);
    });
  });

  // ---- API (scope events:register) -------------------------------------------------------------------

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["events"];
  const security = [{ bearer: [] }];
  const IdParams = z.object({ id: z.string().uuid() });
  const Registered = z.object({
    id: z.string(),
    event_id: z.string(),
    status: z.enum(SEAT_STATUSES),
    waitlist_position: z.number().int().nullable().describe("1 = the next to be offered a seat; null when not waiting"),
    offer_expires_at: z.string().nullable().describe("When an offered seat passes on unless taken"),
  });
  const RegisterBody = z.object({
    answers: z.record(z.string(), z.union([z.string().max(4000), z.array(z.string().max(200)).max(50)])).default({}).describe("An answer per question id: text, an option key, or option keys"),
    organisation_id: z.string().uuid().nullable().optional().describe("Register on behalf of an organisation the user belongs to"),
  });
  const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };

  /** The event behind an API id, as the token's user may see it (404 otherwise). */
  const apiEvent = async (request: FastifyRequest, id: string): Promise<LoadedEvent> => {
    const event = await findEventById(db, id);
    const slug = event ? await spaceSlugOf(event.spaceId) : undefined;
    if (!event || !slug) throw notFound();
    return loadEventForViewer(request, slug, event.slug);
  };
  const answer = async (registration: RegistrationView) => {
    const position = registration.status === "waitlisted" ? await waitlistPosition(db, registration.claimId) : null;
    return { id: registration.id, event_id: registration.eventId, status: registration.status, waitlist_position: position, offer_expires_at: registration.offerExpiresAt?.toISOString() ?? null };
  };
  const config = { token: { scope: "events:register" as const } };
  /** Runs a command on the token user's live registration for the event (404 without one), then answers it. */
  const actOnOwn = async (request: FastifyRequest, id: string, command: typeof cancelRegistration) => {
    const user = requireScope(request, "events:register");
    const loaded = await apiEvent(request, id);
    const registration = await viewerRegistration(db, loaded.event.id, user.id);
    if (!registration || !LIVE.has(registration.status)) throw notFound();
    await command(services, { id: user.id, ip: request.ip }, registration.id);
    return answer((await viewerRegistration(db, loaded.event.id, user.id))!);
  };

  typed.get(
    "/api/v1/events/:id/registration",
    { config, schema: { tags, security, summary: "The token user's registration for an event (scope events:register)", params: IdParams, response: { 200: Registered, ...errors } } },
    async (request) => {
      const user = requireScope(request, "events:register");
      const loaded = await apiEvent(request, request.params.id);
      const registration = await viewerRegistration(db, loaded.event.id, user.id);
      if (!registration) throw notFound();
      return answer(registration);
    },
  );

  typed.post(
    "/api/v1/events/:id/registration",
    {
      config,
      schema: {
        tags,
        security,
        summary: "Register the token's user for an event (scope events:register): confirmed, waitlisted or pending approval; asking again changes nothing",
        params: IdParams,
        body: RegisterBody,
        response: { 200: Registered, ...errors },
      },
    },
    async (request) => {
      const user = requireScope(request, "events:register");
      const loaded = await apiEvent(request, request.params.id);
      const answers = request.body.answers;
      const registration = await registerForEvent(services, { id: user.id, ip: request.ip }, loaded.event, {
        answers: (questionId) => answers[questionId],
        organisationId: request.body.organisation_id ?? null,
        locale: request.locale,
      });
      return answer(registration);
    },
  );

  typed.post(
    "/api/v1/events/:id/registration/accept",
    { config, schema: { tags, security, summary: "Take the seat offered to the token's user (scope events:register); 409 once the offer passed on", params: IdParams, response: { 200: Registered, ...errors } } },
    async (request) => actOnOwn(request, request.params.id, acceptSeatOffer),
  );

  typed.delete(
    "/api/v1/events/:id/registration",
    { config, schema: { tags, security, summary: "Cancel the token user's registration (scope events:register); a seat it held goes to the next person waiting", params: IdParams, response: { 200: Registered, ...errors } } },
    async (request) => actOnOwn(request, request.params.id, cancelRegistration),
  );
}
