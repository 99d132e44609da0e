import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { hashToken, randomToken } from "../../platform/crypto";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { localizedFromForm, localizedToForm, emptyForm, type FormState } from "../../platform/views/forms";
import { organisationsOfUser } from "../organisations/queries";
import type { ViewedSpace } from "../spaces/queries";
import { addSection, checkSettings, createSurvey, removeQuestion, saveQuestion, setAnswerReleased, setSurveyStatus, updateSurveySettings, type QuestionInput } from "./commands/save-survey";
import { checkProfile, submitResponse, type Respondent } from "./commands/submit-response";
import { findQuestion, type PostedAnswers, type Question } from "./definition";
import { aggregatesCsv, rawResponsesCsv } from "./exports";
import { surveyApiRoutes } from "./api";
import { canSeeResults } from "./permissions";
import { existingResponse, isAccepting, listSurveys, loadSurveyForViewer, loadSurveysSpace, surveyPath, type SurveyView } from "./queries";
import { DIMENSIONS, surveyResults, textAnswers, type Dimension } from "./results";
import { SURVEY_STATUSES, type SurveyStatus } from "./schema";
import { itemId, resultsPage } from "./views/results-page";
import { SURVEY_STYLES } from "./views/shared";
import { questionPage, surveyListPage, surveyPage } from "./views/survey-pages";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type SurveyParams = { Params: { slug: string; survey: string } };
type QuestionParams = { Params: { slug: string; survey: string; question: string } };

/** The browser cookie behind "one response per browser" in anonymous surveys: random, nothing about the person. */
const BROWSER_COOKIE = "convene_survey_browser";
const TEXT_ANSWERS_SHOWN = 200;

/** Settings as the form shows them. */
export function settingsValues(survey: SurveyView): Record<string, unknown> {
  const local = (date: Date | null) => (date ? date.toISOString().slice(0, 16) : "");
  return {
    ...localizedToForm("title", survey.title), ...localizedToForm("description", survey.description), respondent: survey.respondent,
    results_public: survey.resultsPublic ? "on" : "", opens_at: local(survey.opensAt), closes_at: local(survey.closesAt),
  };
}

/** A question as its form shows it: options and rows one per line per language. */
function questionValues(question: Question, sectionKey: string): Record<string, unknown> {
  const lines = (choices: Question["options"], code: "en" | "ru") => choices.map((choice) => choice.label[code] ?? "").join("\n");
  return {
    section: sectionKey, kind: question.kind, ...localizedToForm("text", question.text), ...localizedToForm("help", question.help), is_required: question.isRequired ? "on" : "",
    "options.en": lines(question.options, "en"), "options.ru": lines(question.options, "ru"), "rows.en": lines(question.rows, "en"), "rows.ru": lines(question.rows, "ru"),
    scale: question.scale, ...localizedToForm("min_label", question.minLabel), ...localizedToForm("max_label", question.maxLabel),
    show_if: question.showIf ? question.showIf.options.map((option) => `${question.showIf!.question}:${option}`) : [],
  };
}

/** A question as the builder form posts it (also a programme's application form). */
export function questionInput(body: Record<string, unknown>): QuestionInput {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  return {
    section: text("section"), kind: text("kind"), text: localizedFromForm(body, "text"), help: localizedFromForm(body, "help"), isRequired: Boolean(body.is_required),
    options: { en: text("options.en"), ru: text("options.ru") }, rows: { en: text("rows.en"), ru: text("rows.ru") }, scale: text("scale"),
    minLabel: localizedFromForm(body, "min_label"), maxLabel: localizedFromForm(body, "max_label"), showIf: formList(body, "show_if"),
  };
}

function settingsFromForm(body: Record<string, unknown>) {
  return checkSettings({
    title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description"), respondent: body.respondent, resultsPublic: Boolean(body.results_public),
    opensAt: body.opens_at, closesAt: body.closes_at,
  });
}

/** The posted answers: `answer.<question>` (and `answer.<question>.<row>` for matrix rows) → values. */
export function postedAnswers(body: Record<string, unknown>): PostedAnswers {
  const answers: PostedAnswers = {};
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith("answer.")) continue;
    answers[name.slice("answer.".length)] = (Array.isArray(value) ? value : [value]).filter((entry) => typeof entry === "string") as string[];
  }
  return answers;
}

/** Pages of surveys: list, builder, the answer form, results with cross-tabs, CSV exports; and the API. */
export async function surveyRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  SURVEY_STYLES.register(app);
  await app.register(surveyApiRoutes);

  const managedSpace = async (request: FastifyRequest, slug: string): Promise<ViewedSpace> => {
    requireUser(request);
    const { space, canManage } = await loadSurveysSpace(request, slug);
    if (!canManage) throw forbidden();
    return space;
  };
  const managedSurvey = async (request: FastifyRequest<SurveyParams>) => {
    requireUser(request);
    const loaded = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
    if (!loaded.canManage) throw forbidden();
    return loaded;
  };

  // ---- list and new ----
  const renderList = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormState, status = 200) => {
    const { space, canManage } = await loadSurveysSpace(request, slug);
    const surveys = await listSurveys(db, space.id, canManage);
    return sendPage(reply, surveyListPage(viewContext(request), { space, surveys, canManage, form: form ?? emptyForm({ respondent: "person" }) }), status);
  };
  app.get<SpaceParams>("/spaces/:slug/surveys", hidden, async (request, reply) => renderList(request, reply, request.params.slug));
  app.post<SpaceParams>("/spaces/:slug/surveys/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await managedSpace(request, request.params.slug);
    const body = formBody(request);
    let created: SurveyView | undefined;
    try {
      created = await createSurvey(services, { id: user.id, ip: request.ip }, space.id, settingsFromForm(body));
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderList(request, reply, space.slug, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "surveys.flash.created");
    return reply.redirect(surveyPath(space.slug, created.slug), 303);
  });

  // ---- one survey: the answer form, and the builder for organisers ----
  /** Who the viewer would answer as, or why they cannot (a notice). */
  const respondentOf = async (request: FastifyRequest, reply: FastifyReply, survey: SurveyView, organisationId: string | null, isWriting: boolean) => {
    if (survey.respondent === "anonymous") {
      let token = request.cookies[BROWSER_COOKIE];
      if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
        token = randomToken(24);
        if (isWriting) reply.setCookie(BROWSER_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", maxAge: 2 * 365 * 86_400 });
      }
      return { userId: null, organisationId: null, respondentKey: `browser:${hashToken(`${survey.id}:${token}`)}`, locale: request.locale } satisfies Respondent;
    }
    if (!request.user) return null;
    if (survey.respondent === "organisation") {
      return { userId: request.user.id, organisationId, respondentKey: `organisation:${organisationId ?? ""}`, locale: request.locale } satisfies Respondent;
    }
    return { userId: request.user.id, organisationId: null, respondentKey: `user:${request.user.id}`, locale: request.locale } satisfies Respondent;
  };

  const renderSurvey = async (request: FastifyRequest<SurveyParams>, reply: FastifyReply, forms: { answer?: FormState; settings?: FormState; section?: FormState; question?: FormState } = {}, status = 200) => {
    const { space, survey, canManage } = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
    const accepting = isAccepting(survey, clock.now());
    const organisations = survey.respondent === "organisation" && request.user ? await organisationsOfUser(db, request.user.id) : [];
    let notice: { key: string; values?: Record<string, string> } | null = null;
    if (accepting) {
      if (survey.respondent !== "anonymous" && !request.user) notice = { key: "surveys.answer.sign_in" };
      else if (survey.respondent === "organisation" && !organisations.length) notice = { key: "surveys.answer.no_organisation" };
      else if (survey.respondent === "person") {
        const given = await existingResponse(db, survey.id, `user:${request.user!.id}`);
        if (given) notice = { key: "surveys.answer.already", values: { when: viewContext(request).format.dateTime(given.submittedAt) } };
      } else if (survey.respondent === "anonymous" && request.cookies[BROWSER_COOKIE]) {
        const respondent = await respondentOf(request, reply, survey, null, false);
        const given = respondent ? await existingResponse(db, survey.id, respondent.respondentKey) : undefined;
        if (given) notice = { key: "surveys.answer.already_browser" };
      } else if (survey.respondent === "organisation") {
        // An organisation answers once: a second member sees that it already has (when, not what).
        const answered = await Promise.all(organisations.map(async (organisation) => ({ organisation, given: await existingResponse(db, survey.id, `organisation:${organisation.id}`) })));
        const open = answered.filter((entry) => !entry.given);
        if (!open.length) notice = { key: "surveys.answer.organisation_already" };
        organisations.splice(0, organisations.length, ...open.map((entry) => entry.organisation));
      }
    }
    const view = viewContext(request);
    const builder = canManage
      ? {
          settings: forms.settings ?? emptyForm(settingsValues(survey)),
          section: forms.section ?? emptyForm(),
          question: forms.question ?? emptyForm({ section: survey.definition.sections.at(-1)?.key ?? "", kind: "single", scale: "1-5" }),
        }
      : null;
    return sendPage(
      reply,
      surveyPage(view, {
        space, survey, canManage, canSeeResults: canSeeResults(canManage, survey), isAccepting: accepting, notice,
        form: notice ? null : (forms.answer ?? emptyForm()),
        answer: { action: `${surveyPath(space.slug, survey.slug)}/respond`, respondent: survey.respondent, organisations },
        builder,
      }),
      status,
    );
  };

  app.get<SurveyParams>("/spaces/:slug/surveys/:survey", hidden, async (request, reply) => renderSurvey(request, reply));

  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/respond", hidden, async (request, reply) => {
    const { space, survey } = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
    if (survey.respondent !== "anonymous") requireUser(request);
    const body = formBody(request);
    const organisationId = typeof body.organisation_id === "string" && /^[0-9a-f-]{36}$/i.test(body.organisation_id) ? body.organisation_id : null;
    const respondent = await respondentOf(request, reply, survey, organisationId, true);
    if (!respondent) throw new AppError("unauthenticated", "error.unauthenticated");
    try {
      await submitResponse(services, survey, respondent, postedAnswers(body), checkProfile({ actorType: body.actor_type, country: body.country, constituency: body.constituency }));
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") {
        setFlash(reply, error.messageKey);
        return reply.redirect(surveyPath(space.slug, survey.slug), 303);
      }
      if (error instanceof AppError && error.code === "validation_failed") return renderSurvey(request, reply, { answer: { values: body, errors: error.fields } }, 422);
      throw error;
    }
    setFlash(reply, "surveys.flash.answered");
    return reply.redirect(canSeeResults(false, survey) ? `${surveyPath(space.slug, survey.slug)}/results` : surveyPath(space.slug, survey.slug), 303);
  });

  // ---- builder ----
  const builderPost = async (request: FastifyRequest<SurveyParams>, reply: FastifyReply, form: "settings" | "section" | "question", action: (survey: SurveyView, actor: { id: string; ip: string }, body: Record<string, unknown>) => Promise<unknown>, flash: string, anchor = "") => {
    const user = requireUser(request);
    const { space, survey } = await managedSurvey(request);
    const body = formBody(request);
    try {
      await action(survey, { id: user.id, ip: request.ip }, body);
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return renderSurvey(request, reply, { [form]: { values: body, errors } }, error.status);
      }
      throw error;
    }
    setFlash(reply, flash);
    return reply.redirect(`${surveyPath(space.slug, survey.slug)}${anchor}`, 303);
  };
  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/settings", hidden, async (request, reply) =>
    builderPost(request, reply, "settings", (survey, actor, body) => updateSurveySettings(services, actor, survey.id, settingsFromForm(body)), "surveys.flash.saved"),
  );
  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/sections", hidden, async (request, reply) =>
    builderPost(request, reply, "section", (survey, actor, body) => addSection(services, actor, survey.id, localizedFromForm(body, "section_title"), localizedFromForm(body, "section_description")), "surveys.flash.saved", "#add-question"),
  );
  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/questions", hidden, async (request, reply) =>
    builderPost(request, reply, "question", (survey, actor, body) => saveQuestion(services, actor, survey.id, null, questionInput(body)), "surveys.flash.question_added", "#add-question"),
  );
  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/status", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, survey } = await managedSurvey(request);
    const status = formBody(request).status;
    if (typeof status !== "string" || !(SURVEY_STATUSES as readonly string[]).includes(status)) throw new AppError("bad_request", "surveys.builder.error.bad_choice");
    try {
      await setSurveyStatus(services, { id: user.id, ip: request.ip }, survey.id, status as SurveyStatus);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
      return reply.redirect(surveyPath(space.slug, survey.slug), 303);
    }
    setFlash(reply, `surveys.flash.${status}`);
    return reply.redirect(surveyPath(space.slug, survey.slug), 303);
  });

  const loadQuestion = async (request: FastifyRequest<QuestionParams>) => {
    const loaded = await managedSurvey(request as unknown as FastifyRequest<SurveyParams>);
    const question = findQuestion(loaded.survey.definition, request.params.question);
    if (!question) throw notFound();
    const section = loaded.survey.definition.sections.find((candidate) => candidate.questions.some((other) => other.key === question.key))!;
    return { ...loaded, question, section };
  };
  app.get<QuestionParams>("/spaces/:slug/surveys/:survey/questions/:question", hidden, async (request, reply) => {
    const { space, survey, question, section } = await loadQuestion(request);
    return sendPage(reply, questionPage(viewContext(request), { space, survey, question, form: emptyForm(questionValues(question, section.key)) }));
  });
  app.post<QuestionParams>("/spaces/:slug/surveys/:survey/questions/:question", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, survey, question } = await loadQuestion(request);
    const body = formBody(request);
    try {
      await saveQuestion(services, { id: user.id, ip: request.ip }, survey.id, question.key, questionInput(body));
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return sendPage(reply, questionPage(viewContext(request), { space, survey, question, form: { values: body, errors } }), error.status);
      }
      throw error;
    }
    setFlash(reply, "surveys.flash.saved");
    return reply.redirect(surveyPath(space.slug, survey.slug), 303);
  });
  app.post<QuestionParams>("/spaces/:slug/surveys/:survey/questions/:question/delete", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, survey, question } = await loadQuestion(request);
    try {
      await removeQuestion(services, { id: user.id, ip: request.ip }, survey.id, question.key);
      setFlash(reply, "surveys.flash.question_removed");
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
      setFlash(reply, error.messageKey);
    }
    return reply.redirect(surveyPath(space.slug, survey.slug), 303);
  });

  // ---- results ----
  const loadResults = async (request: FastifyRequest<SurveyParams>) => {
    const loaded = await loadSurveyForViewer(request, request.params.slug, request.params.survey);
    if (!canSeeResults(loaded.canManage, loaded.survey)) throw notFound();
    return loaded;
  };
  app.get<SurveyParams>("/spaces/:slug/surveys/:survey/results", hidden, async (request, reply) => {
    const { space, survey, canManage } = await loadResults(request);
    const query = request.query as Record<string, unknown>;
    const textKeys = survey.definition.sections.flatMap((section) => section.questions).filter((question) => question.kind === "short_text" || question.kind === "long_text").map((question) => question.key);
    const [results, texts] = await Promise.all([
      surveyResults(db, survey),
      Promise.all(textKeys.map(async (key) => [key, await textAnswers(db, survey.id, key, { isReleasedOnly: !canManage, limit: TEXT_ANSWERS_SHOWN })] as const)),
    ]);
    const asked = typeof query.question === "string" ? results.items.find((item) => itemId(item) === query.question) : undefined;
    if (typeof query.question === "string" && !asked) throw new AppError("validation_failed", "surveys.results.error.bad_question", { question: { key: "surveys.results.error.bad_question" } });
    if (query.by !== undefined && !(DIMENSIONS as readonly unknown[]).includes(query.by)) throw new AppError("validation_failed", "surveys.results.error.bad_dimension", { by: { key: "surveys.results.error.bad_dimension" } });
    // Without a choice the first question is shown by actor type, so the page always has one cross-tab.
    const item = asked ?? results.items[0];
    const crossTab = item ? { item, dimension: (query.by as Dimension | undefined) ?? "actor_type" } : null;
    return sendPage(reply, resultsPage(viewContext(request), { space, survey, results, canManage, texts: new Map(texts), crossTab }));
  });
  app.post<SurveyParams>("/spaces/:slug/surveys/:survey/answers/release", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, survey } = await managedSurvey(request);
    const body = formBody(request);
    const responseId = typeof body.response_id === "string" && /^[0-9a-f-]{36}$/i.test(body.response_id) ? body.response_id : null;
    if (!responseId || typeof body.question !== "string") throw new AppError("bad_request", "surveys.results.error.bad_answer");
    await setAnswerReleased(services, { id: user.id, ip: request.ip }, survey, responseId, body.question, body.released === "true");
    setFlash(reply, body.released === "true" ? "surveys.flash.released" : "surveys.flash.withdrawn");
    return reply.redirect(`${surveyPath(space.slug, survey.slug)}/results`, 303);
  });
  app.get<SurveyParams>("/spaces/:slug/surveys/:survey/results.csv", hidden, async (request, reply) => {
    const { survey } = await loadResults(request);
    const csv = aggregatesCsv(await surveyResults(db, survey), request.locale);
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${survey.slug}-results.csv"`).send(csv);
  });
  app.get<SurveyParams>("/spaces/:slug/surveys/:survey/responses.csv", hidden, async (request, reply) => {
    const { survey } = await managedSurvey(request);
    const csv = await rawResponsesCsv(db, survey);
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${survey.slug}-responses.csv"`).send(csv);
  });
}
