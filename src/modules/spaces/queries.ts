import { and, asc, count, countDistinct, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { cachedLookup } from "../../db/lookup-cache";
import { decodeCursor, encodeCursor, type PageQuery } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { SPACE_ROLES, isFrameworkKey, isSpaceSlug } from "./inputs";
import { canViewSpace, type SpaceRoleGrant, type Viewer } from "./permissions";
import { frameworkItems, frameworks, spaceFrameworks, spaceMembers, spaces, type SpaceRole, type SpaceVisibility } from "./schema";

export type Space = typeof spaces.$inferSelect;
/** A space as one viewer sees it, with the roles that viewer holds in it. */
export type ViewedSpace = Space & { viewerRoles: SpaceRoleGrant[] };

export type FrameworkRef = { id: string; key: string; name: LocalizedText };

export type SpaceSummary = {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  visibility: SpaceVisibility;
  enabledModules: string[];
  archivedAt: Date | null;
  createdAt: Date;
  frameworks: FrameworkRef[];
};

const ROLE_RANK = sql<number>`array_position(array['coordinator','facilitator','focal_point','member']::text[], ${spaceMembers.role})`;

/**
 * The SQL condition "this viewer may see the row of `spaces`": public spaces for everyone, private ones
 * for people holding a role in them, everything for platform admins. Later modules (search, feeds) reuse it.
 */
export function visibleSpaceCondition(viewer: Viewer): SQL {
  if (viewer?.isPlatformAdmin) return sql`true`;
  if (!viewer) return sql`"spaces"."visibility" = 'public'`;
  // Written with the table name: Drizzle leaves columns unqualified in single-table queries, which a subquery would misread.
  return sql`("spaces"."visibility" = 'public' or exists (select 1 from space_members vm where vm.space_id = "spaces"."id" and vm.user_id = ${viewer.id}))`;
}

/** A subquery of the ids of every space the viewer may see, for `space_id in (...)` filters elsewhere. */
export function visibleSpaceIds(viewer: Viewer): SQL {
  return sql`(select ${spaces.id} from ${spaces} where ${visibleSpaceCondition(viewer)})`;
}

// Every space page starts with these lookups; spaces change rarely, so they are kept in the process.
const spaceBySlug = cachedLookup(["spaces"], async (db, slug: string): Promise<Space | undefined> => {
  const [space] = await db.select().from(spaces).where(eq(spaces.slug, slug)).limit(1);
  return space;
});
const spaceById = cachedLookup(["spaces"], async (db, spaceId: string): Promise<Space | undefined> => {
  const [space] = await db.select().from(spaces).where(eq(spaces.id, spaceId)).limit(1);
  return space;
});

/** The space at `slug` (cached, read-only: copy before changing). */
export async function findSpaceBySlug(db: Database, slug: string): Promise<Space | undefined> {
  if (!isSpaceSlug(slug)) return undefined;
  return spaceBySlug(db, slug);
}

/** The space with this id (cached, read-only: copy before changing). */
export async function findSpaceById(db: Database, spaceId: string): Promise<Space | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(spaceId)) return undefined;
  return spaceById(db, spaceId);
}

/** The roles a person holds in a space (strongest first); none for nobody. */
export async function spaceRolesOf(db: Database, spaceId: string, userId: string | null | undefined): Promise<SpaceRoleGrant[]> {
  if (!userId) return [];
  return db
    .select({ role: spaceMembers.role, country: spaceMembers.country })
    .from(spaceMembers)
    .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)))
    .orderBy(ROLE_RANK, spaceMembers.country);
}

/**
 * The space at `slug` with the viewer's roles in it. A space the viewer may not see is a 404, exactly
 * like one that does not exist, so private spaces cannot even be detected.
 */
export async function getSpaceForViewer(db: Database, slug: string, viewer: Viewer): Promise<ViewedSpace> {
  const space = await findSpaceBySlug(db, slug);
  if (!space) throw notFound();
  const viewerRoles = viewer ? await viewerRolesInSpace(db, `${space.id}/${viewer.id}`) : [];
  if (!canViewSpace(viewer, space, viewerRoles)) throw notFound();
  return { ...space, viewerRoles };
}

// A signed-in person's roles, asked by every space page and post they make; dropped when space_members changes.
const viewerRolesInSpace = cachedLookup(["space_members"], (db, key: string) => {
  const [spaceId, userId] = key.split("/") as [string, string];
  return spaceRolesOf(db, spaceId, userId);
});

/** ISO alpha-2 codes of the countries a person is focal point for in a space. */
export async function focalPointCountries(db: Database, spaceId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ country: spaceMembers.country })
    .from(spaceMembers)
    .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId), eq(spaceMembers.role, "focal_point")))
    .orderBy(spaceMembers.country);
  return rows.map((row) => row.country);
}

const summaryColumns = {
  id: spaces.id,
  slug: spaces.slug,
  title: spaces.title,
  description: spaces.description,
  visibility: spaces.visibility,
  enabledModules: spaces.enabledModules,
  archivedAt: spaces.archivedAt,
  createdAt: spaces.createdAt,
};

async function withFrameworks(db: Database, rows: Omit<SpaceSummary, "frameworks">[]): Promise<SpaceSummary[]> {
  const bySpace = await frameworksOfSpaces(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, frameworks: bySpace.get(row.id) ?? [] }));
}

/**
 * Every space the viewer may see (active ones unless `includeArchived`), by slug, with their frameworks.
 * `memberOnly` limits private spaces to those the viewer belongs to, even for a platform admin.
 */
export async function listVisibleSpaces(db: Database, viewer: Viewer, options: { includeArchived?: boolean; memberOnly?: boolean } = {}): Promise<SpaceSummary[]> {
  const effectiveViewer = options.memberOnly && viewer ? { ...viewer, isPlatformAdmin: false } : viewer;
  const rows = await db
    .select(summaryColumns)
    .from(spaces)
    .where(and(visibleSpaceCondition(effectiveViewer), options.includeArchived ? undefined : isNull(spaces.archivedAt)))
    .orderBy(asc(spaces.slug));
  return withFrameworks(db, rows);
}

/** One page of visible spaces (archived included), keyset-paginated by slug, for the API. */
export async function listSpacesPage(db: Database, viewer: Viewer, page: PageQuery): Promise<{ items: SpaceSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, 1);
  const rows = await db
    .select(summaryColumns)
    .from(spaces)
    .where(and(visibleSpaceCondition(viewer), after ? gt(spaces.slug, String(after[0])) : undefined))
    .orderBy(asc(spaces.slug))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = await withFrameworks(db, rows.slice(0, page.limit));
  return { items, nextCursor: hasMore ? encodeCursor([items[items.length - 1].slug]) : null };
}

/** The frameworks of several spaces, each list in the space's own order. */
export async function frameworksOfSpaces(db: Database, spaceIds: string[]): Promise<Map<string, FrameworkRef[]>> {
  const result = new Map<string, FrameworkRef[]>();
  if (!spaceIds.length) return result;
  const rows = await db
    .select({ spaceId: spaceFrameworks.spaceId, id: frameworks.id, key: frameworks.key, name: frameworks.name })
    .from(spaceFrameworks)
    .innerJoin(frameworks, eq(frameworks.id, spaceFrameworks.frameworkId))
    .where(inArray(spaceFrameworks.spaceId, spaceIds))
    .orderBy(spaceFrameworks.spaceId, spaceFrameworks.position, frameworks.key);
  for (const row of rows) {
    const list = result.get(row.spaceId) ?? [];
    list.push({ id: row.id, key: row.key, name: row.name });
    result.set(row.spaceId, list);
  }
  return result;
}

const frameworksOfOneSpace = cachedLookup(["space_frameworks", "frameworks"], async (db, spaceId: string) => (await frameworksOfSpaces(db, [spaceId])).get(spaceId) ?? []);

/** A space's frameworks in its order (cached, read-only). */
export async function frameworksOfSpace(db: Database, spaceId: string): Promise<FrameworkRef[]> {
  return frameworksOfOneSpace(db, spaceId);
}

/** How many people hold any role in the space (deleted accounts not counted). */
export async function spaceMemberCount(db: Database, spaceId: string): Promise<number> {
  const [row] = await db
    .select({ value: countDistinct(spaceMembers.userId) })
    .from(spaceMembers)
    .innerJoin(users, eq(users.id, spaceMembers.userId))
    .where(and(eq(spaceMembers.spaceId, spaceId), isNull(users.deletedAt)));
  return Number(row?.value ?? 0);
}

export type SpacePerson = { userId: string; displayName: string; role: SpaceRole; country: string; createdAt: Date };

/** People holding the given roles (all roles when none given), strongest role first, then by name. */
export async function spacePeople(db: Database, spaceId: string, roles: readonly SpaceRole[] = SPACE_ROLES): Promise<SpacePerson[]> {
  return db
    .select({ userId: spaceMembers.userId, displayName: users.displayName, role: spaceMembers.role, country: spaceMembers.country, createdAt: spaceMembers.createdAt })
    .from(spaceMembers)
    .innerJoin(users, eq(users.id, spaceMembers.userId))
    .where(and(eq(spaceMembers.spaceId, spaceId), inArray(spaceMembers.role, [...roles]), isNull(users.deletedAt)))
    .orderBy(ROLE_RANK, users.displayName, spaceMembers.country);
}

export type SpaceRoleRow = SpacePerson & { email: string };

/** Every role in the space with the holder's email: only for the people who manage roles. */
export async function listSpaceRoles(db: Database, spaceId: string): Promise<SpaceRoleRow[]> {
  return db
    .select({ userId: spaceMembers.userId, displayName: users.displayName, email: users.email, role: spaceMembers.role, country: spaceMembers.country, createdAt: spaceMembers.createdAt })
    .from(spaceMembers)
    .innerJoin(users, eq(users.id, spaceMembers.userId))
    .where(and(eq(spaceMembers.spaceId, spaceId), isNull(users.deletedAt)))
    .orderBy(ROLE_RANK, users.displayName, spaceMembers.country);
}

/** One page of a space's roles for the API, keyset-paginated by (user, role, country). */
export async function listSpaceRolesPage(db: Database, spaceId: string, page: PageQuery): Promise<{ items: SpacePerson[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, 3);
  const rows = await db
    .select({ userId: spaceMembers.userId, displayName: users.displayName, role: spaceMembers.role, country: spaceMembers.country, createdAt: spaceMembers.createdAt })
    .from(spaceMembers)
    .innerJoin(users, eq(users.id, spaceMembers.userId))
    .where(
      and(
        eq(spaceMembers.spaceId, spaceId),
        isNull(users.deletedAt),
        after ? sql`(${spaceMembers.userId}::text, ${spaceMembers.role}, ${spaceMembers.country}) > (${String(after[0])}, ${String(after[1])}, ${String(after[2])})` : undefined,
      ),
    )
    .orderBy(sql`${spaceMembers.userId}::text`, spaceMembers.role, spaceMembers.country)
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore ? encodeCursor([last.userId, last.role, last.country]) : null };
}

// ---- frameworks ----

export type Framework = typeof frameworks.$inferSelect;
export type FrameworkSummary = Pick<Framework, "id" | "key" | "name" | "description" | "source" | "unofficialLocales" | "ownerSpaceId"> & {
  itemCount: number;
  ownerSpace: { slug: string; title: LocalizedText } | null;
};

const frameworkSummaryColumns = {
  id: frameworks.id,
  key: frameworks.key,
  name: frameworks.name,
  description: frameworks.description,
  source: frameworks.source,
  unofficialLocales: frameworks.unofficialLocales,
  ownerSpaceId: frameworks.ownerSpaceId,
  itemCount: sql<number>`(select count(*) from framework_items fi where fi.framework_id = "frameworks"."id")::int`,
  ownerSlug: spaces.slug,
  ownerTitle: spaces.title,
};

type FrameworkSummaryRow = Omit<FrameworkSummary, "ownerSpace"> & { ownerSlug: string | null; ownerTitle: LocalizedText | null };

function toFrameworkSummary(row: FrameworkSummaryRow): FrameworkSummary {
  const { ownerSlug, ownerTitle, ...rest } = row;
  return { ...rest, itemCount: Number(rest.itemCount), ownerSpace: ownerSlug && ownerTitle ? { slug: ownerSlug, title: ownerTitle } : null };
}

// A framework imported for a space is as private as that space; reference frameworks are public.
function visibleFrameworkCondition(viewer: Viewer): SQL | undefined {
  return or(isNull(frameworks.ownerSpaceId), visibleSpaceCondition(viewer));
}

/** Reference frameworks, then those imported by spaces the viewer may see. */
export async function listFrameworksForViewer(db: Database, viewer: Viewer): Promise<FrameworkSummary[]> {
  const rows = await db
    .select(frameworkSummaryColumns)
    .from(frameworks)
    .leftJoin(spaces, eq(spaces.id, frameworks.ownerSpaceId))
    .where(visibleFrameworkCondition(viewer))
    .orderBy(sql`${frameworks.ownerSpaceId} is not null`, asc(frameworks.key));
  return rows.map(toFrameworkSummary);
}

/** One page of visible frameworks by key, for the API. */
export async function listFrameworksPage(db: Database, viewer: Viewer, page: PageQuery): Promise<{ items: FrameworkSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, 1);
  const rows = await db
    .select(frameworkSummaryColumns)
    .from(frameworks)
    .leftJoin(spaces, eq(spaces.id, frameworks.ownerSpaceId))
    .where(and(visibleFrameworkCondition(viewer), after ? gt(frameworks.key, String(after[0])) : undefined))
    .orderBy(asc(frameworks.key))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map(toFrameworkSummary);
  return { items, nextCursor: hasMore ? encodeCursor([items[items.length - 1].key]) : null };
}

/** A framework by key, or a 404 when it does not exist or belongs to a space the viewer may not see. */
export async function getFrameworkForViewer(db: Database, key: string, viewer: Viewer): Promise<FrameworkSummary> {
  if (!isFrameworkKey(key)) throw notFound();
  const [row] = await db
    .select(frameworkSummaryColumns)
    .from(frameworks)
    .leftJoin(spaces, eq(spaces.id, frameworks.ownerSpaceId))
    .where(and(eq(frameworks.key, key), visibleFrameworkCondition(viewer)))
    .limit(1);
  if (!row) throw notFound();
  return toFrameworkSummary(row);
}

const parentItems = alias(frameworkItems, "parent_items");

export type FrameworkItem = { id: string; key: string; parentId: string | null; parentKey: string | null; kind: string; number: string | null; label: LocalizedText; position: number };
export type FrameworkNode = FrameworkItem & { depth: number; children: FrameworkNode[] };

/** The items of a framework in their stored order, each with its parent's key (cached, read-only). */
export async function listFrameworkItems(db: Database, frameworkId: string): Promise<FrameworkItem[]> {
  return frameworkItemsOf(db, frameworkId);
}

const frameworkItemsOf = cachedLookup(["framework_items"], async (db, frameworkId: string): Promise<FrameworkItem[]> => {
  const rows = await db
    .select({
      id: frameworkItems.id,
      key: frameworkItems.key,
      parentId: frameworkItems.parentId,
      parentKey: parentItems.key,
      kind: frameworkItems.kind,
      number: frameworkItems.number,
      label: frameworkItems.label,
      position: frameworkItems.position,
    })
    .from(frameworkItems)
    .leftJoin(parentItems, eq(parentItems.id, frameworkItems.parentId))
    .where(eq(frameworkItems.frameworkId, frameworkId))
    .orderBy(frameworkItems.position, frameworkItems.key);
  return rows;
});

/** Arranges items as a tree (roots in order, children under their parent, in order). */
export function frameworkTree(items: FrameworkItem[]): FrameworkNode[] {
  const nodes = new Map<string, FrameworkNode>(items.map((item) => [item.id, { ...item, depth: 0, children: [] }]));
  const roots: FrameworkNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (list: FrameworkNode[], depth: number): void => {
    for (const node of list) {
      node.depth = depth;
      setDepth(node.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  return roots;
}

/** Visible spaces that use a framework, for its page. */
export async function spacesUsingFramework(db: Database, frameworkId: string, viewer: Viewer): Promise<{ slug: string; title: LocalizedText }[]> {
  return db
    .select({ slug: spaces.slug, title: spaces.title })
    .from(spaceFrameworks)
    .innerJoin(spaces, eq(spaces.id, spaceFrameworks.spaceId))
    .where(and(eq(spaceFrameworks.frameworkId, frameworkId), visibleSpaceCondition(viewer), isNull(spaces.archivedAt)))
    .orderBy(spaces.slug);
}

/** Frameworks a space may list: every reference framework and the ones imported for that space. */
export async function frameworkChoices(db: Database, spaceId: string | null): Promise<FrameworkRef[]> {
  return db
    .select({ id: frameworks.id, key: frameworks.key, name: frameworks.name })
    .from(frameworks)
    .where(spaceId ? or(isNull(frameworks.ownerSpaceId), eq(frameworks.ownerSpaceId, spaceId)) : isNull(frameworks.ownerSpaceId))
    .orderBy(sql`${frameworks.ownerSpaceId} is not null`, asc(frameworks.key));
}

/** Item counts per framework, e.g. for the reference-seed check. */
export async function frameworkItemCount(db: Database, frameworkKey: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(frameworkItems)
    .innerJoin(frameworks, eq(frameworks.id, frameworkItems.frameworkId))
    .where(eq(frameworks.key, frameworkKey));
  return Number(row?.value ?? 0);
}

/** Every framework of a space with its items, for later modules that link content to targets. */
export async function spaceFrameworkItems(db: Database, spaceId: string): Promise<{ framework: FrameworkRef; items: FrameworkItem[] }[]> {
  const refs = await frameworksOfSpace(db, spaceId);
  const result: { framework: FrameworkRef; items: FrameworkItem[] }[] = [];
  for (const framework of refs) result.push({ framework, items: await listFrameworkItems(db, framework.id) });
  return result;
}

/** The id of a framework item by framework key and item key (e.g. "GBF", "GBF-TARGET-17"), or null. */
export async function findFrameworkItemId(db: Database, frameworkKey: string, itemKey: string): Promise<string | null> {
  const [row] = await db
    .select({ id: frameworkItems.id })
    .from(frameworkItems)
    .innerJoin(frameworks, eq(frameworks.id, frameworkItems.frameworkId))
    .where(and(eq(frameworks.key, frameworkKey), eq(frameworkItems.key, itemKey)));
  return row?.id ?? null;
}

/** A reference-framework item with its framework, as other modules link to it (experts, organisations' targets). */
export type ReferenceItem = { id: string; frameworkKey: string; frameworkName: LocalizedText; number: string | null; label: LocalizedText };

/**
 * The reference frameworks with their items (cached lookups). Public profiles link only these: a space's own
 * framework is as private as its space.
 */
export async function referenceFrameworkItems(db: Database): Promise<{ framework: FrameworkRef; items: FrameworkItem[] }[]> {
  const refs = await frameworkChoices(db, null);
  return Promise.all(refs.map(async (framework) => ({ framework, items: await listFrameworkItems(db, framework.id) })));
}

/** Reference-framework items by id. */
export async function referenceItemIndex(db: Database): Promise<Map<string, ReferenceItem>> {
  const index = new Map<string, ReferenceItem>();
  for (const choice of await referenceFrameworkItems(db)) {
    for (const item of choice.items) index.set(item.id, { id: item.id, frameworkKey: choice.framework.key, frameworkName: choice.framework.name, number: item.number, label: item.label });
  }
  return index;
}
