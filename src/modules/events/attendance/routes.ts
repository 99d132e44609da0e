import { sql } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { queryRows } from "../../../db/sql";
import { requireUser } from "../../../platform/auth/guards";
import { countryName } from "../../../platform/countries";
import { toCsv } from "../../../platform/csv";
import { AppError, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, sendPage } from "../../../platform/http/forms";
import { registerSecretPath } from "../../../platform/http/log-redaction";
import { setFlash } from "../../../platform/http/plugin";
import { localize } from "../../../platform/i18n/localized";
import { actorTypeLabel } from "../../organisations/actor-types";
import { eventPath, eventPhase, findEventById, loadEventForViewer, visibleEventCondition, type LoadedEvent } from "../queries";
import { setCheckIn } from "./commands/check-in";
import { joinMeeting } from "./commands/join-meeting";
import { rotateJoinLinks } from "./commands/rotate-join-links";
import { attendanceCertificateCode, certificateVerificationPath, normaliseCheckInCode, readAttendanceCertificateCode } from "./codes";
import { attendanceFigures, findRegistration, findRegistrationByCode, hasAttended, listRegistrants, ownRegistration } from "./queries";
import { ATTENDANCE_STYLES, certificatePage, checkInPage, figuresPage, joinProblemPage, spacedCode, verificationPage, type CheckInNotice } from "./views";

type EventParams = { Params: { slug: string; event: string } };
const hidden = { schema: { hide: true } };
const JOIN_PREFIX = "/events/join/";

const eventRef = ({ space, event }: LoadedEvent) => ({
  spaceSlug: space.slug,
  spaceTitle: space.title,
  slug: event.slug,
  title: event.title,
  startsAt: event.startsAt,
  timeZone: event.timeZone,
});

/** The event for one of its organisers, or 404 for anyone else (the same 404 as an event that does not exist). */
async function loadForOrganiser(request: FastifyRequest<EventParams>): Promise<LoadedEvent> {
  const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
  if (!loaded.canManage) throw notFound();
  return loaded;
}

const actor = (request: FastifyRequest) => ({ id: requireUser(request).id, ip: request.ip });
const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");

/** Pages of the attendance part: join links, check-in, figures, CSV and certificates. */
export async function eventAttendanceRoutes(app: FastifyInstance): Promise<void> {
  const { services } = app;
  const { db } = services;
  // The join token is a working link: the access log never shows it.
  registerSecretPath(JOIN_PREFIX);
  ATTENDANCE_STYLES.register(app);

  // ---- personal join link ---------------------------------------------------------------------------------
  app.get<{ Params: { token: string } }>(`${JOIN_PREFIX}:token`, hidden, async (request, reply) => {
    const outcome = await joinMeeting(services, request.params.token);
    // Neither the link nor where it leads may be cached, or sent on as a Referer by the meeting's page.
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
    if (outcome.kind === "redirect") return reply.redirect(outcome.meetingUrl, 302);
    const view = viewContext(request);
    if (outcome.kind === "invalid") return sendPage(reply, joinProblemPage(view, "invalid"), 404);
    if (outcome.kind === "not_confirmed") return sendPage(reply, joinProblemPage(view, "not_confirmed"), 403);
    return sendPage(reply, joinProblemPage(view, outcome.reason), outcome.reason === "cancelled" ? 410 : 409);
  });

  app.post<EventParams>("/spaces/:slug/events/:event/join-links/rotate", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request);
    await rotateJoinLinks(services, actor(request), { eventId: loaded.event.id, spaceId: loaded.space.id });
    setFlash(reply, "events.attendance.organiser.rotated");
    return reply.redirect(eventPath(loaded.space.slug, loaded.event.slug), 303);
  });

  // ---- check-in -------------------------------------------------------------------------------------------
  async function renderCheckIn(
    request: FastifyRequest<EventParams>,
    reply: FastifyReply,
    loaded: LoadedEvent,
    state: { search: string; code: string; codeError: string | null; notice: CheckInNotice | null },
    status = 200,
  ) {
    const registrants = await listRegistrants(db, loaded.event.id, { isConfirmedOnly: true, search: state.search });
    reply.header("cache-control", "no-store");
    return sendPage(reply, checkInPage(viewContext(request), { event: eventRef(loaded), registrants, ...state }), status);
  }

  app.get<EventParams & { Querystring: { q?: string; code?: string } }>("/spaces/:slug/events/:event/check-in", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request);
    const search = text(request.query.q).slice(0, 100);
    const typed = text(request.query.code).slice(0, 20);
    // A scanned QR code opens this page with the code filled in; checking in stays a POST (a GET changes nothing).
    const found = typed ? await findRegistrationByCode(db, loaded.event.id, normaliseCheckInCode(typed)) : undefined;
    const notice: CheckInNotice | null = found
      ? { kind: "ok", message: request.t("events.attendance.list.scanned", { code: spacedCode(found.checkInCode), name: await displayName(found.userId) }) }
      : null;
    const codeError = typed && !found ? request.t(normaliseCheckInCode(typed) ? "events.attendance.error.code_unknown" : "events.attendance.error.code_format") : null;
    return renderCheckIn(request, reply, loaded, { search, code: typed, codeError, notice }, codeError ? 404 : 200);
  });

  app.post<EventParams>("/spaces/:slug/events/:event/check-in", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request);
    const body = formBody(request);
    const search = text(body.q).slice(0, 100);
    const typed = text(body.code).slice(0, 20);
    const registrationId = text(body.registration);
    let target = registrationId ? await findRegistration(db, registrationId) : undefined;
    if (!registrationId) {
      const code = normaliseCheckInCode(typed);
      if (!code) return renderCheckIn(request, reply, loaded, { search, code: typed, codeError: request.t("events.attendance.error.code_format"), notice: null }, 422);
      target = await findRegistrationByCode(db, loaded.event.id, code);
      if (!target || target.status !== "confirmed") {
        return renderCheckIn(request, reply, loaded, { search, code: typed, codeError: request.t("events.attendance.error.code_unknown"), notice: null }, 422);
      }
    }
    if (!target || target.eventId !== loaded.event.id) throw notFound();
    const isUndo = text(body.undo) === "1";
    try {
      const { registration, wasCheckedIn } = await setCheckIn(services, actor(request), {
        eventId: loaded.event.id,
        spaceId: loaded.space.id,
        registrationId: target.id,
        isCheckedIn: !isUndo,
      });
      const name = await displayName(registration.userId);
      const time = wasCheckedIn && registration.checkedInAt ? new Intl.DateTimeFormat(request.locale, { timeStyle: "short", timeZone: loaded.event.timeZone }).format(registration.checkedInAt) : "";
      const key = isUndo ? "events.attendance.list.undone" : wasCheckedIn ? "events.attendance.list.already" : "events.attendance.list.checked_in";
      return renderCheckIn(request, reply, loaded, { search, code: "", codeError: null, notice: { kind: "ok", message: request.t(key, { name, time }) } });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "conflict") throw error;
      return renderCheckIn(request, reply, loaded, { search, code: typed, codeError: null, notice: { kind: "error", message: request.t(error.messageKey) } }, 409);
    }
  });

  async function displayName(userId: string): Promise<string> {
    const [row] = await queryRows<{ display_name: string }>(db, sql`select display_name from users where id = ${userId}`);
    return row?.display_name ?? "";
  }

  // ---- figures and CSV ------------------------------------------------------------------------------------
  app.get<EventParams>("/spaces/:slug/events/:event/attendance", hidden, async (request, reply) => {
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    // Figures are published once the event is over; organisers follow them as people arrive.
    const isShown = loaded.canManage || eventPhase(loaded.event, services.clock.now()) === "ended";
    const figures = isShown ? await attendanceFigures(db, loaded.event.id) : null;
    if (loaded.canManage) reply.header("cache-control", "no-store");
    return sendPage(reply, figuresPage(viewContext(request), { event: eventRef(loaded), figures }));
  });

  app.get<EventParams>("/spaces/:slug/events/:event/registrants.csv", hidden, async (request, reply) => {
    const loaded = await loadForOrganiser(request);
    const { t, locale } = request;
    const registrants = await listRegistrants(db, loaded.event.id, { isConfirmedOnly: false });
    const when = (value: Date | null) => (value ? value.toISOString() : "");
    const csv = toCsv(
      [
        t("events.attendance.list.name"),
        t("events.attendance.csv.email"),
        t("events.attendance.list.organisation"),
        t("events.attendance.csv.actor_type"),
        t("events.attendance.csv.country"),
        t("events.attendance.csv.constituency"),
        t("events.attendance.csv.status"),
        t("events.attendance.list.code"),
        t("events.attendance.csv.registered_at"),
        t("events.attendance.csv.checked_in_at"),
        t("events.attendance.csv.attended_online_at"),
      ],
      registrants.map((registrant) => [
        registrant.displayName,
        registrant.email,
        registrant.organisationName ? localize(registrant.organisationName, locale).text : "",
        registrant.actorType ? actorTypeLabel(registrant.actorType, locale) : "",
        registrant.country ? countryName(registrant.country, locale) : "",
        registrant.constituency,
        registrant.status,
        registrant.checkInCode,
        when(registrant.createdAt),
        when(registrant.checkedInAt),
        when(registrant.attendedOnlineAt),
      ]),
    );
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${loaded.event.slug}-registrants.csv"`)
      .header("cache-control", "no-store")
      .send(csv);
  });

  // ---- certificates ---------------------------------------------------------------------------------------
  app.get<EventParams>("/spaces/:slug/events/:event/certificate", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    const registration = await ownRegistration(db, loaded.event.id, user.id);
    if (!registration || registration.status !== "confirmed" || !hasAttended(registration) || loaded.event.status === "cancelled") {
      throw notFound("events.attendance.certificate.not_eligible");
    }
    const code = await attendanceCertificateCode(db, registration.id);
    const mode = registration.checkedInAt && registration.attendedOnlineAt ? "both" : registration.checkedInAt ? "in_person" : "online";
    return sendPage(
      reply,
      certificatePage(viewContext(request), {
        event: eventRef(loaded),
        name: user.displayName,
        mode,
        code,
        verificationUrl: `${services.config.publicUrl}${certificateVerificationPath(code)}`,
      }),
    );
  });

  app.get<{ Params: { code: string } }>("/events/certificates/:code", hidden, async (request, reply) => {
    const view = viewContext(request);
    const registrationId = await readAttendanceCertificateCode(db, request.params.code);
    const registration = registrationId ? await findRegistration(db, registrationId) : undefined;
    // A certificate verifies only for people who may see its event (a private space's stays private).
    const [visible] = registration
      ? await queryRows<{ space_slug: string; space_title: Record<string, string>; display_name: string }>(
          db,
          sql`select s.slug as space_slug, s.title as space_title, u.display_name from events e join spaces s on s.id = e.space_id
            join users u on u.id = ${registration.userId}
            where e.id = ${registration.eventId} and e.status = 'published' and ${visibleEventCondition(request.user)}`,
        )
      : [];
    const event = visible && registration ? await findEventById(db, registration.eventId) : undefined;
    if (!visible || !event || !registration || registration.status !== "confirmed" || !hasAttended(registration)) {
      return sendPage(reply, verificationPage(view, null), 404);
    }
    return sendPage(
      reply,
      verificationPage(view, {
        event: { spaceSlug: visible.space_slug, spaceTitle: visible.space_title, slug: event.slug, title: event.title, startsAt: event.startsAt, timeZone: event.timeZone },
        name: visible.display_name,
      }),
    );
  });
}
