import { sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, spaceFrameworkItems, type FrameworkItem, type FrameworkRef, type ViewedSpace } from "../spaces/queries";
import { canModeratePartnerships } from "./permissions";
import type { PartnershipKind, PartnershipSide, PartnershipStatus } from "./schema";

export type PostView = {
  id: string;
  spaceId: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: LocalizedText;
  side: PartnershipSide;
  kind: PartnershipKind;
  title: LocalizedText;
  description: LocalizedText;
  targetIds: string[];
  countries: string[];
  languages: string[];
  untilOn: string | null;
  status: PartnershipStatus;
  moderationStatus: "published" | "held" | "hidden";
  moderationReason: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type PostRow = {
  id: string; space_id: string; organisation_id: string; organisation_slug: string; organisation_name: LocalizedText; side: PartnershipSide; kind: PartnershipKind;
  title: LocalizedText; description: LocalizedText; target_ids: string[] | string; countries: string[] | string; languages: string[] | string; until_on: string | Date | null;
  status: PartnershipStatus; moderation_status: "published" | "held" | "hidden"; moderation_reason: string; created_by: string | null; created_at: Date | string; updated_at: Date | string;
};

/** Arrays come back as arrays from node-postgres; parse the literal in case a driver hands back text. */
function array(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((part) => part.replace(/^"|"$/g, "")) : [];
}

const day = (value: string | Date | null): string | null => (value === null ? null : typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10));

function toView(row: PostRow): PostView {
  return {
    id: row.id, spaceId: row.space_id, organisationId: row.organisation_id, organisationSlug: row.organisation_slug, organisationName: row.organisation_name,
    side: row.side, kind: row.kind, title: row.title, description: row.description, targetIds: array(row.target_ids), countries: array(row.countries), languages: array(row.languages),
    untilOn: day(row.until_on), status: row.status, moderationStatus: row.moderation_status, moderationReason: row.moderation_reason, createdBy: row.created_by,
    createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}

// The organisation's slug and name come through the organisations module's public columns, joined read-only for
// display (the same join every list of organisation-owned things makes).
const SELECT = sql`select p.id, p.space_id, p.organisation_id, o.slug as organisation_slug, o.name as organisation_name, p.side, p.kind, p.title, p.description,
  p.target_ids, p.countries, p.languages, p.until_on, p.status, p.moderation_status, p.moderation_reason, p.created_by, p.created_at, p.updated_at
  from partnership_posts p join organisations o on o.id = p.organisation_id`;

/** The date (UTC) a post's until-date is compared with: a post is out through its until-date inclusive. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** Out for everyone: published, let out by moderation, not past its until-date. */
export const liveCondition = (now: Date): SQL => sql`p.status = 'published' and p.moderation_status = 'published' and (p.until_on is null or p.until_on >= ${today(now)}::date)`;

export const isLive = (post: Pick<PostView, "status" | "moderationStatus" | "untilOn">, now: Date): boolean =>
  post.status === "published" && post.moderationStatus === "published" && (post.untilOn === null || post.untilOn >= today(now));

export async function findPost(db: Database, spaceId: string, id: string): Promise<PostView | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await queryRows<PostRow>(db, sql`${SELECT} where p.id = ${id} and p.space_id = ${spaceId}`);
  return row ? toView(row) : undefined;
}

export async function findPostById(db: Database, id: string): Promise<PostView | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await queryRows<PostRow>(db, sql`${SELECT} where p.id = ${id}`);
  return row ? toView(row) : undefined;
}

export type PostFilters = { side?: PartnershipSide; kind?: PartnershipKind; target?: string; country?: string; language?: string; organisationIds?: readonly string[] };

export const LIST_LIMIT = 200;

/**
 * Live posts of a space, newest first, filtered (bounded: a space has dozens to a few hundred). `organisationIds`
 * adds the viewer's own organisations' posts in any state, so they find what is held or withdrawn.
 */
export async function listPosts(db: Database, spaceId: string, filters: PostFilters, now: Date, limit = LIST_LIMIT): Promise<PostView[]> {
  const parts: SQL[] = [sql`p.space_id = ${spaceId}`];
  const own = filters.organisationIds?.length ? sql` or (p.organisation_id = any(${`{${filters.organisationIds.join(",")}}`}::uuid[]) and p.moderation_status <> 'hidden')` : sql``;
  parts.push(sql`((${liveCondition(now)})${own})`);
  if (filters.side) parts.push(sql`p.side = ${filters.side}`);
  if (filters.kind) parts.push(sql`p.kind = ${filters.kind}`);
  if (filters.target) parts.push(sql`p.target_ids @> array[${filters.target}]::uuid[]`);
  if (filters.country) parts.push(sql`p.countries @> array[${filters.country}]::text[]`);
  if (filters.language) parts.push(sql`p.languages @> array[${filters.language}]::text[]`);
  const rows = await queryRows<PostRow>(db, sql`${SELECT} where ${sql.join(parts, sql` and `)} order by p.created_at desc, p.id limit ${limit}`);
  return rows.map(toView);
}

/** Live posts of one side in a space, for the matcher (bounded). */
export async function livePostsOfSide(db: Database, spaceId: string, side: PartnershipSide, now: Date, limit = 2000): Promise<PostView[]> {
  const rows = await queryRows<PostRow>(db, sql`${SELECT} where p.space_id = ${spaceId} and p.side = ${side} and ${liveCondition(now)} order by p.created_at desc, p.id limit ${limit}`);
  return rows.map(toView);
}

/** The space's framework items (targets a post may name), grouped by framework, and an index by id. */
export async function spaceTargets(db: Database, spaceId: string): Promise<{ groups: { framework: FrameworkRef; items: FrameworkItem[] }[]; byId: Map<string, FrameworkItem> }> {
  const groups = await spaceFrameworkItems(db, spaceId);
  return { groups, byId: new Map(groups.flatMap((group) => group.items.map((item) => [item.id, item] as const))) };
}

/** A space with the partnerships feature for this viewer (404 when it may not be seen or has no partnerships). */
export async function loadPartnershipsSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canModerate: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("partnerships")) throw notFound();
  return { space, canModerate: canModeratePartnerships(request.user, space.viewerRoles) };
}

export const partnershipsPath = (spaceSlug: string): string => `/spaces/${spaceSlug}/partnerships`;
export const postPath = (spaceSlug: string, id: string): string => `${partnershipsPath(spaceSlug)}/${id}`;
