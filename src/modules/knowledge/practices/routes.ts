import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, forbidden, notFound } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, formList, runForm, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { localizedFromForm, localizedToForm, type FormState } from "../../../platform/views/forms";
import { textStream } from "../../commitments/export";
import { registerOrganisationPageSection } from "../../organisations/page-sections";
import { organisationsOfUser } from "../../organisations/queries";
import { spaceFrameworkItems, type ViewedSpace } from "../../spaces/queries";
import { hasKnowledgeFeature, loadKnowledgeSpace } from "../space-gate";
import { canReviewPractices, reviewPractice } from "./commands/review-practice";
import { parseReviewDecision, type ReviewDecision } from "./inputs";
import { resubmitPractice, submitPractice } from "./commands/submit-practice";
import { practiceCsvChunks, practiceJsonChunks, vlrChunks } from "./export";
import { practiceParams, practiceQuery } from "./list-params";
import { assertCanSeeSubmission, eachPractice, organisationPractices, findSubmission, findTagged, listPractices, ownUnpublished, pendingCount, practiceFacets, reviewQueue, type PracticeDetail } from "./queries";
import { practiceDetailPage, practiceJsonLd } from "./views/detail";
import { practiceFormPage } from "./views/form";
import { renderPracticeFeed } from "./feed";
import { ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE } from "../../../platform/feeds/atom";
import { localizedString } from "../../../platform/i18n/localized";
import { organisationPracticesSection, practiceListPage, practicesUrl } from "./views/list";
import { reviewQueuePage } from "./views/queue";

const PAGE_SIZE = 20;
const hidden = { schema: { hide: true } };
type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { slug: string; id: string } };

/** The links textarea: one address per line, optionally followed by a space and its label. */
export function linksFromText(value: unknown): { url: string; label: string }[] {
  if (typeof value !== "string") return [];
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url = "", ...label] = line.split(/\s+/);
      return { url, label: label.join(" ") };
    });
}

/** The posted form as the commands take it. */
function practiceInput(body: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  return {
    organisationId: text(body.organisationId),
    kind: text(body.kind),
    title: localizedFromForm(body, "title"),
    summary: localizedFromForm(body, "summary"),
    results: localizedFromForm(body, "results"),
    language: text(body.language),
    countries: formList(body, "countries"),
    targetItemIds: formList(body, "targetItemIds"),
    actorTypes: formList(body, "actorTypes"),
    links: linksFromText(body.links),
  };
}

/** A saved practice as the edit form shows it. */
function formValues(practice: PracticeDetail): Record<string, unknown> {
  return {
    organisationId: practice.row.organisationId,
    kind: practice.kind,
    ...localizedToForm("title", practice.title),
    ...localizedToForm("summary", practice.summary),
    ...localizedToForm("results", practice.results),
    language: practice.language,
    countries: practice.countries,
    targetItemIds: practice.targets.map((target) => target.id),
    actorTypes: practice.actorTypes,
    links: practice.links.map((link) => `${link.url}${link.label ? ` ${link.label}` : ""}`).join("\n"),
  };
}

function download(reply: FastifyReply, type: string, filename: string): FastifyReply {
  return reply.type(type).header("content-disposition", `attachment; filename="${filename}"`);
}

/** Good-practice pages: the compilation (space and platform), exports, submission, review and each practice's page. */
export async function practiceRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, config, clock } = services;

  const renderList = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace | null) => {
    const params = practiceParams(request.query as Record<string, unknown>);
    const cursor = typeof (request.query as Record<string, unknown>).cursor === "string" ? ((request.query as Record<string, unknown>).cursor as string) : undefined;
    const query = await practiceQuery(db, request.user, space?.id ?? null, params, request.locale);
    const user = request.user;
    const isReviewer = space && user ? await canReviewPractices(services, user, space.id) : false;
    const [page, facets, pending, own] = await Promise.all([
      listPractices(db, query, { cursor, limit: PAGE_SIZE }),
      practiceFacets(db, query),
      space && isReviewer ? pendingCount(db, space.id) : Promise.resolve(null),
      space && user ? ownUnpublished(db, space.id, user.id) : Promise.resolve([]),
    ]);
    return sendPage(
      reply,
      practiceListPage(viewContext(request), {
        space: space ? { slug: space.slug, title: space.title } : null,
        params,
        items: page.items,
        facets,
        nextCursor: page.nextCursor,
        isFirstPage: !cursor,
        canSubmit: Boolean(user && space && !space.archivedAt && hasKnowledgeFeature(space, "practice-submission")),
        pendingCount: pending,
        own,
      }),
    );
  };

  // The organisation's page lists its published practices (the organisations module knows nothing of them).
  registerOrganisationPageSection(app, async (view, organisation) => organisationPracticesSection(view, await organisationPractices(db, view.user, organisation.id)));

  app.get("/knowledge/practices", hidden, async (request, reply) => renderList(request, reply, null));
  app.get<SlugParams>("/spaces/:slug/knowledge/practices", hidden, async (request, reply) => renderList(request, reply, await loadKnowledgeSpace(db, request.params.slug, request.user, "practices")));

  // Atom of the list, with the list's filters: the newest published practices the reader may see.
  const renderFeed = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace | null) => {
    const params = practiceParams(request.query as Record<string, unknown>);
    const page = await listPractices(db, await practiceQuery(db, request.user, space?.id ?? null, params, request.locale), { limit: DEFAULT_FEED_SIZE });
    const title = request.t("knowledge.practice.title");
    const body = renderPracticeFeed({
      publicUrl: config.publicUrl,
      listPath: practicesUrl(space?.slug ?? null, {}),
      title: space ? `${title} · ${localizedString(space.title, request.locale)}` : title,
      locale: request.locale,
      items: page.items,
      kindLabel: (kind) => request.t(`knowledge.practice.kind.${kind}`),
      fallbackUpdated: clock.now(),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  };
  app.get("/knowledge/practices/feed.atom", hidden, async (request, reply) => renderFeed(request, reply, null));
  app.get<SlugParams>("/spaces/:slug/knowledge/practices/feed.atom", hidden, async (request, reply) => renderFeed(request, reply, await loadKnowledgeSpace(db, request.params.slug, request.user, "practices")));

  // ---- exports of the filtered list: CSV, JSON and the CBD clearing-house (Virtual Library Record) shape ----
  const exportRoutes = (prefix: string, spaceOf: (request: FastifyRequest) => Promise<ViewedSpace | null>) => {
    const items = async (request: FastifyRequest) => {
      const space = await spaceOf(request);
      const params = practiceParams(request.query as Record<string, unknown>);
      return { space, params, records: eachPractice(db, await practiceQuery(db, request.user, space?.id ?? null, params, request.locale)) };
    };
    const name = (space: ViewedSpace | null) => (space ? `${space.slug}-practices` : "practices");
    app.get(`${prefix}/export.csv`, hidden, async (request, reply) => {
      const { space, records } = await items(request);
      return download(reply, "text/csv; charset=utf-8", `${name(space)}.csv`).send(textStream(practiceCsvChunks(records, config.publicUrl, request.locale)));
    });
    app.get(`${prefix}/export.json`, hidden, async (request, reply) => {
      const { space, records } = await items(request);
      return download(reply, "application/json; charset=utf-8", `${name(space)}.json`).send(textStream(practiceJsonChunks(records, config.publicUrl)));
    });
    app.get(`${prefix}/export.clearing-house.json`, hidden, async (request, reply) => {
      const { space, params, records } = await items(request);
      const listUrl = practicesUrl(space?.slug ?? null, params);
      return download(reply, "application/json; charset=utf-8", `${name(space)}-clearing-house.json`).send(textStream(vlrChunks(records, { publicUrl: config.publicUrl, listUrl, generatedAt: clock.now() })));
    });
  };
  exportRoutes("/knowledge/practices", async () => null);
  exportRoutes("/spaces/:slug/knowledge/practices", async (request) => loadKnowledgeSpace(db, (request.params as { slug: string }).slug, request.user, "practices"));

  // ---- submission ----
  const renderForm = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, form: FormState, practiceId?: string, status = 200) => {
    const user = requireUser(request);
    const [organisations, frameworks] = await Promise.all([organisationsOfUser(db, user.id), spaceFrameworkItems(db, space.id)]);
    return sendPage(reply, practiceFormPage(viewContext(request), { space: { slug: space.slug, title: space.title }, organisations, frameworks, form, ...(practiceId ? { practiceId } : {}) }), status);
  };
  const formDefaults = async (userId: string, locale: string) => {
    const organisations = await organisationsOfUser(db, userId);
    return { values: { language: locale, ...(organisations.length === 1 ? { organisationId: organisations[0]!.id } : {}) }, errors: {} };
  };

  app.get<SlugParams>("/spaces/:slug/knowledge/practices/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadKnowledgeSpace(db, request.params.slug, user, "practice-submission");
    return renderForm(request, reply, space, await formDefaults(user.id, request.locale));
  });

  app.post<SlugParams>("/spaces/:slug/knowledge/practices/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadKnowledgeSpace(db, request.params.slug, user, "practice-submission");
    const body = formBody(request);
    const [organisations, frameworks] = await Promise.all([organisationsOfUser(db, user.id), spaceFrameworkItems(db, space.id)]);
    let created: { id: string } | undefined;
    const failed: FastifyReply | undefined = (await runForm(
      reply,
      body,
      (form) => practiceFormPage(viewContext(request), { space: { slug: space.slug, title: space.title }, organisations, frameworks, form }),
      async () => {
        created = await submitPractice(services, user, space.slug, practiceInput(body), request.ip);
      },
    )) ?? undefined;
    if (failed) return failed;
    setFlash(reply, "knowledge.practice.flash.submitted");
    return reply.redirect(`/spaces/${space.slug}/knowledge/practices/${created!.id}`, 303);
  });

  app.get<SlugParams>("/spaces/:slug/knowledge/practices/review", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadKnowledgeSpace(db, request.params.slug, user, "practices");
    if (!(await canReviewPractices(services, user, space.id))) throw forbidden();
    return sendPage(reply, reviewQueuePage(viewContext(request), { slug: space.slug, title: space.title }, await reviewQueue(db, space.id)));
  });

  // ---- one practice ----
  /** The practice behind the URL as the viewer may see it; a tagged practice's page is its contribution. */
  const loadPractice = async (request: FastifyRequest<IdParams>) => {
    const space = await loadKnowledgeSpace(db, request.params.slug, request.user, "practices");
    const practice = await findSubmission(db, space.id, request.params.id);
    if (!practice) return { space, practice: undefined, tagged: await findTagged(db, request.user, space.id, request.params.id), isReviewer: false, isOwner: false };
    const isReviewer = request.user ? await canReviewPractices(services, request.user, space.id) : false;
    const { isOwner } = await assertCanSeeSubmission(db, request.user, practice, isReviewer);
    return { space, practice, tagged: undefined, isReviewer, isOwner };
  };

  const renderDetail = async (request: FastifyRequest<IdParams>, reply: FastifyReply, form?: FormState, status = 200) => {
    const loaded = await loadPractice(request);
    if (!loaded.practice) {
      if (loaded.tagged) return reply.redirect(loaded.tagged.url, 303);
      throw notFound();
    }
    const { space, practice } = loaded;
    const pageUrl = `${config.publicUrl.replace(/\/$/, "")}/spaces/${space.slug}/knowledge/practices/${practice.id}`;
    const isEditable = practice.row.status === "returned" || practice.row.status === "submitted";
    return sendPage(
      reply,
      practiceDetailPage(viewContext(request), {
        space: { slug: space.slug, title: space.title },
        practice,
        actions: { canReview: loaded.isReviewer, canEdit: loaded.isOwner && isEditable },
        // Only a published practice describes itself to search engines.
        jsonLd: practice.row.status === "published" ? practiceJsonLd(practice, pageUrl, config.publicUrl.replace(/\/$/, ""), request.locale) : null,
        ...(form ? { form } : {}),
      }),
      status,
    );
  };

  app.get<IdParams>("/spaces/:slug/knowledge/practices/:id", hidden, async (request, reply) => renderDetail(request, reply));

  app.post<IdParams>("/spaces/:slug/knowledge/practices/:id/review", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadPractice(request);
    if (!loaded.practice) throw notFound();
    const body = formBody(request);
    let decision: ReviewDecision;
    try {
      // An unknown decision is a bad form value like a missing reason: a 422 on the page, the reason kept.
      decision = parseReviewDecision(body.decision);
      await reviewPractice(services, user, loaded.practice.id, { decision, reason: body.reason, ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return renderDetail(request, reply, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, `knowledge.practice.flash.${decision}`);
    return reply.redirect(`/spaces/${loaded.space.slug}/knowledge/practices/${loaded.practice.id}`, 303);
  });

  const loadForEdit = async (request: FastifyRequest<IdParams>) => {
    requireUser(request);
    const loaded = await loadPractice(request);
    if (!loaded.practice) throw notFound();
    if (!loaded.isOwner) throw forbidden();
    if (loaded.practice.row.status !== "returned" && loaded.practice.row.status !== "submitted") throw new AppError("conflict", "knowledge.practice.error.not_editable");
    return { space: loaded.space, practice: loaded.practice };
  };

  app.get<IdParams>("/spaces/:slug/knowledge/practices/:id/edit", hidden, async (request, reply) => {
    const { space, practice } = await loadForEdit(request);
    return renderForm(request, reply, space, { values: formValues(practice), errors: {} }, practice.id);
  });

  app.post<IdParams>("/spaces/:slug/knowledge/practices/:id/edit", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, practice } = await loadForEdit(request);
    const body = formBody(request);
    const [organisations, frameworks] = await Promise.all([organisationsOfUser(db, user.id), spaceFrameworkItems(db, space.id)]);
    const failed: FastifyReply | undefined = (await runForm(
      reply,
      body,
      (form) => practiceFormPage(viewContext(request), { space: { slug: space.slug, title: space.title }, organisations, frameworks, form, practiceId: practice.id }),
      async () => resubmitPractice(services, user, practice.id, practiceInput(body), request.ip),
    )) ?? undefined;
    if (failed) return failed;
    setFlash(reply, "knowledge.practice.flash.resubmitted");
    return reply.redirect(`/spaces/${space.slug}/knowledge/practices/${practice.id}`, 303);
  });
}

