import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, safeNextPath, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import type { FormState } from "../../platform/views/forms";
import { assignBreakouts } from "./commands/assign-breakouts";
import { createBreakouts } from "./commands/create-breakouts";
import { setFollowing } from "./commands/follow-consultation";
import { scheduleConsultationJobs } from "./jobs";
import { loadConsultationForViewer, loadTopicForViewer } from "./queries";
import { breakoutsOf, isPlenaryOpen, loadGroupForViewer, plenaryContributions, sessionParticipants, topicsOfGroup, type GroupForViewer } from "./queries-participation";
import { breakoutsPage, consultationPath, groupPath } from "./views/participation-breakouts";
import { plenaryPage } from "./views/plenary-page";

const hidden = { schema: { hide: true } };

type ConsultationParams = { Params: { slug: string; consultation: string } };
type TopicParams = { Params: { slug: string; consultation: string; number: string } };
type GroupParams = TopicParams;

/** "1" follows, anything else stops following; where to go back to is a same-site path only. */
function followForm(request: FastifyRequest, fallback: string): { isFollowing: boolean; next: string } {
  const body = formBody(request);
  const next = safeNextPath(body.next);
  return { isFollowing: body.follow === "1", next: next === "/" ? fallback : next };
}

/**
 * Following consultations and topics, breakout groups of a session and its plenary (see README.md). Schedules
 * the digest job when the app starts with the job worker on.
 */
export async function participationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleConsultationJobs(services));

  app.post<ConsultationParams>("/spaces/:slug/consultations/:consultation/follow", hidden, async (request, reply) => {
    const user = requireUser(request);
    const found = await loadConsultationForViewer(db, request.params.slug, request.params.consultation, user, clock.now());
    const { isFollowing, next } = followForm(request, consultationPath(found.space.slug, found.consultation.slug));
    await setFollowing(services, { userId: user.id, consultationId: found.consultation.id, topicId: null }, isFollowing);
    setFlash(reply, isFollowing ? "consultation.participation.flash.followed" : "consultation.participation.flash.unfollowed");
    return reply.redirect(next, 303);
  });

  app.post<TopicParams>("/spaces/:slug/consultations/:consultation/topics/:number/follow", hidden, async (request, reply) => {
    const user = requireUser(request);
    const found = await loadTopicForViewer(db, request.params.slug, request.params.consultation, request.params.number, user, clock.now());
    const { isFollowing, next } = followForm(request, `${consultationPath(found.space.slug, found.consultation.slug)}/topics/${found.topic.number}`);
    await setFollowing(services, { userId: user.id, consultationId: found.consultation.id, topicId: found.topic.id }, isFollowing);
    setFlash(reply, isFollowing ? "consultation.participation.flash.followed" : "consultation.participation.flash.unfollowed");
    return reply.redirect(next, 303);
  });

  /** A session group the signed-in person facilitates; discussion groups have no breakouts (404). */
  const facilitatedSession = async (request: FastifyRequest<GroupParams>): Promise<GroupForViewer> => {
    const user = requireUser(request);
    const found = await loadGroupForViewer(db, request.params.slug, request.params.consultation, request.params.number, user, clock.now());
    if (found.group.kind !== "session") throw notFound();
    if (!found.canFacilitate) throw forbidden("consultation.participation.breakouts.error.forbidden");
    return found;
  };
  const target = (found: GroupForViewer) => ({ spaceId: found.space.id, consultationId: found.consultation.id, groupId: found.group.id });
  const renderBreakouts = async (request: FastifyRequest, found: GroupForViewer, forms: { createForm?: FormState; assignForm?: FormState } = {}) => {
    const [breakouts, participants] = await Promise.all([breakoutsOf(db, found.group.id), sessionParticipants(db, target(found))]);
    return breakoutsPage(viewContext(request), { found, breakouts, participants, ...forms });
  };
  const backToBreakouts = (reply: FastifyReply, found: GroupForViewer, flash: string) => {
    setFlash(reply, flash);
    return reply.redirect(`${groupPath(found.space.slug, found.consultation.slug, found.group.number)}/breakouts`, 303);
  };

  app.get<GroupParams>("/spaces/:slug/consultations/:consultation/groups/:number/breakouts", hidden, async (request, reply) => {
    const found = await facilitatedSession(request);
    return sendPage(reply, await renderBreakouts(request, found));
  });

  /** A failed form comes back with the input kept and errors beside the fields (422/409); other errors propagate. */
  const formErrors = (error: unknown) => {
    if (error instanceof AppError && (Object.keys(error.fields).length > 0 || error.code === "validation_failed")) return { status: error.status, errors: Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } } };
    throw error;
  };

  app.post<GroupParams>("/spaces/:slug/consultations/:consultation/groups/:number/breakouts", hidden, async (request, reply) => {
    const found = await facilitatedSession(request);
    const values = formBody(request);
    try {
      await createBreakouts(services, request.user!.id, target(found), values, request.ip);
    } catch (error) {
      const { status, errors } = formErrors(error);
      return sendPage(reply, await renderBreakouts(request, found, { createForm: { values, errors } }), status);
    }
    return backToBreakouts(reply, found, "consultation.participation.flash.breakouts_created");
  });

  app.post<GroupParams>("/spaces/:slug/consultations/:consultation/groups/:number/breakouts/assign", hidden, async (request, reply) => {
    const found = await facilitatedSession(request);
    const values = formBody(request);
    try {
      await assignBreakouts(services, request.user!.id, target(found), values, request.ip);
    } catch (error) {
      const { status, errors } = formErrors(error);
      return sendPage(reply, await renderBreakouts(request, found, { assignForm: { values, errors } }), status);
    }
    return backToBreakouts(reply, found, "consultation.participation.flash.seats_saved");
  });

  // Facilitators see the plenary at any time; participants once the session's window has closed, so no
  // breakout reads the others' answers while it is still writing its own.
  app.get<GroupParams>("/spaces/:slug/consultations/:consultation/groups/:number/plenary", hidden, async (request, reply) => {
    const found = await loadGroupForViewer(db, request.params.slug, request.params.consultation, request.params.number, request.user, clock.now());
    if (found.group.kind !== "session") throw notFound();
    if (!found.canFacilitate && !isPlenaryOpen(found.groupState)) throw forbidden("consultation.participation.plenary.not_yet");
    const [topics, breakouts, contributions] = await Promise.all([topicsOfGroup(db, found.group.id), breakoutsOf(db, found.group.id), plenaryContributions(db, found.group.id, request.user?.id ?? null)]);
    return sendPage(reply, plenaryPage(viewContext(request), { found, topics, breakouts, contributions, now: clock.now() }));
  });
}
