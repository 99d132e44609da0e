import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isFollowing } from "./queries-participation";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, runForm, sendPage } from "../../platform/http/forms";
import { registerMultipartForms } from "../../platform/http/multipart";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { getSpaceForViewer, spacePeople, type ViewedSpace } from "../spaces/queries";
import { addTopic } from "./commands/add-topic";
import { setConsultationArchived } from "./commands/archive-consultation";
import { daysFromWindow } from "./commands/consultation-inputs";
import { canCreateConsultation, createConsultation } from "./commands/create-consultation";
import { addQuestion, removeQuestion, updateQuestion } from "./commands/edit-question";
import { publishConsultation } from "./commands/publish-consultation";
import { addGroupFacilitator, removeGroupFacilitator } from "./commands/set-group-facilitator";
import { updateConsultation } from "./commands/update-consultation";
import { updateGroup } from "./commands/update-group";
import { moveTopic, updateTopic } from "./commands/update-topic";
import { parseOutline, type ParsedOutline } from "./outline";
import { loadConsultationForViewer, parseNumber, type ConsultationForViewer } from "./queries";
import { consultationStructure, findGroup, findTopic, listConsultationsForViewer } from "./queries-structure";
import { addTopicPage, groupEditPage, settingsPage, topicEditPage } from "./views/structure-edit";
import { importPage } from "./views/structure-import";
import { consultationListPage, consultationOverviewPage, groupPage } from "./views/structure-pages";
import { consultationPath, consultationsPath } from "./views/structure-shared";
import { renderConsultationsFeed } from "./feed";
import { ATOM_CONTENT_TYPE } from "../../platform/feeds/atom";
import { localizedString } from "../../platform/i18n/localized";

type SpaceParams = { Params: { slug: string } };
type ConsultationParams = { Params: { slug: string; consultation: string } };
type NumberParams = { Params: { slug: string; consultation: string; number: string } };
type QuestionParams = { Params: { slug: string; consultation: string; number: string; question: string } };
const hidden = { schema: { hide: true } };

/** An outline file may be up to this size (the parser reads at most 200,000 characters of it). */
const UPLOAD_LIMIT = 1024 * 1024;

/** Text of an uploaded outline: UTF-8, UTF-16 with its byte-order mark, or Windows-1251 as Russian Word saves .txt. */
function decodeUpload(value: Buffer): string {
  if (value[0] === 0xff && value[1] === 0xfe) return new TextDecoder("utf-16le").decode(value.subarray(2));
  if (value[0] === 0xfe && value[1] === 0xff) return new TextDecoder("utf-16be").decode(value.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(value);
  } catch {
    return new TextDecoder("windows-1251").decode(value);
  }
}

/** True when text holds control characters other than tab and line breaks: a binary file, not an outline. */
function hasControlCharacters(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) return true;
  }
  return false;
}

/** The consultations module must be switched on in the space; otherwise its pages do not exist. */
async function loadSpace(request: FastifyRequest<SpaceParams>): Promise<ViewedSpace> {
  const space = await getSpaceForViewer(request.server.services.db, request.params.slug, request.user);
  if (!space.enabledModules.includes("consultations")) throw notFound();
  return space;
}

/** Editing pages: a hidden consultation stays a 404; a visible one asks anonymous people to log in and refuses the rest. */
function requireManager(request: FastifyRequest, loaded: ConsultationForViewer): void {
  if (loaded.access.canManage) return;
  if (!request.user) throw new AppError("unauthenticated");
  throw forbidden();
}

const settingsForm = (body: Record<string, unknown>) => ({ ...body, title: localizedFromForm(body, "title"), description: localizedFromForm(body, "description") });

/** Pages of the structure part: list, outline import with preview, overview, group page, editing. */
export async function structureRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  await registerMultipartForms(app, { fileSize: UPLOAD_LIMIT, fieldSize: UPLOAD_LIMIT, files: 1, fields: 20, parts: 25 });

  const load = async (request: FastifyRequest<ConsultationParams>): Promise<ConsultationForViewer> => {
    const loaded = await loadConsultationForViewer(db, request.params.slug, request.params.consultation, request.user, services.clock.now());
    if (!loaded.space.enabledModules.includes("consultations")) throw notFound();
    return loaded;
  };
  const loadManaged = async (request: FastifyRequest<ConsultationParams>): Promise<ConsultationForViewer> => {
    const loaded = await load(request);
    requireManager(request, loaded);
    return loaded;
  };
  const base = (loaded: ConsultationForViewer) => consultationPath(loaded.space.slug, loaded.consultation.slug);

  // ---- list ----
  app.get<SpaceParams>("/spaces/:slug/consultations", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    const items = await listConsultationsForViewer(db, space, request.user, services.clock.now());
    return sendPage(reply, consultationListPage(viewContext(request), space, items, { canCreate: canCreateConsultation(request.user, space) }));
  });

  app.get<SpaceParams>("/spaces/:slug/consultations/feed.atom", hidden, async (request, reply) => {
    const space = await loadSpace(request);
    const items = await listConsultationsForViewer(db, space, request.user, services.clock.now());
    const body = renderConsultationsFeed({
      publicUrl: services.config.publicUrl,
      listPath: consultationsPath(space.slug),
      spaceSlug: space.slug,
      title: `${request.t("consultation.structure.list.title")} · ${localizedString(space.title, request.locale)}`,
      locale: request.locale,
      items: items.map((item) => item.consultation),
      fallbackUpdated: space.updatedAt,
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });

  // ---- outline import: paste or upload → preview → create ----
  const importAccess = async (request: FastifyRequest<SpaceParams>): Promise<ViewedSpace> => {
    const space = await loadSpace(request);
    requireUser(request);
    if (!canCreateConsultation(request.user, space)) throw forbidden();
    return space;
  };
  const importDefaults = () => ({ defaultYear: String(services.clock.now().getUTCFullYear()), language: "", visibility: "public", editWindowMinutes: "60", maxReplyDepth: "3" });

  app.get<SpaceParams>("/spaces/:slug/consultations/new", hidden, async (request, reply) => {
    const space = await importAccess(request);
    return sendPage(reply, importPage(viewContext(request), space, emptyForm(importDefaults()), null));
  });

  app.post<SpaceParams>("/spaces/:slug/consultations/new", hidden, async (request, reply) => {
    const space = await importAccess(request);
    const view = viewContext(request);
    const body = formBody(request);
    const values: Record<string, unknown> = { ...importDefaults(), ...body };
    delete values.file;
    delete values._csrf;
    const errors: FormState["errors"] = {};
    if (Buffer.isBuffer(body.file) && body.file.length > 0) {
      const text = decodeUpload(body.file);
      // A binary file (a .docx, a PDF) decodes to control characters: say so rather than preview garbage.
      if (hasControlCharacters(text.slice(0, 4000))) errors.file = { key: "consultation.structure.error.file_unreadable" };
      else values.outline = text;
    }
    const outlineText = typeof values.outline === "string" ? values.outline : "";
    const year = Number(values.defaultYear);
    const defaultYear = Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : services.clock.now().getUTCFullYear();
    values.defaultYear = String(defaultYear);
    const language = values.language === "en" || values.language === "ru" ? values.language : undefined;
    const outline: ParsedOutline | null = outlineText.trim() ? parseOutline(outlineText, { defaultYear, language, today: services.clock.now().toISOString().slice(0, 10) }) : null;
    if (!outlineText.trim() && !errors.file) errors.outline = { key: "validation.required" };
    // The title the outline suggests fills the form the first time; the coordinator's own wins afterwards.
    if (outline && outline.title && !Object.keys(localizedFromForm(values, "title")).length) values[`title.${outline.language}`] = outline.title;
    const render = (form: FormState) => importPage(view, space, form, outline);
    if (values.step !== "create" || Object.keys(errors).length || !outline || outline.errors.length) {
      return sendPage(reply, render({ values, errors }), Object.keys(errors).length || (values.step === "create" && outline?.errors.length) ? 422 : 200);
    }
    return runForm(reply, values, render, async () => {
      const created = await createConsultation(
        services,
        request.user,
        space,
        { ...settingsForm(values), outline: outlineText, defaultYear, language, slug: typeof values.slug === "string" ? values.slug : "" },
        request.ip,
      );
      setFlash(reply, "consultation.structure.created");
      reply.redirect(consultationPath(space.slug, created.slug), 303);
    });
  });

  // ---- overview and group page ----
  app.get<ConsultationParams>("/spaces/:slug/consultations/:consultation", hidden, async (request, reply) => {
    const loaded = await load(request);
    const [structure, following] = await Promise.all([consultationStructure(db, loaded.consultation, services.clock.now()), isFollowing(db, request.user?.id, loaded.consultation.id, null)]);
    return sendPage(reply, consultationOverviewPage(viewContext(request), loaded, structure, { isFollowing: following }));
  });

  app.get<NumberParams>("/spaces/:slug/consultations/:consultation/groups/:number", hidden, async (request, reply) => {
    const loaded = await load(request);
    const number = parseNumber(request.params.number);
    const structure = await consultationStructure(db, loaded.consultation, services.clock.now());
    const group = structure.groups.find((candidate) => candidate.number === number);
    if (!group) throw notFound();
    return sendPage(reply, groupPage(viewContext(request), loaded, group));
  });

  // ---- settings, publish, archive ----
  const settingsValues = (loaded: ConsultationForViewer) => ({
    ...localizedToForm("title", loaded.consultation.title),
    ...localizedToForm("description", loaded.consultation.description),
    visibility: loaded.consultation.visibility,
    ...daysFromWindow(loaded.consultation),
    editWindowMinutes: String(loaded.consultation.editWindowMinutes),
    maxReplyDepth: String(loaded.consultation.maxReplyDepth),
  });
  app.get<ConsultationParams>("/spaces/:slug/consultations/:consultation/settings", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    return sendPage(reply, settingsPage(viewContext(request), loaded, emptyForm(settingsValues(loaded))));
  });
  app.post<ConsultationParams>("/spaces/:slug/consultations/:consultation/settings", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const body = formBody(request);
    const view = viewContext(request);
    return runForm(reply, body, (form) => settingsPage(view, loaded, form), async () => {
      await updateConsultation(services, loaded, settingsForm(body), request.ip);
      setFlash(reply, "consultation.structure.edit.saved");
      reply.redirect(base(loaded), 303);
    });
  });
  const lifecycle = (path: string, action: (loaded: ConsultationForViewer, ip: string) => Promise<void>, flash: string) =>
    app.post<ConsultationParams>(`/spaces/:slug/consultations/:consultation/${path}`, hidden, async (request, reply) => {
      const loaded = await loadManaged(request);
      await action(loaded, request.ip);
      setFlash(reply, flash);
      return reply.redirect(base(loaded), 303);
    });
  lifecycle("publish", (loaded, ip) => publishConsultation(services, loaded, ip), "consultation.structure.published");
  lifecycle("archive", (loaded, ip) => setConsultationArchived(services, loaded, true, ip), "consultation.structure.archived");
  lifecycle("unarchive", (loaded, ip) => setConsultationArchived(services, loaded, false, ip), "consultation.structure.unarchived");

  // ---- groups and facilitators ----
  const renderGroupEdit = async (request: FastifyRequest, loaded: ConsultationForViewer, number: number, form: FormState | null, facilitatorForm: FormState = emptyForm()) => {
    const group = await findGroup(db, loaded.consultation.id, number);
    const structure = await consultationStructure(db, loaded.consultation, services.clock.now());
    const facilitators = structure.groups.find((candidate) => candidate.id === group.id)?.facilitators ?? [];
    const candidates = await spacePeople(db, loaded.space.id);
    const values = { ...localizedToForm("title", group.title), ...localizedToForm("description", group.description), kind: group.kind, ...daysFromWindow(group) };
    return groupEditPage(viewContext(request), loaded, group, form ?? emptyForm(values), { facilitators, candidates, form: facilitatorForm });
  };
  app.get<NumberParams>("/spaces/:slug/consultations/:consultation/groups/:number/edit", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    return sendPage(reply, await renderGroupEdit(request, loaded, parseNumber(request.params.number), null));
  });
  app.post<NumberParams>("/spaces/:slug/consultations/:consultation/groups/:number/edit", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const number = parseNumber(request.params.number);
    const body = formBody(request);
    await findGroup(db, loaded.consultation.id, number);
    try {
      await updateGroup(services, loaded, number, settingsForm(body), request.ip);
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return sendPage(reply, await renderGroupEdit(request, loaded, number, { values: body, errors: error.fields }), 422);
      throw error;
    }
    setFlash(reply, "consultation.structure.edit.saved");
    return reply.redirect(`${base(loaded)}/groups/${number}`, 303);
  });
  const facilitatorRoute = (path: string, action: (loaded: ConsultationForViewer, number: number, userId: string, ip: string) => Promise<void>) =>
    app.post<NumberParams>(`/spaces/:slug/consultations/:consultation/groups/:number/${path}`, hidden, async (request, reply) => {
      const loaded = await loadManaged(request);
      const number = parseNumber(request.params.number);
      const body = formBody(request);
      const userId = typeof body.userId === "string" ? body.userId : "";
      try {
        await action(loaded, number, userId, request.ip);
      } catch (error) {
        if (error instanceof AppError && error.code === "validation_failed") return sendPage(reply, await renderGroupEdit(request, loaded, number, null, { values: body, errors: error.fields }), 422);
        throw error;
      }
      setFlash(reply, "consultation.structure.edit.saved");
      return reply.redirect(`${base(loaded)}/groups/${number}/edit`, 303);
    });
  facilitatorRoute("facilitators", (loaded, number, userId, ip) => addGroupFacilitator(services, loaded, number, userId, ip));
  facilitatorRoute("facilitators/remove", (loaded, number, userId, ip) => removeGroupFacilitator(services, loaded, number, userId, ip));

  // ---- topics ----
  app.get<NumberParams>("/spaces/:slug/consultations/:consultation/groups/:number/topics/new", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const group = await findGroup(db, loaded.consultation.id, parseNumber(request.params.number));
    return sendPage(reply, addTopicPage(viewContext(request), loaded, group, emptyForm()));
  });
  app.post<NumberParams>("/spaces/:slug/consultations/:consultation/groups/:number/topics/new", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    const group = await findGroup(db, loaded.consultation.id, parseNumber(request.params.number));
    const body = formBody(request);
    const view = viewContext(request);
    return runForm(reply, body, (form) => addTopicPage(view, loaded, group, form), async () => {
      const topic = await addTopic(services, loaded, group.number, settingsForm(body), request.ip);
      setFlash(reply, "consultation.structure.edit.saved");
      reply.redirect(`${base(loaded)}/topics/${topic.number}/edit`, 303);
    });
  });

  const renderTopicEdit = async (request: FastifyRequest, loaded: ConsultationForViewer, number: number, form: FormState | null, questionForms: { number: number; form: FormState }[] = []) => {
    const { topic, questions } = await findTopic(db, loaded.consultation.id, number);
    const values = { ...localizedToForm("title", topic.title), ...localizedToForm("description", topic.description), ...daysFromWindow(topic) };
    return topicEditPage(viewContext(request), loaded, topic, questions, form ?? emptyForm(values), questionForms);
  };
  app.get<NumberParams>("/spaces/:slug/consultations/:consultation/topics/:number/edit", hidden, async (request, reply) => {
    const loaded = await loadManaged(request);
    return sendPage(reply, await renderTopicEdit(request, loaded, parseNumber(request.params.number), null));
  });
  /** Runs a topic-page command; on invalid input re-renders the page with that form's input and errors. */
  const topicAction = async (
    request: FastifyRequest<NumberParams>,
    reply: FastifyReply,
    action: (loaded: ConsultationForViewer, number: number, body: Record<string, unknown>) => Promise<void>,
    formSlot: (body: Record<string, unknown>, errors: FormState["errors"]) => { form: FormState | null; questionForms: { number: number; form: FormState }[] },
  ) => {
    const loaded = await loadManaged(request);
    const number = parseNumber(request.params.number);
    const body = formBody(request);
    await findTopic(db, loaded.consultation.id, number);
    try {
      await action(loaded, number, body);
    } catch (error) {
      if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        const slot = formSlot(body, errors);
        return sendPage(reply, await renderTopicEdit(request, loaded, number, slot.form, slot.questionForms), error.status);
      }
      throw error;
    }
    setFlash(reply, "consultation.structure.edit.saved");
    return reply.redirect(`${base(loaded)}/topics/${number}/edit`, 303);
  };
  app.post<NumberParams>("/spaces/:slug/consultations/:consultation/topics/:number/edit", hidden, (request, reply) =>
    topicAction(request, reply, (loaded, number, body) => updateTopic(services, loaded, number, settingsForm(body), request.ip), (body, errors) => ({ form: { values: body, errors }, questionForms: [] })),
  );
  app.post<NumberParams>("/spaces/:slug/consultations/:consultation/topics/:number/move", hidden, (request, reply) =>
    topicAction(request, reply, (loaded, number, body) => moveTopic(services, loaded, number, body.direction === "up" ? "up" : "down", request.ip), (_body, errors) => ({ form: { values: {}, errors }, questionForms: [] })),
  );
  const questionText = (body: Record<string, unknown>) => ({ text: localizedFromForm(body, "text") });
  app.post<NumberParams>("/spaces/:slug/consultations/:consultation/topics/:number/questions", hidden, (request, reply) =>
    topicAction(request, reply, (loaded, number, body) => addQuestion(services, loaded, number, questionText(body), request.ip), (body, errors) => ({ form: null, questionForms: [{ number: 0, form: { values: body, errors } }] })),
  );
  app.post<QuestionParams>("/spaces/:slug/consultations/:consultation/topics/:number/questions/:question", hidden, (request, reply) => {
    const question = parseNumber(request.params.question);
    return topicAction(request, reply, (loaded, number, body) => updateQuestion(services, loaded, number, question, questionText(body), request.ip), (body, errors) => ({ form: null, questionForms: [{ number: question, form: { values: body, errors } }] }));
  });
  app.post<QuestionParams>("/spaces/:slug/consultations/:consultation/topics/:number/questions/:question/remove", hidden, (request, reply) => {
    const question = parseNumber(request.params.question);
    return topicAction(request, reply, (loaded, number) => removeQuestion(services, loaded, number, question, request.ip), (_body, errors) => ({ form: null, questionForms: [{ number: question, form: { values: {}, errors } }] }));
  });

}
