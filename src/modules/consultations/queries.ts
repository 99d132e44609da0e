import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { cachedLookup } from "../../db/lookup-cache";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { Viewer } from "../spaces/permissions";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import {
  canContribute,
  canFacilitateAny,
  canFacilitateGroup,
  canManageConsultation,
  canModerateSpace,
  canViewConsultation,
  type ConsultationViewer,
} from "./permissions";
import {
  consultationBreakoutMembers,
  consultationBreakouts,
  consultationGroupFacilitators,
  consultationGroups,
  consultationQuestions,
  consultationTopics,
  consultations,
} from "./schema";
import { innermostWindow, windowState, type WindowState } from "./state";

export type Consultation = typeof consultations.$inferSelect;
export type ConsultationGroup = typeof consultationGroups.$inferSelect;
export type ConsultationTopic = typeof consultationTopics.$inferSelect;
export type ConsultationQuestion = typeof consultationQuestions.$inferSelect;
export type ConsultationBreakout = typeof consultationBreakouts.$inferSelect;

/** What the viewer may do with the consultation as a whole, worked out once from permissions.ts. */
export type ConsultationAccess = ConsultationViewer & { canManage: boolean; canFacilitateAny: boolean; canModerate: boolean };

export type ConsultationForViewer = { space: ViewedSpace; consultation: Consultation; state: WindowState; access: ConsultationAccess };

/** A topic as the viewer may see it, with its group, questions, state and what the viewer may do there. */
export type TopicForViewer = ConsultationForViewer & {
  group: ConsultationGroup;
  topic: ConsultationTopic;
  questions: ConsultationQuestion[];
  /** The topic's own state: the innermost of consultation, group and topic windows. */
  topicState: WindowState;
  canContribute: boolean;
  canFacilitate: boolean;
  /** For a session with breakouts: the viewer's breakout (null when not assigned, or for discussion groups). */
  breakout: ConsultationBreakout | null;
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * The person's relation to a consultation: roles in its space, facilitated groups, a moderation block — the
 * account, its blocks and the groups it facilitates in one statement (every signed-in page and post asks).
 */
export async function consultationViewerOf(db: Database, space: ViewedSpace, consultationId: string, viewer: Viewer, now: Date): Promise<ConsultationViewer> {
  if (!viewer) return { viewer: null, isEmailVerified: false, spaceRoles: [], facilitatedGroupIds: [], isBlocked: false };
  const [row] = await queryRows<{ is_email_verified: boolean; is_blocked: boolean; facilitated: string[] | null }>(
    db,
    sql`select u.email_verified_at is not null as is_email_verified,
      exists (select 1 from moderation_blocks b where b.space_id = ${space.id} and b.user_id = u.id and (b.expires_at is null or b.expires_at > ${now})) as is_blocked,
      array(select gf.group_id::text from ${consultationGroupFacilitators} gf join ${consultationGroups} g on g.id = gf.group_id
            where g.consultation_id = ${consultationId} and gf.user_id = u.id) as facilitated
    from users u where u.id = ${viewer.id}`,
  );
  return {
    viewer,
    isEmailVerified: Boolean(row?.is_email_verified),
    spaceRoles: space.viewerRoles,
    facilitatedGroupIds: row?.facilitated ?? [],
    isBlocked: Boolean(row?.is_blocked),
  };
}

// Every consultation page and post starts with these lookups; the structure changes rarely (migration 0011 tells
// every process when it does), so they are kept in the process: read-only, copy before changing.
const consultationBySlug = cachedLookup(["consultations"], async (db, key: string): Promise<Consultation | null> => {
  const [spaceId, slug] = key.split("/") as [string, string];
  const [row] = await db.select().from(consultations).where(and(eq(consultations.spaceId, spaceId), eq(consultations.slug, slug))).limit(1);
  return row ?? null;
});
const topicByNumber = cachedLookup(["consultation_topics", "consultation_groups", "consultation_questions"], async (db, key: string) => {
  const [consultationId, number] = key.split("/") as [string, string];
  const [row] = await db
    .select({ topic: consultationTopics, group: consultationGroups })
    .from(consultationTopics)
    .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
    .where(and(eq(consultationTopics.consultationId, consultationId), eq(consultationTopics.number, Number(number))))
    .limit(1);
  if (!row) return null;
  const questions = await db.select().from(consultationQuestions).where(eq(consultationQuestions.topicId, row.topic.id)).orderBy(asc(consultationQuestions.number));
  return { ...row, questions };
});

/**
 * The consultation at /spaces/:slug/consultations/:consultation as the viewer may see it. One that does not
 * exist, sits in a space the viewer cannot see, is a draft to a participant or is members-only to an outsider
 * is a 404 alike, so hidden consultations cannot be detected.
 */
export async function loadConsultationForViewer(db: Database, spaceSlug: string, consultationSlug: string, viewer: Viewer, now: Date): Promise<ConsultationForViewer> {
  if (!SLUG.test(consultationSlug)) throw notFound();
  const space = await getSpaceForViewer(db, spaceSlug, viewer);
  const consultation = await consultationBySlug(db, `${space.id}/${consultationSlug}`);
  if (!consultation) throw notFound();
  const who = await consultationViewerOf(db, space, consultation.id, viewer, now);
  if (!canViewConsultation(who, consultation)) throw notFound();
  const access: ConsultationAccess = { ...who, canManage: canManageConsultation(who), canFacilitateAny: canFacilitateAny(who), canModerate: canModerateSpace(who) };
  return { space, consultation, state: windowState(consultation, now, consultation.archivedAt), access };
}

/** Parses a positive integer path segment (a topic, group or contribution number); anything else is a 404. */
export function parseNumber(value: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw notFound();
  return Number(value);
}

/** Topic number `topicNumber` of the consultation, as the viewer may see it (404 like the consultation). */
export async function loadTopicForViewer(db: Database, spaceSlug: string, consultationSlug: string, topicNumber: string, viewer: Viewer, now: Date): Promise<TopicForViewer> {
  const base = await loadConsultationForViewer(db, spaceSlug, consultationSlug, viewer, now);
  const number = parseNumber(topicNumber);
  const row = await topicByNumber(db, `${base.consultation.id}/${number}`);
  if (!row) throw notFound();
  const { questions } = row;
  // only sessions have breakouts: a discussion group's topic asks nothing more
  const breakout = row.group.kind === "session" ? await viewerBreakout(db, row.group.id, viewer) : null;
  const topicState = windowState(innermostWindow(base.consultation, row.group, row.topic), now, base.consultation.archivedAt);
  const canFacilitate = canFacilitateGroup(base.access, row.group.id);
  // In a session with breakouts, a participant posts inside their own breakout only; facilitators post anywhere.
  const sessionNeedsBreakout = row.group.kind === "session" && !canFacilitate && (await hasBreakouts(db, row.group.id)) && breakout === null;
  return {
    ...base,
    group: row.group,
    topic: row.topic,
    questions,
    topicState,
    canContribute: canContribute(base.access, base.consultation, topicState) && !sessionNeedsBreakout,
    canFacilitate,
    breakout,
  };
}

/** The breakout the person sits in for a session group, if any. */
export async function viewerBreakout(db: Database, groupId: string, viewer: Viewer): Promise<ConsultationBreakout | null> {
  if (!viewer) return null;
  const [row] = await db
    .select({ breakout: consultationBreakouts })
    .from(consultationBreakoutMembers)
    .innerJoin(consultationBreakouts, eq(consultationBreakouts.id, consultationBreakoutMembers.breakoutId))
    .where(and(eq(consultationBreakoutMembers.groupId, groupId), eq(consultationBreakoutMembers.userId, viewer.id)))
    .limit(1);
  return row?.breakout ?? null;
}

async function hasBreakouts(db: Database, groupId: string): Promise<boolean> {
  const rows = await db.select({ id: consultationBreakouts.id }).from(consultationBreakouts).where(eq(consultationBreakouts.groupId, groupId)).limit(1);
  return rows.length > 0;
}
