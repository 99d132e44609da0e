import { and, eq, notInArray } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, forbidden, validationFailed, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import { isLocale } from "../../../platform/i18n/locales";
import type { Services } from "../../../platform/services";
import { firstSentence } from "../clustering";
import { markdownToPlainText } from "../../../platform/markdown/subset";
import { canFacilitateGroup } from "../permissions";
import { GOOD_PRACTICE_SOURCE, type Contribution, type TaggingTarget } from "../queries-synthesis";
import { consultationContributions, consultationTags, goodPractices, PRACTICE_KINDS, SYNTHESIS_TAGS, type PracticeKind, type SynthesisTag } from "../schema";

/** The tag form as posted: the tags the contribution should carry afterwards, a note per tag, the good practice. */
export type TagInput = {
  tags: readonly string[];
  notes: Partial<Record<string, string>>;
  practiceKind: string;
  practiceTitle: LocalizedText;
  practiceDescription: LocalizedText;
  ip?: string | null;
};

export const TAG_NOTE_MAX = 1000;
export const PRACTICE_TITLE_MAX = 200;
export const PRACTICE_DESCRIPTION_MAX = 5000;

/** The language key a contribution's own text is stored under in a good practice's title and description. */
function textLanguage(contribution: Contribution): string {
  return isLocale(contribution.language) ? contribution.language : "en";
}

/**
 * What the good-practice fields start from: the contribution's first sentence as title, its text as description,
 * both as plain text — the fields are edited and shown as text, so `**bold**` would show its asterisks.
 */
export function defaultGoodPractice(contribution: Contribution): { title: LocalizedText; description: LocalizedText } {
  const language = textLanguage(contribution);
  const text = markdownToPlainText(contribution.body);
  return {
    title: { [language]: firstSentence(text, PRACTICE_TITLE_MAX) },
    description: { [language]: text.slice(0, PRACTICE_DESCRIPTION_MAX) },
  };
}

function validate(input: TagInput) {
  const errors: FieldErrors = {};
  const tags = [...new Set(input.tags)];
  if (tags.some((tag) => !(SYNTHESIS_TAGS as readonly string[]).includes(tag))) errors.tags = { key: "validation.invalid_value" };
  const isGoodPractice = tags.includes("good_practice");
  const kind = PRACTICE_KINDS.find((candidate) => candidate === input.practiceKind);
  if (isGoodPractice && !kind) errors.practice_kind = { key: input.practiceKind ? "validation.invalid_value" : "validation.required" };
  for (const tag of SYNTHESIS_TAGS) {
    if ((input.notes[tag] ?? "").trim().length > TAG_NOTE_MAX) errors[`note.${tag}`] = { key: "validation.too_long", values: { max: TAG_NOTE_MAX } };
  }
  const title = cleanLocalized(input.practiceTitle);
  const description = cleanLocalized(input.practiceDescription);
  if (Object.values(title).some((text) => (text ?? "").length > PRACTICE_TITLE_MAX)) errors.practice_title = { key: "validation.too_long", values: { max: PRACTICE_TITLE_MAX } };
  if (Object.values(description).some((text) => (text ?? "").length > PRACTICE_DESCRIPTION_MAX)) errors.practice_description = { key: "validation.too_long", values: { max: PRACTICE_DESCRIPTION_MAX } };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { tags: tags as SynthesisTag[], kind: kind ?? null, title, description };
}

/**
 * A facilitator of the contribution's group sets its tags (those not listed are removed) with a note each.
 * Tagging a good practice creates or updates its good-practice record; untagging deletes it. Tags can only be
 * added to a published contribution (a hidden one must not slip into the report through a tag).
 */
export async function tagContribution(services: Services, actorId: string, target: TaggingTarget, input: TagInput): Promise<{ added: SynthesisTag[]; removed: SynthesisTag[] }> {
  if (!canFacilitateGroup(target.access, target.group.id)) throw forbidden();
  const parsed = validate(input);
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    // Locks the contribution so two facilitators saving at once end with one consistent set of tags.
    const [contribution] = await tx
      .select()
      .from(consultationContributions)
      .where(eq(consultationContributions.id, target.contribution.id))
      .for("update");
    if (!contribution) throw new AppError("not_found");
    const before = (await tx.select({ tag: consultationTags.tag }).from(consultationTags).where(eq(consultationTags.contributionId, contribution.id))).map((row) => row.tag);
    const added = parsed.tags.filter((tag) => !before.includes(tag));
    const removed = before.filter((tag) => !parsed.tags.includes(tag));
    if (added.length && contribution.status !== "published") throw new AppError("conflict", "consultation.synthesis.tag.error.not_published");
    await tx
      .delete(consultationTags)
      .where(and(eq(consultationTags.contributionId, contribution.id), parsed.tags.length ? notInArray(consultationTags.tag, parsed.tags) : undefined));
    for (const tag of parsed.tags) {
      const values = { practiceKind: tag === "good_practice" ? (parsed.kind as PracticeKind) : null, note: (input.notes[tag] ?? "").trim() };
      await tx
        .insert(consultationTags)
        .values({ contributionId: contribution.id, tag, ...values, taggedBy: actorId, createdAt: now })
        .onConflictDoUpdate({ target: [consultationTags.contributionId, consultationTags.tag], set: values });
    }
    const source = and(eq(goodPractices.sourceType, GOOD_PRACTICE_SOURCE), eq(goodPractices.sourceId, contribution.id));
    if (parsed.kind) {
      const defaults = defaultGoodPractice(contribution);
      const record = {
        kind: parsed.kind,
        title: Object.keys(parsed.title).length ? parsed.title : defaults.title,
        description: Object.keys(parsed.description).length ? parsed.description : defaults.description,
        organisationId: contribution.organisationId,
        language: contribution.language,
        updatedAt: now,
      };
      await tx
        .insert(goodPractices)
        .values({ spaceId: target.space.id, sourceType: GOOD_PRACTICE_SOURCE, sourceId: contribution.id, ...record, createdBy: actorId, createdAt: now })
        .onConflictDoUpdate({ target: [goodPractices.sourceType, goodPractices.sourceId], set: record });
    } else {
      await tx.delete(goodPractices).where(source);
    }
    await recordAudit(tx, {
      actorUserId: actorId,
      action: "consultation.contribution_tagged",
      subjectType: "consultation_contribution",
      subjectId: contribution.id,
      spaceId: target.space.id,
      details: { number: contribution.number, tags: parsed.tags, added, removed, practiceKind: parsed.kind },
      ip: input.ip,
    });
    return { added, removed };
  });
}
