import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { requireUser } from "../../platform/auth/guards";
import { contentSources, resolveCards, type ContentCard } from "../../platform/content/sources";
import { ATOM_CONTENT_TYPE, DEFAULT_FEED_SIZE } from "../../platform/feeds/atom";
import { AppError, forbidden, notFound, type FieldErrors } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, formList, sendPage } from "../../platform/http/forms";
import { registerMultipartForms } from "../../platform/http/multipart";
import { setFlash } from "../../platform/http/plugin";
import { localize, localizedString } from "../../platform/i18n/localized";
import { emptyForm, localizedFromForm, type FormState } from "../../platform/views/forms";
import { jsonLdScript, openGraphTags } from "../../platform/views/meta";
import { html } from "../../platform/html";
import { organisationCommitments } from "../commitments/queries-browse";
import { findCommitmentByNumber } from "../commitments/queries-review";
import { findOrganisationBySlug, organisationNames, organisationsOfUser } from "../organisations/queries";
import type { ViewedSpace } from "../spaces/queries";
import { addImage, changeImage, MAX_IMAGE_BYTES } from "./commands/images";
import { createPost, proposeStory, resubmitStory, reviewStory, setPostStatus, updatePost, type ReviewDecision } from "./commands/save-post";
import { renderNewsFeed } from "./feed";
import { checkedNewsFields, RELATED_KINDS, videoLinksFromText, type NewsFields, type NewsRawInput } from "./inputs";
import { canEditPost, isNewsAuthor } from "./permissions";
import {
  authorNames, imagePath, imagesOfPosts, imageWidth, isUuid, listPublishedPosts, listUnpublishedPosts, loadNewsSpace, loadPostByIdForViewer,
  loadPostForViewer, newsFilterChoices, postPath, PUBLIC_POST_CONDITION, readNewsFilters, type NewsImage, type NewsPost,
} from "./queries";
import { newsApiRoutes } from "./api";
import { postFormPage, postFormValues, type NewsFormData } from "./views/form";
import { newsListPage, reviewQueuePage } from "./views/list";
import { postPage } from "./views/post-page";

const PAGE_SIZE = 20;
const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type PostParams = { Params: { slug: string; post: string } };

/** A form's fields as the checker takes them (the same shape the API sends). */
export function inputFromForm(body: Record<string, unknown>): NewsRawInput {
  const related = formList(body, "related").map((value) => {
    const [kind = "", id = ""] = value.split(":");
    return { kind, id };
  });
  const topics = typeof body.topics === "string" ? body.topics.split(",") : [];
  return {
    kind: body.kind,
    slug: body.slug,
    title: localizedFromForm(body, "title"),
    lead: localizedFromForm(body, "lead"),
    body: localizedFromForm(body, "body"),
    related,
    videoLinks: videoLinksFromText(typeof body.video_links === "string" ? body.video_links : ""),
    quotes: [{ text: localizedFromForm(body, "quote"), attribution: typeof body.quote_attribution === "string" ? body.quote_attribution : "" }],
    topics,
  };
}

/** Pages of news: lists, the post page, coordinators' forms, proposals and their review, pictures, Atom. */
export async function newsRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock, config } = services;
  const publicUrl = config.publicUrl.replace(/\/$/, "");
  // One picture per upload; the multipart limit is above MAX_IMAGE_BYTES so a slightly larger file gets the form's own message.
  await registerMultipartForms(app, { fileSize: MAX_IMAGE_BYTES * 2, fieldSize: 10_000, files: 1, fields: 30, parts: 32 });
  await app.register(newsApiRoutes);

  // ---- lists ----
  const renderList = async (request: FastifyRequest, reply: FastifyReply, spaceSlug: string | null) => {
    const loaded = spaceSlug ? await loadNewsSpace(request, spaceSlug) : null;
    const query = request.query as Record<string, unknown>;
    const filters = readNewsFilters(query);
    const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
    const spaceId = loaded?.space.id ?? null;
    const canManage = Boolean(loaded?.canManage);
    const user = request.user;
    const [page, choices, drafts, waiting, ownPending, organisations] = await Promise.all([
      listPublishedPosts(db, user, { filters, spaceId, cursor, limit: PAGE_SIZE }),
      newsFilterChoices(db, user, spaceId),
      canManage && spaceId ? listUnpublishedPosts(db, spaceId, { statuses: ["draft", "unpublished"] }) : Promise.resolve([]),
      canManage && spaceId ? queryRows<{ count: number }>(db, sql`select count(*)::int as count from news_posts where space_id = ${spaceId} and status = 'submitted'`) : Promise.resolve([]),
      user && spaceId && !canManage ? listUnpublishedPosts(db, spaceId, { statuses: ["draft", "submitted", "returned", "rejected", "unpublished"], authorId: user.id }) : Promise.resolve([]),
      user && spaceId ? organisationsOfUser(db, user.id) : Promise.resolve([]),
    ]);
    return sendPage(
      reply,
      newsListPage(viewContext(request), {
        space: loaded ? { slug: loaded.space.slug, title: loaded.space.title } : null,
        filters, items: page.items, nextCursor: page.nextCursor, isFirstPage: !cursor, choices, canManage,
        canPropose: organisations.length > 0, drafts, ownPending, waitingCount: Number(waiting[0]?.count ?? 0),
      }),
    );
  };
  app.get("/news", hidden, async (request, reply) => renderList(request, reply, null));
  app.get<SpaceParams>("/spaces/:slug/news", hidden, async (request, reply) => renderList(request, reply, request.params.slug));

  // ---- Atom: only what anyone may read, whoever asks (feed readers share what they fetch) ----
  const feed = async (request: FastifyRequest, reply: FastifyReply, spaceSlug: string | null) => {
    const loaded = spaceSlug ? await loadNewsSpace(request, spaceSlug) : null;
    const filters = readNewsFilters(request.query as Record<string, unknown>);
    // A private space's feed is empty even for its members: feed readers share what they fetch.
    const page =
      loaded && loaded.space.visibility !== "public"
        ? { items: [] }
        : await listPublishedPosts(db, null, { filters, spaceId: loaded?.space.id ?? null, limit: DEFAULT_FEED_SIZE, isPublicOnly: true });
    const title = loaded ? request.t("news.feed_title", { space: localizedString(loaded.space.title, request.locale) }) : request.t("news.all_title");
    const body = renderNewsFeed({
      publicUrl, listPath: loaded ? `/spaces/${loaded.space.slug}/news` : "/news", title, locale: request.locale, items: page.items,
      kindLabel: (kind) => request.t(`news.kind.${kind}`), fallbackUpdated: clock.now(),
    });
    return reply.type(ATOM_CONTENT_TYPE).send(body);
  };
  app.get("/news/feed.atom", hidden, async (request, reply) => feed(request, reply, null));
  app.get<SpaceParams>("/spaces/:slug/news/feed.atom", hidden, async (request, reply) => feed(request, reply, request.params.slug));

  // ---- pictures: long-lived caching (an image's bytes never change), ETag; private posts' pictures only to their readers ----
  app.get<{ Params: { id: string; file: string } }>("/news/images/:id/:file", hidden, async (request, reply) => {
    const match = /^(\d{2,4})\.(webp|jpeg|jpg)$/.exec(request.params.file);
    if (!match || !isUuid(request.params.id)) throw notFound();
    const format = match[2] === "webp" ? "webp" : "jpeg";
    const [variant] = await queryRows<{ post_id: string; etag: string; bytes: Buffer; is_public: boolean }>(
      db,
      sql`select i.post_id, v.etag, v.bytes, ${PUBLIC_POST_CONDITION} as is_public from news_image_variants v join news_images i on i.id = v.image_id
        join news_posts p on p.id = i.post_id where v.image_id = ${request.params.id} and v.width = ${Number(match[1])} and v.format = ${format}`,
    );
    if (!variant) throw notFound();
    if (!variant.is_public) await loadPostByIdForViewer(request, variant.post_id);
    reply.header("ETag", variant.etag);
    reply.header("Cache-Control", variant.is_public ? "public, max-age=31536000, immutable" : "private, max-age=3600");
    reply.header("X-Content-Type-Options", "nosniff");
    if (request.headers["if-none-match"] === variant.etag) return reply.status(304).send();
    return reply.type(format === "webp" ? "image/webp" : "image/jpeg").send(variant.bytes);
  });

  // ---- forms ----
  const relatedChoices = async (request: FastifyRequest, spaceId: string, post?: NewsPost) => {
    const stored = post ? await resolveCards(db, post.related) : [];
    return Promise.all(
      contentSources()
        .filter((source) => RELATED_KINDS.includes(source.kind))
        .map(async (source) => {
          const found = await source.find(db, spaceId, "", 15);
          const cards: ContentCard[] = [...stored.filter((card) => card.kind === source.kind), ...found.filter((card) => card.id !== post?.id)];
          const unique = [...new Map(cards.map((card) => [card.id, card])).values()];
          return { kind: source.kind, label: request.t(source.labelKey), cards: unique };
        }),
    );
  };

  const formData = async (request: FastifyRequest, space: ViewedSpace, mode: "manage" | "propose", form: FormState, post?: NewsPost, imageForm?: FormState): Promise<NewsFormData> => {
    const user = requireUser(request);
    const [images, related, memberships] = await Promise.all([
      post ? imagesOfPosts(db, [post.id]).then((map) => map.get(post.id) ?? []) : Promise.resolve<NewsImage[]>([]),
      mode === "manage" ? relatedChoices(request, space.id, post) : Promise.resolve([]),
      mode === "propose" ? organisationsOfUser(db, user.id) : Promise.resolve([]),
    ]);
    const commitments =
      mode === "propose"
        ? (await Promise.all(memberships.map((organisation) => organisationCommitments(db, organisation.id, user, clock.now(), 100))))
            .flat()
            .filter((commitment) => commitment.role === "owner" && commitment.space.id === space.id)
            .map((commitment) => ({ value: String(commitment.number), label: `#${commitment.number} ${localizedString(commitment.title, request.locale)}` }))
        : [];
    return {
      space: { slug: space.slug, title: space.title }, mode, form, ...(post ? { post, images } : {}), ...(imageForm ? { imageForm } : {}),
      organisations: memberships.map((organisation) => ({ value: organisation.slug, label: localizedString(organisation.name, request.locale) })),
      commitments: [...new Map(commitments.map((choice) => [choice.value, choice])).values()],
      relatedChoices: related,
    };
  };

  /** The organisation a form names (by slug) and, for a proposal, the commitment it is about; field errors otherwise. */
  const organisationAndCommitment = async (request: FastifyRequest, space: ViewedSpace, mode: "manage" | "propose", body: Record<string, unknown>) => {
    const user = requireUser(request);
    const errors: FieldErrors = {};
    const slug = typeof body.organisation === "string" ? body.organisation.trim() : "";
    let organisationId: string | null = null;
    if (mode === "propose") {
      const mine = (await organisationsOfUser(db, user.id)).find((organisation) => organisation.slug === slug);
      if (!mine) errors.organisation = { key: "news.error.organisation_own" };
      else organisationId = mine.id;
    } else if (slug) {
      const found = await findOrganisationBySlug(db, slug);
      if (!found) errors.organisation = { key: "news.error.organisation_unknown" };
      else organisationId = found.id;
    }
    let commitment: { kind: string; id: string } | null = null;
    const number = typeof body.commitment === "string" && body.commitment ? Number(body.commitment) : null;
    if (number !== null) {
      const found = Number.isSafeInteger(number) ? await findCommitmentByNumber(db, space.id, number) : undefined;
      // A story is about the organisation's own published commitment, never someone else's or a draft.
      if (!found || found.status !== "published" || (organisationId && found.organisationId !== organisationId)) errors.commitment = { key: "news.error.commitment" };
      else commitment = { kind: "commitment", id: found.id };
    }
    return { organisationId, commitment, errors };
  };

  /** Checks and saves a posted form: a redirect on success; the form with what was typed and each error (422/409) otherwise. */
  const answerForm = async (request: FastifyRequest, reply: FastifyReply, space: ViewedSpace, mode: "manage" | "propose", post: NewsPost | undefined, save: (fields: NewsFields, organisationId: string | null) => Promise<NewsPost>, flash: string, next: (saved: NewsPost) => string) => {
    const body = formBody(request);
    try {
      const saved = await checkAndSave(request, space, mode, body, save);
      setFlash(reply, flash);
      return reply.redirect(next(saved), 303);
    } catch (error) {
      if (error instanceof AppError && (Object.keys(error.fields).length > 0 || error.code === "validation_failed")) {
        const errors = Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } };
        return sendPage(reply, postFormPage(viewContext(request), await formData(request, space, mode, { values: body, errors }, post)), error.status);
      }
      throw error;
    }
  };
  /** The form's fields, organisation and commitment checked together (every field's error at once), then saved. */
  const checkAndSave = async (request: FastifyRequest, space: ViewedSpace, mode: "manage" | "propose", body: Record<string, unknown>, save: (fields: NewsFields, organisationId: string | null) => Promise<NewsPost>) => {
    const extra = await organisationAndCommitment(request, space, mode, body);
    let fields: NewsFields | undefined;
    let errors: FieldErrors = { ...extra.errors };
    try {
      // An organisation's proposal is always a story, whatever the form sent.
      fields = await checkedNewsFields(db, { ...inputFromForm(body), ...(mode === "propose" ? { kind: "story" } : {}) });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "validation_failed") throw error;
      errors = { ...error.fields, ...errors };
    }
    if (Object.keys(errors).length || !fields) throw new AppError("validation_failed", "error.validation_failed", errors);
    const related = extra.commitment && !fields.related.some((reference) => reference.id === extra.commitment!.id) ? [extra.commitment, ...fields.related] : fields.related;
    return save({ ...fields, related }, extra.organisationId);
  };

  const managedSpace = async (request: FastifyRequest, slug: string) => {
    requireUser(request);
    const loaded = await loadNewsSpace(request, slug);
    if (!loaded.canManage) throw forbidden();
    return loaded.space;
  };

  app.get<SpaceParams>("/spaces/:slug/news/new", hidden, async (request, reply) => {
    const space = await managedSpace(request, request.params.slug);
    return sendPage(reply, postFormPage(viewContext(request), await formData(request, space, "manage", emptyForm({ kind: "news" }))));
  });
  app.post<SpaceParams>("/spaces/:slug/news/new", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await managedSpace(request, request.params.slug);
    return answerForm(request, reply, space, "manage", undefined, (fields, organisationId) => createPost(services, { id: user.id, ip: request.ip }, space.id, fields, organisationId), "news.flash.created", (saved) => `${postPath(space.slug, saved.slug)}/edit#images`);
  });

  // ---- an organisation proposes a story about its commitment ----
  const proposingSpace = async (request: FastifyRequest, slug: string) => {
    const user = requireUser(request);
    const { space } = await loadNewsSpace(request, slug);
    if (!(await organisationsOfUser(db, user.id)).length) throw new AppError("forbidden", "news.error.no_organisation");
    return space;
  };
  app.get<SpaceParams>("/spaces/:slug/news/propose", hidden, async (request, reply) => {
    const space = await proposingSpace(request, request.params.slug);
    return sendPage(reply, postFormPage(viewContext(request), await formData(request, space, "propose", emptyForm({ kind: "story" }))));
  });
  app.post<SpaceParams>("/spaces/:slug/news/propose", hidden, async (request, reply) => {
    const user = requireUser(request);
    const space = await proposingSpace(request, request.params.slug);
    return answerForm(request, reply, space, "propose", undefined, (fields, organisationId) => proposeStory(services, { id: user.id, ip: request.ip }, space.id, fields, organisationId!), "news.flash.proposed", (saved) => postPath(space.slug, saved.slug));
  });

  app.get<SpaceParams>("/spaces/:slug/news/review", hidden, async (request, reply) => {
    const space = await managedSpace(request, request.params.slug);
    return sendPage(reply, reviewQueuePage(viewContext(request), { slug: space.slug, title: space.title }, await listUnpublishedPosts(db, space.id, { statuses: ["submitted"] })));
  });

  // ---- one post ----
  const renderPost = async (request: FastifyRequest, reply: FastifyReply, loaded: Awaited<ReturnType<typeof loadPostForViewer>>, reviewForm?: FormState, status = 200) => {
    const { space, post, canManage } = loaded;
    const view = viewContext(request);
    const [imageMap, names, organisations, related] = await Promise.all([
      imagesOfPosts(db, [post.id]),
      authorNames(db, post.authorIds),
      post.organisationId ? organisationNames(db, [post.organisationId]) : Promise.resolve(new Map()),
      resolveCards(db, post.related),
    ]);
    const images = imageMap.get(post.id) ?? [];
    const organisation = post.organisationId ? (organisations.get(post.organisationId) ?? null) : null;
    const pageUrl = `${publicUrl}${postPath(space.slug, post.slug)}`;
    // Only a post anyone may read describes itself to link previews and search engines.
    const isPublic = space.visibility === "public" && post.status === "published" && post.moderationStatus === "published";
    const title = localize(post.title, request.locale).text;
    const description = localize(post.lead, request.locale).text || title;
    const lead = images[0];
    const imageUrl = lead ? `${publicUrl}${imagePath(lead.id, imageWidth(lead, 1600))}` : undefined;
    const authors = [...names.values()];
    const head = isPublic
      ? html`${openGraphTags({
          title, description, url: pageUrl, type: "article", locale: request.locale, share: { kind: "news", context: localize(space.title, request.locale).text },
          ...(lead && imageUrl ? { image: { url: imageUrl, alt: localize(lead.alt, request.locale).text, width: imageWidth(lead, 1600), height: Math.round((lead.height * imageWidth(lead, 1600)) / lead.width) } } : {}),
          ...(post.publishedAt ? { publishedAt: post.publishedAt } : {}), updatedAt: post.updatedAt,
        })}
${jsonLdScript({
  "@type": "NewsArticle",
  headline: title.slice(0, 110),
  description,
  url: pageUrl,
  mainEntityOfPage: pageUrl,
  inLanguage: localize(post.title, request.locale).locale,
  articleSection: request.t(`news.kind.${post.kind}`),
  ...(post.publishedAt ? { datePublished: post.publishedAt.toISOString() } : {}),
  dateModified: post.updatedAt.toISOString(),
  ...(lead ? { image: lead.widths.map((width) => `${publicUrl}${imagePath(lead.id, width)}`) } : {}),
  author: organisation
    ? { "@type": "Organization", name: localizedString(organisation.name, request.locale), url: `${publicUrl}/organisations/${organisation.slug}` }
    : authors.map((name) => ({ "@type": "Person", name })),
  publisher: { "@type": "Organization", name: localizedString(space.title, request.locale), url: `${publicUrl}/spaces/${space.slug}` },
  ...(post.topics.length ? { keywords: post.topics.join(", ") } : {}),
})}`
      : "";
    const relatedLabels = Object.fromEntries(contentSources().map((source) => [source.kind, request.t(source.labelKey)]));
    return sendPage(
      reply,
      postPage(view, {
        space: { slug: space.slug, title: space.title }, post, images, authors, organisation, related, relatedLabels, canManage,
        canEdit: canEditPost(request.user, space.viewerRoles, post), isAuthor: isNewsAuthor(request.user, post), head, ...(reviewForm ? { reviewForm } : {}),
      }),
      status,
    );
  };

  app.get<PostParams>("/spaces/:slug/news/:post", hidden, async (request, reply) => renderPost(request, reply, await loadPostForViewer(request, request.params.slug, request.params.post)));

  const editablePost = async (request: FastifyRequest<PostParams>) => {
    requireUser(request);
    const loaded = await loadPostForViewer(request, request.params.slug, request.params.post);
    if (!canEditPost(request.user, loaded.space.viewerRoles, loaded.post)) throw forbidden();
    return loaded;
  };
  const modeFor = (loaded: { canManage: boolean }): "manage" | "propose" => (loaded.canManage ? "manage" : "propose");
  const storedFormValues = async (post: NewsPost) => {
    const organisation = post.organisationId ? (await organisationNames(db, [post.organisationId])).get(post.organisationId) : undefined;
    const commitmentRef = post.related.find((reference) => reference.kind === "commitment");
    const [commitment] = commitmentRef ? await queryRows<{ number: string | number }>(db, sql`select number from commitments where id = ${commitmentRef.id}`) : [];
    return postFormValues(post, organisation?.slug ?? null, commitment ? String(commitment.number) : "");
  };

  app.get<PostParams>("/spaces/:slug/news/:post/edit", hidden, async (request, reply) => {
    const loaded = await editablePost(request);
    return sendPage(reply, postFormPage(viewContext(request), await formData(request, loaded.space, modeFor(loaded), emptyForm(await storedFormValues(loaded.post)), loaded.post)));
  });
  app.post<PostParams>("/spaces/:slug/news/:post/edit", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await editablePost(request);
    const { space, post } = loaded;
    return answerForm(request, reply, space, modeFor(loaded), post, (fields, organisationId) => updatePost(services, { id: user.id, ip: request.ip }, post.id, loaded.canManage ? fields : { ...fields, kind: "story" }, organisationId), "news.flash.saved", (saved) => postPath(space.slug, saved.slug));
  });

  app.post<PostParams>("/spaces/:slug/news/:post/status", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadPostForViewer(request, request.params.slug, request.params.post);
    const { space, post, canManage } = loaded;
    const status = formBody(request).status;
    const actor = { id: user.id, ip: request.ip };
    if (status === "submitted" && isNewsAuthor(user, post) && post.submittedAt !== null) await resubmitStory(services, actor, post.id);
    else if (canManage && (status === "published" || status === "unpublished" || status === "draft")) await setPostStatus(services, actor, post.id, status);
    else if (!canManage && !isNewsAuthor(user, post)) throw forbidden();
    else throw new AppError("bad_request", "news.error.bad_status");
    setFlash(reply, `news.flash.${String(status)}`);
    return reply.redirect(postPath(space.slug, post.slug), 303);
  });

  app.post<PostParams>("/spaces/:slug/news/:post/review", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await loadPostForViewer(request, request.params.slug, request.params.post);
    if (!loaded.canManage) throw forbidden();
    const body = formBody(request);
    const decision = body.decision;
    if (decision !== "publish" && decision !== "return" && decision !== "reject") throw new AppError("bad_request", "news.error.bad_status");
    const comment = typeof body.comment === "string" ? body.comment : "";
    try {
      await reviewStory(services, { id: user.id, ip: request.ip }, loaded.post.id, decision as ReviewDecision, comment);
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return renderPost(request, reply, loaded, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, `news.flash.review_${String(decision)}`);
    return reply.redirect(postPath(loaded.space.slug, loaded.post.slug), 303);
  });

  // ---- pictures ----
  app.post<PostParams>("/spaces/:slug/news/:post/images", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await editablePost(request);
    const { space, post } = loaded;
    const body = formBody(request);
    const file = Buffer.isBuffer(body.image) ? body.image : null;
    // What was typed comes back; the file itself cannot be put back into a file input.
    const values = Object.fromEntries(Object.entries(body).filter(([, value]) => typeof value === "string"));
    try {
      await addImage(services, { id: user.id, ip: request.ip }, post.id, file, { alt: localizedFromForm(body, "alt"), caption: localizedFromForm(body, "caption") });
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) {
        const form = emptyForm(await storedFormValues(post));
        return sendPage(reply, postFormPage(viewContext(request), await formData(request, space, modeFor(loaded), form, post, { values, errors: error.fields })), error.status);
      }
      throw error;
    }
    setFlash(reply, "news.flash.image_added");
    return reply.redirect(`${postPath(space.slug, post.slug)}/edit#images`, 303);
  });

  app.post<{ Params: { slug: string; post: string; image: string } }>("/spaces/:slug/news/:post/images/:image", hidden, async (request, reply) => {
    const user = requireUser(request);
    const loaded = await editablePost(request as unknown as FastifyRequest<PostParams>);
    const action = formBody(request).action;
    if (action !== "delete" && action !== "forward") throw new AppError("bad_request", "news.error.bad_status");
    if (!isUuid(request.params.image)) throw notFound();
    await changeImage(services, { id: user.id, ip: request.ip }, loaded.post.id, request.params.image, action);
    setFlash(reply, action === "delete" ? "news.flash.image_removed" : "news.flash.image_moved");
    return reply.redirect(`${postPath(loaded.space.slug, loaded.post.slug)}/edit#images`, 303);
  });
}
