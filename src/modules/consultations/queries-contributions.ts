import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { organisations } from "../organisations/schema";
import type { Viewer } from "../spaces/permissions";
import { contributionHtml } from "./markdown";
import { canSeeAllBreakouts } from "./permissions";
import { loadTopicForViewer, parseNumber, type TopicForViewer } from "./queries";
import {
  consultationBreakouts,
  consultationContributionRevisions,
  consultationContributions,
  consultationQuestions,
  consultationTopics,
  type ContributionStatus,
  type PracticeKind,
  type SynthesisTag,
} from "./schema";

/** Threads (top-level contributions) per page of a topic. */
export const THREADS_PER_PAGE = 20;

/** One contribution as a card shows it: who, on whose behalf, where, when, its reactions and tags. */
export type ContributionCard = {
  id: string;
  number: number;
  topicId: string;
  questionId: string | null;
  questionNumber: number | null;
  breakoutId: string | null;
  breakoutName: LocalizedText | null;
  parentId: string | null;
  /** The parent's number, for "in reply to" links. */
  parentNumber: number | null;
  rootId: string | null;
  depth: number;
  authorId: string | null;
  authorName: string | null;
  organisation: { slug: string; name: LocalizedText; actorType: string } | null;
  language: string;
  body: string;
  /** body's sanitized HTML (`contributionBodyHtml` shows it); null only for rows written before it was stored. */
  bodyHtml: string | null;
  status: ContributionStatus;
  moderationReason: string;
  createdAt: Date;
  editedAt: Date | null;
  agreeCount: number;
  usefulCount: number;
  hasViewerAgreed: boolean;
  hasViewerFoundUseful: boolean;
  tags: { tag: SynthesisTag; practiceKind: PracticeKind | null }[];
};

const c = consultationContributions;

/**
 * The card's columns in one select: author, organisation, question and breakout by joins; reaction counts,
 * the viewer's own reactions and tags by correlated subqueries. Whatever the number of contributions, a list
 * of cards is one SQL statement.
 */
function cardQuery(db: Database, viewerId: string | null) {
  const viewer = viewerId ?? "00000000-0000-0000-0000-000000000000";
  return db
    .select({
      id: c.id,
      number: c.number,
      topicId: c.topicId,
      questionId: c.questionId,
      questionNumber: consultationQuestions.number,
      breakoutId: c.breakoutId,
      breakoutName: consultationBreakouts.name,
      parentId: c.parentId,
      parentNumber: sql<number | null>`(select p.number from consultation_contributions p where p.id = ${c.parentId})`,
      rootId: c.rootId,
      depth: c.depth,
      authorId: c.authorId,
      authorName: users.displayName,
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
      organisationActorType: organisations.actorType,
      language: c.language,
      body: c.body,
      bodyHtml: c.bodyHtml,
      status: c.status,
      moderationReason: c.moderationReason,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      agreeCount: sql<number>`(select count(*) from consultation_reactions r where r.contribution_id = ${c.id} and r.kind = 'agree')::int`,
      usefulCount: sql<number>`(select count(*) from consultation_reactions r where r.contribution_id = ${c.id} and r.kind = 'useful')::int`,
      hasViewerAgreed: sql<boolean>`exists (select 1 from consultation_reactions r where r.contribution_id = ${c.id} and r.user_id = ${viewer} and r.kind = 'agree')`,
      hasViewerFoundUseful: sql<boolean>`exists (select 1 from consultation_reactions r where r.contribution_id = ${c.id} and r.user_id = ${viewer} and r.kind = 'useful')`,
      tags: sql<ContributionCard["tags"]>`coalesce((select json_agg(json_build_object('tag', t.tag, 'practiceKind', t.practice_kind) order by t.tag) from consultation_tags t where t.contribution_id = ${c.id}), '[]'::json)`,
    })
    .from(c)
    // a deleted account's contributions stay, without its name
    .leftJoin(users, and(eq(users.id, c.authorId), isNull(users.deletedAt)))
    .leftJoin(organisations, eq(organisations.id, c.organisationId))
    .leftJoin(consultationQuestions, eq(consultationQuestions.id, c.questionId))
    .leftJoin(consultationBreakouts, eq(consultationBreakouts.id, c.breakoutId))
    .$dynamic();
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>["execute"]>>[number];

function toCard(row: CardRow): ContributionCard {
  const { organisationSlug, organisationName, organisationActorType, ...rest } = row;
  return {
    ...rest,
    number: Number(row.number),
    parentNumber: row.parentNumber === null ? null : Number(row.parentNumber),
    tags: typeof row.tags === "string" ? (JSON.parse(row.tags) as ContributionCard["tags"]) : row.tags,
    organisation: organisationSlug && organisationName && organisationActorType ? { slug: organisationSlug, name: organisationName, actorType: organisationActorType } : null,
  };
}

/**
 * Stores `body_html` for contributions read without it (written before migration 0013, or by a bulk load): each
 * is rendered once with `contributionHtml`, set on the row read, and written back in one statement, so the next
 * read finds it. Rows another request is filling at this moment are skipped (`skip locked`: no waiting, no
 * deadlock between two pages filling the same rows), and a row whose body changed since it was read is left for
 * its next read.
 */
export async function storeMissingBodyHtml(db: Database, rows: { id: string; body: string; bodyHtml: string | null }[]): Promise<void> {
  const missing = rows.filter((row) => row.bodyHtml === null);
  if (!missing.length) return;
  for (const row of missing) row.bodyHtml = contributionHtml(row.body);
  const fresh = JSON.stringify(missing.map((row) => ({ id: row.id, html: row.bodyHtml, body: row.body })));
  await queryRows(
    db,
    sql`with fresh as (select * from json_to_recordset(${fresh}::json) as fresh(id uuid, html text, body text)),
      locked as (select c.id from consultation_contributions c join fresh on fresh.id = c.id
                 where c.body_html is null and c.body = fresh.body order by c.id for update of c skip locked)
    update consultation_contributions c set body_html = fresh.html from fresh join locked on locked.id = fresh.id where c.id = fresh.id`,
  );
}

/**
 * Breakout isolation on a topic (`canSeeAllBreakouts`): in a session, while it is upcoming or open, a participant
 * sees the contributions of their own breakout and those posted outside any breakout (before the split, or by
 * facilitators for everyone). Facilitators see every breakout; once the session closes its posts are open to all.
 */
export function breakoutFilter(topic: TopicForViewer): SQL | undefined {
  if (canSeeAllBreakouts(topic.access, topic.group, topic.topicState)) return undefined;
  return topic.breakout ? or(isNull(c.breakoutId), eq(c.breakoutId, topic.breakout.id)) : isNull(c.breakoutId);
}

/** Whether the viewer may see this contribution at all on its topic (breakout isolation); statuses are placeholders, not secrets. */
export function isContributionVisible(topic: TopicForViewer, contribution: { breakoutId: string | null }): boolean {
  if (canSeeAllBreakouts(topic.access, topic.group, topic.topicState) || contribution.breakoutId === null) return true;
  return contribution.breakoutId === topic.breakout?.id;
}

export type ThreadsPage = { roots: ContributionCard[]; replies: ContributionCard[]; nextCursor: number | null };

/** Parses the `after` cursor of the topic page (a contribution number); anything else starts from the beginning. */
export function parseCursor(value: unknown): number {
  return typeof value === "string" && /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : 0;
}

/**
 * A page of threads on a topic, oldest first, in one statement: the page's top-level contributions (the
 * threads after the cursor, one more than shown to know whether a next page exists) and every reply in those
 * threads — a top-level contribution is its own root, so "root_id in the page" finds both.
 */
export async function loadThreadsPage(db: Database, topic: TopicForViewer, viewerId: string | null, after: number): Promise<ThreadsPage> {
  const isolation = breakoutFilter(topic);
  const pageRoots = (limit: number) =>
    db
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.topicId, topic.topic.id), isNull(c.parentId), gt(c.number, after), isolation))
      .orderBy(asc(c.number))
      .limit(limit);
  const cards = (
    await cardQuery(db, viewerId)
      // the extra thread counts as a root only: its replies belong to the next page
      .where(and(eq(c.topicId, topic.topic.id), inArray(c.rootId, pageRoots(THREADS_PER_PAGE + 1)), or(isNull(c.parentId), inArray(c.rootId, pageRoots(THREADS_PER_PAGE))), isolation))
      .orderBy(asc(c.number))
  ).map(toCard);
  const rootCards = cards.filter((card) => card.parentId === null);
  const hasMore = rootCards.length > THREADS_PER_PAGE;
  const roots = rootCards.slice(0, THREADS_PER_PAGE);
  const replies = cards.filter((card) => card.parentId !== null);
  await storeMissingBodyHtml(db, [...roots, ...replies]);
  return { roots, replies, nextCursor: hasMore ? roots[roots.length - 1]!.number : null };
}

/** The line above a topic's threads: how many published posts, by how many people, the latest of them. */
export type ThreadSummary = { postCount: number; participantCount: number; lastPostNumber: number | null; lastActivityAt: Date | null };

/**
 * Counts what this viewer can read on a topic (published contributions, breakout isolation applied) in one
 * aggregate on the topic's rows; the latest post's number comes with it for the "jump to latest" link.
 */
export async function loadThreadSummary(db: Database, topic: TopicForViewer): Promise<ThreadSummary> {
  const visible = and(eq(c.topicId, topic.topic.id), eq(c.status, "published"), breakoutFilter(topic));
  const [row] = await db
    .select({
      postCount: sql<number | string>`count(*)`,
      participantCount: sql<number | string>`count(distinct ${c.authorId})`,
      lastPostNumber: sql<number | string | null>`max(${c.number})`,
      lastActivityAt: sql<Date | string | null>`max(${c.createdAt})`,
    })
    .from(c)
    .where(visible);
  return {
    postCount: Number(row?.postCount ?? 0),
    participantCount: Number(row?.participantCount ?? 0),
    lastPostNumber: row?.lastPostNumber === null || row?.lastPostNumber === undefined ? null : Number(row.lastPostNumber),
    lastActivityAt: row?.lastActivityAt ? new Date(row.lastActivityAt) : null,
  };
}

/**
 * Where a contribution is shown on its topic page for this viewer: the `after` cursor of the page holding its
 * thread (null for the first page), found the way `loadThreadsPage` pages — by the thread roots the viewer sees
 * before it. Two small queries on the topic's index; used to land the author on their new post in context.
 */
export async function threadPageCursor(db: Database, topic: TopicForViewer, contributionNumber: number): Promise<number | null> {
  const [located] = await db
    .select({ number: c.number, rootNumber: sql<number | string | null>`(select r.number from consultation_contributions r where r.id = ${c}.root_id)` })
    .from(c)
    .where(and(eq(c.topicId, topic.topic.id), eq(c.number, contributionNumber)))
    .limit(1);
  if (!located) return null;
  const rootNumber = Number(located.rootNumber ?? located.number);
  const earlierRoots = and(eq(c.topicId, topic.topic.id), isNull(c.parentId), lt(c.number, rootNumber), breakoutFilter(topic));
  const [counted] = await db.select({ value: count() }).from(c).where(earlierRoots);
  const pageIndex = Math.floor(Number(counted?.value ?? 0) / THREADS_PER_PAGE);
  if (pageIndex === 0) return null;
  // the page starts after the last root of the page before it
  const [previous] = await db.select({ number: c.number }).from(c).where(earlierRoots).orderBy(asc(c.number)).offset(pageIndex * THREADS_PER_PAGE - 1).limit(1);
  return previous ? Number(previous.number) : null;
}

/** A contribution with the topic it sits on, as the viewer may see it: 404 when hidden from them by breakout, like a missing one. */
export async function loadContributionForViewer(
  db: Database,
  spaceSlug: string,
  consultationSlug: string,
  contributionNumber: string,
  viewer: Viewer,
  now: Date,
): Promise<{ topic: TopicForViewer; contribution: ContributionCard; thread: ContributionCard[] }> {
  const number = parseNumber(contributionNumber);
  // The topic number first (the consultation's visibility is checked by loadTopicForViewer right after).
  const [located] = await db
    .select({ topicNumber: consultationTopics.number })
    .from(c)
    .innerJoin(consultationTopics, eq(consultationTopics.id, c.topicId))
    .where(and(eq(c.number, number), sql`${c.consultationId} = (select co.id from consultations co join spaces s on s.id = co.space_id where s.slug = ${spaceSlug} and co.slug = ${consultationSlug})`))
    .limit(1);
  if (!located) throw notFound();
  const topic = await loadTopicForViewer(db, spaceSlug, consultationSlug, String(located.topicNumber), viewer, now);
  const [row] = await cardQuery(db, viewer?.id ?? null).where(and(eq(c.topicId, topic.topic.id), eq(c.number, number))).limit(1);
  if (!row) throw notFound();
  const contribution = toCard(row);
  if (!isContributionVisible(topic, contribution)) throw notFound();
  // The replies below it, for the permalink's own small thread view: its thread's deeper contributions, kept
  // when their parent chain leads to it (a reply always has a higher number than its parent).
  const deeper = await cardQuery(db, viewer?.id ?? null)
    .where(and(eq(c.rootId, contribution.rootId ?? contribution.id), gt(c.depth, contribution.depth), breakoutFilter(topic)))
    .orderBy(asc(c.number));
  const inside = new Set([contribution.id]);
  const thread = deeper.map(toCard).filter((card) => {
    if (!card.parentId || !inside.has(card.parentId)) return false;
    inside.add(card.id);
    return true;
  });
  await storeMissingBodyHtml(db, [contribution, ...thread]);
  return { topic, contribution, thread };
}

export type Revision = { body: string; writtenAt: Date };

/** Earlier versions of a contribution, newest first (the current body is not among them). */
export async function revisionsOf(db: Database, contributionId: string): Promise<Revision[]> {
  return db
    .select({ body: consultationContributionRevisions.body, writtenAt: consultationContributionRevisions.writtenAt })
    .from(consultationContributionRevisions)
    .where(eq(consultationContributionRevisions.contributionId, contributionId))
    .orderBy(desc(consultationContributionRevisions.writtenAt), desc(consultationContributionRevisions.createdAt));
}
