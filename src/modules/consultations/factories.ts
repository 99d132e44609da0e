import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { Services } from "../../platform/services";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { contributionHtml } from "./markdown";
import {
  consultationBreakoutMembers,
  consultationBreakouts,
  consultationContributions,
  consultationGroupFacilitators,
  consultationGroups,
  consultationQuestions,
  consultationTopics,
  consultations,
  type ConsultationStatus,
  type ConsultationVisibility,
  type ContributionStatus,
  type GroupKind,
} from "./schema";

type Window = { opensAt?: Date | null; closesAt?: Date | null };
export type TopicSpec = Window & { title?: LocalizedText; questions?: number };
export type GroupSpec = Window & { kind?: GroupKind; title?: LocalizedText; topics?: TopicSpec[]; facilitatorIds?: string[] };

export type BuiltConsultation = {
  id: string;
  slug: string;
  spaceId: string;
  spaceSlug: string;
  groups: { id: string; number: number; topics: { id: string; number: number; questionIds: string[] }[] }[];
};

/** The cast of a consultation's outputs: a coordinator, a space facilitator, one to name as a group's facilitator, a participant. */
export type ConsultationCast = Record<"coordinator" | "spaceFacilitator" | "groupFacilitator" | "participant", BuiltUser>;

/** A space with consultations enabled and its cast (coordinator and space facilitator hold their roles; the others none yet). */
export async function buildConsultationSpace(services: Services): Promise<{ id: string; slug: string; people: ConsultationCast }> {
  const space = await buildSpace(services, { enabledModules: ["consultations"] });
  const people = {} as ConsultationCast;
  for (const name of ["coordinator", "spaceFacilitator", "groupFacilitator", "participant"] as const) people[name] = await buildUser(services);
  await addSpaceRole(services, space.id, people.coordinator.id, "coordinator");
  await addSpaceRole(services, space.id, people.spaceFacilitator.id, "facilitator");
  return { id: space.id, slug: space.slug, people };
}

/**
 * A consultation written straight into the tables (test set-up, not the behaviour under test), published and
 * public by default, with one discussion group of one topic with two questions unless `groups` says otherwise.
 * Its space (with consultations enabled) is made on demand; text carries a script tag.
 */
export async function buildConsultation(
  services: Services,
  overrides: Partial<{
    spaceId: string;
    spaceSlug: string;
    slug: string;
    title: LocalizedText;
    visibility: ConsultationVisibility;
    status: ConsultationStatus;
    opensAt: Date | null;
    closesAt: Date | null;
    archivedAt: Date | null;
    editWindowMinutes: number;
    maxReplyDepth: number;
    groups: GroupSpec[];
  }> = {},
): Promise<BuiltConsultation> {
  let spaceId = overrides.spaceId;
  let spaceSlug = overrides.spaceSlug ?? "";
  if (!spaceId) {
    const space = await buildSpace(services, { enabledModules: ["consultations"] });
    spaceId = space.id;
    spaceSlug = space.slug;
  }
  const { db } = services;
  const [consultation] = await db
    .insert(consultations)
    .values({
      spaceId,
      slug: overrides.slug ?? `consultation-${randomBytes(3).toString("hex")}`,
      title: overrides.title ?? { en: `${XSS} Consultation`, ru: `${XSS} Консультация` },
      description: { en: `${XSS} What we ask.`, ru: `${XSS} О чём мы спрашиваем.` },
      visibility: overrides.visibility ?? "public",
      status: overrides.status ?? "published",
      opensAt: overrides.opensAt ?? null,
      closesAt: overrides.closesAt ?? null,
      archivedAt: overrides.archivedAt ?? null,
      editWindowMinutes: overrides.editWindowMinutes ?? 60,
      maxReplyDepth: overrides.maxReplyDepth ?? 3,
      createdAt: services.clock.now(),
    })
    .returning();
  const built: BuiltConsultation = { id: consultation!.id, slug: consultation!.slug, spaceId, spaceSlug, groups: [] };
  let topicNumber = 0;
  const groupSpecs = overrides.groups ?? [{ topics: [{ questions: 2 }] }];
  for (const [groupIndex, spec] of groupSpecs.entries()) {
    const [group] = await db
      .insert(consultationGroups)
      .values({
        consultationId: built.id,
        number: groupIndex + 1,
        kind: spec.kind ?? "discussion",
        title: spec.title ?? { en: `${XSS} Group ${groupIndex + 1}`, ru: `${XSS} Группа ${groupIndex + 1}` },
        opensAt: spec.opensAt ?? null,
        closesAt: spec.closesAt ?? null,
      })
      .returning();
    for (const userId of spec.facilitatorIds ?? []) await db.insert(consultationGroupFacilitators).values({ groupId: group!.id, userId });
    const builtGroup = { id: group!.id, number: group!.number, topics: [] as BuiltConsultation["groups"][number]["topics"] };
    for (const [position, topicSpec] of (spec.topics ?? [{ questions: 2 }]).entries()) {
      topicNumber += 1;
      const [topic] = await db
        .insert(consultationTopics)
        .values({
          consultationId: built.id,
          groupId: group!.id,
          number: topicNumber,
          position,
          title: topicSpec.title ?? { en: `${XSS} Topic ${topicNumber}`, ru: `${XSS} Тема ${topicNumber}` },
          opensAt: topicSpec.opensAt ?? null,
          closesAt: topicSpec.closesAt ?? null,
        })
        .returning();
      const questionIds: string[] = [];
      for (let number = 1; number <= (topicSpec.questions ?? 2); number += 1) {
        const [question] = await db
          .insert(consultationQuestions)
          .values({ topicId: topic!.id, number, text: { en: `${XSS} Question ${number}?`, ru: `${XSS} Вопрос ${number}?` } })
          .returning({ id: consultationQuestions.id });
        questionIds.push(question!.id);
      }
      builtGroup.topics.push({ id: topic!.id, number: topicNumber, questionIds });
    }
    built.groups.push(builtGroup);
  }
  return built;
}

/** Breakouts for a session group, each with the given members (test set-up). Returns the breakout ids in order. */
export async function buildBreakouts(services: Services, groupId: string, members: string[][]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, userIds] of members.entries()) {
    const [breakout] = await services.db
      .insert(consultationBreakouts)
      .values({ groupId, number: index + 1, name: { en: `Breakout ${index + 1}`, ru: `Подгруппа ${index + 1}` } })
      .returning({ id: consultationBreakouts.id });
    for (const userId of userIds) await services.db.insert(consultationBreakoutMembers).values({ groupId, userId, breakoutId: breakout!.id });
    ids.push(breakout!.id);
  }
  return ids;
}

export type BuiltContribution = { id: string; number: number; authorId: string };

/**
 * A contribution written straight into the table (no screening, no notifications): a top-level answer unless
 * `parentId` is given, in which case depth and thread follow the parent. Its author is made on demand.
 */
export async function buildContribution(
  services: Services,
  topic: { consultationId: string; topicId: string },
  overrides: Partial<{
    authorId: string;
    parentId: string;
    questionId: string;
    breakoutId: string;
    organisationId: string;
    body: string;
    language: string;
    status: ContributionStatus;
    createdAt: Date;
  }> = {},
): Promise<BuiltContribution> {
  const { db } = services;
  const authorId = overrides.authorId ?? (await buildUser(services)).id;
  let depth = 0;
  let rootId: string | null = null;
  if (overrides.parentId) {
    const [parent] = await db.select().from(consultationContributions).where(eq(consultationContributions.id, overrides.parentId));
    if (!parent) throw new Error(`no contribution ${overrides.parentId}`);
    depth = parent.depth + 1;
    rootId = parent.rootId ?? parent.id;
  }
  const body = overrides.body ?? `${XSS} A **contribution** with an [link](https://example.org).`;
  const [row] = await db
    .insert(consultationContributions)
    .values({
      consultationId: topic.consultationId,
      topicId: topic.topicId,
      questionId: overrides.questionId ?? null,
      breakoutId: overrides.breakoutId ?? null,
      parentId: overrides.parentId ?? null,
      rootId,
      depth,
      authorId,
      organisationId: overrides.organisationId ?? null,
      language: overrides.language ?? "en",
      body,
      bodyHtml: contributionHtml(body),
      status: overrides.status ?? "published",
      createdAt: overrides.createdAt ?? services.clock.now(),
    })
    .returning({ id: consultationContributions.id, number: consultationContributions.number });
  // a top-level contribution is the root of its own thread
  if (!rootId) await db.update(consultationContributions).set({ rootId: row!.id }).where(eq(consultationContributions.id, row!.id));
  return { id: row!.id, number: row!.number, authorId };
}
