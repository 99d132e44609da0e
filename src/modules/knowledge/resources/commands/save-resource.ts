import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { textArrayLiteral } from "../../../../db/sql";
import { recordAudit } from "../../../../platform/audit/record";
import { conflict, notFound } from "../../../../platform/errors";
import { contentStems } from "../../../../platform/search/analyzer";
import { recordVocabulary } from "../../../../platform/search/vocabulary";
import type { Services } from "../../../../platform/services";
import { shippedGlossary } from "../../glossary/load";
import type { ResourceFields } from "../inputs";
import { knowledgeResources, type ResourceStatus } from "../schema";
import { queueSuggestionMail } from "./notify-suggestion";

export type SaveResourceInput = {
  /** Given to update an existing resource, which must be in `spaceId` (null: platform-wide). */
  id?: string;
  spaceId: string | null;
  fields: ResourceFields;
  status: ResourceStatus;
  actorUserId: string;
  /** The organisation a member suggests it for (status 'submitted'). */
  organisationId?: string | null;
  now: Date;
  ip?: string | null;
  /** For a new suggestion: the page where reviewers find it, named in the mail they are sent. */
  reviewUrl?: string;
};

/** The text search reads: both languages of title and description, funder, programme and tags. */
function searchableTexts(fields: ResourceFields): string[] {
  return [...Object.values(fields.title), ...Object.values(fields.description), fields.funder, fields.programme, fields.tags.join(", ")].filter((value): value is string => Boolean(value));
}

/** Writes the stems, concepts and tsvector of a resource (title stems weigh more than the rest). */
async function writeSearchColumns(tx: Database, id: string, fields: ResourceFields): Promise<void> {
  const texts = searchableTexts(fields);
  const titleStems = contentStems(Object.values(fields.title).join(". "));
  const otherStems = contentStems(texts.slice(Object.values(fields.title).length).join(". "));
  const concepts = [...new Set(texts.flatMap((value) => shippedGlossary().conceptsInText(value)))];
  await recordVocabulary(tx, texts);
  await tx.execute(sql`update knowledge_resources set
    stems = ${textArrayLiteral([...titleStems, ...otherStems])}::text[],
    concepts = ${textArrayLiteral(concepts)}::text[],
    lexemes = setweight(to_tsvector('simple', ${titleStems.join(" ")}), 'A') || to_tsvector('simple', ${otherStems.join(" ")})
    where id = ${id}`);
}

/**
 * Creates or updates a resource in one transaction with its search columns and an audit entry. The caller
 * has checked the permission and decided the status (coordinators choose; a suggestion is 'submitted').
 * Publishing stamps `published_at` the first time, so the feed and "newest" list it once.
 */
export async function saveResource(services: Services, input: SaveResourceInput): Promise<{ id: string; isNew: boolean }> {
  const { fields, now } = input;
  const values = {
    kind: fields.kind,
    title: fields.title,
    description: fields.description,
    url: fields.url,
    languages: fields.languages,
    tags: fields.tags,
    targetIds: fields.targetIds,
    countries: fields.countries,
    funder: fields.funder,
    programme: fields.programme,
    eligibleActorTypes: fields.eligibleActorTypes,
    amountMin: fields.amountMin === null ? null : fields.amountMin.toFixed(2),
    amountMax: fields.amountMax === null ? null : fields.amountMax.toFixed(2),
    currency: fields.currency,
    deadlineKind: fields.deadlineKind,
    deadline: fields.deadline,
    applyUrl: fields.applyUrl,
    status: input.status,
    updatedBy: input.actorUserId,
    updatedAt: now,
  };
  return services.db.transaction(async (tx) => {
    let id = input.id;
    const isNew = !id;
    if (id) {
      const [existing] = await tx.select({ spaceId: knowledgeResources.spaceId, publishedAt: knowledgeResources.publishedAt }).from(knowledgeResources).where(eq(knowledgeResources.id, id)).for("update");
      if (!existing || existing.spaceId !== input.spaceId) throw notFound();
      await tx
        .update(knowledgeResources)
        .set({ ...values, publishedAt: input.status === "published" ? (existing.publishedAt ?? now) : existing.publishedAt })
        .where(eq(knowledgeResources.id, id));
    } else {
      const [row] = await tx
        .insert(knowledgeResources)
        .values({
          ...values,
          spaceId: input.spaceId,
          suggestedByOrganisationId: input.organisationId ?? null,
          createdBy: input.actorUserId,
          createdAt: now,
          publishedAt: input.status === "published" ? now : null,
        })
        .returning({ id: knowledgeResources.id });
      id = row.id;
    }
    await writeSearchColumns(tx, id, fields);
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: isNew ? (input.status === "submitted" ? "resource.suggested" : "resource.created") : "resource.updated",
      subjectType: "knowledge_resource",
      subjectId: id,
      spaceId: input.spaceId,
      details: { kind: fields.kind, status: input.status, ...(input.organisationId ? { organisationId: input.organisationId } : {}) },
      ip: input.ip ?? null,
    });
    if (isNew && input.status === "submitted" && input.reviewUrl) await queueSuggestionMail(services, tx, { spaceId: input.spaceId, title: fields.title, reviewUrl: input.reviewUrl });
    return { id, isNew };
  });
}

/** A coordinator publishes a draft or an organisation's suggestion as it stands (409 when it is published already). */
export async function publishResource(services: Services, input: { id: string; spaceId: string | null; actorUserId: string; now: Date; ip?: string | null }): Promise<void> {
  await services.db.transaction(async (tx) => {
    const [existing] = await tx.select({ spaceId: knowledgeResources.spaceId, status: knowledgeResources.status }).from(knowledgeResources).where(eq(knowledgeResources.id, input.id)).for("update");
    if (!existing || existing.spaceId !== input.spaceId) throw notFound();
    if (existing.status === "published") throw conflict("resource.error.already_published");
    await tx.update(knowledgeResources).set({ status: "published", publishedAt: input.now, updatedAt: input.now, updatedBy: input.actorUserId }).where(eq(knowledgeResources.id, input.id));
    await recordAudit(tx, { actorUserId: input.actorUserId, action: "resource.published", subjectType: "knowledge_resource", subjectId: input.id, spaceId: input.spaceId, details: { previousStatus: existing.status }, ip: input.ip ?? null });
  });
}
