import { and, asc, count, countDistinct, desc, eq, inArray, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { forbidden, notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { organisations } from "../organisations/schema";
import type { Viewer } from "../spaces/permissions";
import { canFacilitateGroup, canSeeAllBreakouts } from "./permissions";
import { loadConsultationForViewer, parseNumber, type ConsultationForViewer, type ConsultationGroup, type ConsultationTopic } from "./queries";
import { innermostWindow, windowState } from "./state";
import {
  consultationBreakoutMembers,
  consultationBreakouts,
  consultationContributions,
  consultationFindingItems,
  consultationFindings,
  consultationGroups,
  consultationQuestions,
  consultationSyntheses,
  consultationTags,
  consultationTopics,
  goodPractices,
  type ContributionStatus,
  type FindingStatus,
  type PracticeKind,
  type SynthesisTag,
} from "./schema";

export type Contribution = typeof consultationContributions.$inferSelect;
export type ContributionTag = typeof consultationTags.$inferSelect;
export type GoodPracticeRecord = typeof goodPractices.$inferSelect;

/**
 * Who may read the report, its Markdown and the contributions CSV: facilitators of the consultation at any
 * time (they are writing it); everyone who can see the consultation once it is closed or archived, when the
 * syntheses are final and no breakout's discussion is still private to its members.
 */
export const canSeeReport = (subject: Pick<ConsultationForViewer, "access" | "state">): boolean =>
  subject.access.canFacilitateAny || subject.state === "closed" || subject.state === "archived";

/** A contribution as its group's facilitator opens it for tagging. */
export type TaggingTarget = ConsultationForViewer & {
  contribution: Contribution;
  topic: ConsultationTopic;
  group: ConsultationGroup;
  tags: ContributionTag[];
  goodPractice: GoodPracticeRecord | null;
};

/**
 * Contribution number `number` of the consultation for a facilitator of its group: a 404 when the consultation
 * is not visible or the number is not one of its contributions, a 403 for anyone who does not facilitate the group.
 */
export async function loadTaggingTarget(db: Database, spaceSlug: string, consultationSlug: string, number: string, viewer: Viewer, now: Date): Promise<TaggingTarget> {
  const base = await loadConsultationForViewer(db, spaceSlug, consultationSlug, viewer, now);
  const contributionNumber = parseNumber(number);
  const [row] = await db
    .select({ contribution: consultationContributions, topic: consultationTopics, group: consultationGroups })
    .from(consultationContributions)
    .innerJoin(consultationTopics, eq(consultationTopics.id, consultationContributions.topicId))
    .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
    .where(and(eq(consultationContributions.consultationId, base.consultation.id), eq(consultationContributions.number, contributionNumber)))
    .limit(1);
  if (!row) throw notFound();
  if (!canFacilitateGroup(base.access, row.group.id)) throw forbidden();
  const [tags, practices] = await Promise.all([
    db.select().from(consultationTags).where(eq(consultationTags.contributionId, row.contribution.id)).orderBy(asc(consultationTags.createdAt)),
    db
      .select()
      .from(goodPractices)
      .where(and(eq(goodPractices.sourceType, GOOD_PRACTICE_SOURCE), eq(goodPractices.sourceId, row.contribution.id))),
  ]);
  return { ...base, ...row, tags, goodPractice: practices[0] ?? null };
}

/** The source type of good-practice records tagged on a consultation contribution. */
export const GOOD_PRACTICE_SOURCE = "consultation_contribution";

export type SynthesisRow = { body: string; updatedAt: Date; updatedByName: string | null };

/** The synthesis of a topic or of a group's plenary, with who last saved it; null when none was written. */
export async function loadSynthesis(db: Database, target: { topicId: string } | { groupId: string }): Promise<SynthesisRow | null> {
  const condition = "topicId" in target ? eq(consultationSyntheses.topicId, target.topicId) : eq(consultationSyntheses.groupId, target.groupId);
  const [row] = await db
    .select({ body: consultationSyntheses.body, updatedAt: consultationSyntheses.updatedAt, updatedByName: users.displayName })
    .from(consultationSyntheses)
    .leftJoin(users, eq(users.id, consultationSyntheses.updatedBy))
    .where(condition)
    .limit(1);
  return row ?? null;
}

/** A topic or group of a visible consultation for its synthesis page; 403 unless the viewer facilitates the group. */
export async function loadSynthesisSubject(
  db: Database,
  params: { slug: string; consultation: string; number: string; kind: "topic" | "group" },
  viewer: Viewer,
  now: Date,
): Promise<ConsultationForViewer & { group: ConsultationGroup; topic: ConsultationTopic | null; synthesis: SynthesisRow | null }> {
  const base = await loadConsultationForViewer(db, params.slug, params.consultation, viewer, now);
  const number = parseNumber(params.number);
  let group: ConsultationGroup | undefined;
  let topic: ConsultationTopic | null = null;
  if (params.kind === "topic") {
    const [row] = await db
      .select({ topic: consultationTopics, group: consultationGroups })
      .from(consultationTopics)
      .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
      .where(and(eq(consultationTopics.consultationId, base.consultation.id), eq(consultationTopics.number, number)))
      .limit(1);
    group = row?.group;
    topic = row?.topic ?? null;
  } else {
    [group] = await db
      .select()
      .from(consultationGroups)
      .where(and(eq(consultationGroups.consultationId, base.consultation.id), eq(consultationGroups.number, number)))
      .limit(1);
  }
  if (!group) throw notFound();
  if (!canFacilitateGroup(base.access, group.id)) throw forbidden();
  const synthesis = await loadSynthesis(db, topic ? { topicId: topic.id } : { groupId: group.id });
  return { ...base, group, topic, synthesis };
}

/** One contribution as outputs (report, CSV, findings) show it. */
export type OutputContribution = {
  id: string;
  number: number;
  topicId: string;
  groupId: string;
  questionNumber: number | null;
  breakoutId: string | null;
  breakoutName: LocalizedText | null;
  authorName: string | null;
  organisationName: LocalizedText | null;
  actorType: string | null;
  language: string;
  body: string;
  /** body's stored HTML (`contributionBodyHtml`); null only for rows written before it was stored. */
  bodyHtml: string | null;
  status: ContributionStatus;
  createdAt: Date;
  parentNumber: number | null;
};

const parent = sql<number | null>`(select p.number from consultation_contributions p where p.id = ${consultationContributions.parentId})`;

const outputColumns = {
  id: consultationContributions.id,
  number: consultationContributions.number,
  topicId: consultationContributions.topicId,
  groupId: consultationTopics.groupId,
  questionNumber: consultationQuestions.number,
  breakoutId: consultationContributions.breakoutId,
  breakoutName: consultationBreakouts.name,
  authorName: users.displayName,
  organisationName: organisations.name,
  actorType: organisations.actorType,
  language: consultationContributions.language,
  body: consultationContributions.body,
  bodyHtml: consultationContributions.bodyHtml,
  status: consultationContributions.status,
  createdAt: consultationContributions.createdAt,
  parentNumber: parent,
};

/**
 * Breakout isolation for consultation-wide outputs (report, Markdown, CSV, findings): the same rule as the topic
 * page (`canSeeAllBreakouts`), per topic. On topics where the viewer may not yet read every breakout, only posts
 * outside any breakout and those of the viewer's own breakout count. Undefined when nothing is isolated.
 */
export async function breakoutScope(db: Database, subject: Pick<ConsultationForViewer, "consultation" | "access">, now: Date): Promise<SQL | undefined> {
  const rows = await db
    .select({ topic: consultationTopics, group: consultationGroups })
    .from(consultationTopics)
    .innerJoin(consultationGroups, eq(consultationGroups.id, consultationTopics.groupId))
    .where(and(eq(consultationTopics.consultationId, subject.consultation.id), eq(consultationGroups.kind, "session")));
  const isolated = rows.filter(({ topic, group }) => !canSeeAllBreakouts(subject.access, group, windowState(innermostWindow(subject.consultation, group, topic), now, subject.consultation.archivedAt)));
  if (!isolated.length) return undefined;
  const viewerId = subject.access.viewer?.id;
  const own = viewerId
    ? await db
        .select({ breakoutId: consultationBreakoutMembers.breakoutId })
        .from(consultationBreakoutMembers)
        .where(and(eq(consultationBreakoutMembers.userId, viewerId), inArray(consultationBreakoutMembers.groupId, [...new Set(isolated.map((row) => row.group.id))])))
    : [];
  const c = consultationContributions;
  return or(
    notInArray(c.topicId, isolated.map((row) => row.topic.id)),
    isNull(c.breakoutId),
    own.length ? inArray(c.breakoutId, own.map((row) => row.breakoutId)) : undefined,
  );
}

/**
 * Published contributions of a consultation for an output, oldest first. Outputs (report, Markdown, CSV,
 * findings, API, Atom) carry published contributions only, whoever reads them — facilitators and moderators
 * included: held, hidden and deleted posts are dealt with in the moderation queue and never leave it.
 */
export async function outputContributions(db: Database, consultationId: string, scope: SQL | undefined, ids?: readonly string[]): Promise<OutputContribution[]> {
  if (ids && !ids.length) return [];
  const rows = await db
    .select(outputColumns)
    .from(consultationContributions)
    .innerJoin(consultationTopics, eq(consultationTopics.id, consultationContributions.topicId))
    .leftJoin(consultationQuestions, eq(consultationQuestions.id, consultationContributions.questionId))
    .leftJoin(consultationBreakouts, eq(consultationBreakouts.id, consultationContributions.breakoutId))
    .leftJoin(users, eq(users.id, consultationContributions.authorId))
    .leftJoin(organisations, eq(organisations.id, consultationContributions.organisationId))
    .where(
      and(
        eq(consultationContributions.consultationId, consultationId),
        eq(consultationContributions.status, "published"),
        scope,
        ids ? inArray(consultationContributions.id, [...ids]) : undefined,
      ),
    )
    .orderBy(asc(consultationContributions.number));
  return rows.map((row) => ({ ...row, parentNumber: row.parentNumber === null ? null : Number(row.parentNumber) }));
}

export type TaggedItem = { tag: SynthesisTag; practiceKind: PracticeKind | null; note: string; contribution: OutputContribution };

export type ReportFinding = { id: string; title: string; summary: string; score: number; contributions: OutputContribution[] };

export type Participation = { topicId: string; contributions: number; participants: number; organisations: number };

/** Everything the report compiles, for the HTML page and the Markdown download alike. */
export type ReportData = {
  groups: (ConsultationGroup & { synthesis: SynthesisRow | null; topics: (ConsultationTopic & { synthesis: SynthesisRow | null; participation: Participation; tagged: TaggedItem[] })[] })[];
  findings: ReportFinding[];
  totals: { contributions: number; participants: number; organisations: number };
};

/**
 * Compiles the report of a consultation from published contributions only, within the reader's `scope`
 * (`breakoutScope`), in a fixed number of queries.
 */
export async function loadReport(db: Database, consultationId: string, scope: SQL | undefined): Promise<ReportData> {
  const published = and(eq(consultationContributions.status, "published"), scope);
  const [groups, topics, syntheses, tagRows, participation, totals, findingRows] = await Promise.all([
    db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, consultationId)).orderBy(asc(consultationGroups.number)),
    db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, consultationId)).orderBy(asc(consultationTopics.position), asc(consultationTopics.number)),
    db
      .select({ topicId: consultationSyntheses.topicId, groupId: consultationSyntheses.groupId, body: consultationSyntheses.body, updatedAt: consultationSyntheses.updatedAt, updatedByName: users.displayName })
      .from(consultationSyntheses)
      .leftJoin(users, eq(users.id, consultationSyntheses.updatedBy))
      .where(eq(consultationSyntheses.consultationId, consultationId)),
    db
      .select({ contributionId: consultationTags.contributionId, tag: consultationTags.tag, practiceKind: consultationTags.practiceKind, note: consultationTags.note })
      .from(consultationTags)
      .innerJoin(consultationContributions, eq(consultationContributions.id, consultationTags.contributionId))
      .where(and(eq(consultationContributions.consultationId, consultationId), published))
      .orderBy(asc(consultationContributions.number)),
    db
      .select({
        topicId: consultationContributions.topicId,
        contributions: count(),
        participants: countDistinct(consultationContributions.authorId),
        organisations: countDistinct(consultationContributions.organisationId),
      })
      .from(consultationContributions)
      .where(and(eq(consultationContributions.consultationId, consultationId), published))
      .groupBy(consultationContributions.topicId),
    db
      .select({ contributions: count(), participants: countDistinct(consultationContributions.authorId), organisations: countDistinct(consultationContributions.organisationId) })
      .from(consultationContributions)
      .where(and(eq(consultationContributions.consultationId, consultationId), published)),
    db
      .select({ id: consultationFindings.id, title: consultationFindings.title, summary: consultationFindings.summary, score: consultationFindings.score, contributionId: consultationFindingItems.contributionId })
      .from(consultationFindings)
      .innerJoin(consultationFindingItems, eq(consultationFindingItems.findingId, consultationFindings.id))
      .where(and(eq(consultationFindings.consultationId, consultationId), eq(consultationFindings.status, "accepted")))
      .orderBy(desc(consultationFindings.score), asc(consultationFindings.createdAt)),
  ]);
  const neededIds = [...new Set([...tagRows.map((row) => row.contributionId), ...findingRows.map((row) => row.contributionId)])];
  const contributions = new Map((await outputContributions(db, consultationId, scope, neededIds)).map((row) => [row.id, row]));
  const synthesisOf = (key: { topicId?: string; groupId?: string }): SynthesisRow | null => {
    const row = syntheses.find((candidate) => (key.topicId ? candidate.topicId === key.topicId : candidate.groupId === key.groupId));
    return row && row.body.trim() ? { body: row.body, updatedAt: row.updatedAt, updatedByName: row.updatedByName } : null;
  };
  const tagged = new Map<string, TaggedItem[]>();
  for (const row of tagRows) {
    const contribution = contributions.get(row.contributionId);
    if (!contribution) continue;
    const list = tagged.get(contribution.topicId) ?? [];
    list.push({ tag: row.tag, practiceKind: row.practiceKind, note: row.note, contribution });
    tagged.set(contribution.topicId, list);
  }
  const findings = new Map<string, ReportFinding>();
  for (const row of findingRows) {
    const finding = findings.get(row.id) ?? { id: row.id, title: row.title, summary: row.summary, score: row.score, contributions: [] };
    const contribution = contributions.get(row.contributionId);
    if (contribution) finding.contributions.push(contribution);
    findings.set(row.id, finding);
  }
  for (const finding of findings.values()) finding.contributions.sort((left, right) => left.number - right.number);
  const number = (value: number | string | null | undefined) => Number(value ?? 0);
  return {
    groups: groups.map((group) => ({
      ...group,
      synthesis: synthesisOf({ groupId: group.id }),
      topics: topics
        .filter((topic) => topic.groupId === group.id)
        .map((topic) => {
          const counts = participation.find((row) => row.topicId === topic.id);
          return {
            ...topic,
            synthesis: synthesisOf({ topicId: topic.id }),
            participation: { topicId: topic.id, contributions: number(counts?.contributions), participants: number(counts?.participants), organisations: number(counts?.organisations) },
            tagged: tagged.get(topic.id) ?? [],
          };
        }),
    })),
    // a finding whose contributions were all hidden since it was accepted has nothing left to show
    findings: [...findings.values()].filter((finding) => finding.contributions.length > 0),
    totals: { contributions: number(totals[0]?.contributions), participants: number(totals[0]?.participants), organisations: number(totals[0]?.organisations) },
  };
}

/** Tags of many contributions at once, for the CSV. */
export async function tagsByContribution(db: Database, consultationId: string): Promise<Map<string, SynthesisTag[]>> {
  const rows = await db
    .select({ contributionId: consultationTags.contributionId, tag: consultationTags.tag })
    .from(consultationTags)
    .innerJoin(consultationContributions, eq(consultationContributions.id, consultationTags.contributionId))
    .where(eq(consultationContributions.consultationId, consultationId))
    .orderBy(asc(consultationTags.tag));
  const result = new Map<string, SynthesisTag[]>();
  for (const row of rows) result.set(row.contributionId, [...(result.get(row.contributionId) ?? []), row.tag]);
  return result;
}

/** Groups and topics of a consultation by id (titles and numbers for outputs). */
export async function structureOf(db: Database, consultationId: string): Promise<{ groups: Map<string, ConsultationGroup>; topics: Map<string, ConsultationTopic> }> {
  const [groups, topics] = await Promise.all([
    db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, consultationId)),
    db.select().from(consultationTopics).where(eq(consultationTopics.consultationId, consultationId)),
  ]);
  return { groups: new Map(groups.map((group) => [group.id, group])), topics: new Map(topics.map((topic) => [topic.id, topic])) };
}

export type FindingView = {
  id: string;
  title: string;
  summary: string;
  status: FindingStatus;
  score: number;
  decidedByName: string | null;
  decidedAt: Date | null;
  contributions: OutputContribution[];
};

/** Every finding of a consultation (suggested first, then accepted, then rejected) with its published contributions. */
export async function listFindings(db: Database, consultationId: string, scope: SQL | undefined): Promise<FindingView[]> {
  const rows = await db
    .select({
      id: consultationFindings.id,
      title: consultationFindings.title,
      summary: consultationFindings.summary,
      status: consultationFindings.status,
      score: consultationFindings.score,
      decidedByName: users.displayName,
      decidedAt: consultationFindings.decidedAt,
    })
    .from(consultationFindings)
    .leftJoin(users, eq(users.id, consultationFindings.decidedBy))
    .where(eq(consultationFindings.consultationId, consultationId))
    .orderBy(sql`array_position(array['suggested','accepted','rejected']::text[], ${consultationFindings.status})`, desc(consultationFindings.score), asc(consultationFindings.createdAt));
  if (!rows.length) return [];
  const items = await db
    .select({ findingId: consultationFindingItems.findingId, contributionId: consultationFindingItems.contributionId })
    .from(consultationFindingItems)
    .where(inArray(consultationFindingItems.findingId, rows.map((row) => row.id)));
  const contributions = new Map((await outputContributions(db, consultationId, scope, [...new Set(items.map((item) => item.contributionId))])).map((row) => [row.id, row]));
  return rows.map((row) => ({
    ...row,
    contributions: items
      .filter((item) => item.findingId === row.id)
      .map((item) => contributions.get(item.contributionId))
      .filter((contribution): contribution is OutputContribution => Boolean(contribution))
      .sort((left, right) => left.number - right.number),
  }));
}
