import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound, type FieldErrors } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage, validateForm } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, type FormState } from "../../platform/views/forms";
import { listProgrammes } from "../programmes/queries";
import { spaceFrameworkItems, type ViewedSpace } from "../spaces/queries";
import { mentoringApiRoutes } from "./api";
import { closePair } from "./commands/close-pair";
import { confirmPair } from "./commands/confirm-pair";
import { rejectSuggestion } from "./commands/reject-suggestion";
import { logMeeting } from "./commands/log-meeting";
import { saveOffer, saveRequest, setOfferStatus, withdrawRequest } from "./commands/save-profile";
import { MeetingInput, meetingFromForm, OfferInput, profileFromForm, RequestInput } from "./inputs";
import { canSeePair, canWriteToPair } from "./permissions";
import { findMenteeOfUser, findMentorOfUser, findPair, listMeetings, listMentors, listPairs, loadMentoringSpace, meetingCounts, mentoringPath, type MenteeView, type MentorView } from "./queries";
import { mentoringSuggestions } from "./suggestions";
import { mentoringHomePage, profileFormPage } from "./views/home-page";
import { organisePage, pairPage } from "./views/organise-page";
import { itemLabels, MENTORING_STYLES } from "./views/shared";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type PairParams = { Params: { slug: string; pair: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Errors inside a list field ("tags.2", "languages.0") are shown on the whole field. */
function collapse(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [name, error] of Object.entries(errors)) result[name.split(".")[0]!] ??= error;
  return result;
}

/** An offer or request as its form shows it. */
function profileValues(profile: MentorView | MenteeView): Record<string, unknown> {
  return {
    displayName: profile.displayName, itemIds: profile.itemIds, tags: profile.tags.join(", "), languages: profile.languages, timeZone: profile.timeZone,
    programmeId: profile.programmeId ?? "", ...("capacity" in profile ? { bio: profile.bio, capacity: String(profile.capacity) } : { needs: profile.needs }),
  };
}

/** Mentoring pages: overview, offer and request forms, the organisers' page, pairs and their meeting logs; and the API. */
export async function mentoringRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  MENTORING_STYLES.register(app);
  await app.register(mentoringApiRoutes);

  const organisedSpace = async (request: FastifyRequest, slug: string): Promise<ViewedSpace> => {
    requireUser(request);
    const { space, isOrganiser } = await loadMentoringSpace(request, slug);
    if (!isOrganiser) throw forbidden();
    return space;
  };

  app.get<SpaceParams>("/spaces/:slug/mentoring", hidden, async (request, reply) => {
    const { space, isOrganiser } = await loadMentoringSpace(request, request.params.slug);
    const user = request.user;
    const [mentors, frameworks, own] = await Promise.all([
      listMentors(db, space.id, { onlyOpen: true }),
      spaceFrameworkItems(db, space.id),
      user
        ? Promise.all([findMentorOfUser(db, space.id, user.id), findMenteeOfUser(db, space.id, user.id), listPairs(db, space.id, { userId: user.id })]).then(([offer, request, pairs]) => ({ offer, request, pairs }))
        : Promise.resolve(null),
    ]);
    return sendPage(reply, mentoringHomePage(viewContext(request), { space, isOrganiser, mentors, frameworks, own }));
  });

  // ---- offer and request ----
  for (const kind of ["offer", "request"] as const) {
    const render = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, form: FormState | null, status = 200) => {
      const user = requireUser(request);
      const [frameworks, existing, programmes] = await Promise.all([
        spaceFrameworkItems(db, space.id),
        kind === "offer" ? findMentorOfUser(db, space.id, user.id) : findMenteeOfUser(db, space.id, user.id),
        listProgrammes(db, space.id, false),
      ]);
      const isExisting = Boolean(existing && existing.status !== "withdrawn");
      const initial = existing ? profileValues(existing) : { displayName: user.displayName, languages: [user.locale], capacity: "2" };
      return sendPage(reply, profileFormPage(viewContext(request), { space, kind, form: form ?? emptyForm(initial), frameworks, programmes, isExisting }), status);
    };
    app.get<SpaceParams>(`/spaces/:slug/mentoring/${kind}`, hidden, async (request, reply) => {
      requireUser(request);
      const { space } = await loadMentoringSpace(request, request.params.slug);
      return render(request, reply, space, null);
    });
    app.post<SpaceParams>(`/spaces/:slug/mentoring/${kind}`, hidden, async (request, reply) => {
      const user = requireUser(request);
      const { space } = await loadMentoringSpace(request, request.params.slug);
      const body = formBody(request);
      const parsed = kind === "offer" ? validateForm(OfferInput, profileFromForm(body)) : validateForm(RequestInput, profileFromForm(body));
      if (!parsed.isValid) return render(request, reply, space, { values: body, errors: collapse(parsed.errors) }, 422);
      try {
        const actor = { id: user.id, ip: request.ip };
        if (kind === "offer") await saveOffer(services, actor, space.id, parsed.data as OfferInput);
        else await saveRequest(services, actor, space.id, parsed.data as RequestInput);
      } catch (error) {
        if (error instanceof AppError && error.code === "validation_failed") return render(request, reply, space, { values: body, errors: error.fields }, 422);
        throw error;
      }
      setFlash(reply, `mentoring.flash.${kind}_saved`);
      return reply.redirect(mentoringPath(space.slug), 303);
    });
  }
  app.post<SpaceParams>("/spaces/:slug/mentoring/offer/status", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space } = await loadMentoringSpace(request, request.params.slug);
    const status = formBody(request).status;
    if (status !== "open" && status !== "paused" && status !== "withdrawn") throw new AppError("bad_request", "mentoring.error.bad_status", { status: { key: "mentoring.error.bad_status" } });
    await setOfferStatus(services, { id: user.id, ip: request.ip }, space.id, status);
    setFlash(reply, `mentoring.flash.offer_${status}`);
    return reply.redirect(mentoringPath(space.slug), 303);
  });
  app.post<SpaceParams>("/spaces/:slug/mentoring/request/withdraw", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space } = await loadMentoringSpace(request, request.params.slug);
    await withdrawRequest(services, { id: user.id, ip: request.ip }, space.id);
    setFlash(reply, "mentoring.flash.request_withdrawn");
    return reply.redirect(mentoringPath(space.slug), 303);
  });

  // ---- organisers ----
  app.get<SpaceParams>("/spaces/:slug/mentoring/organise", hidden, async (request, reply) => {
    const space = await organisedSpace(request, request.params.slug);
    const now = clock.now();
    const [{ suggestions, mentors }, frameworks, pairs] = await Promise.all([mentoringSuggestions(db, space.id, now), spaceFrameworkItems(db, space.id), listPairs(db, space.id)]);
    const view = viewContext(request);
    const meetings = await meetingCounts(db, pairs.map((pair) => pair.id));
    return sendPage(reply, organisePage(view, { space, labels: itemLabels(view, frameworks), suggestions, mentors, pairs, meetings, now }));
  });
  /** The mentee and mentor a confirm or reject form names (400 when they are not ids). */
  const pairOfForm = (request: FastifyRequest) => {
    const body = formBody(request);
    if (typeof body.menteeId !== "string" || !UUID.test(body.menteeId)) throw new AppError("bad_request", "mentoring.error.bad_pair", { menteeId: { key: "mentoring.error.bad_pair" } });
    if (typeof body.mentorId !== "string" || !UUID.test(body.mentorId)) throw new AppError("bad_request", "mentoring.error.bad_pair", { mentorId: { key: "mentoring.error.bad_pair" } });
    return { menteeId: body.menteeId, mentorId: body.mentorId };
  };
  app.post<SpaceParams>("/spaces/:slug/mentoring/pairs", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await organisedSpace(request, request.params.slug);
    try {
      const { id } = await confirmPair(services, { id: user.id, ip: request.ip }, space, pairOfForm(request));
      setFlash(reply, "mentoring.flash.pair_confirmed");
      return reply.redirect(`${mentoringPath(space.slug)}/pairs/${id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
      return reply.redirect(`${mentoringPath(space.slug)}/organise`, 303);
    }
  });
  app.post<SpaceParams>("/spaces/:slug/mentoring/suggestions/reject", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await organisedSpace(request, request.params.slug);
    await rejectSuggestion(services, { id: user.id, ip: request.ip }, space, pairOfForm(request));
    setFlash(reply, "mentoring.flash.suggestion_rejected");
    return reply.redirect(`${mentoringPath(space.slug)}/organise`, 303);
  });

  // ---- a pair ----
  /** The pair as this viewer may see it; the same 404 whether it is missing or someone else's. */
  const loadPair = async (request: FastifyRequest<PairParams>) => {
    const { space, isOrganiser } = await loadMentoringSpace(request, request.params.slug);
    const pair = UUID.test(request.params.pair) ? await findPair(db, space.id, request.params.pair) : undefined;
    if (!pair || !canSeePair(request.user?.id, isOrganiser, pair)) throw notFound();
    return { space, pair, isOrganiser, canWrite: canWriteToPair(request.user?.id, isOrganiser, pair) };
  };
  const renderPair = async (request: FastifyRequest<PairParams>, reply: FastifyReply, form: FormState | null, status = 200) => {
    const { space, pair, canWrite } = await loadPair(request);
    const [meetings, frameworks] = await Promise.all([listMeetings(db, pair.id), spaceFrameworkItems(db, space.id)]);
    const view = viewContext(request);
    const isInPair = request.user?.id === pair.mentorUserId || request.user?.id === pair.menteeUserId;
    return sendPage(reply, pairPage(view, { space, pair, labels: itemLabels(view, frameworks), meetings, canWrite, isInPair, form: form ?? emptyForm({ metOn: clock.now().toISOString().slice(0, 10), minutes: "60" }) }), status);
  };
  app.get<PairParams>("/spaces/:slug/mentoring/pairs/:pair", hidden, async (request, reply) => renderPair(request, reply, null));
  app.post<PairParams>("/spaces/:slug/mentoring/pairs/:pair/meetings", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, pair, canWrite } = await loadPair(request);
    if (!canWrite) throw forbidden();
    const body = formBody(request);
    const parsed = validateForm(MeetingInput, meetingFromForm(body));
    if (!parsed.isValid) return renderPair(request, reply, { values: body, errors: collapse(parsed.errors) }, 422);
    await logMeeting(services, { id: user.id, ip: request.ip }, pair, parsed.data);
    setFlash(reply, "mentoring.flash.meeting_logged");
    return reply.redirect(`${mentoringPath(space.slug)}/pairs/${pair.id}`, 303);
  });
  app.post<PairParams>("/spaces/:slug/mentoring/pairs/:pair/close", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, pair, canWrite } = await loadPair(request);
    if (!canWrite) throw forbidden();
    await closePair(services, { id: user.id, ip: request.ip }, space.id, pair.id);
    setFlash(reply, "mentoring.flash.pair_closed");
    return reply.redirect(`${mentoringPath(space.slug)}/pairs/${pair.id}`, 303);
  });
}
