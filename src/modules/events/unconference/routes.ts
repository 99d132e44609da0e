import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, formList, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { moderateSubject } from "../../../platform/moderation/commands/moderate-subject";
import type { FormState } from "../../../platform/views/forms";
import { localizedString } from "../../../platform/i18n/localized";
import { listConsultationsForViewer, consultationStructure } from "../../consultations/queries-structure";
import { instantIn } from "../inputs";
import { loadEventForViewer, type LoadedEvent } from "../queries";
import { buildUnconferenceSchedule, pinProposal, unpinProposal } from "./commands/build-schedule";
import { addUnconferenceRoom, addUnconferenceSlot, configureUnconference, removeUnconferencePlace } from "./commands/configure-unconference";
import { openNotesTopic } from "./commands/open-notes-topic";
import { publishUnconferenceSchedule } from "./commands/publish-schedule";
import { submitProposal, withdrawProposal } from "./commands/submit-proposal";
import { voteForProposal } from "./commands/vote-proposal";
import { PROPOSAL_SUBJECT } from "./moderation-subject";
import { findUnconference, listProposals, publishedSessions, scheduleOf, unconferenceRooms, unconferenceSlots, votesOf } from "./queries";
import { managePage, unconferencePage, unconferencePath, type ManageForms, type UnconferenceData } from "./views";

type Params = { slug: string; event: string; id?: string };
type Request = FastifyRequest<{ Params: Params }>;
const BASE = "/spaces/:slug/events/:event/unconference";

/** Pages of the unconference part of events: proposals and votes for participants, set-up to publishing for organisers. */
export async function eventUnconferenceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  const hidden = { schema: { hide: true } };

  /** The event and its unconference for this viewer; 404 when the event has none (or the viewer may not see it). */
  const load = async (request: Request, options: { manage?: boolean } = {}): Promise<UnconferenceData & LoadedEvent> => {
    const loaded = await loadEventForViewer(request, request.params.slug, request.params.event);
    if (options.manage && !loaded.canManage) throw notFound();
    const settings = await findUnconference(db, loaded.event.id);
    // Organisers reach the set-up page before the unconference exists; everyone else gets a 404 until then.
    if (!settings && !(options.manage && loaded.canManage)) throw notFound();
    const viewerId = request.user?.id ?? null;
    const [rooms, slots, proposals, schedule, myVotes] = await Promise.all([
      unconferenceRooms(db, loaded.event.id),
      unconferenceSlots(db, loaded.event.id),
      loaded.canManage ? listProposals(db, loaded.event.id, ["published", "pending", "hidden"]) : listProposals(db, loaded.event.id, ["published"], viewerId),
      scheduleOf(db, loaded.event.id),
      votesOf(db, loaded.event.id, viewerId),
    ]);
    return { ...loaded, settings: settings ?? { eventId: loaded.event.id, state: "closed", votesPerPerson: 3, publishedAt: null, buildReport: null }, rooms, slots, proposals, schedule, myVotes };
  };

  const renderPublic = async (request: Request, reply: FastifyReply, forms: { propose?: FormState; vote?: string } = {}, status = 200) =>
    sendPage(reply, unconferencePage(viewContext(request), await load(request), forms), status);

  app.get<{ Params: Params }>(BASE, hidden, async (request, reply) => renderPublic(request, reply));

  app.post<{ Params: Params }>(`${BASE}/proposals`, hidden, async (request, reply) => {
    const user = requireUser(request);
    const data = await load(request);
    const body = formBody(request);
    const input = {
      title: String(body.title ?? ""),
      description: String(body.description ?? ""),
      format: String(body.format ?? ""),
      language: String(body.language ?? ""),
      availableSlotIds: formList(body, "availableSlotIds"),
      preferredSlotIds: formList(body, "preferredSlotIds"),
    };
    try {
      const result = await submitProposal(services, user, data.event, input, { ip: request.ip });
      setFlash(reply, result.status === "pending" ? "events.unconference.flash.held" : "events.unconference.flash.proposed");
      return reply.redirect(`${unconferencePath(data.space, data.event)}#proposal-${result.id}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.code !== "not_found" && error.code !== "forbidden") {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return renderPublic(request, reply, { propose: { values: { ...input }, errors } }, error.status);
      }
      throw error;
    }
  });

  app.post<{ Params: Params }>(`${BASE}/proposals/:id/vote`, hidden, async (request, reply) => {
    const user = requireUser(request);
    const data = await load(request);
    const isVote = formBody(request).vote !== "remove";
    try {
      await voteForProposal(services, user, data.event, request.params.id ?? "", isVote);
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return renderPublic(request, reply, { vote: error.messageKey }, error.status);
      throw error;
    }
    setFlash(reply, isVote ? "events.unconference.flash.voted" : "events.unconference.flash.unvoted");
    return reply.redirect(`${unconferencePath(data.space, data.event)}#proposal-${request.params.id}`, 303);
  });

  app.post<{ Params: Params }>(`${BASE}/proposals/:id/withdraw`, hidden, async (request, reply) => {
    const user = requireUser(request);
    const data = await load(request);
    await withdrawProposal(services, user, data.event, request.params.id ?? "", { ip: request.ip });
    setFlash(reply, "events.unconference.flash.withdrawn");
    return reply.redirect(unconferencePath(data.space, data.event), 303);
  });

  // ---- organisers ----
  const manageExtras = async (request: Request, data: UnconferenceData & LoadedEvent) => {
    const [sessions, consultations] = await Promise.all([
      publishedSessions(db, data.event.id),
      listConsultationsForViewer(db, data.space, request.user, services.clock.now()),
    ]);
    const groups = await Promise.all(
      consultations.map(async ({ consultation }) => (await consultationStructure(db, consultation, services.clock.now())).groups.map((group) => ({
        value: `${consultation.slug}/${group.number}`,
        label: `${localizedString(consultation.title, request.locale)} · ${localizedString(group.title, request.locale)}`,
      }))),
    );
    return { held: data.proposals.filter((proposal) => proposal.status === "pending"), sessions, consultations: groups.flat() };
  };
  const renderManage = async (request: Request, reply: FastifyReply, forms: ManageForms = {}, status = 200) => {
    const data = await load(request, { manage: true });
    return sendPage(reply, managePage(viewContext(request), data, await manageExtras(request, data), forms), status);
  };

  app.get<{ Params: Params }>(`${BASE}/manage`, hidden, async (request, reply) => renderManage(request, reply));

  /** One organisers' action; a refused one re-renders the page with the input and the message beside its form. */
  const action = (path: string, form: keyof ManageForms, run: (request: Request, data: UnconferenceData & LoadedEvent, body: Record<string, unknown>) => Promise<string>) =>
    app.post<{ Params: Params }>(`${BASE}/manage${path}`, hidden, async (request, reply) => {
      requireUser(request);
      const data = await load(request, { manage: true });
      const body = formBody(request);
      try {
        setFlash(reply, await run(request, data, body));
        return reply.redirect(`${unconferencePath(data.space, data.event)}/manage`, 303);
      } catch (error) {
        if (error instanceof AppError && error.status < 500 && error.code !== "not_found" && error.code !== "forbidden") {
          const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
          const state = form === "action" ? { action: { key: error.messageKey } } : { [form]: { values: body, errors } };
          return renderManage(request, reply, state, error.status);
        }
        throw error;
      }
    });

  action("/settings", "settings", async (request, data, body) => {
    await configureUnconference(services, requireUser(request), data.event, { state: String(body.state ?? ""), votesPerPerson: String(body.votesPerPerson ?? "") }, { ip: request.ip });
    return "events.unconference.flash.saved";
  });
  action("/rooms", "room", async (request, data, body) => {
    await addUnconferenceRoom(services, requireUser(request), data.event, { name: String(body.name ?? ""), capacity: String(body.capacity ?? "") }, { ip: request.ip });
    return "events.unconference.flash.room_added";
  });
  action("/slots", "slot", async (request, data, body) => {
    const startsAt = instantIn(String(body.startsAt ?? ""), data.event.timeZone);
    const endsAt = instantIn(String(body.endsAt ?? ""), data.event.timeZone);
    await addUnconferenceSlot(services, requireUser(request), data.event, { startsAt, endsAt }, { ip: request.ip });
    return "events.unconference.flash.slot_added";
  });
  for (const kind of ["room", "slot"] as const) {
    app.post<{ Params: Params }>(`${BASE}/manage/${kind}s/:id/delete`, hidden, async (request, reply) => {
      const data = await load(request, { manage: true });
      await removeUnconferencePlace(services, requireUser(request), data.event, kind, request.params.id ?? "", { ip: request.ip });
      setFlash(reply, `events.unconference.flash.${kind}_removed`);
      return reply.redirect(`${unconferencePath(data.space, data.event)}/manage`, 303);
    });
  }
  action("/decide", "action", async (request, data, body) => {
    const decision = body.decision === "approve" ? "approve" : body.decision === "hide" ? "hide" : null;
    const proposal = data.proposals.find((candidate) => candidate.id === body.proposalId);
    if (!decision || !proposal) throw new AppError("bad_request");
    await moderateSubject(services, requireUser(request), { spaceId: data.space.id, subjectType: PROPOSAL_SUBJECT, subjectId: proposal.id, decision, reason: String(body.reason ?? "") });
    return `moderation.flash.${decision}`;
  });
  action("/build", "action", async (request, data) => {
    await buildUnconferenceSchedule(services, requireUser(request), data.event, { ip: request.ip });
    return "events.unconference.flash.built";
  });
  action("/pin", "pin", async (request, data, body) => {
    const [slotId = "", roomId = ""] = String(body.cell ?? "").split("/");
    await pinProposal(services, requireUser(request), data.event, { proposalId: String(body.proposalId ?? ""), slotId, roomId }, { ip: request.ip });
    return "events.unconference.flash.pinned";
  });
  action("/unpin", "action", async (request, data, body) => {
    await unpinProposal(services, requireUser(request), data.event, String(body.proposalId ?? ""), { ip: request.ip });
    return "events.unconference.flash.unpinned";
  });
  action("/publish", "action", async (request, data) => {
    await publishUnconferenceSchedule(services, requireUser(request), data.event, { ip: request.ip });
    return "events.unconference.flash.published";
  });
  action("/notes", "notes", async (request, data, body) => {
    const [consultationSlug = "", group = ""] = String(body.group ?? "").split("/");
    const session = (await publishedSessions(db, data.event.id)).find((candidate) => candidate.id === body.sessionId);
    const proposal = data.proposals.find((candidate) => candidate.id === session?.proposalId);
    if (!session || !proposal) throw new AppError("validation_failed", "error.validation_failed", { sessionId: { key: "validation.invalid_value" } });
    await openNotesTopic(services, requireUser(request), data.event, { sessionId: session.id, spaceSlug: data.space.slug, consultationSlug, groupNumber: Number(group), title: { [proposal.language || request.locale]: proposal.title } }, { ip: request.ip });
    return "events.unconference.flash.notes_opened";
  });
}
