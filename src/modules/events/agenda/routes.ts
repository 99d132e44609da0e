import { registerSecretPath } from "../../../platform/http/log-redaction";
import { sql } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { queryRows } from "../../../db/sql";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { translator } from "../../../platform/i18n/messages";
import { localizedFromForm, localizedToForm, emptyForm, type FormState } from "../../../platform/views/forms";
import { buildCalendar, eventCalendarItem } from "../ics";
import { wallClock } from "../inputs";
import { eventPath, loadEventForViewer, loadEventsSpace, type LoadedEvent } from "../queries";
import { agendaApiRoutes } from "./api";
import { feedFilters, findFeedOwner, hasCalendarFeed, listFeedEvents, personalAgenda, sessionCalendarItem } from "./calendar";
import { acceptSessionOffer, cancelSessionSeat, registerForSession, removeCalendarFeed, renewCalendarFeed, setAgendaMark } from "./commands/personal-agenda";
import { createSession, deleteSession, saveClosingNotes, saveSessionMaterial, updateSession } from "./commands/save-session";
import { readClosingNotes, readMaterialInput, readSessionInput, sessionRawFromFields, LINKS_MAX, PEOPLE_MAX, type SessionRawInput } from "./inputs";
import { agendaPanelData } from "./panel";
import { findSession, listSessions, type SessionView } from "./queries";
import { agendaSection } from "./views/agenda-section";
import { agendaPage, closingNotesPage, materialPage, personalAgendaPage, sessionFormPage } from "./views/pages";

const hidden = { schema: { hide: true } };
type EventParams = { Params: { slug: string; event: string } };
type SessionParams = { Params: { slug: string; event: string; session: string } };

/** The session form's fields as the shared raw input. */
export function sessionFromForm(body: Record<string, unknown>): SessionRawInput {
  const people = Array.from({ length: PEOPLE_MAX }, (_unused, index) => ({
    role: body[`person.${index}.role`],
    email: body[`person.${index}.email`],
    name: body[`person.${index}.name`],
    organisation: body[`person.${index}.organisation`],
    bio: localizedFromForm(body, `person.${index}.bio`),
  }));
  return sessionRawFromFields({ ...body, title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), people });
}

/** A saved session as the form's values. */
function sessionToForm(session: SessionView, timeZone: string, emails: Map<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ...localizedToForm("title", session.title),
    ...localizedToForm("description", session.description),
    type: session.type,
    starts_at: wallClock(session.startsAt, timeZone),
    ends_at: wallClock(session.endsAt, timeZone),
    track: session.track,
    room: session.room,
    has_registration: session.hasRegistration ? "on" : "",
    capacity: session.capacity ?? "",
  };
  for (const [index, person] of session.people.entries()) {
    Object.assign(values, {
      [`person.${index}.role`]: person.role,
      [`person.${index}.email`]: person.userId ? (emails.get(person.userId) ?? "") : "",
      [`person.${index}.name`]: person.userId ? "" : person.name,
      [`person.${index}.organisation`]: person.organisation,
      ...localizedToForm(`person.${index}.bio`, person.bio),
    });
  }
  return values;
}

const sendCalendar = (reply: FastifyReply, body: string, filename: string, isPrivate = false): FastifyReply =>
  reply
    .type("text/calendar; charset=utf-8")
    .header("content-disposition", `inline; filename="${filename}"`)
    .header("cache-control", isPrivate ? "private, no-store" : "private, max-age=300")
    .send(body);

/** Pages and API of the agenda part of events. */
export async function eventAgendaRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // A personal feed's address is its secret: the access log shows the path without it.
  registerSecretPath("/events/calendar/");
  await agendaApiRoutes(app);

  /** The event for an organiser's page: 404 for anyone else, as for an event they cannot see. */
  const loadForOrganiser = async (request: FastifyRequest, slug: string, eventSlug: string): Promise<LoadedEvent & { actor: { id: string; ip: string } }> => {
    const user = requireUser(request);
    const loaded = await loadEventForViewer(request, slug, eventSlug);
    if (!loaded.canManage) throw notFound();
    return { ...loaded, actor: { id: user.id, ip: request.ip } };
  };
  const loadSession = async (loaded: LoadedEvent, sessionId: string): Promise<SessionView> => {
    const session = await findSession(db, loaded.event.id, sessionId);
    if (!session) throw notFound();
    return session;
  };
  const formErrorStatus = (error: unknown): number | undefined => (error instanceof AppError && Object.keys(error.fields).length ? error.status : undefined);

  // ---- the agenda on its own page ----------------------------------------------------------------------
  app.get<EventParams>("/spaces/:slug/events/:event/agenda", hidden, async (request, reply) => {
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const view = viewContext(request);
    const data = await agendaPanelData(db, { space: loaded.space, event: loaded.event, canManage: loaded.canManage, userId: request.user?.id ?? null, now: services.clock.now() });
    return sendPage(reply, agendaPage(view, loaded, agendaSection(view, data)));
  });

  // ---- sessions: organisers -------------------------------------------------------------------------------
  app.get<EventParams>("/spaces/:slug/events/:event/sessions/new", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const start = wallClock(loaded.event.startsAt, loaded.event.timeZone);
    return sendPage(reply, sessionFormPage(viewContext(request), loaded, emptyForm({ type: "plenary", starts_at: start, ends_at: wallClock(new Date(Math.min(loaded.event.startsAt.getTime() + 3_600_000, loaded.event.endsAt.getTime())), loaded.event.timeZone) }), null));
  });

  app.post<EventParams>("/spaces/:slug/events/:event/sessions", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const body = formBody(request);
    const render = (form: FormState, status: number) => sendPage(reply, sessionFormPage(viewContext(request), loaded, form, null), status);
    const { fields, errors } = readSessionInput(sessionFromForm(body), loaded.event);
    if (Object.keys(errors).length) return render({ values: body, errors }, 422);
    try {
      const session = await createSession(services, loaded.actor, loaded.event, fields);
      setFlash(reply, "events.agenda.flash.created");
      return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}#session-${session.id}`, 303);
    } catch (error) {
      const status = formErrorStatus(error);
      if (status) return render({ values: body, errors: (error as AppError).fields }, status);
      throw error;
    }
  });

  app.get<SessionParams>("/spaces/:slug/events/:event/sessions/:session/edit", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    const userIds = session.people.map((person) => person.userId).filter((id): id is string => Boolean(id));
    const emails = new Map<string, string>();
    if (userIds.length) {
      const rows = await queryRows<{ id: string; email: string }>(db, sql`select id, email from users where id in (${sql.join(userIds.map((id) => sql`${id}`), sql`, `)})`);
      for (const row of rows) emails.set(row.id, row.email);
    }
    return sendPage(reply, sessionFormPage(viewContext(request), loaded, emptyForm(sessionToForm(session, loaded.event.timeZone, emails)), session));
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/edit", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    const body = formBody(request);
    const render = (form: FormState, status: number) => sendPage(reply, sessionFormPage(viewContext(request), loaded, form, session), status);
    const { fields, errors } = readSessionInput(sessionFromForm(body), loaded.event);
    if (Object.keys(errors).length) return render({ values: body, errors }, 422);
    try {
      await updateSession(services, loaded.actor, loaded.event, session.id, fields);
    } catch (error) {
      const status = formErrorStatus(error);
      if (status) return render({ values: body, errors: (error as AppError).fields }, status);
      throw error;
    }
    setFlash(reply, "events.agenda.flash.saved");
    return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}#session-${session.id}`, 303);
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/delete", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    await deleteSession(services, loaded.actor, loaded.event, session.id);
    setFlash(reply, "events.agenda.flash.deleted");
    return reply.redirect(eventPath(loaded.space.slug, loaded.event.slug), 303);
  });

  // ---- after the event: material per session, closing notes -------------------------------------------------
  app.get<SessionParams>("/spaces/:slug/events/:event/sessions/:session/material", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    const values: Record<string, unknown> = { recording_url: session.recordingUrl ?? "", slides_url: session.slidesUrl ?? "" };
    for (const [index, link] of session.links.entries()) Object.assign(values, { [`link.${index}.label`]: link.label, [`link.${index}.url`]: link.url });
    return sendPage(reply, materialPage(viewContext(request), loaded, session, emptyForm(values)));
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/material", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    const body = formBody(request);
    const links = Array.from({ length: LINKS_MAX }, (_unused, index) => ({ label: body[`link.${index}.label`], url: body[`link.${index}.url`] }));
    const { fields, errors } = readMaterialInput({ recordingUrl: body.recording_url, slidesUrl: body.slides_url, links });
    if (Object.keys(errors).length) return sendPage(reply, materialPage(viewContext(request), loaded, session, { values: body, errors }), 422);
    await saveSessionMaterial(services, loaded.actor, loaded.event, session.id, fields);
    setFlash(reply, "events.agenda.flash.saved");
    return reply.redirect(`${eventPath(loaded.space.slug, loaded.event.slug)}#session-${session.id}`, 303);
  });

  app.get<EventParams>("/spaces/:slug/events/:event/closing-notes", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    return sendPage(reply, closingNotesPage(viewContext(request), loaded, emptyForm(localizedToForm("closing_notes", loaded.event.closingNotes))));
  });

  app.post<EventParams>("/spaces/:slug/events/:event/closing-notes", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request, request.params.slug, request.params.event);
    const body = formBody(request);
    const { notes, errors } = readClosingNotes(localizedFromForm(body, "closing_notes"));
    if (Object.keys(errors).length) return sendPage(reply, closingNotesPage(viewContext(request), loaded, { values: body, errors }), 422);
    await saveClosingNotes(services, loaded.actor, loaded.event, notes);
    setFlash(reply, "events.agenda.flash.saved");
    return reply.redirect(eventPath(loaded.space.slug, loaded.event.slug), 303);
  });

  // ---- participants: personal agenda and session seats --------------------------------------------------
  /** A session of an event the signed-in viewer may see (404 otherwise). */
  const loadForParticipant = async (request: FastifyRequest<SessionParams>) => {
    const user = requireUser(request);
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const session = await loadSession(loaded, request.params.session);
    return { user, loaded, session, back: `${eventPath(loaded.space.slug, loaded.event.slug)}#session-${session.id}` };
  };

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/mark", hidden, async (request, reply) => {
    const { user, session, back } = await loadForParticipant(request);
    const isMarked = formBody(request).marked !== "0";
    await setAgendaMark(services, user.id, session.id, isMarked);
    setFlash(reply, isMarked ? "events.agenda.flash.marked" : "events.agenda.flash.unmarked");
    return reply.redirect(back, 303);
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/register", hidden, async (request, reply) => {
    const { user, loaded, session, back } = await loadForParticipant(request);
    if (!session.hasRegistration || loaded.event.status !== "published") throw notFound();
    const status = await registerForSession(services, user.id, loaded.event.id, session.id);
    setFlash(reply, status === "confirmed" ? "events.agenda.flash.seat_confirmed" : "events.agenda.flash.seat_waitlisted");
    return reply.redirect(back, 303);
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/cancel", hidden, async (request, reply) => {
    const { user, session, back } = await loadForParticipant(request);
    await cancelSessionSeat(services, user.id, session.id);
    setFlash(reply, "events.agenda.flash.seat_cancelled");
    return reply.redirect(back, 303);
  });

  app.post<SessionParams>("/spaces/:slug/events/:event/sessions/:session/accept", hidden, async (request, reply) => {
    const { user, session, back } = await loadForParticipant(request);
    await acceptSessionOffer(services, user.id, session.id);
    setFlash(reply, "events.agenda.flash.seat_confirmed");
    return reply.redirect(back, 303);
  });

  const renderPersonal = async (request: FastifyRequest, reply: FastifyReply, feedUrl: string | null) => {
    const user = requireUser(request);
    const [entries, hasFeed] = await Promise.all([personalAgenda(db, { id: user.id, isPlatformAdmin: user.isPlatformAdmin }, services.clock.now()), hasCalendarFeed(db, user.id)]);
    return sendPage(reply, personalAgendaPage(viewContext(request), { entries, hasFeed, feedUrl }));
  };

  app.get("/events/agenda", hidden, async (request, reply) => renderPersonal(request, reply, null));

  // The address is shown once, in the answer to this post: only the token's hash is kept.
  app.post("/events/agenda/feed", hidden, async (request, reply) => {
    const user = requireUser(request);
    const token = await renewCalendarFeed(services, user.id);
    return renderPersonal(request, reply, `${services.config.publicUrl}/events/calendar/${token}.ics`);
  });

  app.post("/events/agenda/feed/delete", hidden, async (request, reply) => {
    const user = requireUser(request);
    await removeCalendarFeed(services, user.id);
    setFlash(reply, "events.agenda.flash.feed_stopped");
    return reply.redirect("/events/agenda", 303);
  });

  // ---- iCalendar --------------------------------------------------------------------------------------------
  const calendarName = (title: string) => `${title} · Convene`;

  app.get<EventParams>("/spaces/:slug/events/:event/event.ics", hidden, async (request, reply) => {
    const { space, event } = await loadEventForViewer(request, request.params.slug, request.params.event);
    const input = { spaceSlug: space.slug, locale: request.locale, publicUrl: services.config.publicUrl };
    const sessions = event.status === "draft" ? [] : await listSessions(db, event.id);
    const items = [eventCalendarItem(event, input), ...sessions.map((session) => sessionCalendarItem(session, event, input))];
    return sendCalendar(reply, buildCalendar({ name: calendarName(items[0].title), items, now: services.clock.now() }), `${event.slug}.ics`);
  });

  app.get<{ Params: { slug: string } }>("/spaces/:slug/events.ics", hidden, async (request, reply) => {
    const { space } = await loadEventsSpace(request, request.params.slug);
    const events = await listFeedEvents(db, request.user, feedFilters(request.query as Record<string, unknown>), services.clock.now(), space.id);
    const items = events.map((event) => eventCalendarItem(event, { spaceSlug: event.spaceSlug, locale: request.locale, publicUrl: services.config.publicUrl }));
    const title = space.title[request.locale] ?? Object.values(space.title)[0] ?? space.slug;
    return sendCalendar(reply, buildCalendar({ name: calendarName(`${request.t("events.title")} · ${title}`), items, now: services.clock.now() }), `${space.slug}-events.ics`);
  });

  app.get("/events.ics", hidden, async (request, reply) => {
    const events = await listFeedEvents(db, request.user, feedFilters(request.query as Record<string, unknown>), services.clock.now());
    const items = events.map((event) => eventCalendarItem(event, { spaceSlug: event.spaceSlug, locale: request.locale, publicUrl: services.config.publicUrl }));
    return sendCalendar(reply, buildCalendar({ name: calendarName(request.t("events.title")), items, now: services.clock.now() }), "events.ics");
  });

  // The personal feed: whoever holds the secret address reads it (calendar apps send no cookies), in the
  // owner's language, with only what the owner may still see.
  app.get<{ Params: { file: string } }>("/events/calendar/:file", hidden, async (request, reply) => {
    const token = request.params.file.endsWith(".ics") ? request.params.file.slice(0, -4) : "";
    const owner = token ? await findFeedOwner(db, token) : undefined;
    if (!owner) throw notFound();
    const entries = await personalAgenda(db, { id: owner.id, isPlatformAdmin: owner.isPlatformAdmin }, services.clock.now());
    const items = entries.flatMap(({ event, sessions, isRegistered }) => {
      const input = { spaceSlug: event.spaceSlug, locale: owner.locale, publicUrl: services.config.publicUrl };
      return [...(isRegistered ? [eventCalendarItem(event, input)] : []), ...sessions.map((session) => sessionCalendarItem(session, event, input))];
    });
    return sendCalendar(reply, buildCalendar({ name: `${translator(owner.locale)("events.agenda.my_agenda")} · Convene`, items, now: services.clock.now() }), "convene.ics", true);
  });
}
