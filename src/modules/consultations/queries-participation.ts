import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Viewer } from "../spaces/permissions";
import type { ContributionCard } from "./queries-contributions";
import { canFacilitateGroup } from "./permissions";
import { loadConsultationForViewer, parseNumber, type ConsultationBreakout, type ConsultationForViewer, type ConsultationGroup, type ConsultationTopic } from "./queries";
import { consultationBreakouts, consultationFollows, consultationGroups, consultationTopics, type ContributionStatus } from "./schema";
import { innermostWindow, windowState, type WindowState } from "./state";

/** A group as the viewer may see it, with its own state (consultation and group windows) and whether they facilitate it. */
export type GroupForViewer = ConsultationForViewer & { group: ConsultationGroup; groupState: WindowState; canFacilitate: boolean };

/** Group number `groupNumber` of a consultation the viewer may see (404 like the consultation otherwise). */
export async function loadGroupForViewer(db: Database, spaceSlug: string, consultationSlug: string, groupNumber: string, viewer: Viewer, now: Date): Promise<GroupForViewer> {
  const base = await loadConsultationForViewer(db, spaceSlug, consultationSlug, viewer, now);
  const number = parseNumber(groupNumber);
  const [group] = await db
    .select()
    .from(consultationGroups)
    .where(and(eq(consultationGroups.consultationId, base.consultation.id), eq(consultationGroups.number, number)))
    .limit(1);
  if (!group) throw notFound();
  const groupState = windowState(innermostWindow(base.consultation, group), now, base.consultation.archivedAt);
  return { ...base, group, groupState, canFacilitate: canFacilitateGroup(base.access, group.id) };
}

/** Whether the person follows the whole consultation (`topicId` null) or one topic. */
export async function isFollowing(db: Database, userId: string | null | undefined, consultationId: string, topicId: string | null): Promise<boolean> {
  if (!userId) return false;
  const rows = await db
    .select({ id: consultationFollows.id })
    .from(consultationFollows)
    .where(
      and(
        eq(consultationFollows.userId, userId),
        eq(consultationFollows.consultationId, consultationId),
        topicId ? eq(consultationFollows.topicId, topicId) : sql`${consultationFollows.topicId} is null`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function breakoutsOf(db: Database, groupId: string): Promise<ConsultationBreakout[]> {
  return db.select().from(consultationBreakouts).where(eq(consultationBreakouts.groupId, groupId)).orderBy(asc(consultationBreakouts.number));
}

export async function topicsOfGroup(db: Database, groupId: string): Promise<ConsultationTopic[]> {
  return db.select().from(consultationTopics).where(eq(consultationTopics.groupId, groupId)).orderBy(asc(consultationTopics.position), asc(consultationTopics.number));
}

/** A person who can be seated in a breakout, with their current seat (breakout id) if any. */
export type Participant = { userId: string; displayName: string; breakoutId: string | null };

/**
 * The people a facilitator splits into breakouts: everyone holding a role in the space, everyone who follows
 * the consultation (or one of its topics) or contributed to it, and whoever already sits in one of the
 * session's breakouts. People who facilitate the session (platform admins, the space's coordinators and
 * facilitators, the group's named facilitators) are left out unless already seated: they see every breakout.
 * Ordered by name, so a round-robin split is reproducible.
 */
export async function sessionParticipants(db: Database, input: { spaceId: string; consultationId: string; groupId: string }): Promise<Participant[]> {
  const rows = await queryRows<{ user_id: string; display_name: string; breakout_id: string | null }>(db, sql`
    with people as (
      select user_id from space_members where space_id = ${input.spaceId}
      union select user_id from consultation_follows where consultation_id = ${input.consultationId}
      union select author_id from consultation_contributions where consultation_id = ${input.consultationId} and author_id is not null
      union select user_id from consultation_breakout_members where group_id = ${input.groupId}
    )
    select u.id as user_id, u.display_name, bm.breakout_id
    from people p
    join users u on u.id = p.user_id and u.deleted_at is null
    left join consultation_breakout_members bm on bm.group_id = ${input.groupId} and bm.user_id = u.id
    where bm.breakout_id is not null or not (
      u.is_platform_admin
      or exists (select 1 from space_members m where m.space_id = ${input.spaceId} and m.user_id = u.id and m.role in ('coordinator', 'facilitator'))
      or exists (select 1 from consultation_group_facilitators gf where gf.group_id = ${input.groupId} and gf.user_id = u.id)
    )
    order by lower(u.display_name), u.id`);
  return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name, breakoutId: row.breakout_id }));
}

/**
 * Every contribution to the session's topics as cards (the topic page's shape, so views/contribution.ts renders
 * them): roots in posting order, each followed by its replies. Non-published ones come too, so threads keep
 * their shape; the card shows placeholders for them. One query for the whole plenary.
 */
export async function plenaryContributions(db: Database, groupId: string, viewerId: string | null): Promise<ContributionCard[]> {
  const viewer = viewerId ?? "00000000-0000-0000-0000-000000000000";
  const rows = await queryRows<{
    id: string;
    number: number | string;
    topic_id: string;
    question_id: string | null;
    question_number: number | null;
    breakout_id: string | null;
    breakout_name: LocalizedText | null;
    parent_id: string | null;
    parent_number: number | string | null;
    root_id: string | null;
    depth: number;
    author_id: string | null;
    author_name: string | null;
    organisation_slug: string | null;
    organisation_name: LocalizedText | null;
    organisation_actor_type: string | null;
    language: string;
    body: string;
    body_html: string | null;
    status: ContributionStatus;
    moderation_reason: string;
    created_at: Date | string;
    edited_at: Date | string | null;
    agree_count: number;
    useful_count: number;
    has_viewer_agreed: boolean;
    has_viewer_found_useful: boolean;
    tags: ContributionCard["tags"] | string;
  }>(db, sql`
    select c.id, c.number, c.topic_id, c.question_id, q.number as question_number, c.breakout_id, b.name as breakout_name,
      c.parent_id, p.number as parent_number, c.root_id, c.depth, c.author_id, u.display_name as author_name,
      o.slug as organisation_slug, o.name as organisation_name, o.actor_type as organisation_actor_type,
      c.language, c.body, c.body_html, c.status, c.moderation_reason, c.created_at, c.edited_at,
      (select count(*) from consultation_reactions r where r.contribution_id = c.id and r.kind = 'agree')::int as agree_count,
      (select count(*) from consultation_reactions r where r.contribution_id = c.id and r.kind = 'useful')::int as useful_count,
      exists (select 1 from consultation_reactions r where r.contribution_id = c.id and r.user_id = ${viewer} and r.kind = 'agree') as has_viewer_agreed,
      exists (select 1 from consultation_reactions r where r.contribution_id = c.id and r.user_id = ${viewer} and r.kind = 'useful') as has_viewer_found_useful,
      coalesce((select json_agg(json_build_object('tag', tg.tag, 'practiceKind', tg.practice_kind) order by tg.tag) from consultation_tags tg where tg.contribution_id = c.id), '[]'::json) as tags
    from consultation_contributions c
    join consultation_topics t on t.id = c.topic_id
    left join consultation_contributions r on r.id = c.root_id
    left join consultation_contributions p on p.id = c.parent_id
    left join consultation_questions q on q.id = c.question_id
    left join consultation_breakouts b on b.id = c.breakout_id
    left join users u on u.id = c.author_id and u.deleted_at is null
    left join organisations o on o.id = c.organisation_id
    where t.group_id = ${groupId}
    order by coalesce(r.created_at, c.created_at), coalesce(r.number, c.number), c.depth > 0, c.number`);
  return rows.map((row) => ({
    id: row.id,
    number: Number(row.number),
    topicId: row.topic_id,
    questionId: row.question_id,
    questionNumber: row.question_number === null ? null : Number(row.question_number),
    breakoutId: row.breakout_id,
    breakoutName: row.breakout_name,
    parentId: row.parent_id,
    parentNumber: row.parent_number === null ? null : Number(row.parent_number),
    rootId: row.root_id ?? row.id,
    depth: Number(row.depth),
    authorId: row.author_id,
    authorName: row.author_name,
    organisation: row.organisation_slug && row.organisation_name && row.organisation_actor_type ? { slug: row.organisation_slug, name: row.organisation_name, actorType: row.organisation_actor_type } : null,
    language: row.language,
    body: row.body,
    bodyHtml: row.body_html,
    status: row.status,
    moderationReason: row.moderation_reason,
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    agreeCount: Number(row.agree_count),
    usefulCount: Number(row.useful_count),
    hasViewerAgreed: Boolean(row.has_viewer_agreed),
    hasViewerFoundUseful: Boolean(row.has_viewer_found_useful),
    tags: typeof row.tags === "string" ? (JSON.parse(row.tags) as ContributionCard["tags"]) : row.tags,
  }));
}

/** When the plenary opens to participants: once the session's window closed (or the consultation was archived). */
export const isPlenaryOpen = (state: WindowState): boolean => state === "closed" || state === "archived";
