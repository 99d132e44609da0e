import { eq } from "drizzle-orm";
import { recordAudit } from "../../../../platform/audit/record";
import { validationFailed, type FieldErrors } from "../../../../platform/errors";
import { searchableText, type LocalizedText } from "../../../../platform/i18n/localized";
import { contentStems } from "../../../../platform/search/analyzer";
import { recordVocabulary } from "../../../../platform/search/vocabulary";
import type { Services } from "../../../../platform/services";
import { organisationsOfUser } from "../../../organisations/queries";
import type { ExpertInput } from "../inputs";
import { expertiseItemIndex } from "../queries";
import { knowledgeExpertItems, knowledgeExperts } from "../schema";

/** Everything a search may match in a profile, as text (the linked items' labels in every language included). */
function searchTexts(input: ExpertInput, itemLabels: LocalizedText[], organisationName: LocalizedText | null): string[] {
  return [input.displayName, searchableText(input.headline, input.bio), input.tags.join(" "), searchableText(...itemLabels), searchableText(organisationName)].filter(Boolean);
}

/**
 * Creates or replaces the person's expert profile (one per account). The organisation must be one they belong
 * to and the items must be reference-framework items; anything else is a field error, nothing is written.
 * A new profile is listed at once; an edit keeps its listed/paused state.
 */
export async function saveExpertProfile(services: Services, userId: string, input: ExpertInput, options: { ip?: string } = {}): Promise<{ id: string; isNew: boolean }> {
  const [memberships, index] = await Promise.all([organisationsOfUser(services.db, userId), expertiseItemIndex(services.db)]);
  const errors: FieldErrors = {};
  const organisation = input.organisationId ? memberships.find((membership) => membership.id === input.organisationId) : null;
  if (input.organisationId && !organisation) errors.organisationId = { key: "validation.invalid_choice" };
  if (input.itemIds.some((id) => !index.has(id))) errors.itemIds = { key: "validation.invalid_choice" };
  if (Object.keys(errors).length) throw validationFailed(errors);

  const texts = searchTexts(input, input.itemIds.map((id) => index.get(id)!.label), organisation?.name ?? null);
  const searchStems = [...new Set(texts.flatMap(contentStems))];
  const now = services.clock.now();
  const values = {
    displayName: input.displayName,
    headline: input.headline,
    bio: input.bio,
    tags: input.tags,
    languages: input.languages,
    country: input.country,
    organisationId: input.organisationId,
    searchStems,
    updatedAt: now,
  };
  return services.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: knowledgeExperts.id }).from(knowledgeExperts).where(eq(knowledgeExperts.userId, userId)).for("update");
    let id: string;
    if (existing) {
      id = existing.id;
      await tx.update(knowledgeExperts).set(values).where(eq(knowledgeExperts.id, id));
      await tx.delete(knowledgeExpertItems).where(eq(knowledgeExpertItems.expertId, id));
    } else {
      const [created] = await tx.insert(knowledgeExperts).values({ ...values, userId, createdAt: now }).onConflictDoNothing().returning({ id: knowledgeExperts.id });
      // Two tabs submitting a first profile at once: the second finds the first's row and fails as a conflict.
      if (!created) throw validationFailed({ _: { key: "experts.error.already_exists" } });
      id = created.id;
    }
    if (input.itemIds.length) await tx.insert(knowledgeExpertItems).values(input.itemIds.map((itemId) => ({ expertId: id, itemId })));
    await recordVocabulary(tx, texts);
    await recordAudit(tx, { actorUserId: userId, action: existing ? "expert.profile_updated" : "expert.profile_created", subjectType: "expert", subjectId: id, ip: options.ip ?? null });
    return { id, isNew: !existing };
  });
}
