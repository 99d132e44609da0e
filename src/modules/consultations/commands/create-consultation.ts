import { and, eq, like } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden, notFound, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { Viewer } from "../../spaces/permissions";
import type { ViewedSpace } from "../../spaces/queries";
import { parseOutline, windowInstants, type ParsedOutline } from "../outline";
import { canManageConsultation } from "../permissions";
import { consultationGroups, consultationQuestions, consultationTopics, consultations } from "../schema";
import { ConsultationSettingsInput, isUniqueViolation, parseInput, SLUG_PATTERN, slugFromTitle, slugTakenError, windowFromDays } from "./consultation-inputs";

export type CreateConsultationInput = {
  outline: string;
  defaultYear: number;
  /** The outline's language; detected from its text when absent. */
  language?: "en" | "ru";
  /** Empty: made from the title. */
  slug: string;
} & Record<string, unknown>;

/** Whether this person may build consultations in the space (coordinators and platform admins). */
export function canCreateConsultation(viewer: Viewer, space: ViewedSpace): boolean {
  return canManageConsultation({ viewer, isEmailVerified: true, spaceRoles: space.viewerRoles, facilitatedGroupIds: [], isBlocked: false });
}

/**
 * Builds a draft consultation from an outline in one transaction: the consultation, its groups, topics and
 * questions, and an audit row. An outline with errors is refused with the count (the preview lists them).
 */
export async function createConsultation(
  services: Services,
  viewer: Viewer,
  space: ViewedSpace,
  input: CreateConsultationInput,
  ip: string | null = null,
): Promise<{ id: string; slug: string; outline: ParsedOutline }> {
  if (!space.enabledModules.includes("consultations")) throw notFound();
  if (!viewer) throw new AppError("unauthenticated");
  if (!canCreateConsultation(viewer, space)) throw forbidden();
  const outline = parseOutline(input.outline, { defaultYear: input.defaultYear, language: input.language, today: services.clock.now().toISOString().slice(0, 10) });
  if (!input.outline.trim()) throw validationFailed({ outline: { key: "validation.required" } });
  if (outline.errors.length) throw validationFailed({ outline: { key: "consultation.structure.error.outline_has_errors", values: { count: outline.errors.length } } });
  const settings = parseInput(ConsultationSettingsInput, input);
  const window = settings.opensOn || settings.closesOn ? windowFromDays(settings.opensOn, settings.closesOn) : windowInstants(outline.window);
  const requestedSlug = input.slug.trim().toLowerCase();
  if (requestedSlug && !SLUG_PATTERN.test(requestedSlug)) throw validationFailed({ slug: { key: "consultation.structure.error.slug_format" } });

  try {
    return await services.db.transaction(async (tx) => {
      let slug = requestedSlug;
      if (slug) {
        const [taken] = await tx.select({ id: consultations.id }).from(consultations).where(and(eq(consultations.spaceId, space.id), eq(consultations.slug, slug)));
        if (taken) throw slugTakenError();
      } else {
        // A made-up slug steps aside: "water", "water-2", "water-3" …
        const base = slugFromTitle(Object.values(settings.title)[0] ?? "");
        const used = new Set(
          (await tx.select({ slug: consultations.slug }).from(consultations).where(and(eq(consultations.spaceId, space.id), like(consultations.slug, `${base}%`)))).map((row) => row.slug),
        );
        slug = base;
        for (let suffix = 2; used.has(slug); suffix++) slug = `${base}-${suffix}`;
      }
      const now = services.clock.now();
      const [consultation] = await tx
        .insert(consultations)
        .values({
          spaceId: space.id,
          slug,
          title: settings.title,
          description: Object.keys(settings.description).length ? settings.description : outline.description ? { [outline.language]: outline.description } : {},
          visibility: settings.visibility,
          status: "draft",
          opensAt: window.opensAt,
          closesAt: window.closesAt,
          editWindowMinutes: settings.editWindowMinutes,
          maxReplyDepth: settings.maxReplyDepth,
          sourceOutline: input.outline,
          createdBy: viewer.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: consultations.id, slug: consultations.slug });
      const text = (value: string) => (value ? { [outline.language]: value } : {});
      for (const group of outline.groups) {
        const [row] = await tx
          .insert(consultationGroups)
          .values({ consultationId: consultation!.id, number: group.number, kind: group.kind, title: text(group.title), description: text(group.description), ...windowInstants(group.window), createdAt: now })
          .returning({ id: consultationGroups.id });
        for (const [position, topic] of group.topics.entries()) {
          const [topicRow] = await tx
            .insert(consultationTopics)
            .values({
              consultationId: consultation!.id,
              groupId: row!.id,
              number: topic.number,
              position,
              title: text(topic.title),
              description: text(topic.description),
              ...windowInstants(topic.window),
              createdAt: now,
            })
            .returning({ id: consultationTopics.id });
          if (topic.questions.length) {
            await tx.insert(consultationQuestions).values(topic.questions.map((question, index) => ({ topicId: topicRow!.id, number: index + 1, text: text(question.text) })));
          }
        }
      }
      const topics = outline.groups.flatMap((group) => group.topics);
      await recordAudit(tx, {
        actorUserId: viewer.id,
        action: "consultation.created",
        subjectType: "consultation",
        subjectId: consultation!.id,
        spaceId: space.id,
        details: { slug, groups: outline.groups.length, topics: topics.length, questions: topics.reduce((sum, topic) => sum + topic.questions.length, 0), warnings: outline.warnings.length },
        ip,
      });
      return { id: consultation!.id, slug: consultation!.slug, outline };
    });
  } catch (error) {
    // Two coordinators racing for the same slug: the unique index has the last word.
    if (isUniqueViolation(error)) throw slugTakenError();
    throw error;
  }
}
