import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import { users } from "../../platform/schema";
import type { Viewer } from "../spaces/permissions";
import type { ViewedSpace } from "../spaces/queries";
import { canViewConsultation } from "./permissions";
import { consultationContributions, consultationGroupFacilitators, consultationGroups, consultationQuestions, consultationTopics, consultations } from "./schema";
import type { Consultation, ConsultationGroup, ConsultationQuestion, ConsultationTopic } from "./queries";
import { innermostWindow, windowState, type WindowState } from "./state";

export type ConsultationListItem = { consultation: Consultation; state: WindowState; topicCount: number; openTopicCount: number };

const STATE_ORDER: Record<WindowState, number> = { open: 0, upcoming: 1, closed: 2, archived: 3 };

/**
 * The consultations of a space the viewer may see, "open now" first, then upcoming, closed and archived.
 * Drafts are listed for coordinators, facilitators and named group facilitators (three queries in all).
 */
export async function listConsultationsForViewer(db: Database, space: ViewedSpace, viewer: Viewer, now: Date): Promise<ConsultationListItem[]> {
  const rows = await db.select().from(consultations).where(eq(consultations.spaceId, space.id)).orderBy(asc(consultations.createdAt));
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const [facilitated, topics] = await Promise.all([
    viewer
      ? db
          .select({ consultationId: consultationGroups.consultationId, groupId: consultationGroups.id })
          .from(consultationGroupFacilitators)
          .innerJoin(consultationGroups, eq(consultationGroups.id, consultationGroupFacilitators.groupId))
          .where(and(eq(consultationGroupFacilitators.userId, viewer.id), inArray(consultationGroups.consultationId, ids)))
      : Promise.resolve([]),
    db
      .select({ consultationId: consultationTopics.consultationId, opensAt: consultationTopics.opensAt, closesAt: consultationTopics.closesAt, groupOpensAt: consultationGroups.opensAt, groupClosesAt: consultationGroups.closesAt })
      .from(consultationTopics)
      .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
      .where(inArray(consultationTopics.consultationId, ids)),
  ]);
  const items: ConsultationListItem[] = [];
  for (const consultation of rows) {
    const who = {
      viewer,
      isEmailVerified: false,
      spaceRoles: space.viewerRoles,
      facilitatedGroupIds: facilitated.filter((row) => row.consultationId === consultation.id).map((row) => row.groupId),
      isBlocked: false,
    };
    if (!canViewConsultation(who, consultation)) continue;
    const own = topics.filter((topic) => topic.consultationId === consultation.id);
    const openTopicCount = own.filter(
      (topic) => windowState(innermostWindow(consultation, { opensAt: topic.groupOpensAt, closesAt: topic.groupClosesAt }, topic), now, consultation.archivedAt) === "open",
    ).length;
    items.push({ consultation, state: windowState(consultation, now, consultation.archivedAt), topicCount: own.length, openTopicCount });
  }
  return items.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.consultation.opensAt?.getTime() ?? 0) - (b.consultation.opensAt?.getTime() ?? 0));
}

export type TopicOverview = ConsultationTopic & { state: WindowState; window: { opensAt: Date | null; closesAt: Date | null }; questionCount: number; contributionCount: number };
export type Facilitator = { userId: string; displayName: string };
export type GroupOverview = ConsultationGroup & { state: WindowState; window: { opensAt: Date | null; closesAt: Date | null }; topics: TopicOverview[]; facilitators: Facilitator[] };
export type ConsultationStructure = {
  groups: GroupOverview[];
  /** Topics open now, in order. */
  openNow: TopicOverview[];
  /** The topics opening soonest among those still to come (several if they open together). */
  next: TopicOverview[];
};

/** Groups → topics with their effective windows and states, counts, facilitators: four queries whatever the size. */
export async function consultationStructure(db: Database, consultation: Consultation, now: Date): Promise<ConsultationStructure> {
  const [groups, topics, questionCounts, facilitators] = await Promise.all([
    db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, consultation.id)).orderBy(asc(consultationGroups.number)),
    db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, consultation.id)).orderBy(asc(consultationTopics.position), asc(consultationTopics.number)),
    db
      .select({
        topicId: consultationTopics.id,
        // written out with aliases: Drizzle renders columns in a sql`` template unqualified, so "id" inside the
        // subquery would bind to the inner table and every count would be 0
        questions: sql<number>`(select count(*) from consultation_questions q where q.topic_id = consultation_topics.id)`.mapWith(Number),
        contributions: sql<number>`(select count(*) from consultation_contributions c where c.topic_id = consultation_topics.id and c.status = 'published')`.mapWith(Number),
      })
      .from(consultationTopics)
      .where(eq(consultationTopics.consultationId, consultation.id)),
    db
      .select({ groupId: consultationGroupFacilitators.groupId, userId: users.id, displayName: users.displayName })
      .from(consultationGroupFacilitators)
      .innerJoin(users, eq(users.id, consultationGroupFacilitators.userId))
      .innerJoin(consultationGroups, eq(consultationGroups.id, consultationGroupFacilitators.groupId))
      .where(eq(consultationGroups.consultationId, consultation.id))
      .orderBy(asc(users.displayName)),
  ]);
  const countsOf = new Map(questionCounts.map((row) => [row.topicId, row]));
  const result: GroupOverview[] = groups.map((group) => {
    const groupWindow = innermostWindow(consultation, group);
    return {
      ...group,
      window: groupWindow,
      state: windowState(groupWindow, now, consultation.archivedAt),
      facilitators: facilitators.filter((row) => row.groupId === group.id).map(({ userId, displayName }) => ({ userId, displayName })),
      topics: topics
        .filter((topic) => topic.groupId === group.id)
        .map((topic) => {
          const window = innermostWindow(consultation, group, topic);
          return { ...topic, window, state: windowState(window, now, consultation.archivedAt), questionCount: countsOf.get(topic.id)?.questions ?? 0, contributionCount: countsOf.get(topic.id)?.contributions ?? 0 };
        }),
    };
  });
  const all = result.flatMap((group) => group.topics);
  const upcoming = all.filter((topic) => topic.state === "upcoming" && topic.window.opensAt).sort((a, b) => a.window.opensAt!.getTime() - b.window.opensAt!.getTime());
  const firstOpening = upcoming[0]?.window.opensAt?.getTime();
  return { groups: result, openNow: all.filter((topic) => topic.state === "open"), next: upcoming.filter((topic) => topic.window.opensAt!.getTime() === firstOpening) };
}

/** Group number `number` of the consultation, or a 404. */
export async function findGroup(db: Database, consultationId: string, number: number): Promise<ConsultationGroup> {
  const [group] = await db.select().from(consultationGroups).where(and(eq(consultationGroups.consultationId, consultationId), eq(consultationGroups.number, number))).limit(1);
  if (!group) throw notFound();
  return group;
}

/** Topic number `number` of the consultation with its questions in order, or a 404. */
export async function findTopic(db: Database, consultationId: string, number: number): Promise<{ topic: ConsultationTopic; group: ConsultationGroup; questions: ConsultationQuestion[] }> {
  const [row] = await db
    .select({ topic: consultationTopics, group: consultationGroups })
    .from(consultationTopics)
    .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
    .where(and(eq(consultationTopics.consultationId, consultationId), eq(consultationTopics.number, number)))
    .limit(1);
  if (!row) throw notFound();
  const questions = await db.select().from(consultationQuestions).where(eq(consultationQuestions.topicId, row.topic.id)).orderBy(asc(consultationQuestions.number));
  return { ...row, questions };
}

/** How many contributions answer a question (a question with answers is not removed). */
export async function questionContributionCount(db: Database, questionId: string): Promise<number> {
  const [row] = await db.select({ total: count() }).from(consultationContributions).where(eq(consultationContributions.questionId, questionId));
  return Number(row?.total ?? 0);
}
