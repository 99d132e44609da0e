import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { getSpaceForViewer, spacePeople } from "../spaces/queries";
import { publishCommitment } from "./commands/publish-commitment";
import { returnCommitment } from "./commands/return-commitment";
import { setCountryAutoPublish } from "./commands/set-country-auto-publish";
import { startReview } from "./commands/start-review";
import {
  canManageCountrySettings,
  canPublish,
  canReturn,
  canSeeReviewQueue,
  canStartReview,
  coveredFocalCountries,
  isReviewStaff,
} from "./permissions-review";
import { countrySettingsOf, loadCommitmentForViewer, reviewEvents, reviewQueue, type ViewedCommitment } from "./queries-review";
import { countriesPage, reviewPage, reviewQueuePage } from "./views/review-pages";
import { scheduleCommitmentJobs } from "./jobs";
import type { FormState } from "../../platform/views/forms";

type SlugParams = { Params: { slug: string } };
type Params = { Params: { slug: string; number: string } };
const hidden = { schema: { hide: true } };

/** Review pages: the queue, one commitment's review with its actions, and the countries' auto-publish choices. */
export async function reviewRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // The module's recurring sweeps (review windows, reporting reminders) are queued once the app is ready,
  // only by processes that work the job queue; scheduling is idempotent, so several processes agree.
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleCommitmentJobs(services));

  app.get<SlugParams>("/spaces/:slug/commitments/review", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await getSpaceForViewer(db, request.params.slug, user);
    if (!canSeeReviewQueue(user, space.viewerRoles)) throw forbidden();
    // Coordinators see every commitment in review; focal points those naming one of their countries.
    const focalCountries = isReviewStaff(user, space.viewerRoles) ? null : space.viewerRoles.filter((grant) => grant.role === "focal_point").map((grant) => grant.country);
    const items = await reviewQueue(db, space.id, focalCountries);
    return sendPage(reply, reviewQueuePage(viewContext(request), space, items, { canManageCountries: canManageCountrySettings(user, space.viewerRoles) }));
  });

  /** The commitment for a review page or action: visible to the viewer (else 404) and theirs to review or own (else 403). */
  const loadForReview = async (request: FastifyRequest<Params>): Promise<ViewedCommitment> => {
    const user = requireUser(request);
    const loaded = await loadCommitmentForViewer(db, request.params.slug, request.params.number, user);
    const roles = loaded.space.viewerRoles;
    if (!isReviewStaff(user, roles) && !loaded.subject.isOwner && !coveredFocalCountries(roles, loaded.commitment.countries).length) throw forbidden();
    return loaded;
  };

  const renderReview = async (request: FastifyRequest<Params>, reply: FastifyReply, loaded: ViewedCommitment, form?: FormState, status = 200) => {
    const user = requireUser(request);
    const roles = loaded.space.viewerRoles;
    const now = services.clock.now();
    const actions = {
      canStart: canStartReview(user, roles, loaded.subject),
      canPublish: canPublish(user, roles, loaded.subject),
      canReturn: canReturn(user, roles, loaded.subject, now),
    };
    const events = await reviewEvents(db, loaded.commitment.id);
    return sendPage(reply, reviewPage(viewContext(request), { spaceSlug: loaded.space.slug, commitment: loaded.commitment, events, actions, form }), status);
  };

  app.get<Params>("/spaces/:slug/commitments/:number/review", hidden, async (request, reply) => renderReview(request, reply, await loadForReview(request)));

  app.post<Params>("/spaces/:slug/commitments/:number/review/start", hidden, async (request, reply) => {
    const { space, commitment } = await loadForReview(request);
    const result = await startReview(services, requireUser(request), commitment.id, { ip: request.ip });
    setFlash(reply, result.status === "published" ? "commitment.review.flash.auto_published" : "commitment.review.flash.started");
    return reply.redirect(`/spaces/${space.slug}/commitments/${commitment.number}/review`, 303);
  });

  app.post<Params>("/spaces/:slug/commitments/:number/review/publish", hidden, async (request, reply) => {
    const { space, commitment } = await loadForReview(request);
    await publishCommitment(services, requireUser(request), commitment.id, { ip: request.ip });
    setFlash(reply, "commitment.review.flash.published");
    return reply.redirect(`/spaces/${space.slug}/commitments/${commitment.number}/review`, 303);
  });

  app.post<Params>("/spaces/:slug/commitments/:number/review/return", hidden, async (request, reply) => {
    const loaded = await loadForReview(request);
    const body = formBody(request);
    const comment = typeof body.comment === "string" ? body.comment : "";
    try {
      await returnCommitment(services, requireUser(request), loaded.commitment.id, { comment, ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderReview(request, reply, loaded, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "commitment.review.flash.returned");
    return reply.redirect(`/spaces/${loaded.space.slug}/commitments/${loaded.commitment.number}/review`, 303);
  });

  const renderCountries = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, form?: FormState, status = 200) => {
    const user = requireUser(request);
    const space = await getSpaceForViewer(db, request.params.slug, user);
    if (!canManageCountrySettings(user, space.viewerRoles)) throw forbidden();
    const isStaff = isReviewStaff(user, space.viewerRoles);
    const settings = await countrySettingsOf(db, space.id);
    // A coordinator manages every country with a focal point or a choice already made; a focal point only their own.
    const countries = isStaff
      ? [...new Set([...settings.map((row) => row.country), ...(await spacePeople(db, space.id, ["focal_point"])).map((person) => person.country)])]
      : space.viewerRoles.filter((grant) => grant.role === "focal_point").map((grant) => grant.country);
    const chosen = new Map(settings.map((row) => [row.country, row.isAutoPublish]));
    const rows = [...new Set(countries)].sort().map((country) => ({ country, isAutoPublish: chosen.get(country) ?? false }));
    return sendPage(reply, countriesPage(viewContext(request), { spaceSlug: space.slug, rows, canChooseAny: isStaff, form }), status);
  };

  app.get<SlugParams>("/spaces/:slug/commitments/countries", hidden, async (request, reply) => renderCountries(request, reply));

  app.post<SlugParams>("/spaces/:slug/commitments/countries", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await getSpaceForViewer(db, request.params.slug, user);
    const body = formBody(request);
    try {
      await setCountryAutoPublish(services, user, space.id, {
        country: typeof body.country === "string" ? body.country : "",
        isAutoPublish: body.is_auto_publish === "true",
        ip: request.ip,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderCountries(request, reply, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "commitment.review.flash.country_saved");
    return reply.redirect(`/spaces/${space.slug}/commitments/countries`, 303);
  });
}
