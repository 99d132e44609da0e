import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../../db/client";
import { recordAudit } from "../../../../platform/audit/record";
import { regionsOf } from "../../../../platform/countries";
import { AppError, forbidden, notFound, validationFailed } from "../../../../platform/errors";
import { isBlockedInSpace } from "../../../../platform/moderation/gate";
import { screenText } from "../../../../platform/moderation/screening";
import { recordVocabulary } from "../../../../platform/search/vocabulary";
import { isLocale } from "../../../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { translator } from "../../../../platform/i18n/messages";
import { users } from "../../../../platform/schema";
import type { Services } from "../../../../platform/services";
import { canActForOrganisation } from "../../../organisations/queries";
import { loadKnowledgeSpace } from "../../space-gate";
import { findSpaceById, spaceFrameworkItems, spacePeople, type Space } from "../../../spaces/queries";
import { practiceUrl } from "./review-practice";
import { parsePracticeFields, type PracticeFields } from "../inputs";
import { knowledgePractices, type PracticeTarget } from "../schema";
import { analysePractice } from "../text-search";

/** The person submitting: a signed-in user (CurrentUser fits), by browser session or API token. */
export type PracticeActor = { id: string; isPlatformAdmin: boolean; isEmailVerified: boolean };

/** The framework items chosen, resolved against the space's frameworks (an item of another framework is refused). */
async function resolveTargets(db: Database, spaceId: string, ids: readonly string[]): Promise<PracticeTarget[]> {
  if (!ids.length) return [];
  const byId = new Map<string, PracticeTarget>();
  for (const { framework, items } of await spaceFrameworkItems(db, spaceId)) {
    for (const item of items) byId.set(item.id, { id: item.id, framework: framework.key, key: item.key, number: item.number, label: item.label });
  }
  const targets = [...new Set(ids)].map((id) => byId.get(id));
  if (targets.some((target) => !target)) throw validationFailed({ targetItemIds: { key: "validation.invalid_choice" } });
  return targets as PracticeTarget[];
}

/** Whether the person may submit practices in this space at all (the space's pages decide who sees the form). */
export async function assertMaySubmit(services: Services, actor: PracticeActor, space: Pick<Space, "id" | "archivedAt">): Promise<void> {
  if (!actor.isEmailVerified) throw new AppError("forbidden", "knowledge.practice.error.verify_email");
  if (space.archivedAt) throw new AppError("conflict", "knowledge.practice.error.archived");
  // A person a moderator blocked in the space may not post there, practices included.
  if (await isBlockedInSpace(services.db, space.id, actor.id, services.clock.now())) throw new AppError("forbidden", "moderation.error.blocked");
}

/** Everything the row stores, derived from validated fields (the demo seed writes through it too). */
export async function rowValues(services: Services, spaceId: string, fields: PracticeFields) {
  const targets = await resolveTargets(services.db, spaceId, fields.targetItemIds);
  const analysis = analysePractice(fields);
  // Regions (and sub-regions) of the countries named, so the region facet needs no country list per region.
  const regions = [...new Set(fields.countries.flatMap((code) => regionsOf(code, "en").filter((region) => region.level !== "intermediate").map((region) => region.code)))];
  const screening = screenText([...Object.values(fields.title), ...Object.values(fields.summary), ...Object.values(fields.results), ...fields.links.map((link) => link.label)].join("\n"));
  return {
    analysis,
    values: {
      organisationId: fields.organisationId,
      kind: fields.kind,
      title: fields.title,
      summary: fields.summary,
      results: fields.results,
      language: fields.language,
      countries: [...new Set(fields.countries)],
      regions,
      actorTypes: [...new Set(fields.actorTypes)],
      targets,
      targetKeys: targets.map((target) => `${target.framework}:${target.key}`),
      links: fields.links,
      screeningTerms: screening.terms,
      stems: analysis.stems,
      concepts: analysis.concepts,
    },
  };
}

export async function writeLexemes(tx: Database, id: string, analysis: ReturnType<typeof analysePractice>): Promise<void> {
  await recordVocabulary(tx, analysis.texts);
  await tx.execute(sql`update knowledge_practices
    set lexemes = setweight(to_tsvector('simple', ${analysis.titleStems.join(" ")}), 'A') || to_tsvector('simple', ${analysis.bodyStems.join(" ")})
    where id = ${id}`);
}

/** Tells the space's coordinators, each in their own language, that a practice waits for their review (in the caller's transaction). */
async function notifyCoordinators(services: Services, tx: Database, space: Pick<Space, "id" | "slug" | "title">, practice: { id: string; title: LocalizedText }): Promise<void> {
  const coordinatorIds = (await spacePeople(tx, space.id, ["coordinator"])).map((person) => person.userId);
  if (!coordinatorIds.length) return;
  const recipients = await tx.select({ email: users.email, locale: users.locale }).from(users).where(and(inArray(users.id, coordinatorIds), isNull(users.deletedAt)));
  for (const recipient of recipients) {
    const locale = isLocale(recipient.locale) ? recipient.locale : "en";
    const t = translator(locale);
    const values = { title: localizedString(practice.title, locale), space: localizedString(space.title, locale), url: practiceUrl(services.config.publicUrl, space.slug, practice.id) };
    await services.mailer.queue({ to: recipient.email, subject: t("knowledge.practice.mail.to_review.subject", values), text: t("knowledge.practice.mail.to_review.body", values), locale }, { db: tx });
  }
}

/**
 * A member of an organisation submits a good practice on its behalf in a space: it waits for the space's
 * coordinators (status "submitted") and nobody else sees it until one publishes it. The submitter is the
 * contact the relay form reaches. Refused: a person who cannot see the space, or a space without the hub (404), an unverified address or a
 * block in the space (403), an organisation the person is not a member of (403 on `organisationId`).
 */
export async function submitPractice(services: Services, actor: PracticeActor, spaceSlug: string, input: unknown, ip: string | null = null): Promise<{ id: string; spaceSlug: string }> {
  const space = await loadKnowledgeSpace(services.db, spaceSlug, actor, "practice-submission");
  await assertMaySubmit(services, actor, space);
  const fields = parsePracticeFields(input);
  if (!(await canActForOrganisation(services.db, actor.id, fields.organisationId))) {
    throw new AppError("forbidden", "knowledge.practice.error.not_member", { organisationId: { key: "knowledge.practice.error.not_member" } });
  }
  const { values, analysis } = await rowValues(services, space.id, fields);
  const now = services.clock.now();
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(knowledgePractices)
      .values({ ...values, spaceId: space.id, submittedBy: actor.id, contactUserId: actor.id, status: "submitted", submittedAt: now, createdAt: now, updatedAt: now })
      .returning({ id: knowledgePractices.id });
    await writeLexemes(tx, row.id, analysis);
    await notifyCoordinators(services, tx, space, { id: row.id, title: fields.title });
    await recordAudit(tx, { actorUserId: actor.id, action: "practice.submitted", subjectType: "knowledge_practice", subjectId: row.id, spaceId: space.id, details: { organisationId: fields.organisationId, screening: values.screeningTerms }, ip });
    return { id: row.id, spaceSlug: space.slug };
  });
}

/**
 * The submitter (or another member of the organisation) changes a returned practice — or one still waiting —
 * and sends it for review again. A published or rejected practice is not changed here (409).
 */
export async function resubmitPractice(services: Services, actor: PracticeActor, practiceId: string, input: unknown, ip: string | null = null): Promise<void> {
  const [current] = await services.db.select().from(knowledgePractices).where(eq(knowledgePractices.id, practiceId)).limit(1);
  if (!current) throw notFound();
  const isOwner = await canActForOrganisation(services.db, actor.id, current.organisationId);
  if (!isOwner) throw forbidden();
  const space = await findSpaceById(services.db, current.spaceId);
  if (!space) throw notFound();
  await assertMaySubmit(services, actor, space);
  const fields = parsePracticeFields(input);
  if (!(await canActForOrganisation(services.db, actor.id, fields.organisationId))) {
    throw new AppError("forbidden", "knowledge.practice.error.not_member", { organisationId: { key: "knowledge.practice.error.not_member" } });
  }
  const { values, analysis } = await rowValues(services, current.spaceId, fields);
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    // Locked, so a coordinator's decision and a resubmission never cross.
    const [locked] = await tx.select({ status: knowledgePractices.status }).from(knowledgePractices).where(eq(knowledgePractices.id, practiceId)).for("update");
    if (!locked || (locked.status !== "returned" && locked.status !== "submitted")) throw new AppError("conflict", "knowledge.practice.error.not_editable");
    await tx.update(knowledgePractices).set({ ...values, status: "submitted", submittedAt: now, updatedAt: now }).where(eq(knowledgePractices.id, practiceId));
    await writeLexemes(tx, practiceId, analysis);
    await notifyCoordinators(services, tx, space, { id: practiceId, title: fields.title });
    await recordAudit(tx, { actorUserId: actor.id, action: "practice.resubmitted", subjectType: "knowledge_practice", subjectId: practiceId, spaceId: current.spaceId, details: { from: locked.status }, ip });
  });
}
