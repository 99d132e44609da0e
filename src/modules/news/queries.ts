import { sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { decodeCursor, encodeCursor, invalidCursor } from "../../platform/api/pagination";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import type { Viewer } from "../spaces/permissions";
import { canManageNews, canSeePost } from "./permissions";
import { NEWS_KINDS, type ContentReference, type NewsKind, type NewsModerationStatus, type NewsQuote, type NewsStatus, type VideoLink } from "./schema";

/** The widths every uploaded picture is resized to (never wider than the original). */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;

export type NewsImage = { id: string; position: number; alt: LocalizedText; caption: LocalizedText; width: number; height: number; widths: number[] };

export type NewsPost = {
  id: string;
  spaceId: string;
  slug: string;
  kind: NewsKind;
  status: NewsStatus;
  moderationStatus: NewsModerationStatus;
  moderationReason: string;
  title: LocalizedText;
  lead: LocalizedText;
  body: LocalizedText;
  bodyHtml: LocalizedText;
  organisationId: string | null;
  authorIds: string[];
  createdBy: string | null;
  related: ContentReference[];
  videoLinks: VideoLink[];
  quotes: NewsQuote[];
  topics: string[];
  reviewComment: string;
  submittedAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A post in a list: with its space, its organisation's name and its lead picture. */
export type ListedPost = NewsPost & {
  space: { slug: string; title: LocalizedText };
  organisation: { slug: string; name: LocalizedText } | null;
  leadImage: NewsImage | null;
};

const POST_COLUMNS = sql.raw(`p.id, p.space_id, p.slug, p.kind, p.status, p.moderation_status, p.moderation_reason, p.title, p.lead, p.body, p.body_html,
  p.organisation_id, p.author_ids, p.created_by, p.related, p.video_links, p.quotes, p.topics, p.review_comment, p.submitted_at, p.published_at,
  p.created_at, p.updated_at`);

type PostRow = {
  id: string; space_id: string; slug: string; kind: NewsKind; status: NewsStatus; moderation_status: NewsModerationStatus; moderation_reason: string;
  title: LocalizedText; lead: LocalizedText; body: LocalizedText; body_html: LocalizedText; organisation_id: string | null; author_ids: string[];
  created_by: string | null; related: ContentReference[]; video_links: VideoLink[]; quotes: NewsQuote[]; topics: string[]; review_comment: string;
  submitted_at: Date | string | null; published_at: Date | string | null; created_at: Date | string; updated_at: Date | string;
};

const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function postFromRow(row: PostRow): NewsPost {
  return {
    id: row.id, spaceId: row.space_id, slug: row.slug, kind: row.kind, status: row.status, moderationStatus: row.moderation_status,
    moderationReason: row.moderation_reason, title: row.title, lead: row.lead, body: row.body, bodyHtml: row.body_html, organisationId: row.organisation_id,
    authorIds: row.author_ids, createdBy: row.created_by, related: row.related, videoLinks: row.video_links, quotes: row.quotes, topics: row.topics,
    reviewComment: row.review_comment, submittedAt: maybeDate(row.submitted_at), publishedAt: maybeDate(row.published_at),
    createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

/** The post with this id, or undefined (no visibility check: callers check). */
export async function findPostById(db: Database, id: string): Promise<NewsPost | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<PostRow>(db, sql`select ${POST_COLUMNS} from news_posts p where p.id = ${id}`);
  return row ? postFromRow(row) : undefined;
}

/** The post at `slug` in a space, or undefined (no visibility check: callers check). */
export async function findPostInSpace(db: Database, spaceId: string, slug: string): Promise<NewsPost | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(slug)) return undefined;
  const [row] = await queryRows<PostRow>(db, sql`select ${POST_COLUMNS} from news_posts p where p.space_id = ${spaceId} and p.slug = ${slug}`);
  return row ? postFromRow(row) : undefined;
}

/** The pictures of posts, in order, by post id. */
export async function imagesOfPosts(db: Database, postIds: readonly string[]): Promise<Map<string, NewsImage[]>> {
  const result = new Map<string, NewsImage[]>();
  if (!postIds.length) return result;
  const rows = await queryRows<{ id: string; post_id: string; position: number; alt: LocalizedText; caption: LocalizedText; width: number; height: number; widths: number[] }>(
    db,
    sql`select i.id, i.post_id, i.position, i.alt, i.caption, i.width, i.height,
          coalesce((select array_agg(distinct v.width order by v.width) from news_image_variants v where v.image_id = i.id), '{}') as widths
        from news_images i where i.post_id in (${sql.join(postIds.map((id) => sql`${id}`), sql`, `)}) order by i.position, i.created_at`,
  );
  for (const row of rows) {
    const list = result.get(row.post_id) ?? [];
    list.push({ id: row.id, position: row.position, alt: row.alt, caption: row.caption, width: row.width, height: row.height, widths: row.widths.map(Number) });
    result.set(row.post_id, list);
  }
  return result;
}

/** The path of a post's page. */
export const postPath = (spaceSlug: string, postSlug: string): string => `/spaces/${spaceSlug}/news/${postSlug}`;

/** The address of a stored size of a picture (relative to the site). */
export const imagePath = (imageId: string, width: number, format: "webp" | "jpeg" = "jpeg"): string => `/news/images/${imageId}/${width}.${format}`;

/** The largest stored width not above `wanted` (or the smallest there is). */
export function imageWidth(image: Pick<NewsImage, "widths">, wanted: number): number {
  const fitting = image.widths.filter((width) => width <= wanted);
  return fitting.length ? Math.max(...fitting) : Math.min(...image.widths);
}

/** Anonymous readers' rule, in SQL over `news_posts p`: published, let out by moderation, in a public space with news on. */
export const PUBLIC_POST_CONDITION = sql`(p.status = 'published' and p.moderation_status = 'published'
  and exists (select 1 from spaces ps where ps.id = p.space_id and ps.visibility = 'public' and 'news' = any(ps.enabled_modules)))`;

/**
 * "This viewer may see the row `p` of news_posts", for lists, feeds, search and the API across spaces: the space
 * is visible to them with news switched on, and the post is out (canSeePost in SQL) or theirs or they manage it.
 */
export function visiblePostCondition(viewer: Viewer): SQL {
  if (!viewer) return PUBLIC_POST_CONDITION;
  const spaceReader = viewer.isPlatformAdmin
    ? sql`true`
    : sql`(vs.visibility = 'public' or exists (select 1 from space_members vm where vm.space_id = vs.id and vm.user_id = ${viewer.id}))`;
  const spaceOn = sql`exists (select 1 from spaces vs where vs.id = p.space_id and 'news' = any(vs.enabled_modules) and ${spaceReader})`;
  if (viewer.isPlatformAdmin) return spaceOn;
  const manager = sql`exists (select 1 from space_members om where om.space_id = p.space_id and om.user_id = ${viewer.id} and om.role in ('coordinator', 'facilitator'))`;
  return sql`(${spaceOn} and ((p.status = 'published' and p.moderation_status <> 'hidden') or ${viewer.id}::uuid = any(p.author_ids) or ${manager}))`;
}

export type NewsFilters = { kind: NewsKind | null; year: number | null; organisation: string | null; topic: string | null };

/** Filters from a query string; unknown values are dropped (a list is never an error page). */
export function readNewsFilters(query: Record<string, unknown>): NewsFilters {
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string).trim() : "");
  const kind = text("kind");
  const year = Number(text("year"));
  const organisation = text("organisation");
  const topic = text("topic");
  return {
    kind: (NEWS_KINDS as readonly string[]).includes(kind) ? (kind as NewsKind) : null,
    year: Number.isInteger(year) && year >= 1990 && year <= 2200 ? year : null,
    organisation: /^[a-z0-9][a-z0-9-]{0,99}$/.test(organisation) ? organisation : null,
    topic: topic && topic.length <= 80 ? topic : null,
  };
}

/** The filters as query parameters (for links that keep them). */
export function filterParams(filters: NewsFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.kind) params.kind = filters.kind;
  if (filters.year) params.year = String(filters.year);
  if (filters.organisation) params.organisation = filters.organisation;
  if (filters.topic) params.topic = filters.topic;
  return params;
}

type ListedRow = PostRow & { space_slug: string; space_title: LocalizedText; organisation_slug: string | null; organisation_name: LocalizedText | null };

async function withListExtras(db: Database, rows: ListedRow[]): Promise<ListedPost[]> {
  const images = await imagesOfPosts(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    ...postFromRow(row),
    space: { slug: row.space_slug, title: row.space_title },
    organisation: row.organisation_slug ? { slug: row.organisation_slug, name: row.organisation_name ?? {} } : null,
    leadImage: images.get(row.id)?.[0] ?? null,
  }));
}

const LISTED_FROM = sql`select ${POST_COLUMNS}, s.slug as space_slug, s.title as space_title, o.slug as organisation_slug, o.name as organisation_name
  from news_posts p join spaces s on s.id = p.space_id left join organisations o on o.id = p.organisation_id`;

/**
 * Published posts the viewer may see, newest first, in keyset pages on (published_at, id): a cursor names the last
 * post shown. `spaceId` narrows to one space. A tampered cursor is a 400.
 */
export async function listPublishedPosts(
  db: Database,
  viewer: Viewer,
  options: { filters: NewsFilters; spaceId: string | null; cursor?: string; limit: number; isPublicOnly?: boolean },
): Promise<{ items: ListedPost[]; nextCursor: string | null }> {
  const { filters, limit } = options;
  const after = decodeCursor(options.cursor, 2);
  // Within one space the caller has already checked the space (loadNewsSpace; a feed also that it is public), so only
  // the post's own state is asked — which lets the (space_id, published_at, id) index serve the page directly.
  const isPublicOnly = options.isPublicOnly || !viewer;
  const conditions: SQL[] = options.spaceId
    ? [sql`p.space_id = ${options.spaceId}`, sql`p.status = 'published'`, isPublicOnly ? sql`p.moderation_status = 'published'` : sql`p.moderation_status <> 'hidden'`]
    : [sql`p.status = 'published'`, options.isPublicOnly ? PUBLIC_POST_CONDITION : visiblePostCondition(viewer)];
  if (after) {
    const [at, id] = after;
    const instant = new Date(String(at));
    if (Number.isNaN(instant.getTime()) || !isUuid(String(id))) throw invalidCursor();
    conditions.push(sql`(p.published_at, p.id) < (${instant.toISOString()}::timestamptz, ${String(id)}::uuid)`);
  }
  if (filters.kind) conditions.push(sql`p.kind = ${filters.kind}`);
  if (filters.year) conditions.push(sql`p.published_at >= ${new Date(Date.UTC(filters.year, 0, 1)).toISOString()}::timestamptz and p.published_at < ${new Date(Date.UTC(filters.year + 1, 0, 1)).toISOString()}::timestamptz`);
  if (filters.organisation) conditions.push(sql`o.slug = ${filters.organisation}`);
  if (filters.topic) conditions.push(sql`${filters.topic} = any(p.topics)`);
  const rows = await queryRows<ListedRow>(db, sql`${LISTED_FROM} where ${sql.join(conditions, sql` and `)} order by p.published_at desc, p.id desc limit ${limit + 1}`);
  const items = await withListExtras(db, rows.slice(0, limit));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last?.publishedAt ? encodeCursor([last.publishedAt.toISOString(), last.id]) : null };
}

/** Posts of a space not out yet, for its managers (drafts, proposals to review) or for one author (their own). */
export async function listUnpublishedPosts(db: Database, spaceId: string, options: { statuses: readonly NewsStatus[]; authorId?: string; limit?: number }): Promise<ListedPost[]> {
  const rows = await queryRows<ListedRow>(
    db,
    sql`${LISTED_FROM} where p.space_id = ${spaceId} and p.status in (${sql.join(options.statuses.map((status) => sql`${status}`), sql`, `)})
      ${options.authorId ? sql`and ${options.authorId}::uuid = any(p.author_ids)` : sql``}
      order by coalesce(p.submitted_at, p.updated_at) asc, p.id limit ${options.limit ?? 100}`,
  );
  return withListExtras(db, rows);
}

/**
 * The filter choices of a space's list (or of every visible space): the years from the newest to the oldest post,
 * the organisations that have published posts, and the topics of the latest posts. Each is a short index walk,
 * never a scan of every post (a space may hold tens of thousands).
 */
export async function newsFilterChoices(db: Database, viewer: Viewer, spaceId: string | null): Promise<{ years: number[]; organisations: { slug: string; name: LocalizedText }[]; topics: string[] }> {
  const where = spaceId ? sql`p.space_id = ${spaceId} and p.status = 'published'` : sql`p.status = 'published' and ${visiblePostCondition(viewer)}`;
  const [range, organisations, topics] = await Promise.all([
    queryRows<{ newest: Date | string | null; oldest: Date | string | null }>(
      db,
      sql`select (select p.published_at from news_posts p where ${where} order by p.published_at desc, p.id desc limit 1) as newest,
        (select p.published_at from news_posts p where ${where} order by p.published_at asc, p.id asc limit 1) as oldest`,
    ),
    queryRows<{ slug: string; name: LocalizedText }>(
      db,
      sql`select o.slug, o.name from organisations o where o.id in (select p.organisation_id from news_posts p where p.organisation_id is not null and ${where}) order by o.slug limit 100`,
    ),
    queryRows<{ topic: string }>(db, sql`select distinct t as topic from (select p.topics from news_posts p where ${where} order by p.published_at desc, p.id desc limit 300) recent, unnest(recent.topics) t order by topic limit 100`),
  ]);
  const newest = range[0]?.newest ? new Date(range[0].newest).getUTCFullYear() : null;
  const oldest = range[0]?.oldest ? new Date(range[0].oldest).getUTCFullYear() : null;
  const years = newest !== null && oldest !== null ? Array.from({ length: Math.min(newest - oldest + 1, 50) }, (_, index) => newest - index) : [];
  return { years, organisations, topics: topics.map((row) => row.topic) };
}

/** Names of people (authors) by id, for bylines. */
export async function authorNames(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: string; display_name: string }>(db, sql`select id, display_name from users where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** A space whose news the viewer may see: visible to them and with the news feature on; else 404. */
export async function loadNewsSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canManage: boolean }> {
  const space = await getSpaceForViewer(request.server.services.db, slug, request.user);
  if (!space.enabledModules.includes("news")) throw notFound();
  return { space, canManage: canManageNews(request.user, space.viewerRoles) };
}

export type LoadedPost = { space: ViewedSpace; post: NewsPost; canManage: boolean };

/** The post at /spaces/:slug/news/:post for this viewer, or the same 404 whether it does not exist or may not be seen. */
export async function loadPostForViewer(request: FastifyRequest, spaceSlug: string, postSlug: string): Promise<LoadedPost> {
  const { space, canManage } = await loadNewsSpace(request, spaceSlug);
  const post = await findPostInSpace(request.server.services.db, space.id, postSlug);
  if (!post || !canSeePost(request.user, space.viewerRoles, post)) throw notFound();
  return { space, post, canManage };
}

/** The post with this id as the viewer may see it (404 otherwise), for the API and picture addresses. */
export async function loadPostByIdForViewer(request: FastifyRequest, id: string): Promise<LoadedPost> {
  const found = await findPostById(request.server.services.db, id);
  if (!found) throw notFound();
  const [space] = await queryRows<{ slug: string }>(request.server.services.db, sql`select slug from spaces where id = ${found.spaceId}`);
  if (!space) throw notFound();
  return loadPostForViewer(request, space.slug, found.slug);
}
