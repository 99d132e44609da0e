import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ErrorResponse, PageQuery, pageEnvelope } from "../../platform/api/pagination";
import { requireScope } from "../../platform/auth/guards";
import { forbidden } from "../../platform/errors";
import { importFramework } from "./commands/import-framework";
import { IMPORT_MAX_ROWS, rowsFromJsonItems } from "./framework-import";
import { canImportFramework } from "./permissions";
import {
  frameworksOfSpace,
  frameworkTree,
  getFrameworkForViewer,
  getSpaceForViewer,
  listFrameworkItems,
  listFrameworksPage,
  listSpaceRolesPage,
  listSpacesPage,
  spaceMemberCount,
  spacePeople,
  type FrameworkNode,
  type FrameworkSummary,
  type SpaceSummary,
} from "./queries";

const LocalizedTextOut = z.record(z.string(), z.string()).describe("Text per language code");
const FrameworkRefOut = z.object({ key: z.string(), name: LocalizedTextOut, url: z.string() });
const RoleOut = z.enum(["coordinator", "facilitator", "focal_point", "member"]);

const SpaceOut = z.object({
  id: z.string(),
  slug: z.string(),
  title: LocalizedTextOut,
  description: LocalizedTextOut,
  visibility: z.enum(["public", "private"]),
  enabled_modules: z.array(z.string()).describe("Features switched on in the space: commitments, consultations, events, knowledge"),
  frameworks: z.array(FrameworkRefOut).describe("Reference frameworks, in the space's order"),
  archived_at: z.string().nullable(),
  created_at: z.string(),
  url: z.string().describe("The space's page on this platform"),
});

const PersonOut = z.object({ display_name: z.string() });
const SpaceDetailOut = SpaceOut.extend({
  members_count: z.number().int(),
  coordinators: z.array(PersonOut),
  facilitators: z.array(PersonOut),
  your_roles: z.array(z.object({ role: RoleOut, country: z.string().nullable() })).describe("The caller's roles in the space (empty for anonymous callers)"),
});

const MemberOut = z.object({
  display_name: z.string(),
  role: RoleOut,
  country: z.string().nullable().describe("ISO 3166-1 alpha-2, for focal points"),
  since: z.string(),
});

const FrameworkOut = z.object({
  key: z.string(),
  name: LocalizedTextOut,
  description: LocalizedTextOut,
  source: z.string(),
  unofficial_locales: z.array(z.string()).describe("Languages whose labels are Convene's own, unofficial translation"),
  item_count: z.number().int(),
  owner_space: z.string().nullable().describe("Slug of the space that imported this framework; null for reference frameworks"),
  url: z.string(),
});

const FrameworkItemOut = z.object({
  key: z.string(),
  parent_key: z.string().nullable(),
  number: z.string().nullable(),
  kind: z.string(),
  label: LocalizedTextOut,
  position: z.number().int(),
  depth: z.number().int().describe("0 for top-level items"),
});
const FrameworkDetailOut = FrameworkOut.extend({ items: z.array(FrameworkItemOut).describe("Every item, parents before their children, in the framework's order") });

const FrameworkImportBody = z.object({
  key: z.string().max(200).describe("Stable key of the new framework: Latin letters, digits, '.', '_' and '-'"),
  name: z.record(z.string(), z.string()).describe("Name per language code; at least one"),
  description: z.record(z.string(), z.string()).optional(),
  source: z.string().max(500).optional(),
  items: z
    .array(z.unknown())
    .max(IMPORT_MAX_ROWS)
    .describe("Items with key, parent_key, number, kind and label_<language> (or label: {en, ru, ...}); errors name items by index"),
});
const FrameworkImported = z.object({ key: z.string(), item_count: z.number().int(), url: z.string() });

const SlugParams = z.object({ slug: z.string().min(1).max(200) });
const KeyParams = z.object({ key: z.string().min(1).max(200) });

/** Open data and write API for spaces and frameworks. Private spaces answer 404 to everyone outside them. */
export async function spaceApiRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const services = app.services;
  const { db, config } = services;
  const spaceTags = ["spaces"];
  const frameworkTags = ["frameworks"];

  const frameworkRef = (framework: { key: string; name: Record<string, string | undefined> }) => ({
    key: framework.key,
    name: framework.name as Record<string, string>,
    url: `${config.publicUrl}/frameworks/${framework.key}`,
  });
  const spaceOut = (space: SpaceSummary) => ({
    id: space.id,
    slug: space.slug,
    title: space.title as Record<string, string>,
    description: space.description as Record<string, string>,
    visibility: space.visibility,
    enabled_modules: space.enabledModules,
    frameworks: space.frameworks.map(frameworkRef),
    archived_at: space.archivedAt?.toISOString() ?? null,
    created_at: space.createdAt.toISOString(),
    url: `${config.publicUrl}/spaces/${space.slug}`,
  });
  const frameworkOut = (framework: FrameworkSummary) => ({
    ...frameworkRef(framework),
    description: framework.description as Record<string, string>,
    source: framework.source,
    unofficial_locales: framework.unofficialLocales,
    item_count: framework.itemCount,
    owner_space: framework.ownerSpace?.slug ?? null,
  });

  typed.get(
    "/api/v1/spaces",
    { config: { token: { scope: "private:read", withoutScope: "anonymous" } }, schema: { tags: spaceTags, summary: "Spaces the caller may see (public ones, plus private ones the caller belongs to)", querystring: PageQuery, response: { 200: pageEnvelope(SpaceOut), 400: ErrorResponse } } },
    async (request) => {
      const page = await listSpacesPage(db, request.user, request.query);
      return { data: page.items.map(spaceOut), next_cursor: page.nextCursor };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug",
    { config: { token: { scope: "private:read", withoutScope: "anonymous" } }, schema: { tags: spaceTags, summary: "One space, with its frameworks and the people who run it", params: SlugParams, response: { 200: SpaceDetailOut, 404: ErrorResponse } } },
    async (request) => {
      const space = await getSpaceForViewer(db, request.params.slug, request.user);
      const [frameworks, leaders, membersCount] = await Promise.all([
        frameworksOfSpace(db, space.id),
        spacePeople(db, space.id, ["coordinator", "facilitator"]),
        spaceMemberCount(db, space.id),
      ]);
      return {
        ...spaceOut({ ...space, frameworks }),
        members_count: membersCount,
        coordinators: leaders.filter((person) => person.role === "coordinator").map((person) => ({ display_name: person.displayName })),
        facilitators: leaders.filter((person) => person.role === "facilitator").map((person) => ({ display_name: person.displayName })),
        your_roles: space.viewerRoles.map((grant) => ({ role: grant.role, country: grant.country || null })),
      };
    },
  );

  typed.get(
    "/api/v1/spaces/:slug/members",
    {
      config: { token: { scope: "private:read", withoutScope: "anonymous" } },
      schema: {
        tags: spaceTags,
        summary: "The roles in a space (for a private space, only its members may ask)",
        params: SlugParams,
        querystring: PageQuery,
        response: { 200: pageEnvelope(MemberOut), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const space = await getSpaceForViewer(db, request.params.slug, request.user);
      const page = await listSpaceRolesPage(db, space.id, request.query);
      return {
        data: page.items.map((person) => ({ display_name: person.displayName, role: person.role, country: person.country || null, since: person.createdAt.toISOString() })),
        next_cursor: page.nextCursor,
      };
    },
  );

  typed.post(
    "/api/v1/spaces/:slug/frameworks",
    {
      config: { token: { scope: "spaces:write" } },
      schema: {
        tags: frameworkTags,
        summary: "Import a framework for a space (coordinators; scope spaces:write). All items or none: a 422 lists every item's problems",
        security: [{ bearer: [] }],
        params: SlugParams,
        body: FrameworkImportBody,
        response: { 201: FrameworkImported, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const user = requireScope(request, "spaces:write");
      const space = await getSpaceForViewer(db, request.params.slug, user);
      if (!canImportFramework(user, space.viewerRoles)) throw forbidden();
      const body = request.body;
      const read = rowsFromJsonItems(body.items);
      // A refused import is a FrameworkImportRejected: 422 with one field per problem, named items.<index>.<field>.
      const imported = await importFramework(
        services,
        user,
        space.id,
        { meta: { key: body.key, name: body.name, description: body.description ?? {}, source: body.source ?? "" }, rows: read.rows, readErrors: read.errors, reference: "item" },
        request.ip,
      );
      return reply.status(201).send({ key: imported.key, item_count: imported.itemCount, url: `${config.publicUrl}/frameworks/${imported.key}` });
    },
  );

  typed.get(
    "/api/v1/frameworks",
    { config: { token: { scope: "private:read", withoutScope: "anonymous" } }, schema: { tags: frameworkTags, summary: "Reference frameworks and those imported by spaces the caller may see", querystring: PageQuery, response: { 200: pageEnvelope(FrameworkOut), 400: ErrorResponse } } },
    async (request) => {
      const page = await listFrameworksPage(db, request.user, request.query);
      return { data: page.items.map(frameworkOut), next_cursor: page.nextCursor };
    },
  );

  typed.get(
    "/api/v1/frameworks/:key",
    { config: { token: { scope: "private:read", withoutScope: "anonymous" } }, schema: { tags: frameworkTags, summary: "A framework with all its items and their hierarchy", params: KeyParams, response: { 200: FrameworkDetailOut, 404: ErrorResponse } } },
    async (request) => {
      const framework = await getFrameworkForViewer(db, request.params.key, request.user);
      const tree = frameworkTree(await listFrameworkItems(db, framework.id));
      // Depth-first: each item right after its parent, so a reader can rebuild the tree in one pass.
      const flat: FrameworkNode[] = [];
      const walk = (nodes: FrameworkNode[]): void => {
        for (const node of nodes) {
          flat.push(node);
          walk(node.children);
        }
      };
      walk(tree);
      return {
        ...frameworkOut(framework),
        items: flat.map((item) => ({
          key: item.key,
          parent_key: item.parentKey,
          number: item.number,
          kind: item.kind,
          label: item.label as Record<string, string>,
          position: item.position,
          depth: item.depth,
        })),
      };
    },
  );
}
