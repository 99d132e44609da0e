import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { toCsv } from "../../platform/csv";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { ATOM_CONTENT_TYPE, renderListAtom } from "../../platform/feeds/atom";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { localizedString } from "../../platform/i18n/localized";
import { emptyForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { listAcceptedRecommendations } from "../consultations/recommendations";
import { listOrganisations, organisationNames } from "../organisations/queries";
import type { ViewedSpace } from "../spaces/queries";
import { followupApiRoutes } from "./api";
import { changeStatus, createItem, updateItem } from "./commands/save-item";
import { itemFromForm } from "./inputs";
import { filtersFromQuery, findItem, followupPath, isOverdue, itemPath, linkedRecommendationIds, listItems, loadFollowupSpace, statusHistory, type ItemView } from "./queries";
import { itemPage, listPage, type OrganisationRef } from "./views/pages";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type ItemParams = { Params: { slug: string; number: string } };
const FEED_SIZE = 50;
const ORGANISATION_CHOICES = 300;

/** The form to show again after a command refused it with field errors, else null. */
function failedForm(error: unknown, body: Record<string, unknown>): FormState | null {
  if (!(error instanceof AppError) || (error.code !== "validation_failed" && error.code !== "conflict")) return null;
  return { values: body, errors: Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } } };
}

function itemValues(item: ItemView): Record<string, unknown> {
  return {
    ...localizedToForm("title", item.title), ...localizedToForm("description", item.description), actor_organisation_ids: item.actorOrganisationIds,
    actor_text: item.actorText, due_on: item.dueOn ?? "", evidence_text: item.evidenceText, evidence_links: item.evidenceLinks.join("\n"),
  };
}

/** The organisations named by the items, for display (through the organisations module's query). */
async function namedOrganisations(services: FastifyInstance["services"], items: ItemView[]): Promise<Map<string, OrganisationRef>> {
  const names = await organisationNames(services.db, items.flatMap((item) => item.actorOrganisationIds));
  return new Map([...names].map(([id, value]) => [id, { id, ...value }]));
}

/** Follow-up pages: the list with filters, Atom and CSV; one item with its history; the coordinators' forms; and the API. */
export async function followupRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  const publicUrl = services.config.publicUrl.replace(/\/$/, "");
  await app.register(followupApiRoutes);

  const organisationChoices = async (request: FastifyRequest): Promise<OrganisationRef[]> =>
    (await listOrganisations(db, { sort: "name", locale: request.locale, limit: ORGANISATION_CHOICES })).items.map((organisation) => ({ id: organisation.id, slug: organisation.slug, name: organisation.name }));

  const managedSpace = async (request: FastifyRequest, slug: string): Promise<ViewedSpace> => {
    requireUser(request);
    const { space, canManage } = await loadFollowupSpace(request, slug);
    if (!canManage) throw forbidden();
    return space;
  };

  const renderList = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormState, status = 200) => {
    const { space, canManage } = await loadFollowupSpace(request, slug);
    const now = clock.now();
    const filters = filtersFromQuery(request.query);
    const items = await listItems(db, space.id, filters, now);
    const [organisations, recommendations, linked, choices] = await Promise.all([
      namedOrganisations(services, items),
      canManage ? listAcceptedRecommendations(db, space) : Promise.resolve([]),
      canManage ? linkedRecommendationIds(db, space.id) : Promise.resolve(new Set<string>()),
      canManage ? organisationChoices(request) : Promise.resolve([]),
    ]);
    return sendPage(
      reply,
      listPage(viewContext(request), {
        space, items, filters, organisations, canManage, recommendations: recommendations.filter((recommendation) => !linked.has(recommendation.id)),
        organisationChoices: choices, form: form ?? emptyForm(), now,
      }),
      status,
    );
  };

  app.get<SpaceParams>("/spaces/:slug/follow-up", hidden, async (request, reply) => renderList(request, reply, request.params.slug));

  app.post<SpaceParams>("/spaces/:slug/follow-up/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await managedSpace(request, request.params.slug);
    const body = formBody(request);
    let created: ItemView;
    try {
      created = await createItem(services, { id: user.id, ip: request.ip }, space, itemFromForm(body));
    } catch (error) {
      const form = failedForm(error, body);
      if (form) return renderList(request, reply, space.slug, form, (error as AppError).status);
      throw error;
    }
    setFlash(reply, "followup.flash.created");
    return reply.redirect(itemPath(space.slug, created.number), 303);
  });

  app.get<SpaceParams>("/spaces/:slug/follow-up.csv", hidden, async (request, reply) => {
    const { space } = await loadFollowupSpace(request, request.params.slug);
    const now = clock.now();
    const items = await listItems(db, space.id, filtersFromQuery(request.query), now);
    const organisations = await namedOrganisations(services, items);
    const t = request.t;
    const csv = toCsv(
      ["number", "title", "status", "overdue", "due_on", "done_at", "actors", "recommendation", "evidence", "evidence_links", "url"],
      items.map((item) => [
        item.number, localizedString(item.title, request.locale), t(`followup.status.${item.status}`), isOverdue(item, now) ? "yes" : "no", item.dueOn ?? "",
        item.doneAt?.toISOString() ?? "", [...item.actorOrganisationIds.flatMap((id) => (organisations.has(id) ? [localizedString(organisations.get(id)!.name, request.locale)] : [])), ...(item.actorText ? [item.actorText] : [])].join("; "),
        item.recommendationPath ? `${publicUrl}${item.recommendationPath}` : "", item.evidenceText, item.evidenceLinks.join(" "), `${publicUrl}${itemPath(space.slug, item.number)}`,
      ]),
    );
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${space.slug}-follow-up.csv"`).send(csv);
  });

  app.get<SpaceParams>("/spaces/:slug/follow-up/feed.atom", hidden, async (request, reply) => {
    const { space } = await loadFollowupSpace(request, request.params.slug);
    const items = await listItems(db, space.id, {}, clock.now(), { order: "updated", limit: FEED_SIZE });
    const t = request.t;
    const body = renderListAtom({
      publicUrl, listPath: followupPath(space.slug), title: `${t("followup.title")} · ${localizedString(space.title, request.locale)}`, locale: request.locale, fallbackUpdated: space.updatedAt ?? clock.now(),
      entries: items.map((item) => ({
        id: `urn:uuid:${item.id}`, url: `${publicUrl}${itemPath(space.slug, item.number)}`, title: `${item.number}. ${localizedString(item.title, request.locale)}`,
        summary: [t(`followup.status.${item.status}`), item.dueOn ? t("followup.feed_due", { date: item.dueOn }) : "", localizedString(item.description, request.locale)].filter(Boolean).join("\n"),
        published: item.createdAt, updated: item.updatedAt, authors: [{ name: "Convene" }], categories: [{ term: item.status, label: t(`followup.status.${item.status}`) }],
      })),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });

  const loadItem = async (request: FastifyRequest<ItemParams>) => {
    const { space, canManage } = await loadFollowupSpace(request, request.params.slug);
    const item = await findItem(db, space.id, request.params.number);
    if (!item) throw notFound();
    return { space, item, canManage };
  };

  const renderItem = async (request: FastifyRequest<ItemParams>, reply: FastifyReply, forms: { form?: FormState; statusForm?: FormState } = {}, status = 200) => {
    const { space, item, canManage } = await loadItem(request);
    const [history, organisations, choices] = await Promise.all([statusHistory(db, item.id), namedOrganisations(services, [item]), canManage ? organisationChoices(request) : Promise.resolve([])]);
    return sendPage(
      reply,
      itemPage(viewContext(request), {
        space, item, history, organisations, organisationChoices: choices, canManage, form: forms.form ?? emptyForm(itemValues(item)),
        statusForm: forms.statusForm ?? emptyForm({ status: item.status }), now: clock.now(),
      }),
      status,
    );
  };

  app.get<ItemParams>("/spaces/:slug/follow-up/:number", hidden, async (request, reply) => renderItem(request, reply));

  app.post<ItemParams>("/spaces/:slug/follow-up/:number/edit", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, item, canManage } = await loadItem(request);
    if (!canManage) throw forbidden();
    const body = formBody(request);
    try {
      await updateItem(services, { id: user.id, ip: request.ip }, item.id, itemFromForm(body));
    } catch (error) {
      const form = failedForm(error, body);
      if (form) return renderItem(request, reply, { form }, (error as AppError).status);
      throw error;
    }
    setFlash(reply, "followup.flash.updated");
    return reply.redirect(itemPath(space.slug, item.number), 303);
  });

  app.post<ItemParams>("/spaces/:slug/follow-up/:number/status", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { space, item, canManage } = await loadItem(request);
    if (!canManage) throw forbidden();
    const body = formBody(request);
    try {
      await changeStatus(services, { id: user.id, ip: request.ip }, item.id, { status: body.status, note: body.note });
    } catch (error) {
      const form = failedForm(error, body);
      if (form) return renderItem(request, reply, { statusForm: form }, (error as AppError).status);
      throw error;
    }
    setFlash(reply, "followup.flash.status_changed");
    return reply.redirect(itemPath(space.slug, item.number), 303);
  });
}
