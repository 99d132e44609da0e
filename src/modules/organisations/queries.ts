import { and, asc, count, desc, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { escapeLike, queryRows } from "../../db/sql";
import { decodeCursor, encodeCursor } from "../../platform/api/pagination";
import { AppError } from "../../platform/errors";
import { hashToken } from "../../platform/crypto";
import { FALLBACK_LOCALE, LOCALE_CODES, isLocale, type Locale } from "../../platform/i18n/locales";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { canSeeContact, type OrganisationViewer } from "./permissions";
import { normaliseQuery } from "./search-text";
import { transliterate } from "./slug";
import {
  organisationInvitations,
  organisationJoinRequests,
  organisationMembers,
  organisations,
  type OrganisationContacts,
  type OrganisationRole,
} from "./schema";

export type Organisation = typeof organisations.$inferSelect;

// ---------------------------------------------------------------------------------------------------------
// For other modules (commitments act on behalf of organisations through these two).

export type UserOrganisation = { id: string; slug: string; name: LocalizedText; role: OrganisationRole };

/** The organisations a user belongs to, with their role, admin roles first. */
export async function organisationsOfUser(db: Database, userId: string): Promise<UserOrganisation[]> {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .orderBy(asc(organisationMembers.role), asc(organisations.slug));
}

/** Whether a user may act on behalf of an organisation: any member may (admins and members alike). */
export async function canActForOrganisation(db: Database, userId: string, organisationId: string): Promise<boolean> {
  return (await memberRole(db, organisationId, userId)) !== null;
}

/** Slugs and names of organisations by id, for other modules' lists (experts, practices). Unknown ids are left out. */
export async function organisationNames(db: Database, ids: readonly string[]): Promise<Map<string, { slug: string; name: LocalizedText }>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, { slug: row.slug, name: row.name }]));
}

/** Organisations among `ids`, by id after `afterId`, at most `limit` (keyset pages for exports); unknown ids are left out. */
export async function organisationsByIdPage(db: Database, ids: readonly string[], afterId: string | null, limit: number): Promise<Organisation[]> {
  if (!ids.length) return [];
  const among = inArray(organisations.id, [...new Set(ids)]);
  return db.select().from(organisations).where(afterId ? and(among, gt(organisations.id, afterId)) : among).orderBy(asc(organisations.id)).limit(limit);
}

// ---------------------------------------------------------------------------------------------------------

export async function findOrganisationBySlug(db: Database, slug: string): Promise<Organisation | undefined> {
  if (slug.length > 200) return undefined;
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return row;
}

export async function findOrganisationById(db: Database, id: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row;
}

/** The user's role in the organisation, or null when they are not a member. */
export async function memberRole(db: Database, organisationId: string, userId: string): Promise<OrganisationRole | null> {
  const [row] = await db
    .select({ role: organisationMembers.role })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
  return row?.role ?? null;
}

/** The viewer of an organisation page or API resource: who they are and their role. */
export async function viewerOf(db: Database, organisationId: string, user: OrganisationViewer["user"]): Promise<OrganisationViewer> {
  return { user, role: user ? await memberRole(db, organisationId, user.id) : null };
}

/**
 * Locks the organisation's row until the transaction ends, so two admins changing roles at once cannot
 * both pass the "never the last admin" check. Throws 404 when it does not exist.
 */
export async function lockOrganisation(tx: Database, organisationId: string): Promise<void> {
  const rows = await queryRows<{ id: string }>(tx, sql`select id from organisations where id = ${organisationId} for update`);
  if (!rows.length) throw new AppError("not_found");
}

export async function countAdmins(db: Database, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.role, "admin")));
  return Number(row?.value ?? 0);
}

/** Only the contacts this viewer may see, values only. */
export function visibleContacts(contacts: OrganisationContacts, viewer: OrganisationViewer): OrganisationContacts {
  const result: OrganisationContacts = {};
  for (const [field, entry] of Object.entries(contacts) as [keyof OrganisationContacts, OrganisationContacts[keyof OrganisationContacts]][]) {
    if (entry?.value && canSeeContact(viewer, entry.visibility)) result[field] = entry;
  }
  return result;
}

/** Whether some contact exists that this viewer may not see (the page then says signing in shows more). */
export function hasHiddenContacts(contacts: OrganisationContacts, viewer: OrganisationViewer): boolean {
  return Object.values(contacts).some((entry) => entry?.value && !canSeeContact(viewer, entry.visibility));
}

// ---------------------------------------------------------------------------------------------------------
// The directory: search, filters, facet counts, keyset pagination.

export type OrganisationSort = "name" | "newest";
export const ORGANISATION_SORTS: OrganisationSort[] = ["name", "newest"];

export type OrganisationFilters = { q?: string; actorType?: string; country?: string; theme?: string; item?: string };

export type OrganisationListItem = {
  id: string;
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  actorType: string;
  country: string | null;
  website: string | null;
  themes: string[];
  createdAt: Date;
};

/**
 * The name to sort by in one UI language: that language's name, else the others' in fallback order. It must
 * stay textually the same as the expression indexes organisations_name_<locale>_idx in the migration.
 */
function nameSortKey(locale: Locale): SQL {
  const chain = [...new Set([isLocale(locale) ? locale : FALLBACK_LOCALE, FALLBACK_LOCALE, ...LOCALE_CODES])];
  // Locale codes come from the fixed LOCALES list (two letters), so inlining them is safe.
  return sql.raw(`lower(coalesce(${chain.map((code) => `name->>'${code}'`).join(", ")}, ''))`);
}

/**
 * Matching on search_text. A query found as a substring (any script, any length) matches exactly that way;
 * only when nothing contains it — a typo, a word order the text does not have — do we fall back to trigram
 * word similarity ("Pavlodr" finds "Pavlodar"), which costs more. The fallback also tries the query in Latin
 * letters, since search_text holds transliterated names. The decision is the same for the list and its
 * facets, so counts always match the results.
 *
 * Returns the condition and whether it is the trigram fallback. The planner prices word similarity like any cheap
 * operator, so with a few thousand organisations it often prefers comparing the query with every row's search_text
 * (a second at 2,000 organisations for a two-word Russian query, EXPLAIN ANALYZE) to the trigram index (a few ms):
 * a list searched that way is read with sequential scans off.
 */
async function searchCondition(db: Database, query: string | undefined): Promise<{ condition: SQL; isFuzzy: boolean } | undefined> {
  const q = normaliseQuery(query ?? "");
  if (!q) return undefined;
  const substring = sql`search_text like ${`%${escapeLike(q)}%`}`;
  if (q.length < 3) return { condition: substring, isFuzzy: false };
  const [hit] = await queryRows<{ found: number }>(db, sql`select 1 as found from organisations where ${substring} limit 1`);
  if (hit) return { condition: substring, isFuzzy: false };
  const latin = transliterate(q);
  return { condition: latin === q ? sql`${q} <% search_text` : sql`(${q} <% search_text or ${latin} <% search_text)`, isFuzzy: true };
}

async function filterConditions(
  db: Database,
  filters: OrganisationFilters,
  omit?: "actorType" | "country" | "theme" | "item",
): Promise<{ conditions: SQL[]; isFuzzy: boolean }> {
  const conditions: SQL[] = [];
  const search = await searchCondition(db, filters.q);
  if (search) conditions.push(search.condition);
  if (filters.actorType && omit !== "actorType") conditions.push(sql`actor_type = ${filters.actorType}`);
  if (filters.country && omit !== "country") conditions.push(sql`country = ${filters.country}`);
  if (filters.theme && omit !== "theme") conditions.push(sql`themes @> array[${filters.theme}]::text[]`);
  if (filters.item && omit !== "item") conditions.push(sql`exists (select 1 from organisation_framework_items ofi where ofi.organisation_id = organisations.id and ofi.item_id = ${filters.item}::uuid)`);
  return { conditions, isFuzzy: search?.isFuzzy ?? false };
}

function whereClause(conditions: SQL[]): SQL {
  return conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function invalidCursor(): AppError {
  return new AppError("bad_request", "error.invalid_cursor", { cursor: { key: "error.invalid_cursor" } });
}

/**
 * One page of the directory. The cursor carries the sort (and for name order its language), the last row's
 * sort key and id; a cursor from another sort or language is refused rather than giving a wrong page.
 */
export async function listOrganisations(
  db: Database,
  options: OrganisationFilters & { sort: OrganisationSort; locale: Locale; cursor?: string; limit: number },
): Promise<{ items: OrganisationListItem[]; nextCursor: string | null }> {
  const { conditions, isFuzzy } = await filterConditions(db, options);
  const sortTag = options.sort === "name" ? `name:${options.locale}` : "newest";
  const after = decodeCursor(options.cursor, 3);
  if (after && (after[0] !== sortTag || typeof after[1] !== "string" || typeof after[2] !== "string" || !UUID.test(after[2]))) throw invalidCursor();
  if (after && options.sort === "newest" && !TIMESTAMP.test(String(after[1]))) throw invalidCursor();

  const sortKey = options.sort === "name" ? nameSortKey(options.locale) : sql`created_at`;
  if (after) {
    conditions.push(
      options.sort === "name"
        ? sql`(${sortKey}, id) > (${after[1]}, ${after[2]}::uuid)`
        : sql`(created_at, id) < (${after[1]}::timestamptz, ${after[2]}::uuid)`,
    );
  }
  const order = options.sort === "name" ? sql`order by ${sortKey}, id` : sql`order by created_at desc, id desc`;
  const read = (executor: Database) =>
    queryRows<{
      id: string;
      slug: string;
      name: LocalizedText;
      description: LocalizedText;
      actor_type: string;
      country: string | null;
      website: string | null;
      themes: string[];
      created_at: Date | string;
      sort_value: string;
    }>(
      executor,
      sql`select id, slug, name, description, actor_type, country, website, themes, created_at,
        ${options.sort === "name" ? sortKey : sql`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`} as sort_value
        from organisations ${whereClause(conditions)} ${order} limit ${options.limit + 1}`,
    );
  const rows = isFuzzy
    ? await db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        return read(tx as unknown as Database);
      })
    : await read(db);
  const hasMore = rows.length > options.limit;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      actorType: row.actor_type,
      country: row.country,
      website: row.website,
      themes: row.themes,
      createdAt: new Date(row.created_at),
    })),
    nextCursor: hasMore && last ? encodeCursor([sortTag, last.sort_value, last.id]) : null,
  };
}

export type OrganisationFacetCounts = {
  actorTypes: Record<string, number>;
  countries: Record<string, number>;
  /** The most common themes and targets (reference-framework item ids), most organisations first. */
  themes: { key: string; count: number }[];
  items: { id: string; count: number }[];
};

const THEME_FACET_LIMIT = 40;

// Counting the whole directory is the costliest part of its first page and changes rarely, so the counts
// without any filter are kept per database for a short while. Writes in this process forget them at once;
// other processes behind the same load balancer see a new organisation in the counts within the TTL.
const UNFILTERED_FACETS_TTL_MS = 30_000;
const unfilteredFacets = new WeakMap<Database, { at: number; counts: OrganisationFacetCounts }>();

/** Drops the cached directory counts; commands call it after a change to organisations commits. */
export function forgetFacetCounts(db: Database): void {
  unfilteredFacets.delete(db);
}

/**
 * How many organisations match the search per actor type and per country. Each facet ignores its own
 * filter (so the actor-type list still offers the other types) but applies the others.
 */
export async function organisationFacets(db: Database, filters: OrganisationFilters): Promise<OrganisationFacetCounts> {
  const isUnfiltered = !normaliseQuery(filters.q ?? "") && !filters.actorType && !filters.country && !filters.theme && !filters.item;
  if (isUnfiltered) {
    const cached = unfilteredFacets.get(db);
    if (cached && Date.now() - cached.at < UNFILTERED_FACETS_TTL_MS) return cached.counts;
  }
  const [typeConditions, countryConditions, themeConditions, itemConditions] = (
    await Promise.all((["actorType", "country", "theme", "item"] as const).map((omit) => filterConditions(db, filters, omit)))
  ).map((filter) => filter.conditions);
  const [byType, byCountry, byTheme, byItem] = await Promise.all([
    queryRows<{ key: string; count: number }>(db, sql`select actor_type as key, count(*)::int as count from organisations ${whereClause(typeConditions)} group by actor_type`),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select country as key, count(*)::int as count from organisations ${whereClause([...countryConditions, sql`country is not null`])} group by country`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select theme as key, count(*)::int as count from organisations cross join unnest(themes) as theme ${whereClause(themeConditions)} group by theme order by count(*) desc, theme limit ${THEME_FACET_LIMIT}`,
    ),
    queryRows<{ key: string; count: number }>(
      db,
      sql`select ofi.item_id::text as key, count(*)::int as count from organisations join organisation_framework_items ofi on ofi.organisation_id = organisations.id
        ${whereClause(itemConditions)} group by ofi.item_id order by count(*) desc limit ${THEME_FACET_LIMIT}`,
    ),
  ]);
  const counts = {
    actorTypes: Object.fromEntries(byType.map((row) => [row.key, Number(row.count)])),
    countries: Object.fromEntries(byCountry.map((row) => [row.key, Number(row.count)])),
    themes: byTheme.map((row) => ({ key: row.key, count: Number(row.count) })),
    items: byItem.map((row) => ({ id: row.key, count: Number(row.count) })),
  };
  if (isUnfiltered) unfilteredFacets.set(db, { at: Date.now(), counts });
  return counts;
}

// ---------------------------------------------------------------------------------------------------------
// Members, invitations, join requests.

export type MemberRow = { userId: string; displayName: string; email: string; locale: string; role: OrganisationRole; since: Date };

/** Members of an organisation, admins first, then by name. Deleted accounts never appear. */
export async function listMembers(db: Database, organisationId: string): Promise<MemberRow[]> {
  return db
    .select({
      userId: organisationMembers.userId,
      displayName: users.displayName,
      email: users.email,
      locale: users.locale,
      role: organisationMembers.role,
      since: organisationMembers.createdAt,
    })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(and(eq(organisationMembers.organisationId, organisationId), isNull(users.deletedAt)))
    .orderBy(asc(organisationMembers.role), asc(users.displayName), asc(users.id));
}

/** One page of members for the API, in the order they joined. */
export async function listMembersPage(
  db: Database,
  organisationId: string,
  options: { cursor?: string; limit: number },
): Promise<{ items: { displayName: string; role: OrganisationRole; since: Date }[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor, 2);
  if (after && (!TIMESTAMP.test(String(after[0])) || !UUID.test(String(after[1])))) throw invalidCursor();
  const rows = await queryRows<{ user_id: string; display_name: string; role: OrganisationRole; created_at: Date | string; sort_value: string }>(
    db,
    sql`select m.user_id, u.display_name, m.role, m.created_at,
        to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_value
      from organisation_members m join users u on u.id = m.user_id
      where m.organisation_id = ${organisationId} and u.deleted_at is null
      ${after ? sql`and (m.created_at, m.user_id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
      order by m.created_at, m.user_id limit ${options.limit + 1}`,
  );
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ displayName: row.display_name, role: row.role, since: new Date(row.created_at) })),
    nextCursor: rows.length > options.limit && last ? encodeCursor([last.sort_value, last.user_id]) : null,
  };
}

export type JoinRequestRow = { id: string; userId: string; displayName: string; message: string; createdAt: Date };

export async function pendingJoinRequests(db: Database, organisationId: string): Promise<JoinRequestRow[]> {
  return db
    .select({
      id: organisationJoinRequests.id,
      userId: organisationJoinRequests.userId,
      displayName: users.displayName,
      message: organisationJoinRequests.message,
      createdAt: organisationJoinRequests.createdAt,
    })
    .from(organisationJoinRequests)
    .innerJoin(users, eq(users.id, organisationJoinRequests.userId))
    .where(and(eq(organisationJoinRequests.organisationId, organisationId), eq(organisationJoinRequests.status, "pending"), isNull(users.deletedAt)))
    .orderBy(asc(organisationJoinRequests.createdAt));
}

export async function hasPendingJoinRequest(db: Database, organisationId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organisationJoinRequests.id })
    .from(organisationJoinRequests)
    .where(and(eq(organisationJoinRequests.organisationId, organisationId), eq(organisationJoinRequests.userId, userId), eq(organisationJoinRequests.status, "pending")));
  return row !== undefined;
}

export type InvitationRow = { id: string; email: string; role: OrganisationRole; createdAt: Date; expiresAt: Date };

/** Invitations not yet accepted, revoked or expired. */
export async function openInvitations(db: Database, organisationId: string, now: Date): Promise<InvitationRow[]> {
  return db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      createdAt: organisationInvitations.createdAt,
      expiresAt: organisationInvitations.expiresAt,
    })
    .from(organisationInvitations)
    .where(
      and(
        eq(organisationInvitations.organisationId, organisationId),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.revokedAt),
        gt(organisationInvitations.expiresAt, now),
      ),
    )
    .orderBy(desc(organisationInvitations.createdAt));
}

export type OpenInvitation = {
  id: string;
  email: string;
  role: OrganisationRole;
  expiresAt: Date;
  organisation: { id: string; slug: string; name: LocalizedText };
};

/** The open invitation behind a token from a mail, or undefined when unknown, used, revoked or expired. */
export async function findOpenInvitation(db: Database, token: string, now: Date): Promise<OpenInvitation | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      expiresAt: organisationInvitations.expiresAt,
      organisationId: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
    })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(
      and(
        eq(organisationInvitations.tokenHash, hashToken(token)),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.revokedAt),
        gt(organisationInvitations.expiresAt, now),
      ),
    );
  if (!row) return undefined;
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt, organisation: { id: row.organisationId, slug: row.slug, name: row.name } };
}
