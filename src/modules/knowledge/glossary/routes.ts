import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireUser } from "../../../platform/auth/guards";
import { AppError, forbidden } from "../../../platform/errors";
import { viewContext } from "../../../platform/http/context";
import { formBody, sendPage } from "../../../platform/http/forms";
import { setFlash } from "../../../platform/http/plugin";
import { localize } from "../../../platform/i18n/localized";
import { emptyForm, type FormState } from "../../../platform/views/forms";
import { canEditSpace } from "../../spaces/permissions";
import { loadKnowledgeSpace } from "../space-gate";
import { addGlossaryTerms, listGlossaryTerms, removeGlossaryTerm } from "./commands/change-glossary";
import { glossaryFor } from "./extension";
import { glossaryPage } from "./views";

const hidden = { schema: { hide: true } };
type SlugParams = { Params: { slug: string } };
type Scope = { spaceId: string | null; basePath: string; space?: { slug: string; title: ReturnType<typeof localize> } };

/** Coordinators manage their space's glossary, platform admins the platform's (and every space's). */
async function glossaryScope(request: FastifyRequest, slug: string | undefined): Promise<Scope> {
  const user = request.user;
  if (slug === undefined) {
    if (!user) throw new AppError("unauthenticated");
    if (!user.isPlatformAdmin) throw forbidden();
    return { spaceId: null, basePath: "/knowledge" };
  }
  // the glossary page is part of the space's hub: without the hub it does not exist, like the hub's other pages
  const space = await loadKnowledgeSpace(request.server.services.db, slug, user);
  if (!user) throw new AppError("unauthenticated");
  if (!canEditSpace(user, space.viewerRoles)) throw forbidden();
  return { spaceId: space.id, basePath: `/spaces/${space.slug}/knowledge`, space: { slug: space.slug, title: localize(space.title, request.locale) } };
}

/** The glossary extension pages: /knowledge/glossary (platform) and /spaces/:slug/knowledge/glossary. */
export async function glossaryRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;

  async function render(request: FastifyRequest, reply: FastifyReply, scope: Scope, form: FormState, status = 200) {
    const [terms, glossary] = await Promise.all([listGlossaryTerms(services.db, scope.spaceId), glossaryFor(services.db, scope.spaceId)]);
    return sendPage(reply, glossaryPage(viewContext(request), { basePath: scope.basePath, ...(scope.space ? { space: scope.space } : {}), terms, glossary, form }), status);
  }

  async function add(request: FastifyRequest, reply: FastifyReply, scope: Scope) {
    const body = formBody(request);
    try {
      await addGlossaryTerms(services, requireUser(request), scope.spaceId, { concept: body.concept, en: body.en, ru: body.ru }, request.ip);
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return render(request, reply, scope, { values: body, errors: error.fields }, error.status);
      throw error;
    }
    setFlash(reply, "knowledge.glossary.added");
    return reply.redirect(`${scope.basePath}/glossary`, 303);
  }

  async function remove(request: FastifyRequest, reply: FastifyReply, scope: Scope) {
    await removeGlossaryTerm(services, requireUser(request), scope.spaceId, formBody(request).termId, request.ip);
    setFlash(reply, "knowledge.glossary.removed");
    return reply.redirect(`${scope.basePath}/glossary`, 303);
  }

  app.get("/knowledge/glossary", hidden, async (request, reply) => render(request, reply, await glossaryScope(request, undefined), emptyForm({ concept: "new" })));
  app.post("/knowledge/glossary", hidden, async (request, reply) => add(request, reply, await glossaryScope(request, undefined)));
  app.post("/knowledge/glossary/remove", hidden, async (request, reply) => remove(request, reply, await glossaryScope(request, undefined)));
  app.get<SlugParams>("/spaces/:slug/knowledge/glossary", hidden, async (request, reply) => render(request, reply, await glossaryScope(request, request.params.slug), emptyForm({ concept: "new" })));
  app.post<SlugParams>("/spaces/:slug/knowledge/glossary", hidden, async (request, reply) => add(request, reply, await glossaryScope(request, request.params.slug)));
  app.post<SlugParams>("/spaces/:slug/knowledge/glossary/remove", hidden, async (request, reply) => remove(request, reply, await glossaryScope(request, request.params.slug)));
}
