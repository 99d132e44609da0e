import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { createApiToken, listOrganisationTokens, revokeOrganisationToken, type ApiScope } from "../../platform/api/tokens";
import { recordAudit } from "../../platform/audit/record";
import { requireUser } from "../../platform/auth/guards";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage, validateForm } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, type FormState } from "../../platform/views/forms";
import { canManageMembers } from "./permissions";
import { findOrganisationBySlug, viewerOf, type Organisation } from "./queries";
import { organisationTokensPage } from "./views/tokens-page";

/** What an organisation's token may be given: acting for the organisation, never reading a person's account. */
const ORGANISATION_SCOPES: readonly ApiScope[] = ["organisations:write", "commitments:read", "commitments:write", "contributions:write"];
const hidden = { schema: { hide: true } };
type SlugParams = { Params: { slug: string } };

/** API tokens bound to one organisation, managed by its admins. */
export async function organisationTokenRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;

  const adminContext = async (request: FastifyRequest, slug: string) => {
    const user = requireUser(request);
    const organisation = await findOrganisationBySlug(db, slug);
    if (!organisation) throw new AppError("not_found");
    if (!canManageMembers(await viewerOf(db, organisation.id, user))) throw forbidden();
    return { user, organisation };
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, form: FormState = emptyForm(), newToken: string | null = null, status = 200) => {
    const tokens = await listOrganisationTokens(db, organisation.id);
    return sendPage(reply, organisationTokensPage(viewContext(request), { organisation, tokens, scopes: ORGANISATION_SCOPES, form, newToken }), status);
  };

  app.get<SlugParams>("/organisations/:slug/tokens", hidden, async (request, reply) => {
    const { organisation } = await adminContext(request, request.params.slug);
    return render(request, reply, organisation);
  });

  app.post<SlugParams>("/organisations/:slug/tokens", hidden, async (request, reply) => {
    const { user, organisation } = await adminContext(request, request.params.slug);
    const body = formBody(request);
    const result = validateForm(z.object({ name: z.string().trim().min(1).max(100) }), body);
    const scopes = ORGANISATION_SCOPES.filter((scope) => body[`scope.${scope}`]);
    if (!result.isValid) return render(request, reply, organisation, { values: body, errors: result.errors }, null, 422);
    if (!scopes.length) return render(request, reply, organisation, { values: body, errors: { [`scope.${ORGANISATION_SCOPES[0]}`]: { key: "org.tokens.scope_required" } } }, null, 422);
    const secret = await db.transaction(async (tx) => {
      const created = await createApiToken(tx, { userId: user.id, name: result.data.name, scopes, organisationId: organisation.id });
      await recordAudit(tx, { actorUserId: user.id, action: "organisation.token_created", subjectType: "organisation", subjectId: organisation.id, details: { tokenId: created.id, scopes }, ip: request.ip });
      return created.secret;
    });
    return render(request, reply, organisation, emptyForm(), secret);
  });

  app.post<{ Params: { slug: string; id: string } }>("/organisations/:slug/tokens/:id/revoke", hidden, async (request, reply) => {
    const { user, organisation } = await adminContext(request, request.params.slug);
    if (!z.uuid().safeParse(request.params.id).success) throw new AppError("not_found");
    await db.transaction(async (tx) => {
      if (await revokeOrganisationToken(tx, services.clock, organisation.id, request.params.id)) {
        await recordAudit(tx, { actorUserId: user.id, action: "organisation.token_revoked", subjectType: "organisation", subjectId: organisation.id, details: { tokenId: request.params.id }, ip: request.ip });
      }
    });
    setFlash(reply, "account.token_revoked");
    return reply.redirect(`/organisations/${organisation.slug}/tokens`, 303);
  });
}
