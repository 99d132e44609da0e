import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows, textArrayLiteral } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, notFound, AppError } from "../../../platform/errors";
import { isLocale } from "../../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { translator } from "../../../platform/i18n/messages";
import { decidePosting } from "../../../platform/moderation/gate";
import type { Services } from "../../../platform/services";
import { slugify } from "../../../platform/slug";
import { renderMarkdown } from "../../../platform/markdown/subset";
import type { NewsFields } from "../inputs";
import { STORY_SUBJECT } from "../moderation-subject";
import { canPublishProposal } from "../permissions";
import { findPostById, postPath, type NewsPost } from "../queries";

export type Actor = { id: string; ip?: string | null };

const renderLocalized = (value: LocalizedText): LocalizedText =>
  Object.fromEntries(Object.entries(value).map(([locale, text]) => [locale, renderMarkdown(text ?? "").value]));

async function freeSlug(tx: Database, spaceId: string, wanted: string, exceptId: string | null): Promise<string> {
  const rows = await queryRows<{ slug: string }>(
    tx,
    sql`select slug from news_posts where space_id = ${spaceId} and (slug = ${wanted} or slug like ${`${wanted}-%`}) and id is distinct from ${exceptId}::uuid`,
  );
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(wanted)) return wanted;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${wanted}-${suffix}`)) return `${wanted}-${suffix}`;
}

/** The columns create and update both write, from checked fields (the body's HTML rendered once, here). */
function columnValues(fields: NewsFields, organisationId: string | null) {
  return sql`kind = ${fields.kind}, title = ${JSON.stringify(fields.title)}::jsonb, lead = ${JSON.stringify(fields.lead)}::jsonb,
    body = ${JSON.stringify(fields.body)}::jsonb, body_html = ${JSON.stringify(renderLocalized(fields.body))}::jsonb,
    related = ${JSON.stringify(fields.related)}::jsonb, video_links = ${JSON.stringify(fields.videoLinks)}::jsonb,
    quotes = ${JSON.stringify(fields.quotes)}::jsonb, topics = ${textArrayLiteral(fields.topics)}::text[], organisation_id = ${organisationId}`;
}

type NewPost = { spaceId: string; fields: NewsFields; organisationId: string | null; status: "draft" | "submitted" };

async function insertPost(services: Services, tx: Database, actor: Actor, input: NewPost, id: string, now: Date): Promise<void> {
  const wanted = input.fields.slug ?? slugify(input.fields.title.en ?? input.fields.title.ru ?? Object.values(input.fields.title)[0] ?? "", "post");
  if (input.fields.slug) {
    const [taken] = await queryRows<{ id: string }>(tx, sql`select id from news_posts where space_id = ${input.spaceId} and slug = ${wanted}`);
    if (taken) throw conflict("error.conflict", { slug: { key: "news.error.slug_taken" } });
  }
  const slug = input.fields.slug ? wanted : await freeSlug(tx, input.spaceId, wanted, null);
  await tx.execute(
    sql`insert into news_posts (id, space_id, slug, kind, status, title, author_ids, created_by, created_at, updated_at, submitted_at)
      values (${id}, ${input.spaceId}, ${slug}, ${input.fields.kind}, ${input.status}, ${JSON.stringify(input.fields.title)}::jsonb,
        ${`{${actor.id}}`}::uuid[], ${actor.id}, ${now}, ${now}, ${input.status === "submitted" ? now : null})`,
  );
  await tx.execute(sql`update news_posts set ${columnValues(input.fields, input.organisationId)} where id = ${id}`);
}

/** A coordinator's (or facilitator's) new post: a draft, written by them, published when they say so. Audited. */
export async function createPost(services: Services, actor: Actor, spaceId: string, fields: NewsFields, organisationId: string | null): Promise<NewsPost> {
  const now = services.clock.now();
  const id = randomUUID();
  await services.db.transaction(async (tx) => {
    await insertPost(services, tx, actor, { spaceId, fields, organisationId, status: "draft" }, id, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "news.created", subjectType: "news_post", subjectId: id, spaceId, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, id))!;
}

/** Saves a post's fields (slug changes checked for clashes); a proposed story's text goes through moderation again when resubmitted. */
export async function updatePost(services: Services, actor: Actor, postId: string, fields: NewsFields, organisationId: string | null): Promise<NewsPost> {
  const before = await findPostById(services.db, postId);
  if (!before) throw notFound();
  await services.db.transaction(async (tx) => {
    if (fields.slug && fields.slug !== before.slug) {
      const [taken] = await queryRows<{ id: string }>(tx, sql`select id from news_posts where space_id = ${before.spaceId} and slug = ${fields.slug} and id <> ${postId}`);
      if (taken) throw conflict("error.conflict", { slug: { key: "news.error.slug_taken" } });
      await tx.execute(sql`update news_posts set slug = ${fields.slug} where id = ${postId}`);
    }
    await tx.execute(sql`update news_posts set ${columnValues(fields, organisationId)}, updated_at = ${services.clock.now()} where id = ${postId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "news.updated", subjectType: "news_post", subjectId: postId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, postId))!;
}

/** Publishes or unpublishes a post (managers). A proposed story is published only once moderation let its text out. */
export async function setPostStatus(services: Services, actor: Actor, postId: string, status: "published" | "unpublished" | "draft"): Promise<NewsPost> {
  const before = await findPostById(services.db, postId);
  if (!before) throw notFound();
  if (before.status === status) return before;
  if (status === "published" && !canPublishProposal(before)) throw conflict("news.error.held");
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(
      sql`update news_posts set status = ${status}, updated_at = ${now}, published_at = ${status === "published" ? sql`coalesce(published_at, ${now})` : sql`published_at`} where id = ${postId}`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: `news.${status}`, subjectType: "news_post", subjectId: postId, spaceId: before.spaceId, details: { previousStatus: before.status }, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, postId))!;
}

/**
 * An organisation's member proposes a story (kind "story", status "submitted", the organisation named). Its text
 * goes through the space's moderation gate like other people's posts (blocked or over the limit: refused; flagged:
 * held for a moderator); the space's coordinators are told by mail. Audited.
 */
export async function proposeStory(services: Services, actor: Actor, spaceId: string, fields: NewsFields, organisationId: string): Promise<NewsPost> {
  const now = services.clock.now();
  const id = randomUUID();
  await services.db.transaction(async (tx) => {
    await insertPost(services, tx, actor, { spaceId, fields: { ...fields, kind: "story" }, organisationId, status: "submitted" }, id, now);
    await gateStory(tx, spaceId, actor.id, id, fields, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "news.story_proposed", subjectType: "news_post", subjectId: id, spaceId, ip: actor.ip ?? null });
    await mailReviewers(services, tx, spaceId, id);
  });
  return (await findPostById(services.db, id))!;
}

/** Sends a returned (or draft) story of one's own back for review, through the gate again. */
export async function resubmitStory(services: Services, actor: Actor, postId: string): Promise<NewsPost> {
  const before = await findPostById(services.db, postId);
  if (!before) throw notFound();
  if (before.status !== "returned" && before.status !== "draft") throw conflict("news.error.not_returned");
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update news_posts set status = 'submitted', submitted_at = ${now}, updated_at = ${now} where id = ${postId}`);
    await gateStory(tx, before.spaceId, actor.id, postId, before, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "news.story_resubmitted", subjectType: "news_post", subjectId: postId, spaceId: before.spaceId, ip: actor.ip ?? null });
    await mailReviewers(services, tx, before.spaceId, postId);
  });
  return (await findPostById(services.db, postId))!;
}

async function gateStory(tx: Database, spaceId: string, userId: string, postId: string, text: Pick<NewsFields, "title" | "lead" | "body">, now: Date): Promise<void> {
  // Each language's title, lead and body together, screened with that language's lists.
  const byLanguage: Partial<Record<string, string>> = {};
  for (const value of [text.title, text.lead, text.body]) for (const [language, part] of Object.entries(value)) byLanguage[language] = [byLanguage[language], part].filter(Boolean).join("\n");
  const decision = await decidePosting(tx, { spaceId, userId, subjectType: STORY_SUBJECT, subjectId: postId, text: byLanguage, now });
  await tx.execute(sql`update news_posts set moderation_status = ${decision.status}, moderation_reason = ${decision.reason} where id = ${postId}`);
}

export type ReviewDecision = "publish" | "return" | "reject";

/**
 * A coordinator's decision on a proposed story: publish it (only once moderation let it out), return it to its
 * authors with a comment (required), or reject it (comment optional). The authors are told by mail in their language.
 */
export async function reviewStory(services: Services, actor: Actor, postId: string, decision: ReviewDecision, comment: string): Promise<NewsPost> {
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const [locked] = await queryRows<{ id: string }>(tx, sql`select id from news_posts where id = ${postId} for update`);
    if (!locked) throw notFound();
    const before = (await findPostById(tx, postId))!;
    if (before.status !== "submitted") throw conflict("news.error.not_submitted");
    if (decision === "return" && !comment.trim()) throw new AppError("validation_failed", "error.validation_failed", { comment: { key: "news.error.comment_required" } });
    if (decision === "publish" && !canPublishProposal(before)) throw conflict("news.error.held");
    const status = decision === "publish" ? "published" : decision === "return" ? "returned" : "rejected";
    await tx.execute(
      sql`update news_posts set status = ${status}, review_comment = ${comment.trim().slice(0, 4000)}, updated_at = ${now},
        published_at = ${status === "published" ? sql`coalesce(published_at, ${now})` : sql`published_at`} where id = ${postId}`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: `news.story_${status}`, subjectType: "news_post", subjectId: postId, spaceId: before.spaceId, details: { comment }, ip: actor.ip ?? null });
    const [space] = await queryRows<{ slug: string }>(tx, sql`select slug from spaces where id = ${before.spaceId}`);
    const url = `${services.config.publicUrl.replace(/\/$/, "")}${postPath(space!.slug, before.slug)}`;
    await queueNewsMail(services, tx, before.authorIds, `news.mail.${status}`, { title: before.title, url, comment: comment.trim() });
  });
  return (await findPostById(services.db, postId))!;
}

/** Tells the space's coordinators that a story waits for their review. */
async function mailReviewers(services: Services, tx: Database, spaceId: string, postId: string): Promise<void> {
  const [post] = await queryRows<{ title: LocalizedText; slug: string; space_slug: string }>(
    tx,
    sql`select p.title, p.slug, s.slug as space_slug from news_posts p join spaces s on s.id = p.space_id where p.id = ${postId}`,
  );
  const coordinators = await queryRows<{ user_id: string }>(tx, sql`select user_id from space_members where space_id = ${spaceId} and role = 'coordinator'`);
  const url = `${services.config.publicUrl.replace(/\/$/, "")}/spaces/${post!.space_slug}/news/review`;
  await queueNewsMail(services, tx, coordinators.map((row) => row.user_id), "news.mail.submitted", { title: post!.title, url, comment: "" });
}

/** Queues `<key>.subject` / `<key>.body` to each person, in their language, inside the caller's transaction. */
async function queueNewsMail(services: Services, tx: Database, userIds: readonly string[], key: string, values: { title: LocalizedText; url: string; comment: string }): Promise<void> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  const people = await queryRows<{ email: string; locale: string }>(tx, sql`select email, locale from users where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  for (const person of people) {
    const locale = isLocale(person.locale) ? person.locale : "en";
    const t = translator(locale);
    const messageValues = { title: localizedString(values.title, locale), url: values.url, comment: values.comment || t("news.mail.no_comment") };
    await services.mailer.queue({ to: person.email, subject: t(`${key}.subject`, messageValues), text: t(`${key}.body`, messageValues), locale }, { db: tx });
  }
}
