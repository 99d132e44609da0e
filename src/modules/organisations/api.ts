import type { FastifyInstance } from "fastify";
import { assertTokenActsFor } from "../../platform/api/access";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { requireScope } from "../../platform/auth/guards";
import { regionsOf } from "../../platform/countries";
import { AppError, fieldErrorsFromZod, forbidden } from "../../platform/errors";
import type { CurrentUser } from "../../platform/http/context";
import { ACTOR_TYPES, actorTypeLabel } from "./actor-types";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { createOrganisation } from "./commands/create-organisation";
import { updateOrganisation } from "./commands/update-organisation";
import { ActorTypeKey, CountryCode, OrganisationCreateBody, OrganisationInput, OrganisationUpdateBody, organisationFromApi } from "./inputs";
import { canRegisterOrganisation } from "./permissions";
import { findOrganisationBySlug, listMembersPage, listOrganisations, viewerOf, visibleContacts, type Organisation, type OrganisationListItem } from "./queries";
import { organisationMembers } from "./schema";
import { targetsOfOrganisation } from "./targets";
import { contactPath } from "../../platform/relay/kinds";

const LocalizedTextOut = z.record(z.string(), z.string()).describe("Text per language code");
const ContactOut = z.object({ value: z.string(), visibility: z.enum(["public", "members", "private"]) });

const OrganisationSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: LocalizedTextOut,
  actor_type: z.string(),
  country: z.string().nullable(),
  website: z.string().nullable(),
  themes: z.array(z.string()).describe("Free themes, lower-case"),
  url: z.string().describe("The organisation's page on this platform"),
  created_at: z.string(),
});

const OrganisationDetail = OrganisationSummary.extend({
  description: LocalizedTextOut,
  regions: z.array(z.object({ code: z.string(), level: z.string(), name: z.string() })).describe("UN M49 regions of the country, broadest first"),
  contacts: z
    .object({ email: ContactOut.optional(), phone: ContactOut.optional(), address: ContactOut.optional(), person: ContactOut.optional() })
    .describe("Only the contacts the caller may see: public ones for everyone, members-only ones for signed-in callers, all for the organisation's members"),
  targets: z.array(z.object({ framework: z.string(), item_id: z.string(), number: z.string().nullable(), label: LocalizedTextOut })).describe("Reference-framework items the organisation works on"),
  contact_url: z.string().describe("A contact form that relays a message to the organisation's admins without revealing their addresses"),
  members_count: z.number().int(),
  your_role: z.enum(["admin", "member"]).nullable().describe("The caller's role in the organisation, if any"),
  updated_at: z.string(),
});

const ListQuery = PageQuery.extend({
  q: z.string().max(200).optional().describe("Search in names and descriptions of every language; tolerates typos"),
  actor_type: ActorTypeKey.optional(),
  country: CountryCode.optional().describe("ISO 3166-1 alpha-2 code"),
  theme: z.string().trim().toLowerCase().max(40).optional().describe("Only organisations with this theme"),
  item: z.uuid().optional().describe("Only organisations working on this framework item (id)"),
  sort: z.enum(["name", "newest"]).default("name"),
});

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const MemberOut = z.object({ display_name: z.string(), role: z.enum(["admin", "member"]), since: z.string() });
const ActorTypeOut = z.object({ key: z.string(), label: z.record(z.string(), z.string()).describe("The label in each interface language, by locale code") });

/** Open data and write API for organisations: /api/v1/organisations and /api/v1/actor-types. */
export async function organisationApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config } = services;
  const tags = ["organisations"];

  const summary = (organisation: OrganisationListItem | Organisation) => ({
    id: organisation.id,
    slug: organisation.slug,
    name: organisation.name as Record<string, string>,
    actor_type: organisation.actorType,
    country: organisation.country,
    website: organisation.website,
    themes: organisation.themes,
    url: `${config.publicUrl}/organisations/${organisation.slug}`,
    created_at: organisation.createdAt.toISOString(),
  });

  const detail = async (organisation: Organisation, user: CurrentUser | null, locale: string) => {
    const viewer = await viewerOf(db, organisation.id, user);
    const [[members], targets] = await Promise.all([
      db.select({ value: count() }).from(organisationMembers).where(eq(organisationMembers.organisationId, organisation.id)),
      targetsOfOrganisation(db, organisation.id),
    ]);
    return {
      ...summary(organisation),
      description: organisation.description as Record<string, string>,
      regions: organisation.country ? regionsOf(organisation.country, locale) : [],
      contacts: visibleContacts(organisation.contacts, viewer),
      targets: targets.map((target) => ({ framework: target.frameworkKey, item_id: target.id, number: target.number, label: target.label as Record<string, string> })),
      contact_url: `${config.publicUrl}${contactPath("organisation", organisation.slug)}`,
      members_count: Number(members?.value ?? 0),
      your_role: viewer.role,
      updated_at: organisation.updatedAt.toISOString(),
    };
  };

  const load = async (slug: string): Promise<Organisation> => {
    const organisation = await findOrganisationBySlug(db, slug);
    if (!organisation) throw new AppError("not_found");
    return organisation;
  };

  typed.get(
    "/api/v1/organisations",
    {
      schema: {
        tags,
        summary: "List organisations (public); search, filter by actor type and country, cursor pagination",
        querystring: ListQuery,
        response: { 200: pageEnvelope(OrganisationSummary), 400: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listOrganisations(db, {
        q: query.q,
        actorType: query.actor_type,
        country: query.country,
        theme: query.theme,
        item: query.item,
        sort: query.sort,
        locale: request.locale,
        cursor: query.cursor,
        limit: query.limit,
      });
      return { data: page.items.map(summary), next_cursor: page.nextCursor };
    },
  );

  typed.get(
    "/api/v1/organisations/:slug",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags,
        summary: "One organisation (public fields; contacts as far as the caller may see them)",
        params: SlugParams,
        response: { 200: OrganisationDetail, 404: ErrorResponse },
      },
    },
    async (request) => detail(await load(request.params.slug), request.user, request.locale),
  );

  typed.post(
    "/api/v1/organisations",
    {
      // Registering a new organisation is a person's act: an organisation's token cannot.
      config: { token: { scope: "organisations:write" } },
      schema: {
        tags,
        summary: "Register an organisation (scope organisations:write); the caller becomes its admin",
        security: [{ bearer: [] }],
        body: OrganisationCreateBody,
        response: { 201: OrganisationDetail, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const user = requireScope(request, "organisations:write");
      if (!canRegisterOrganisation(user)) throw forbidden();
      const parsed = OrganisationInput.safeParse(organisationFromApi(request.body));
      if (!parsed.success) throw new AppError("validation_failed", "error.validation_failed", fieldErrorsFromZod(parsed.error));
      const input = parsed.data;
      const created = await createOrganisation(services, user.id, input, { ip: request.ip });
      return reply.status(201).send(await detail(await load(created.slug), user, request.locale));
    },
  );

  typed.patch(
    "/api/v1/organisations/:slug",
    {
      config: { token: { scope: "organisations:write", isForOrganisations: true } },
      schema: {
        tags,
        summary: "Update an organisation (scope organisations:write; organisation admins only). Absent fields stay; contacts are replaced as a whole",
        security: [{ bearer: [] }],
        params: SlugParams,
        body: OrganisationUpdateBody,
        response: { 200: OrganisationDetail, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const user = requireScope(request, "organisations:write");
      const organisation = await load(request.params.slug);
      assertTokenActsFor(request, organisation.id);
      await updateOrganisation(services, user, organisation.id, organisationFromApi(request.body), { ip: request.ip });
      return detail(await load(organisation.slug), user, request.locale);
    },
  );

  typed.get(
    "/api/v1/organisations/:slug/members",
    {
      schema: {
        tags,
        summary: "Members of an organisation (public: names and roles), in the order they joined",
        params: SlugParams,
        querystring: PageQuery,
        response: { 200: pageEnvelope(MemberOut), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const organisation = await load(request.params.slug);
      const page = await listMembersPage(db, organisation.id, { cursor: request.query.cursor, limit: request.query.limit });
      return {
        data: page.items.map((member) => ({ display_name: member.displayName, role: member.role, since: member.since.toISOString() })),
        next_cursor: page.nextCursor,
      };
    },
  );

  typed.get(
    "/api/v1/actor-types",
    {
      schema: {
        tags,
        summary: "The actor types an organisation can have: stable keys with their labels in every interface language",
        response: { 200: pageEnvelope(ActorTypeOut) },
      },
    },
    async () => ({ data: ACTOR_TYPES.map((type) => ({ key: type.key, label: Object.fromEntries(LOCALE_CODES.map((code) => [code, actorTypeLabel(type.key, code)])) })), next_cursor: null }),
  );
}
