import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../platform/auth/guards";
import { AppError, notFound } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { organisationsOfUser } from "../organisations/queries";
import { partnershipApiRoutes } from "./api";
import { publishPost, updatePost, withdrawPost, type Actor } from "./commands/save-post";
import { filtersFromQuery, postFromForm } from "./inputs";
import { suggestedPairs, suggestionsFor } from "./matching";
import { findPost, isLive, listPosts, livePostsOfSide, loadPartnershipsSpace, partnershipsPath, postPath, spaceTargets, type PostView } from "./queries";
import { listPage, postPage } from "./views/pages";

const hidden = { schema: { hide: true } };
type SpaceParams = { Params: { slug: string } };
type PostParams = { Params: { slug: string; post: string } };
const PAIRS_SHOWN = 20;

const actorOf = (request: FastifyRequest): Actor => {
  const user = requireUser(request);
  return { id: user.id, ip: request.ip, isPlatformAdmin: user.isPlatformAdmin };
};

/** The form to show again after a command refused it with field errors (422, or 409 with a message), else null. */
export function failedForm(error: unknown, body: Record<string, unknown>): FormState | null {
  if (!(error instanceof AppError) || (error.code !== "validation_failed" && !Object.keys(error.fields).length && error.code !== "conflict")) return null;
  return { values: body, errors: Object.keys(error.fields).length ? error.fields : { _: { key: error.messageKey } } };
}

/** A post as its edit form shows it. */
function postValues(post: PostView): Record<string, unknown> {
  return {
    side: post.side, kind: post.kind, ...localizedToForm("title", post.title), ...localizedToForm("description", post.description),
    target_ids: post.targetIds, countries: post.countries, languages: post.languages, until_on: post.untilOn ?? "",
  };
}

/** Pages of partnerships: browse with filters and suggested pairs, publish, one post with its suggestions, edit, withdraw; and the API. */
export async function partnershipRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db, clock } = services;
  await app.register(partnershipApiRoutes);

  const adminOrganisations = async (request: FastifyRequest) =>
    request.user ? (await organisationsOfUser(db, request.user.id)).filter((organisation) => organisation.role === "admin") : null;

  const renderList = async (request: FastifyRequest, reply: FastifyReply, slug: string, form?: FormState, status = 200) => {
    const { space } = await loadPartnershipsSpace(request, slug);
    const now = clock.now();
    const organisations = await adminOrganisations(request);
    const filters = filtersFromQuery(request.query);
    const [posts, targets, needs, offers] = await Promise.all([
      listPosts(db, space.id, { ...filters, organisationIds: organisations?.map((organisation) => organisation.id) }, now),
      spaceTargets(db, space.id),
      livePostsOfSide(db, space.id, "need", now),
      livePostsOfSide(db, space.id, "offer", now),
    ]);
    const pairs = suggestedPairs(needs, offers, now).sort((a, b) => b.score - a.score).slice(0, PAIRS_SHOWN);
    const initial = emptyForm({ organisation_id: organisations?.[0]?.id ?? "", side: "offer", kind: "expertise", languages: [request.locale] });
    return sendPage(reply, listPage(viewContext(request), { space, posts, filters, targets, pairs, organisations, form: form ?? initial, now }), status);
  };

  app.get<SpaceParams>("/spaces/:slug/partnerships", hidden, async (request, reply) => renderList(request, reply, request.params.slug));

  app.post<SpaceParams>("/spaces/:slug/partnerships/new", hidden, async (request, reply) => {
    requireUser(request);
    const { space } = await loadPartnershipsSpace(request, request.params.slug);
    const body = formBody(request);
    let created: PostView;
    try {
      created = await publishPost(services, actorOf(request), space.id, postFromForm(body));
    } catch (error) {
      const form = failedForm(error, body);
      if (form) return renderList(request, reply, space.slug, form, (error as AppError).status);
      throw error;
    }
    setFlash(reply, created.moderationStatus === "held" ? "partnerships.flash.held" : "partnerships.flash.published");
    return reply.redirect(postPath(space.slug, created.id), 303);
  });

  /** The post as this viewer may see it: live for everyone; otherwise for its organisation's admins and moderators. */
  const loadPost = async (request: FastifyRequest<PostParams>) => {
    const { space, canModerate } = await loadPartnershipsSpace(request, request.params.slug);
    const post = await findPost(db, space.id, request.params.post);
    if (!post) throw notFound();
    const organisations = await adminOrganisations(request);
    const canEdit = Boolean(request.user?.isPlatformAdmin) || Boolean(organisations?.some((organisation) => organisation.id === post.organisationId));
    const live = isLive(post, clock.now());
    if (!live && !canEdit && !canModerate) throw notFound();
    if (post.moderationStatus === "hidden" && !canModerate) throw notFound();
    return { space, post, canEdit, live };
  };

  const renderPost = async (request: FastifyRequest<PostParams>, reply: FastifyReply, form?: FormState, status = 200) => {
    const { space, post, canEdit, live } = await loadPost(request);
    const now = clock.now();
    const [targets, others] = await Promise.all([spaceTargets(db, space.id), livePostsOfSide(db, space.id, post.side === "offer" ? "need" : "offer", now)]);
    const isOwnAdmin = Boolean((await adminOrganisations(request))?.some((organisation) => organisation.id === post.organisationId));
    return sendPage(
      reply,
      postPage(viewContext(request), {
        space, post, targets, suggestions: suggestionsFor(post, others, now), isLive: live, canEdit, canContact: Boolean(request.user) && !isOwnAdmin,
        isSignedIn: Boolean(request.user), form: form ?? emptyForm(postValues(post)), now,
      }),
      status,
    );
  };

  app.get<PostParams>("/spaces/:slug/partnerships/:post", hidden, async (request, reply) => renderPost(request, reply));

  app.post<PostParams>("/spaces/:slug/partnerships/:post/edit", hidden, async (request, reply) => {
    requireUser(request);
    const { space, post } = await loadPost(request);
    const body = formBody(request);
    const { organisationId: _ignored, ...fields } = postFromForm(body);
    try {
      await updatePost(services, actorOf(request), post.id, fields);
    } catch (error) {
      const form = failedForm(error, body);
      if (form) return renderPost(request, reply, form, (error as AppError).status);
      throw error;
    }
    setFlash(reply, "partnerships.flash.updated");
    return reply.redirect(postPath(space.slug, post.id), 303);
  });

  app.post<PostParams>("/spaces/:slug/partnerships/:post/withdraw", hidden, async (request, reply) => {
    requireUser(request);
    const { space, post } = await loadPost(request);
    await withdrawPost(services, actorOf(request), post.id);
    setFlash(reply, "partnerships.flash.withdrawn");
    return reply.redirect(partnershipsPath(space.slug), 303);
  });
}
