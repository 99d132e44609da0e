import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import { findSeatClaim, findSeatPool, seatCounts, waitlistPosition } from "../../platform/seats/seats";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { eventPath, findEventById } from "../events/queries";
import { organisationsOfUser } from "../organisations/queries";
import { postedAnswers, questionInput } from "../surveys/routes";
import { programmeApiRoutes } from "./api";
import { certificatePath, completionCertificateCode, readCompletionCertificateCode } from "./certificate";
import { applyToCohort, decideApplication, DECISIONS, takeOffer, withdrawApplication, type Decision } from "./commands/apply";
import { createCohortSpace } from "./commands/cohort-space";
import { completeParticipant, importEventAttendance, markProgress, progressSummary } from "./commands/record-progress";
import { removeCohort, removeMaterial, removeSession, removeTrack, updateCohort, updateMaterial, updateSession, updateTrack } from "./commands/edit-programme";
import { addCohort, addMaterial, addSession, addTrack, checkProgrammeSettings, createProgramme, eventChoices, guidanceChoices, saveFormQuestion, setProgrammeStatus, updateProgramme } from "./commands/save-programme";
import { scheduleProgrammeJobs } from "./jobs";
import {
  cohortPath, findApplication, findCohort, findMaterial, findProgrammeById, findSession, findTrack, isTakingApplications, listApplications, listCohorts, listMaterials, listProgrammes, listSessions, listTracks, loadProgrammeForViewer,
  loadProgrammesSpace, ownApplication, programmePath, progressOf, progressOfCohort, sessionsNeeded, type ProgrammeView,
} from "./queries";
import { accountProgrammesPage, certificatePage, verificationPage, type OwnApplication } from "./views/account-pages";
import { cohortPage } from "./views/cohort-page";
import {
  cohortFields, cohortLabels, cohortValues, editPage, materialFields, materialLabels, materialValues, sessionFields, sessionLabels, sessionValues, trackFields, trackLabels, trackValues, type Choice,
} from "./views/edit-pages";
import { programmeListPage, programmePage } from "./views/programme-pages";
import { PROGRAMME_STYLES } from "./views/shared";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type ProgrammeParams = { Params: { slug: string; programme: string } };
type CohortParams = { Params: { slug: string; programme: string; cohort: string } };
type ApplicationParams = { Params: { slug: string; programme: string; cohort: string; application: string } };

const text = (body: Record<string, unknown>, name: string): string => (typeof body[name] === "string" ? (body[name] as string) : "");
const uuidOrNull = (value: unknown): string | null => (typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null);

function settingsValues(programme: ProgrammeView): Record<string, unknown> {
  return { ...localizedToForm("title", programme.title), ...localizedToForm("description", programme.description), required_sessions: String(programme.requiredSessions) };
}

/** Errors a form shows beside its fields: not acceptable (422), refused (409), or a choice the form never offered (400). */
const isFormError = (error: unknown): error is AppError => error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict" || error.code === "bad_request");
const formErrors = (error: AppError) => (Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } });

/** Programme pages: list, programme (with organisers' set-up), cohort (apply, select, progress), account, certificates; and the API. */
export async function programmeRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  PROGRAMME_STYLES.register(app);
  await app.register(programmeApiRoutes);
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleProgrammeJobs(services));

  const actorOf = (request: FastifyRequest) => ({ id: requireUser(request).id, ip: request.ip });
  const managedProgramme = async (request: FastifyRequest<ProgrammeParams>) => {
    requireUser(request);
    const loaded = await loadProgrammeForViewer(request, request.params.slug, request.params.programme);
    if (!loaded.canManage) throw forbidden();
    return loaded;
  };
  const loadCohort = async (request: FastifyRequest<CohortParams>) => {
    const loaded = await loadProgrammeForViewer(request, request.params.slug, request.params.programme);
    const cohort = await findCohort(db, loaded.programme.id, request.params.cohort);
    if (!cohort) throw notFound();
    return { ...loaded, cohort };
  };
  const managedCohort = async (request: FastifyRequest<CohortParams>) => {
    requireUser(request);
    const loaded = await loadCohort(request);
    if (!loaded.canManage) throw forbidden();
    return loaded;
  };

  /** The space's published guidance documents as choices (titles in their own language). */
  const documentChoicesOf = async (spaceId: string): Promise<Choice[]> =>
    (await guidanceChoices(services, spaceId)).map((document) => ({ value: document.id, label: document.title }));
  /** The space's published events the organiser sees, as choices: title and start. */
  const eventChoicesOf = async (request: FastifyRequest, spaceId: string): Promise<Choice[]> => {
    const view = viewContext(request);
    return (await eventChoices(services, request.user, spaceId)).map((event) => ({ value: event.id, label: `${localize(event.title, view.locale).text} — ${view.format.dateTime(event.startsAt)}` }));
  };
  const materialInput = (body: Record<string, unknown>) => ({ title: localizedFromForm(body, "material_title"), url: body.url, documentId: body.document_id });
  const sessionInput = (body: Record<string, unknown>) => ({ title: localizedFromForm(body, "session_title"), startsAt: body.starts_at, eventId: body.event_id });
  const cohortInput = (body: Record<string, unknown>) => ({
    name: localizedFromForm(body, "cohort_name"), startsOn: body.starts_on, endsOn: body.ends_on, capacity: body.capacity, trackIds: formList(body, "track_ids"), opensAt: body.opens_at, closesAt: body.closes_at,
  });

  // ---- list and new ----
  const renderList = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormState, status = 200) => {
    const { space, canManage } = await loadProgrammesSpace(request, slug);
    const programmes = await listProgrammes(db, space.id, canManage);
    return sendPage(reply, programmeListPage(viewContext(request), { space, programmes, canManage, form: form ?? emptyForm({ required_sessions: "0" }) }), status);
  };
  app.get<SpaceParams>("/spaces/:slug/programmes", hidden, async (request, reply) => renderList(request, reply, request.params.slug));
  app.post<SpaceParams>("/spaces/:slug/programmes/new", hidden, async (request, reply) => {
    const actor = actorOf(request);
    const { space, canManage } = await loadProgrammesSpace(request, request.params.slug);
    if (!canManage) throw forbidden();
    const body = formBody(request);
    let created: ProgrammeView;
    try {
      created = await createProgramme(services, actor, space.id, checkProgrammeSettings({ title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), requiredSessions: body.required_sessions }));
    } catch (error) {
      if (isFormError(error)) return renderList(request, reply, space.slug, { values: body, errors: formErrors(error) }, error.status);
      throw error;
    }
    setFlash(reply, "programmes.flash.created");
    return reply.redirect(programmePath(space.slug, created.slug), 303);
  });

  // ---- one programme ----
  type ProgrammeForms = { settings?: FormState; track?: FormState; cohort?: FormState; question?: FormState; material?: FormState };
  const renderProgramme = async (request: FastifyRequest<ProgrammeParams>, reply: FastifyReply, forms: ProgrammeForms = {}, status = 200) => {
    const { space, programme, canManage } = await loadProgrammeForViewer(request, request.params.slug, request.params.programme);
    const now = clock.now();
    const [tracks, cohorts, materials] = await Promise.all([listTracks(db, programme.id), listCohorts(db, programme.id), listMaterials(db, programme.id)]);
    const withSeats = await Promise.all(cohorts.map(async (cohort) => {
      const pool = await findSeatPool(db, "programme_cohort", cohort.id);
      return { ...cohort, seats: pool ? await seatCounts(db, pool.id) : null, isTaking: isTakingApplications(programme, cohort, now) };
    }));
    const own = new Map<string, Awaited<ReturnType<typeof ownApplication>> & object>();
    if (request.user) for (const cohort of cohorts) {
      const application = await ownApplication(db, cohort.id, request.user.id);
      if (application) own.set(cohort.id, application);
    }
    const base = `/spaces/${space.slug}/knowledge/guidance/`;
    const documents = canManage ? await documentChoicesOf(space.id) : [];
    return sendPage(reply, programmePage(viewContext(request), {
      space, programme, tracks, cohorts: withSeats, canManage, own, documents,
      materials: materials.map((material) => ({ ...material, href: material.documentSlug ? `${base}${material.documentSlug}` : (material.url ?? "#") })),
      forms: canManage
        ? {
            settings: forms.settings ?? emptyForm(settingsValues(programme)), track: forms.track ?? emptyForm(), cohort: forms.cohort ?? emptyForm(),
            question: forms.question ?? emptyForm({ section: "s1", kind: "single", scale: "1-5" }), material: forms.material ?? emptyForm(),
          }
        : null,
    }), status);
  };
  app.get<ProgrammeParams>("/spaces/:slug/programmes/:programme", hidden, async (request, reply) => renderProgramme(request, reply));

  const programmePost = (route: string, form: keyof ProgrammeForms, action: (programme: ProgrammeView, actor: { id: string; ip: string }, body: Record<string, unknown>) => Promise<unknown>, flash: string, anchor = "") => {
    app.post<ProgrammeParams>(`/spaces/:slug/programmes/:programme/${route}`, hidden, async (request, reply) => {
      const actor = actorOf(request);
      const { space, programme } = await managedProgramme(request);
      const body = formBody(request);
      try {
        await action(programme, actor, body);
      } catch (error) {
        if (isFormError(error)) return renderProgramme(request, reply, { [form]: { values: body, errors: formErrors(error) } }, error.status);
        throw error;
      }
      setFlash(reply, flash);
      return reply.redirect(`${programmePath(space.slug, programme.slug)}${anchor}`, 303);
    });
  };
  programmePost("settings", "settings", (programme, actor, body) =>
    updateProgramme(services, actor, programme.id, checkProgrammeSettings({ title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), requiredSessions: body.required_sessions })), "programmes.flash.saved");
  programmePost("status", "settings", (programme, actor, body) => setProgrammeStatus(services, actor, programme.id, text(body, "status")), "programmes.flash.saved");
  programmePost("tracks", "track", (programme, actor, body) => addTrack(services, actor, programme.id, { name: localizedFromForm(body, "track_name"), description: localizedFromForm(body, "track_description") }), "programmes.flash.saved", "#tracks");
  programmePost("cohorts", "cohort", (programme, actor, body) =>
    addCohort(services, actor, programme.id, cohortInput(body)), "programmes.flash.saved", "#cohorts");
  programmePost("questions", "question", (programme, actor, body) => saveFormQuestion(services, actor, programme.id, null, questionInput(body)), "programmes.flash.saved", "#form-questions");
  programmePost("materials", "material", (programme, actor, body) => addMaterial(services, actor, programme, materialInput(body)), "programmes.flash.saved", "#materials");

  // ---- one cohort ----
  type CohortForms = { apply?: FormState; session?: FormState };
  const renderCohort = async (request: FastifyRequest<CohortParams>, reply: FastifyReply, forms: CohortForms = {}, status = 200) => {
    const { space, programme, cohort, canManage } = await loadCohort(request);
    const now = clock.now();
    const [tracks, sessions, materials, pool] = await Promise.all([listTracks(db, programme.id), listSessions(db, cohort.id), listMaterials(db, programme.id), findSeatPool(db, "programme_cohort", cohort.id)]);
    const seats = pool ? await seatCounts(db, pool.id) : null;
    const application = request.user ? await ownApplication(db, cohort.id, request.user.id) : undefined;
    const needed = sessionsNeeded(programme, sessions.length);
    // Someone waiting sees their place in the queue; someone offered a place, how long it is held for them.
    const claim = application?.status === "offered" ? await findSeatClaim(db, application.claimId) : undefined;
    const own = application
      ? { ...application, done: await progressOf(db, application.id), needed, position: application.status === "waitlisted" ? await waitlistPosition(db, application.claimId) : null, offerExpiresAt: claim?.offerExpiresAt ?? null }
      : null;
    const isTaking = isTakingApplications(programme, cohort, now);
    const organisations = request.user && isTaking && !own ? await organisationsOfUser(db, request.user.id) : [];
    const sessionViews = await Promise.all(sessions.map(async (session) => {
      if (!session.eventId) return { ...session, eventHref: null };
      const event = await findEventById(db, session.eventId);
      return { ...session, eventHref: event ? eventPath(space.slug, event.slug) : null };
    }));
    let manage = null;
    if (canManage) {
      const [applicants, progress] = await Promise.all([listApplications(db, cohort.id), progressOfCohort(db, cohort.id)]);
      const [cohortSpace] = cohort.spaceId ? await queryRows<{ slug: string }>(db, sql`select slug from spaces where id = ${cohort.spaceId}`) : [];
      const events = await eventChoicesOf(request, space.id);
      manage = { applicants, progress, needed, sessionForm: forms.session ?? emptyForm(), events, cohortSpaceSlug: cohortSpace?.slug ?? null };
    }
    return sendPage(reply, cohortPage(viewContext(request), {
      space, programme, cohort, tracks, sessions: sessionViews, materials, seats, isTaking, isSignedIn: Boolean(request.user), own,
      applyForm: isTaking && request.user && !own ? (forms.apply ?? emptyForm()) : null, organisations: organisations.map((organisation) => ({ id: organisation.id, name: organisation.name })), manage,
    }), status);
  };
  app.get<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort", hidden, async (request, reply) => renderCohort(request, reply));

  app.post<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/apply", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, programme, cohort } = await loadCohort(request);
    const body = formBody(request);
    const path = cohortPath(space.slug, programme.slug, cohort.id);
    try {
      await applyToCohort(services, { id: user.id, ip: request.ip }, programme, cohort, { answers: postedAnswers(body), organisationId: uuidOrNull(body.organisation_id), trackId: uuidOrNull(body.track_id), locale: request.locale });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") {
        setFlash(reply, error.messageKey);
        return reply.redirect(path, 303);
      }
      if (error instanceof AppError && error.code === "validation_failed") return renderCohort(request, reply, { apply: { values: body, errors: error.fields } }, 422);
      throw error;
    }
    setFlash(reply, "programmes.flash.applied");
    return reply.redirect(path, 303);
  });

  const ownOrManaged = async (request: FastifyRequest<ApplicationParams>, isOwnerAction: boolean) => {
    const user = requireUser(request);
    const loaded = await loadCohort(request as unknown as FastifyRequest<CohortParams>);
    const application = await findApplication(db, request.params.application);
    if (!application || application.cohortId !== loaded.cohort.id) throw notFound();
    if (isOwnerAction ? application.userId !== user.id : !loaded.canManage) throw isOwnerAction ? notFound() : forbidden();
    return { ...loaded, application, path: cohortPath(loaded.space.slug, loaded.programme.slug, loaded.cohort.id) };
  };
  const conflictToFlash = async (reply: FastifyReply, path: string, work: () => Promise<unknown>, flash: string) => {
    try {
      await work();
      setFlash(reply, flash);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
    }
    return reply.redirect(path, 303);
  };
  app.post<ApplicationParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/applications/:application/withdraw", hidden, async (request, reply) => {
    const { application, path } = await ownOrManaged(request, true);
    return conflictToFlash(reply, path, () => withdrawApplication(services, actorOf(request), application), "programmes.flash.withdrawn");
  });
  app.post<ApplicationParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/applications/:application/take-offer", hidden, async (request, reply) => {
    const { application, path } = await ownOrManaged(request, true);
    return conflictToFlash(reply, path, () => takeOffer(services, actorOf(request), application), "programmes.flash.offer_taken");
  });
  app.post<ApplicationParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/applications/:application/decide", hidden, async (request, reply) => {
    const { application, path } = await ownOrManaged(request, false);
    const decision = formBody(request).decision;
    if (typeof decision !== "string" || !(DECISIONS as readonly string[]).includes(decision)) throw new AppError("bad_request", "programmes.error.bad_choice");
    return conflictToFlash(reply, `${path}#selection`, () => decideApplication(services, actorOf(request), application.id, decision as Decision), `programmes.flash.${decision}`);
  });
  app.post<ApplicationParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/applications/:application/complete", hidden, async (request, reply) => {
    const { programme, application, path } = await ownOrManaged(request, false);
    return conflictToFlash(reply, `${path}#selection`, () => completeParticipant(services, actorOf(request), programme, application.id), "programmes.flash.completed");
  });
  app.post<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/progress", hidden, async (request, reply) => {
    const { space, programme, cohort } = await managedCohort(request);
    const body = formBody(request);
    const application = await findApplication(db, uuidOrNull(body.application_id) ?? "");
    const itemId = uuidOrNull(body.item_id);
    if (!application || application.cohortId !== cohort.id || !itemId) throw new AppError("bad_request", "programmes.error.bad_choice");
    const path = `${cohortPath(space.slug, programme.slug, cohort.id)}#progress`;
    return conflictToFlash(reply, path, () => markProgress(services, actorOf(request), programme, application, itemId, body.done !== "false"), "programmes.flash.saved");
  });
  app.post<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/import-attendance", hidden, async (request, reply) => {
    const { space, programme, cohort } = await managedCohort(request);
    await importEventAttendance(services, actorOf(request), programme, cohort);
    setFlash(reply, "programmes.flash.imported");
    return reply.redirect(`${cohortPath(space.slug, programme.slug, cohort.id)}#progress`, 303);
  });
  app.post<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/sessions", hidden, async (request, reply) => {
    const { space, programme, cohort } = await managedCohort(request);
    const body = formBody(request);
    try {
      await addSession(services, actorOf(request), programme, cohort, sessionInput(body));
    } catch (error) {
      if (isFormError(error)) return renderCohort(request, reply, { session: { values: body, errors: formErrors(error) } }, error.status);
      throw error;
    }
    setFlash(reply, "programmes.flash.saved");
    return reply.redirect(`${cohortPath(space.slug, programme.slug, cohort.id)}#sessions`, 303);
  });
  app.post<CohortParams>("/spaces/:slug/programmes/:programme/cohorts/:cohort/space", hidden, async (request, reply) => {
    const { space, programme, cohort } = await managedCohort(request);
    const actor = actorOf(request);
    await db.transaction((tx) => createCohortSpace({ ...services, db: tx }, actor, cohort.id));
    setFlash(reply, "programmes.flash.space_created");
    return reply.redirect(`${cohortPath(space.slug, programme.slug, cohort.id)}#cohort-settings`, 303);
  });

  // ---- editing and removing tracks, cohorts, sessions, materials: one page each (form, then removal) ----
  type EditParams = { Params: Record<string, string> };
  type EditTarget = {
    kind: string; name: LocalizedText; base: string; parent?: { label: LocalizedText; href: string }; labels: Record<string, string>; values: Record<string, unknown>;
    fields: (form: FormState) => ReturnType<typeof trackFields>; removeHint: string; save: (body: Record<string, unknown>) => Promise<unknown>; remove: () => Promise<unknown>;
    /** Where to go after saving (and removing, unless `removedBack` says otherwise: a removed cohort's page is gone). */
    back: string; removedBack?: string;
  };
  type EditContext = Awaited<ReturnType<typeof managedProgramme>> & { view: ReturnType<typeof viewContext>; actor: { id: string; ip: string }; path: string };
  const editRoutes = (path: string, load: (request: FastifyRequest<EditParams>, context: EditContext) => Promise<EditTarget>) => {
    const render = (request: FastifyRequest<EditParams>, reply: FastifyReply, target: EditTarget, loaded: Awaited<ReturnType<typeof managedProgramme>>, form: FormState, status = 200, removeError?: string) =>
      sendPage(reply, editPage(viewContext(request), {
        space: loaded.space, programme: loaded.programme, parent: target.parent, kind: target.kind, name: target.name, action: `${target.base}/edit`, form, labels: target.labels,
        fields: target.fields(form), removeHint: target.removeHint, removeError,
      }), status);
    const loadBoth = async (request: FastifyRequest<EditParams>) => {
      const loaded = await managedProgramme(request as unknown as FastifyRequest<ProgrammeParams>);
      const context = { ...loaded, view: viewContext(request), actor: actorOf(request), path: programmePath(loaded.space.slug, loaded.programme.slug) };
      return { loaded, target: await load(request, context) };
    };
    app.get<EditParams>(`${path}/edit`, hidden, async (request, reply) => {
      const { loaded, target } = await loadBoth(request);
      return render(request, reply, target, loaded, emptyForm(target.values));
    });
    app.post<EditParams>(`${path}/edit`, hidden, async (request, reply) => {
      requireUser(request);
      const { loaded, target } = await loadBoth(request);
      const body = formBody(request);
      try {
        await target.save(body);
      } catch (error) {
        if (isFormError(error)) return render(request, reply, target, loaded, { values: body, errors: formErrors(error) }, error.status);
        throw error;
      }
      setFlash(reply, "programmes.flash.saved");
      return reply.redirect(target.back, 303);
    });
    app.post<EditParams>(`${path}/remove`, hidden, async (request, reply) => {
      requireUser(request);
      const { loaded, target } = await loadBoth(request);
      try {
        await target.remove();
      } catch (error) {
        // Refused (someone applied, chose the track): the edit page again, saying why, with nothing lost.
        if (error instanceof AppError && error.code === "conflict") return render(request, reply, target, loaded, emptyForm(target.values), 409, viewContext(request).t(error.messageKey));
        throw error;
      }
      setFlash(reply, "programmes.flash.removed");
      return reply.redirect(target.removedBack ?? target.back, 303);
    });
  };
  const programmeBase = "/spaces/:slug/programmes/:programme";
  editRoutes(`${programmeBase}/tracks/:track`, async (request, { programme, view, actor, path }) => {
    const track = await findTrack(db, programme.id, request.params.track ?? "");
    if (!track) throw notFound();
    return {
      kind: view.t("programmes.edit.kind.track"), name: track.name, base: `${path}/tracks/${track.id}`, labels: trackLabels(view), values: trackValues(track), fields: (form) => trackFields(view, form),
      removeHint: view.t("programmes.edit.remove_track_hint"), back: `${path}#tracks`,
      save: (body) => updateTrack(services, actor, programme, track, { name: localizedFromForm(body, "track_name"), description: localizedFromForm(body, "track_description") }),
      remove: () => removeTrack(services, actor, programme, track),
    };
  });
  editRoutes(`${programmeBase}/materials/:material`, async (request, { space, programme, view, actor, path }) => {
    const material = await findMaterial(db, programme.id, request.params.material ?? "");
    if (!material) throw notFound();
    const documents = await documentChoicesOf(space.id);
    return {
      kind: view.t("programmes.edit.kind.material"), name: material.title, base: `${path}/materials/${material.id}`, labels: materialLabels(view), values: materialValues(material),
      fields: (form) => materialFields(view, form, documents), removeHint: view.t("programmes.edit.remove_material_hint"), back: `${path}#materials`,
      save: (body) => updateMaterial(services, actor, programme, material, materialInput(body)),
      remove: () => removeMaterial(services, actor, programme, material),
    };
  });
  const cohortOf = async (programme: ProgrammeView, id: string | undefined) => {
    const cohort = await findCohort(db, programme.id, id ?? "");
    if (!cohort) throw notFound();
    return cohort;
  };
  editRoutes(`${programmeBase}/cohorts/:cohort`, async (request, { space, programme, view, actor }) => {
    const cohort = await cohortOf(programme, request.params.cohort);
    const tracks = await listTracks(db, programme.id);
    const path = cohortPath(space.slug, programme.slug, cohort.id);
    return {
      kind: view.t("programmes.edit.kind.cohort"), name: cohort.name, base: path, labels: cohortLabels(view), values: cohortValues(cohort), fields: (form) => cohortFields(view, form, tracks),
      removeHint: view.t("programmes.edit.remove_cohort_hint"), back: path,
      save: (body) => updateCohort(services, actor, programme, cohort, cohortInput(body)),
      remove: () => removeCohort(services, actor, programme, cohort), removedBack: `${programmePath(space.slug, programme.slug)}#cohorts`,
    };
  });
  editRoutes(`${programmeBase}/cohorts/:cohort/sessions/:session`, async (request, { space, programme, view, actor }) => {
    const cohort = await cohortOf(programme, request.params.cohort);
    const session = await findSession(db, cohort.id, request.params.session ?? "");
    if (!session) throw notFound();
    const path = cohortPath(space.slug, programme.slug, cohort.id);
    const events = await eventChoicesOf(request, space.id);
    return {
      kind: view.t("programmes.edit.kind.session"), name: session.title, base: `${path}/sessions/${session.id}`, parent: { label: cohort.name, href: path }, labels: sessionLabels(view),
      values: sessionValues(session), fields: (form) => sessionFields(view, form, events), removeHint: view.t("programmes.edit.remove_session_hint"), back: `${path}#sessions`,
      save: (body) => updateSession(services, actor, programme, session, sessionInput(body)),
      remove: () => removeSession(services, actor, programme, session),
    };
  });

  // ---- account and certificates ----
  app.get("/account/programmes", hidden, async (request, reply) => {
    const user = requireUser(request);
    const rows = await queryRows<{ id: string; programme_id: string; space_slug: string; programme_slug: string; title: LocalizedText; cohort_id: string; name: LocalizedText; starts_on: string | Date; ends_on: string | Date }>(
      db,
      sql`select a.id, p.id as programme_id, s.slug as space_slug, p.slug as programme_slug, p.title, c.id as cohort_id, c.name, c.starts_on, c.ends_on
        from programme_applications a join programme_cohorts c on c.id = a.cohort_id join programme_programmes p on p.id = a.programme_id join spaces s on s.id = p.space_id
        where a.user_id = ${user.id} order by c.starts_on desc, a.created_at desc limit 200`,
    );
    const day = (value: string | Date) => (typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));
    const applications: OwnApplication[] = [];
    for (const row of rows) {
      const application = (await findApplication(db, row.id))!;
      const programme = (await findProgrammeById(db, row.programme_id))!;
      const summary = await progressSummary(services, programme, application);
      applications.push({
        id: row.id, status: application.status, completedAt: application.completedAt, spaceSlug: row.space_slug, programmeSlug: row.programme_slug, programmeTitle: row.title,
        cohortId: row.cohort_id, cohortName: row.name, startsOn: day(row.starts_on), endsOn: day(row.ends_on), attended: summary.attended, sessions: summary.sessions, needed: summary.needed,
        materialsDone: summary.materialsDone, materials: summary.materials,
      });
    }
    return sendPage(reply, accountProgrammesPage(viewContext(request), applications));
  });

  /** Who and what a certificate is for: the completed application with its names, or null. */
  const certificateFacts = async (applicationId: string) => {
    const [row] = await queryRows<{ display_name: string; title: LocalizedText; name: LocalizedText; space_title: LocalizedText; completed_at: string | Date | null; user_id: string }>(
      db,
      sql`select u.display_name, p.title, c.name, s.title as space_title, a.completed_at, a.user_id from programme_applications a join users u on u.id = a.user_id
        join programme_programmes p on p.id = a.programme_id join programme_cohorts c on c.id = a.cohort_id join spaces s on s.id = p.space_id
        where a.id = ${applicationId} and a.status = 'confirmed' and a.completed_at is not null`,
    );
    return row && row.completed_at ? { name: row.display_name, programmeTitle: row.title, cohortName: row.name, spaceTitle: row.space_title, completedAt: new Date(row.completed_at), userId: row.user_id } : null;
  };
  app.get<{ Params: { application: string } }>("/account/programmes/:application/certificate", hidden, async (request, reply) => {
    const user = requireUser(request);
    const applicationId = uuidOrNull(request.params.application);
    const facts = applicationId ? await certificateFacts(applicationId) : null;
    if (!facts || facts.userId !== user.id) throw notFound();
    const code = await completionCertificateCode(db, applicationId!);
    const verificationUrl = `${services.config.publicUrl.replace(/\/$/, "")}${certificatePath(code)}`;
    return sendPage(reply, certificatePage(viewContext(request), { ...facts, code, verificationUrl }));
  });
  app.get<{ Params: { code: string } }>("/programmes/certificates/:code", hidden, async (request, reply) => {
    const applicationId = await readCompletionCertificateCode(db, request.params.code);
    const facts = applicationId ? await certificateFacts(applicationId) : null;
    // An unknown or tampered code is a 404 page that says so (nothing about why).
    return sendPage(reply, verificationPage(viewContext(request), facts), facts ? 200 : 404);
  });
}

