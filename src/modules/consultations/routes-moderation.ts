import { and, eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { blockUser, unblockUser } from "../../platform/moderation/commands/block-user";
import { moderateSubject } from "../../platform/moderation/commands/moderate-subject";
import { reportSubject } from "../../platform/moderation/commands/report-subject";
import { updateModerationSettings } from "../../platform/moderation/commands/update-moderation-settings";
import { isBlockedInSpace } from "../../platform/moderation/gate";
import { activeBlocks, describeItems, hasOpenReport, moderationLogPage, moderationQueue } from "../../platform/moderation/queries";
import { decisionFromBody, moderationAdminRoutes } from "../../platform/moderation/routes";
import { moderationSettingsOf } from "../../platform/moderation/settings";
import type { QueueFormState } from "../../platform/moderation/views";
import { users } from "../../platform/schema";
import type { FormState } from "../../platform/views/forms";
import { canEditSpace, type Viewer } from "../spaces/permissions";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import "./moderation-subject";
import { canModerateSpace, canSeeAllBreakouts } from "./permissions";
import { loadConsultationForViewer, parseNumber, viewerBreakout, type ConsultationForViewer } from "./queries";
import { consultationContributions, consultationGroups, consultationTopics, CONTRIBUTION_SUBJECT } from "./schema";
import { innermostWindow, windowState } from "./state";
import { moderatePage, reportPage, spaceLogPage, spaceQueuePage, settingsPage, type ModeratedContribution } from "./views/moderation-pages";

type SlugParams = { Params: { slug: string } };
type ContributionParams = { Params: { slug: string; consultation: string; number: string } };
type UserParams = { Params: { slug: string; userId: string } };
const hidden = { schema: { hide: true } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Space moderators (coordinators, facilitators, platform admins), by the consultations rule, for spaces with or without a consultation. */
const isSpaceModerator = (viewer: Viewer, space: ViewedSpace): boolean =>
  canModerateSpace({ viewer, isEmailVerified: true, spaceRoles: space.viewerRoles, facilitatedGroupIds: [], isBlocked: false });

type LoadedContribution = ConsultationForViewer & { contribution: ModeratedContribution };

/**
 * Consultation pages for safe participation: reporting a contribution, a moderator's page for one contribution,
 * the space's queue, settings and log; also registers the platform-wide queue at /admin/moderation.
 */
export async function moderationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // The platform-wide queue belongs to the platform; it is registered here until app.ts registers it with admin.
  await app.register(moderationAdminRoutes);

  /**
   * A contribution as the viewer may see it: like the consultation (404 otherwise); held and hidden ones only
   * for their author and moderators; in an open session with breakouts, another breakout's posts only for
   * facilitators. Deleted ones are gone.
   */
  const loadContribution = async (request: FastifyRequest<ContributionParams>): Promise<LoadedContribution> => {
    const viewer = request.user;
    const now = services.clock.now();
    const base = await loadConsultationForViewer(db, request.params.slug, request.params.consultation, viewer, now);
    const number = parseNumber(request.params.number);
    const [row] = await db
      .select({ contribution: consultationContributions, topic: consultationTopics, group: consultationGroups, authorName: users.displayName })
      .from(consultationContributions)
      .innerJoin(consultationTopics, eq(consultationTopics.id, consultationContributions.topicId))
      .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
      .leftJoin(users, eq(users.id, consultationContributions.authorId))
      .where(and(eq(consultationContributions.consultationId, base.consultation.id), eq(consultationContributions.number, number)))
      .limit(1);
    if (!row || row.contribution.status === "deleted") throw notFound();
    const { contribution } = row;
    const isAuthor = Boolean(viewer && contribution.authorId === viewer.id);
    if (contribution.status !== "published" && !isAuthor && !base.access.canModerate) throw notFound();
    if (contribution.breakoutId && !isAuthor) {
      const state = windowState(innermostWindow(base.consultation, row.group, row.topic), now, base.consultation.archivedAt);
      if (!canSeeAllBreakouts(base.access, row.group, state) && (await viewerBreakout(db, row.group.id, viewer))?.id !== contribution.breakoutId) throw notFound();
    }
    return {
      ...base,
      contribution: {
        id: contribution.id,
        number: contribution.number,
        body: contribution.body,
        status: contribution.status,
        moderationReason: contribution.moderationReason,
        authorId: contribution.authorId,
        authorName: row.authorName,
        createdAt: contribution.createdAt,
      },
    };
  };
  const contributionPath = (loaded: LoadedContribution) => `/spaces/${loaded.space.slug}/consultations/${loaded.consultation.slug}/contributions/${loaded.contribution.number}`;

  // --- reporting ---------------------------------------------------------------------------------------

  const renderReport = async (request: FastifyRequest<ContributionParams>, reply: FastifyReply, loaded: LoadedContribution, form?: FormState, status = 200) => {
    const user = requireUser(request);
    const hasReported = await hasOpenReport(db, { subjectType: CONTRIBUTION_SUBJECT, subjectId: loaded.contribution.id }, user.id);
    return sendPage(reply, reportPage(viewContext(request), loaded, loaded.contribution, { hasReported, form }), status);
  };

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/report", hidden, async (request, reply) => {
    requireUser(request);
    return renderReport(request, reply, await loadContribution(request));
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/report", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadContribution(request);
    const body = formBody(request);
    try {
      const outcome = await reportSubject(services, user, {
        subjectType: CONTRIBUTION_SUBJECT,
        subjectId: loaded.contribution.id,
        reason: typeof body.reason === "string" ? body.reason : "",
        note: typeof body.note === "string" ? body.note : "",
      });
      setFlash(reply, outcome.isDuplicate ? "consultation.moderation.report.flash.duplicate" : "consultation.moderation.report.flash.sent");
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderReport(request, reply, loaded, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    return reply.redirect(`${contributionPath(loaded)}/report`, 303);
  });

  // --- one contribution, for moderators ----------------------------------------------------------------

  const loadForModerator = async (request: FastifyRequest<ContributionParams>) => {
    const user = requireUser(request);
    const loaded = await loadContribution(request);
    if (!loaded.access.canModerate) throw forbidden();
    return { user, loaded };
  };

  const renderModerate = async (request: FastifyRequest<ContributionParams>, reply: FastifyReply, loaded: LoadedContribution, forms: { decisionForm?: FormState; blockForm?: FormState } = {}, status = 200) => {
    const subject = { subjectType: CONTRIBUTION_SUBJECT, subjectId: loaded.contribution.id };
    const [items, log, isAuthorBlocked] = await Promise.all([
      describeItems(db, [subject]),
      moderationLogPage(db, { spaceId: loaded.space.id, subject, limit: 100 }),
      loaded.contribution.authorId ? isBlockedInSpace(db, loaded.space.id, loaded.contribution.authorId, services.clock.now()) : Promise.resolve(false),
    ]);
    const item = items.get(`${CONTRIBUTION_SUBJECT}:${loaded.contribution.id}`) ?? { openReports: 0, reasons: [], notes: [] };
    return sendPage(reply, moderatePage(viewContext(request), loaded, loaded.contribution, { item, log: log.entries, isAuthorBlocked, ...forms }), status);
  };

  app.get<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/moderate", hidden, async (request, reply) => {
    const { loaded } = await loadForModerator(request);
    return renderModerate(request, reply, loaded);
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/moderate", hidden, async (request, reply) => {
    const { user, loaded } = await loadForModerator(request);
    const body = formBody(request);
    const input = decisionFromBody({ ...body, subjectType: CONTRIBUTION_SUBJECT, subjectId: loaded.contribution.id });
    try {
      await moderateSubject(services, user, { ...input, spaceId: loaded.space.id });
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return renderModerate(request, reply, loaded, { decisionForm: { values: body, errors } }, error.status);
      }
      throw error;
    }
    setFlash(reply, `moderation.flash.${input.decision}`);
    return reply.redirect(`${contributionPath(loaded)}/moderate`, 303);
  });

  app.post<ContributionParams>("/spaces/:slug/consultations/:consultation/contributions/:number/moderate/block", hidden, async (request, reply) => {
    const { user, loaded } = await loadForModerator(request);
    const body = formBody(request);
    if (!loaded.contribution.authorId) throw notFound();
    try {
      await blockUser(services, user, { spaceId: loaded.space.id, userId: loaded.contribution.authorId, reason: typeof body.reason === "string" ? body.reason : "", days: daysFrom(body.days) });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderModerate(request, reply, loaded, { blockForm: { values: body, errors: error.fields } }, error.status);
      throw error;
    }
    setFlash(reply, "moderation.flash.blocked");
    return reply.redirect(`${contributionPath(loaded)}/moderate`, 303);
  });

  // --- the space's queue, blocks, settings and log ---------------------------------------------------------

  const loadSpaceForModerator = async (request: FastifyRequest<SlugParams>) => {
    const user = requireUser(request);
    // A private space is a 404 to outsiders (getSpaceForViewer); people who see it but do not moderate get a 403.
    const space = await getSpaceForViewer(db, request.params.slug, user);
    if (!isSpaceModerator(user, space)) throw forbidden();
    return { user, space };
  };

  const renderQueue = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, space: ViewedSpace, failed?: QueueFormState, status = 200) => {
    const user = requireUser(request);
    const [queue, blocks] = await Promise.all([moderationQueue(db, space.id), activeBlocks(db, space.id, services.clock.now())]);
    return sendPage(reply, spaceQueuePage(viewContext(request), space, { queue, blocks, canChangeSettings: canEditSpace(user, space.viewerRoles), failed }), status);
  };

  app.get<SlugParams>("/spaces/:slug/moderation", hidden, async (request, reply) => {
    const { space } = await loadSpaceForModerator(request);
    return renderQueue(request, reply, space);
  });

  app.post<SlugParams>("/spaces/:slug/moderation/decide", hidden, async (request, reply) => {
    const { user, space } = await loadSpaceForModerator(request);
    const body = formBody(request);
    const input = decisionFromBody(body);
    try {
      // moderateSubject answers 404 for a subject outside this space, so a moderator of one space cannot act in another.
      await moderateSubject(services, user, { ...input, spaceId: space.id });
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return renderQueue(request, reply, space, { values: body, errors, subjectId: input.subjectId }, error.status);
      }
      throw error;
    }
    setFlash(reply, `moderation.flash.${input.decision}`);
    return reply.redirect(`/spaces/${space.slug}/moderation`, 303);
  });

  app.post<UserParams>("/spaces/:slug/moderation/blocks/:userId/unblock", hidden, async (request, reply) => {
    const { user, space } = await loadSpaceForModerator(request);
    if (!UUID.test(request.params.userId)) throw notFound();
    const body = formBody(request);
    await unblockUser(services, user, { spaceId: space.id, userId: request.params.userId, reason: typeof body.reason === "string" ? body.reason : "" });
    setFlash(reply, "moderation.flash.unblocked");
    return reply.redirect(`/spaces/${space.slug}/moderation`, 303);
  });

  const loadSpaceForSettings = async (request: FastifyRequest<SlugParams>) => {
    const user = requireUser(request);
    const space = await getSpaceForViewer(db, request.params.slug, user);
    // Settings change what every participant may do: coordinators and platform admins only.
    if (!canEditSpace(user, space.viewerRoles)) throw forbidden();
    return { user, space };
  };

  app.get<SlugParams>("/spaces/:slug/moderation/settings", hidden, async (request, reply) => {
    const { space } = await loadSpaceForSettings(request);
    return sendPage(reply, settingsPage(viewContext(request), space, await moderationSettingsOf(db, space.id)));
  });

  app.post<SlugParams>("/spaces/:slug/moderation/settings", hidden, async (request, reply) => {
    const { user, space } = await loadSpaceForSettings(request);
    const body = formBody(request);
    try {
      await updateModerationSettings(services, user, space.id, body);
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") {
        return sendPage(reply, settingsPage(viewContext(request), space, await moderationSettingsOf(db, space.id), { values: body, errors: error.fields }), error.status);
      }
      throw error;
    }
    setFlash(reply, "consultation.moderation.settings.flash.saved");
    return reply.redirect(`/spaces/${space.slug}/moderation/settings`, 303);
  });

  app.get<SlugParams & { Querystring: { before?: string } }>("/spaces/:slug/moderation/log", hidden, async (request, reply) => {
    const { space } = await loadSpaceForModerator(request);
    const before = typeof request.query.before === "string" && /^[1-9][0-9]{0,17}$/.test(request.query.before) ? Number(request.query.before) : undefined;
    const page = await moderationLogPage(db, { spaceId: space.id, before });
    const subjects = page.entries.filter((entry) => entry.subjectId && entry.subjectType === CONTRIBUTION_SUBJECT).map((entry) => ({ subjectType: entry.subjectType, subjectId: entry.subjectId! }));
    const items = await describeItems(db, subjects);
    const entries = page.entries.map((entry) => {
      const item = entry.subjectId ? items.get(`${entry.subjectType}:${entry.subjectId}`) : undefined;
      return { ...entry, url: item?.moderateUrl ?? null };
    });
    const nextHref = page.nextBefore ? `/spaces/${space.slug}/moderation/log?before=${page.nextBefore}` : null;
    return sendPage(reply, spaceLogPage(viewContext(request), space, entries, nextHref));
  });
}

/** The block length from the form: empty means until lifted; anything not a whole number is rejected by blockUser. */
function daysFrom(value: unknown): number | null {
  if (value === undefined || value === "") return null;
  const days = Number(value);
  return Number.isInteger(days) ? days : -1;
}
