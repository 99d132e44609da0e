import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../../platform/api/pagination";
import { requireUser } from "../../../platform/auth/guards";
import { contentSources, resolveCards } from "../../../platform/content/sources";
import { renderAtom, ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE } from "../../../platform/feeds/atom";
import { html } from "../../../platform/html";
import { AppError, forbidden, notFound, type FieldErrors } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, formList, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { localizedString } from "../../../platform/i18n/localized";
import { emptyForm, localizedFromForm, localizedToForm, type FormState } from "../../../platform/views/forms";
import { getSpaceForViewer, spaceFrameworkItems, type ViewedSpace } from "../../spaces/queries";
import { cancelNewsletter, changeBlocks, createNewsletter, scheduleNewsletter, scheduledInstant, sendNewsletterNow, sendTestNewsletter, updateNewsletter, type BlockChange, type NewsletterFields } from "./commands";
import { canManageNewsletters, canReadArchive } from "./permissions";
import { archiveCursor, contentOf, deliveryCounts, findNewsletter, listSent, listUnsent, readArchiveCursor, type Newsletter } from "./queries";
import { blockReferences, newsletterArticle } from "./render";
import { countSegment, normalizeSegment, segmentRecipients } from "./segments";
import { scheduleResumeJob, resumeNewsletters } from "./send";
import { archivePage, audienceSummary, AUDIENCE_SCRIPT, composePage, webVersionPage, type AudiencePreview } from "./views";
import type { Segment } from "./schema";

const hidden = { schema: { hide: true } };
const SAMPLE_SIZE = 10;
const PAGE_SIZE = 20;
type SpaceParams = { Params: { slug: string } };
type NewsletterParams = { Params: { slug: string; id: string } };
const ZONES = Intl.supportedValuesOf("timeZone");

/** The space, when its newsletters (feature "news") exist for this viewer; 404 otherwise. */
async function loadSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("news")) throw notFound();
  return { space, canManage: canManageNewsletters(request.user, space.viewerRoles) };
}

/** Coordinators only: 404 for who may not see the space, 403 for who may see it but not manage newsletters. */
async function loadManagedSpace(request: FastifyRequest, slug: string): Promise<ViewedSpace> {
  requireUser(request);
  const { space, canManage } = await loadSpace(request, slug);
  if (!canManage) throw forbidden();
  return space;
}

function segmentFromForm(body: Record<string, unknown>): Partial<Segment> {
  return {
    audiences: formList(body, "audiences") as Segment["audiences"],
    roles: formList(body, "roles") as Segment["roles"],
    actorTypes: formList(body, "actorTypes"),
    countries: formList(body, "countries"),
    regions: formList(body, "regions"),
    frameworkItems: formList(body, "frameworkItems"),
    locales: formList(body, "locales"),
  };
}

const SEGMENT_LISTS = ["audiences", "roles", "actorTypes", "countries", "regions", "frameworkItems", "locales"] as const;
const MAX_SEGMENT_VALUES = 500;

/**
 * The segment a query string asks for (the live count's GET). Unlike the form, which drops what it does not know,
 * a value no segment knows is a 400 naming its list: a script or a person sent something this page never offers.
 */
function segmentFromQuery(query: Record<string, unknown>): Partial<Segment> {
  const asked = segmentFromForm(query);
  const known = normalizeSegment(asked);
  const fields: FieldErrors = {};
  for (const name of SEGMENT_LISTS) {
    const values: readonly string[] = asked[name] ?? [];
    const allowed = new Set<string>(known[name]);
    if (values.length > MAX_SEGMENT_VALUES) fields[name] = { key: "validation.too_big", values: { max: MAX_SEGMENT_VALUES } };
    else if (values.some((value) => !allowed.has(value))) fields[name] = { key: "validation.invalid_choice" };
  }
  if (Object.keys(fields).length) throw new AppError("bad_request", "error.bad_request", fields);
  return known;
}

function fieldsFromForm(body: Record<string, unknown>): NewsletterFields {
  return { subject: localizedFromForm(body, "subject"), preheader: localizedFromForm(body, "preheader"), intro: localizedFromForm(body, "intro"), segment: segmentFromForm(body) };
}

function formOf(newsletter: Newsletter): Record<string, unknown> {
  return {
    ...localizedToForm("subject", newsletter.subject),
    ...localizedToForm("preheader", newsletter.preheader),
    ...localizedToForm("intro", newsletter.intro),
    ...newsletter.segment,
  };
}

/** Pages and API of the newsletters' issues part (see ../README.md). */
export async function newsletterIssuesRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, config } = services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  if (config.isJobWorkerEnabled) {
    app.addHook("onReady", async () => {
      // a send whose process died before this start is picked up now, not after the queue's ten-minute stale time
      await resumeNewsletters(services);
      await scheduleResumeJob(services);
    });
  }

  const preview = async (spaceId: string, segment: Partial<Segment>): Promise<AudiencePreview> => {
    const [count, sample] = await Promise.all([countSegment(db, spaceId, segment), segmentRecipients(db, spaceId, segment, SAMPLE_SIZE)]);
    return { count, sample };
  };

  const progressOf = async (request: FastifyRequest, newsletter: Newsletter) => {
    if (newsletter.status !== "sending" && newsletter.status !== "sent") return "";
    const counts = await deliveryCounts(db, newsletter.id);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return html`<p class="meta" role="status">${request.t("newsletters.issues.progress", { sent: counts.sent ?? 0, total, skipped: counts.skipped ?? 0, failed: counts.failed ?? 0 })}</p>`;
  };

  const renderCompose = async (request: FastifyRequest, space: ViewedSpace, newsletter: Newsletter | null, form: FormState, audience: AudiencePreview | null) => {
    const query = request.query as Record<string, unknown>;
    const sources = contentSources().map((source) => ({ kind: source.kind, label: request.t(source.labelKey) }));
    let search = null;
    if (newsletter && typeof query.kind === "string") {
      const source = contentSources().find((candidate) => candidate.kind === query.kind);
      const text = typeof query.q === "string" ? query.q.slice(0, 200) : "";
      if (source) search = { kind: source.kind, query: text, results: await source.find(db, space.id, text, 20) };
    }
    const cards = newsletter ? await resolveCards(db, blockReferences(newsletter.blocks)) : [];
    const blocks = (newsletter?.blocks ?? []).map((block) => {
      if (block.type === "text") return { label: request.t("newsletters.issues.block.text"), kind: "text", isMissing: false, text: localizedString(block.body, request.locale).slice(0, 160) };
      const card = cards.find((candidate) => candidate.kind === block.kind && candidate.id === block.id);
      const source = contentSources().find((candidate) => candidate.kind === block.kind);
      return { label: source ? request.t(source.labelKey) : block.kind, kind: block.kind, isMissing: !card, text: card ? localizedString(card.title, request.locale) : block.id };
    });
    return composePage(viewContext(request), {
      space, newsletter, form, audience, blocks, sources, search, zones: ZONES,
      frameworks: await spaceFrameworkItems(db, space.id),
      progress: newsletter ? await progressOf(request, newsletter) : "",
    });
  };

  /** Re-shows the compose page with what was typed and the errors, when a command refused the input. */
  const refused = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, newsletter: Newsletter | null, values: Record<string, unknown>, error: unknown) => {
    if (!(error instanceof AppError) || !["validation_failed", "conflict"].includes(error.code)) throw error;
    const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
    const base = newsletter ? { ...formOf(newsletter), ...values } : values;
    return sendPage(reply, await renderCompose(request, space, newsletter, { values: base, errors }, null), error.status);
  };

  // ---- archive, Atom, web version ----
  app.get<SpaceParams>("/spaces/:slug/newsletters", hidden, async (request, reply) => {
    const { space, canManage } = await loadSpace(request, request.params.slug);
    if (!canReadArchive(request.user, space, space.viewerRoles)) throw notFound();
    const query = request.query as Record<string, unknown>;
    const before = readArchiveCursor(typeof query.before === "string" ? query.before : undefined);
    const [page, unsent] = await Promise.all([listSent(db, space.id, { limit: PAGE_SIZE, before }), canManage ? listUnsent(db, space.id) : Promise.resolve(null)]);
    return sendPage(reply, archivePage(viewContext(request), { space, sent: page.items, nextCursor: page.next ? archiveCursor(page.next) : null, unsent }));
  });

  app.get<SpaceParams>("/spaces/:slug/newsletters/feed.atom", hidden, async (request, reply) => {
    const { space } = await loadSpace(request, request.params.slug);
    if (!canReadArchive(request.user, space, space.viewerRoles)) throw notFound();
    const { items } = await listSent(db, space.id, { limit: DEFAULT_FEED_SIZE });
    const listUrl = `${publicUrl}/spaces/${space.slug}/newsletters`;
    const entries = [];
    for (const newsletter of items) {
      const cards = await resolveCards(db, blockReferences(newsletter.blocks));
      const content = contentOf(newsletter, space);
      const sentAt = newsletter.sentAt ?? newsletter.updatedAt;
      entries.push({
        url: `${listUrl}/${newsletter.id}`,
        title: localizedString(newsletter.subject, request.locale),
        summary: localizedString(newsletter.preheader, request.locale) || undefined,
        contentHtml: newsletterArticle(content, cards, request.locale, publicUrl).value,
        published: sentAt,
        updated: sentAt,
      });
    }
    const body = renderAtom({
      selfUrl: `${listUrl}/feed.atom`, htmlUrl: listUrl, locale: request.locale, fallbackUpdated: space.updatedAt, entries,
      title: `${request.t("newsletters.issues.title")} · ${localizedString(space.title, request.locale)}`,
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  });

  app.get<SpaceParams>("/spaces/:slug/newsletters/new", hidden, async (request, reply) => {
    const space = await loadManagedSpace(request, request.params.slug);
    return sendPage(reply, await renderCompose(request, space, null, emptyForm({ audiences: ["members", "followers", "subscribers"] }), null));
  });

  // The live count (public/newsletter-audience.js): the preview's count and masked sample as JSON, for coordinators only.
  AUDIENCE_SCRIPT.register(app);
  app.get<SpaceParams>("/spaces/:slug/newsletters/audience", hidden, async (request, reply) => {
    const space = await loadManagedSpace(request, request.params.slug);
    const segment = segmentFromQuery(request.query as Record<string, unknown>);
    // a personal sample, never kept by a shared cache
    return reply.header("cache-control", "private, no-store").send(audienceSummary(viewContext(request), await preview(space.id, segment)));
  });

  app.post<SpaceParams>("/spaces/:slug/newsletters", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await loadManagedSpace(request, request.params.slug);
    const body = formBody(request);
    if (body.action === "preview") return sendPage(reply, await renderCompose(request, space, null, emptyForm(body), await preview(space.id, segmentFromForm(body))));
    let created: Newsletter;
    try {
      created = await createNewsletter(services, { id: user.id, ip: request.ip }, space.id, fieldsFromForm(body));
    } catch (error) {
      return refused(request, reply, space, null, body, error);
    }
    setFlash(reply, "newsletters.issues.flash.created");
    return reply.redirect(`/spaces/${space.slug}/newsletters/${created.id}`, 303);
  });

  app.get<NewsletterParams>("/spaces/:slug/newsletters/:id", hidden, async (request, reply) => {
    const { space, canManage } = await loadSpace(request, request.params.slug);
    const newsletter = await findNewsletter(db, space.id, request.params.id);
    // unsent newsletters exist only for coordinators; sent ones for whoever may read the archive
    if (!newsletter || (newsletter.status !== "sent" && !canManage) || !canReadArchive(request.user, space, space.viewerRoles)) throw notFound();
    if (canManage && (newsletter.status === "draft" || newsletter.status === "scheduled")) {
      return sendPage(reply, await renderCompose(request, space, newsletter, emptyForm(formOf(newsletter)), await preview(space.id, newsletter.segment)));
    }
    const cards = await resolveCards(db, blockReferences(newsletter.blocks));
    return sendPage(reply, webVersionPage(viewContext(request), { space, content: contentOf(newsletter, space), cards, publicUrl, progress: canManage ? await progressOf(request, newsletter) : "" }));
  });

  const managed = async (request: FastifyRequest<NewsletterParams>) => {
    const user = requireUser(request);
    const space = await loadManagedSpace(request, request.params.slug);
    const newsletter = await findNewsletter(db, space.id, request.params.id);
    if (!newsletter) throw notFound();
    return { user, space, newsletter, actor: { id: user.id, ip: request.ip } };
  };
  const backTo = (reply: FastifyReply, space: ViewedSpace, id: string, flash: string) => {
    setFlash(reply, flash);
    return reply.redirect(`/spaces/${space.slug}/newsletters/${id}`, 303);
  };

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id", hidden, async (request, reply) => {
    const { space, newsletter, actor } = await managed(request);
    const body = formBody(request);
    if (body.action === "preview") return sendPage(reply, await renderCompose(request, space, newsletter, emptyForm(body), await preview(space.id, segmentFromForm(body))));
    try {
      await updateNewsletter(services, actor, space.id, newsletter.id, fieldsFromForm(body));
    } catch (error) {
      return refused(request, reply, space, newsletter, body, error);
    }
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.saved");
  });

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id/blocks", hidden, async (request, reply) => {
    const { space, newsletter, actor } = await managed(request);
    const body = formBody(request);
    const index = Number(body.index);
    let change: BlockChange;
    if (body.action === "add_text") change = { action: "add_text", body: localizedFromForm(body, "body") };
    else if (body.action === "add_item" && typeof body.kind === "string" && typeof body.itemId === "string") change = { action: "add_item", kind: body.kind, itemId: body.itemId };
    else if (body.action === "remove" || body.action === "up" || body.action === "down") change = { action: body.action, index };
    else throw new AppError("bad_request", "error.bad_request");
    try {
      await changeBlocks(services, actor, space.id, newsletter.id, change);
    } catch (error) {
      return refused(request, reply, space, newsletter, body, error);
    }
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.saved");
  });

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id/test", hidden, async (request, reply) => {
    const { user, space, newsletter, actor } = await managed(request);
    // the signed-in person's own account address and language: a test never goes to an address typed in
    await sendTestNewsletter(services, { ...actor, email: user.email, locale: request.locale }, space.id, newsletter.id);
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.test_sent");
  });

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id/schedule", hidden, async (request, reply) => {
    const { space, newsletter, actor } = await managed(request);
    const body = formBody(request);
    try {
      const at = scheduledInstant(String(body.scheduledAt ?? ""), String(body.timeZone ?? ""), services.clock.now());
      await scheduleNewsletter(services, actor, space.id, newsletter.id, at);
    } catch (error) {
      return refused(request, reply, space, newsletter, body, error);
    }
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.scheduled");
  });

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id/send", hidden, async (request, reply) => {
    const { space, newsletter, actor } = await managed(request);
    try {
      await sendNewsletterNow(services, actor, space.id, newsletter.id);
    } catch (error) {
      return refused(request, reply, space, newsletter, {}, error);
    }
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.sending");
  });

  app.post<NewsletterParams>("/spaces/:slug/newsletters/:id/cancel", hidden, async (request, reply) => {
    const { space, newsletter, actor } = await managed(request);
    try {
      await cancelNewsletter(services, actor, space.id, newsletter.id);
    } catch (error) {
      return refused(request, reply, space, newsletter, {}, error);
    }
    return backTo(reply, space, newsletter.id, "newsletters.issues.flash.cancelled");
  });

  await app.register(newsletterApiRoutes);
}

const Localized = z.record(z.string(), z.string());
const NewsletterOut = z.object({
  id: z.string(),
  space: z.string().describe("The space's slug"),
  url: z.string().describe("The web version"),
  subject: Localized,
  preheader: Localized,
  intro: Localized.describe("Markdown, by language"),
  blocks: z.array(z.union([z.object({ type: z.literal("text"), body: Localized.describe("Markdown, by language") }), z.object({ type: z.literal("item"), kind: z.string(), id: z.string() })])),
  sent_at: z.string(),
  recipient_count: z.number(),
});

/** The archive as open data: sent newsletters only, to whoever may read the space's archive. */
async function newsletterApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  const tags = ["newsletters"];
  const readToken = { token: { scope: "private:read" as const, withoutScope: "anonymous" as const } };
  const SlugParams = z.object({ slug: z.string().min(1).max(200) });
  const IdParams = z.object({ slug: z.string().min(1).max(200), id: z.uuid() });
  const json = (newsletter: Newsletter, slug: string): z.infer<typeof NewsletterOut> => ({
    id: newsletter.id,
    space: slug,
    url: `${publicUrl}/spaces/${slug}/newsletters/${newsletter.id}`,
    subject: newsletter.subject as Record<string, string>,
    preheader: newsletter.preheader as Record<string, string>,
    intro: newsletter.intro as Record<string, string>,
    blocks: newsletter.blocks.map((block) => (block.type === "text" ? { type: "text" as const, body: block.body as Record<string, string> } : { type: "item" as const, kind: block.kind, id: block.id })),
    sent_at: (newsletter.sentAt ?? newsletter.updatedAt).toISOString(),
    recipient_count: newsletter.recipientCount,
  });
  const readable = async (request: FastifyRequest, slug: string) => {
    const { space } = await loadSpace(request, slug);
    if (!canReadArchive(request.user, space, space.viewerRoles)) throw notFound();
    return space;
  };

  typed.get(
    "/api/v1/spaces/:slug/newsletters",
    { config: readToken, schema: { tags, summary: "Sent newsletters of a space, newest first (the archive)", params: SlugParams, querystring: PageQuery, response: { 200: pageEnvelope(NewsletterOut), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const space = await readable(request, request.params.slug);
      const page = await listSent(db, space.id, { limit: request.query.limit, before: readArchiveCursor(request.query.cursor) });
      return { data: page.items.map((newsletter) => json(newsletter, space.slug)), next_cursor: page.next ? archiveCursor(page.next) : null };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/newsletters/:id",
    { config: readToken, schema: { tags, summary: "One sent newsletter (404 for drafts, scheduled and cancelled ones)", params: IdParams, response: { 200: NewsletterOut, 404: ErrorResponse } } },
    async (request) => {
      const space = await readable(request, request.params.slug);
      const newsletter = await findNewsletter(db, space.id, request.params.id);
      if (!newsletter || newsletter.status !== "sent") throw notFound();
      return json(newsletter, space.slug);
    },
  );
}
