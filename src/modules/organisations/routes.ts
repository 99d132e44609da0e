import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { requireUser } from "../../platform/auth/guards";
import { isCountryCode } from "../../platform/countries";
import { AppError, forbidden } from "../../platform/errors";
import { viewContext } from "../../platform/http/context";
import { formBody, sendPage, validateForm } from "../../platform/http/forms";
import { setFlash } from "../../platform/http/plugin";
import { emptyForm, localizedToForm, type FormState } from "../../platform/views/forms";
import { isActorTypeKey } from "./actor-types";
import { acceptInvitation } from "./commands/accept-invitation";
import { changeMemberRole } from "./commands/change-member-role";
import { createOrganisation } from "./commands/create-organisation";
import { decideJoinRequest } from "./commands/decide-join-request";
import { inviteMember } from "./commands/invite-member";
import { leaveOrganisation } from "./commands/leave-organisation";
import { removeMember } from "./commands/remove-member";
import { requestToJoin } from "./commands/request-to-join";
import { revokeInvitation } from "./commands/revoke-invitation";
import { updateOrganisation } from "./commands/update-organisation";
import { collapseLocalizedErrors, contactsToForm, InvitationBody, JoinRequestBody, OrganisationInput, organisationFromForm, RoleBody } from "./inputs";
import { canEditOrganisation, canManageMembers, canRegisterOrganisation } from "./permissions";
import {
  findOpenInvitation,
  findOrganisationBySlug,
  hasHiddenContacts,
  hasPendingJoinRequest,
  listMembers,
  listOrganisations,
  openInvitations,
  organisationFacets,
  organisationsOfUser,
  pendingJoinRequests,
  viewerOf,
  visibleContacts,
  type Organisation,
} from "./queries";
import { invitationPage } from "./views/invitation-page";
import { organisationListPage, type ListFilters } from "./views/list-page";
import { membersPage } from "./views/members-page";
import { editOrganisationPage, newOrganisationPage } from "./views/organisation-form";
import { organisationPage } from "./views/organisation-page";
import { renderOrganisationPageSections } from "./page-sections";
import { targetChoices, targetIndex, targetsOfOrganisation } from "./targets";

const PAGE_SIZE = 20;
// Errors inside these fields ("name.ru", "themes.2") are shown on the whole field.
const LOCALIZED_FIELDS = ["name", "description", "themes", "itemIds"];
const hidden = { schema: { hide: true } };

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; userId: string } };
type ItemParams = { Params: { slug: string; id: string } };

function isUuid(value: string): boolean {
  return z.uuid().safeParse(value).success;
}

/** Reads the directory's filters from the query string; unknown values are ignored rather than refused. */
function listFilters(query: Record<string, unknown>): ListFilters & { cursor?: string } {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const country = text(query.country).toUpperCase();
  return {
    q: text(query.q).slice(0, 200),
    actorType: isActorTypeKey(text(query.actor_type)) ? text(query.actor_type) : "",
    country: isCountryCode(country) ? country : "",
    theme: text(query.theme).toLowerCase().slice(0, 40),
    item: isUuid(text(query.item)) ? text(query.item).toLowerCase() : "",
    sort: text(query.sort) === "newest" ? "newest" : "name",
    cursor: text(query.cursor) || undefined,
  };
}

/** Organisation pages: directory, profile, register/edit, members, invitations and join requests. */
export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  const { db } = services;
  // Endpoints that send mail get the same per-IP limit as the account endpoints, so they cannot be used to spam.
  const mailing = { config: { rateLimit: { max: services.config.authRateLimit, timeWindow: "1 minute" } }, schema: { hide: true } };

  const load = async (slug: string): Promise<Organisation> => {
    const organisation = await findOrganisationBySlug(db, slug);
    if (!organisation) throw new AppError("not_found");
    return organisation;
  };

  const adminOf = async (request: FastifyRequest, slug: string) => {
    const user = requireUser(request);
    const organisation = await load(slug);
    const viewer = await viewerOf(db, organisation.id, user);
    return { user, organisation, viewer };
  };

  app.get("/organisations", hidden, async (request, reply) => {
    const filters = listFilters(request.query as Record<string, unknown>);
    const { cursor, ...shown } = filters;
    const [page, facets, mine, targets] = await Promise.all([
      listOrganisations(db, { ...filters, locale: request.locale, limit: PAGE_SIZE }),
      organisationFacets(db, filters),
      request.user ? organisationsOfUser(db, request.user.id) : Promise.resolve(null),
      targetIndex(db),
    ]);
    return sendPage(
      reply,
      organisationListPage(viewContext(request), { filters: shown, items: page.items, nextCursor: page.nextCursor, isFirstPage: !cursor, facets, myOrganisations: mine, targets }),
    );
  });

  // ---- register ---------------------------------------------------------------------------------------
  const requireRegistrant = (request: FastifyRequest) => {
    const user = requireUser(request);
    if (!canRegisterOrganisation(user)) throw forbidden();
    return user;
  };

  app.get("/organisations/new", hidden, async (request, reply) => {
    requireRegistrant(request);
    return sendPage(reply, newOrganisationPage(viewContext(request), emptyForm(contactsToForm({})), await targetChoices(db)));
  });

  app.post("/organisations", hidden, async (request, reply) => {
    const user = requireRegistrant(request);
    const body = formBody(request);
    const view = viewContext(request);
    const result = validateForm(OrganisationInput, organisationFromForm(body));
    const targets = await targetChoices(db);
    if (!result.isValid) return sendPage(reply, newOrganisationPage(view, { values: body, errors: collapseLocalizedErrors(result.errors, LOCALIZED_FIELDS) }, targets), 422);
    let created: { slug: string };
    try {
      created = await createOrganisation(services, user.id, result.data, { ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return sendPage(reply, newOrganisationPage(view, { values: body, errors: error.fields }, targets), error.status);
      throw error;
    }
    setFlash(reply, "org.flash.created");
    return reply.redirect(`/organisations/${created.slug}`, 303);
  });

  // ---- the organisation's page ------------------------------------------------------------------------
  const renderOrganisation = async (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, joinForm: FormState = emptyForm(), status = 200) => {
    const viewer = await viewerOf(db, organisation.id, request.user);
    const [members, hasPendingRequest, sections, targets] = await Promise.all([
      listMembers(db, organisation.id),
      request.user && !viewer.role ? hasPendingJoinRequest(db, organisation.id, request.user.id) : Promise.resolve(false),
      renderOrganisationPageSections(services, viewContext(request), organisation),
      targetsOfOrganisation(db, organisation.id),
    ]);
    return sendPage(
      reply,
      organisationPage(viewContext(request), {
        organisation,
        viewer,
        contacts: visibleContacts(organisation.contacts, viewer),
        hasHiddenContacts: hasHiddenContacts(organisation.contacts, viewer),
        members,
        hasPendingRequest,
        joinForm,
        publicUrl: services.config.publicUrl,
        sections,
        targets,
      }),
      status,
    );
  };

  app.get<SlugParams>("/organisations/:slug", hidden, async (request, reply) => renderOrganisation(request, reply, await load(request.params.slug)));

  // ---- edit -------------------------------------------------------------------------------------------
  app.get<SlugParams>("/organisations/:slug/edit", hidden, async (request, reply) => {
    const { organisation, viewer } = await adminOf(request, request.params.slug);
    if (!canEditOrganisation(viewer)) throw forbidden();
    const values = {
      ...localizedToForm("name", organisation.name),
      ...localizedToForm("description", organisation.description),
      actorType: organisation.actorType,
      country: organisation.country ?? "",
      website: organisation.website ?? "",
      ...contactsToForm(organisation.contacts),
      themes: organisation.themes.join(", "),
      itemIds: (await targetsOfOrganisation(db, organisation.id)).map((target) => target.id),
    };
    return sendPage(reply, editOrganisationPage(viewContext(request), organisation, emptyForm(values), await targetChoices(db)));
  });

  app.post<SlugParams>("/organisations/:slug/edit", hidden, async (request, reply) => {
    const { user, organisation, viewer } = await adminOf(request, request.params.slug);
    if (!canEditOrganisation(viewer)) throw forbidden();
    const body = formBody(request);
    const view = viewContext(request);
    const result = validateForm(OrganisationInput, organisationFromForm(body));
    const targets = await targetChoices(db);
    if (!result.isValid) {
      return sendPage(reply, editOrganisationPage(view, organisation, { values: body, errors: collapseLocalizedErrors(result.errors, LOCALIZED_FIELDS) }, targets), 422);
    }
    try {
      await updateOrganisation(services, user, organisation.id, result.data, { ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) return sendPage(reply, editOrganisationPage(view, organisation, { values: body, errors: error.fields }, targets), error.status);
      throw error;
    }
    setFlash(reply, "form.saved");
    return reply.redirect(`/organisations/${organisation.slug}`, 303);
  });

  // ---- members, invitations, join requests (org admins) ----------------------------------------------
  const renderMembers = async (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, extra: { inviteForm?: FormState; notice?: string } = {}, status = 200) => {
    const [members, joinRequests, invitations] = await Promise.all([
      listMembers(db, organisation.id),
      pendingJoinRequests(db, organisation.id),
      openInvitations(db, organisation.id, services.clock.now()),
    ]);
    return sendPage(
      reply,
      membersPage(viewContext(request), { organisation, members, joinRequests, invitations, inviteForm: extra.inviteForm ?? emptyForm({ role: "member" }), notice: extra.notice }),
      status,
    );
  };

  const membersAdmin = async (request: FastifyRequest, slug: string) => {
    const context = await adminOf(request, slug);
    if (!canManageMembers(context.viewer)) throw forbidden();
    return context;
  };

  /** Runs a member action; a refused one (last admin) re-renders the members page with the reason. */
  const memberAction = async (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, action: () => Promise<void>, flash: string) => {
    try {
      await action();
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return renderMembers(request, reply, organisation, { notice: request.t(error.messageKey) }, error.status);
      throw error;
    }
    setFlash(reply, flash);
    return reply.redirect(`/organisations/${organisation.slug}/members`, 303);
  };

  app.get<SlugParams>("/organisations/:slug/members", hidden, async (request, reply) => {
    const { organisation } = await membersAdmin(request, request.params.slug);
    return renderMembers(request, reply, organisation);
  });

  app.post<MemberParams>("/organisations/:slug/members/:userId/role", hidden, async (request, reply) => {
    const { user, organisation } = await membersAdmin(request, request.params.slug);
    if (!isUuid(request.params.userId)) throw new AppError("not_found");
    const result = validateForm(RoleBody, formBody(request));
    if (!result.isValid) throw new AppError("validation_failed", "error.validation_failed", result.errors);
    return memberAction(
      request,
      reply,
      organisation,
      () => changeMemberRole(services, user, { organisationId: organisation.id, userId: request.params.userId, role: result.data.role }, { ip: request.ip }),
      "org.flash.role_changed",
    );
  });

  app.post<MemberParams>("/organisations/:slug/members/:userId/remove", hidden, async (request, reply) => {
    const { user, organisation } = await membersAdmin(request, request.params.slug);
    if (!isUuid(request.params.userId)) throw new AppError("not_found");
    return memberAction(
      request,
      reply,
      organisation,
      () => removeMember(services, user, { organisationId: organisation.id, userId: request.params.userId }, { ip: request.ip }),
      "org.flash.member_removed",
    );
  });

  app.post<SlugParams>("/organisations/:slug/leave", hidden, async (request, reply) => {
    const user = requireUser(request);
    const organisation = await load(request.params.slug);
    await leaveOrganisation(services, user, organisation.id, { ip: request.ip });
    setFlash(reply, "org.flash.left");
    return reply.redirect(`/organisations/${organisation.slug}`, 303);
  });

  app.post<SlugParams>("/organisations/:slug/invitations", mailing, async (request, reply) => {
    const { user, organisation } = await membersAdmin(request, request.params.slug);
    const body = formBody(request);
    const values = { email: body.email, role: body.role };
    const result = validateForm(InvitationBody, body);
    if (!result.isValid) return renderMembers(request, reply, organisation, { inviteForm: { values, errors: result.errors } }, 422);
    try {
      await inviteMember(services, user, organisation.id, result.data, { ip: request.ip });
    } catch (error) {
      if (error instanceof AppError && Object.keys(error.fields).length) {
        return renderMembers(request, reply, organisation, { inviteForm: { values, errors: error.fields } }, error.status);
      }
      throw error;
    }
    setFlash(reply, "org.flash.invited");
    return reply.redirect(`/organisations/${organisation.slug}/members`, 303);
  });

  app.post<ItemParams>("/organisations/:slug/invitations/:id/revoke", hidden, async (request, reply) => {
    const { user, organisation } = await membersAdmin(request, request.params.slug);
    if (!isUuid(request.params.id)) throw new AppError("not_found");
    await revokeInvitation(services, user, { organisationId: organisation.id, invitationId: request.params.id }, { ip: request.ip });
    setFlash(reply, "org.flash.invitation_revoked");
    return reply.redirect(`/organisations/${organisation.slug}/members`, 303);
  });

  app.post<SlugParams>("/organisations/:slug/join-requests", mailing, async (request, reply) => {
    const user = requireUser(request);
    const organisation = await load(request.params.slug);
    const body = formBody(request);
    const result = validateForm(JoinRequestBody, body);
    if (!result.isValid) return renderOrganisation(request, reply, organisation, { values: { message: body.message }, errors: result.errors }, 422);
    await requestToJoin(services, user, organisation.id, result.data.message);
    setFlash(reply, "org.flash.request_sent");
    return reply.redirect(`/organisations/${organisation.slug}`, 303);
  });

  for (const decision of ["accept", "decline"] as const) {
    app.post<ItemParams>(`/organisations/:slug/join-requests/:id/${decision}`, hidden, async (request, reply) => {
      const { user, organisation } = await membersAdmin(request, request.params.slug);
      if (!isUuid(request.params.id)) throw new AppError("not_found");
      await decideJoinRequest(services, user, { organisationId: organisation.id, requestId: request.params.id, decision }, { ip: request.ip });
      setFlash(reply, decision === "accept" ? "org.flash.request_accepted" : "org.flash.request_declined");
      return reply.redirect(`/organisations/${organisation.slug}/members`, 303);
    });
  }

  // ---- invitations from mail --------------------------------------------------------------------------
  app.get<{ Params: { token: string } }>("/invitations/:token", hidden, async (request, reply) => {
    const invitation = await findOpenInvitation(db, request.params.token, services.clock.now());
    if (!invitation) throw new AppError("not_found", "org.invitation.invalid");
    return sendPage(reply, invitationPage(viewContext(request), invitation, request.params.token));
  });

  app.post<{ Params: { token: string } }>("/invitations/:token", hidden, async (request, reply) => {
    const user = requireUser(request);
    const { slug } = await acceptInvitation(services, user, request.params.token, { ip: request.ip });
    setFlash(reply, "org.flash.joined");
    return reply.redirect(`/organisations/${slug}`, 303);
  });
}
