import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { textArrayLiteral } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, forbidden, notFound } from "../../../platform/errors";
import { decidePosting } from "../../../platform/moderation/gate";
import type { Services } from "../../../platform/services";
import { memberRole } from "../../organisations/queries";
import { isCoordinator } from "../../spaces/permissions";
import { spaceRolesOf } from "../../spaces/queries";
import { PARTNERSHIP_SUBJECT } from "../moderation-subject";
import { checkPost, type PostInput } from "../inputs";
import { canPublishFor } from "../permissions";
import { findPostById, spaceTargets, type PostView } from "../queries";

export type Actor = { id: string; ip?: string | null; isPlatformAdmin?: boolean };

/** Refuses (403) anyone who is not an admin of the organisation (platform admins may act for any). */
export async function assertCanPublishFor(db: Database, actor: Actor, organisationId: string): Promise<void> {
  if (actor.isPlatformAdmin) return;
  const role = /^[0-9a-f-]{36}$/i.test(organisationId) ? await memberRole(db, organisationId, actor.id) : null;
  if (!canPublishFor(role)) throw forbidden("partnerships.error.not_admin");
}

async function allowedTargets(db: Database, spaceId: string): Promise<Set<string>> {
  return new Set((await spaceTargets(db, spaceId)).byId.keys());
}

/** The post's text through the space's moderation gate, unless a coordinator writes (blocked or over the limit: refused; flagged or a first post when the space pre-moderates: held). */
async function gate(tx: Database, spaceId: string, actor: Actor, postId: string, post: Pick<PostView, "title" | "description">, now: Date): Promise<void> {
  // like news: the space's coordinators (and platform admins) are not moderated in their own space
  if (actor.isPlatformAdmin || isCoordinator(await spaceRolesOf(tx, spaceId, actor.id))) return;
  const userId = actor.id;
  const text = [post.title, post.description].flatMap((value) => Object.values(value)).join("\n");
  const decision = await decidePosting(tx, { spaceId, userId, subjectType: PARTNERSHIP_SUBJECT, subjectId: postId, text, now });
  await tx.execute(sql`update partnership_posts set moderation_status = ${decision.status}, moderation_reason = ${decision.reason} where id = ${postId}`);
}

/**
 * Publishes an offer or a need for an organisation in a space: the actor must be an admin of it (403 otherwise);
 * fields are checked (422 naming each field); the text goes through the moderation gate. Audited.
 */
export async function publishPost(services: Services, actor: Actor, spaceId: string, input: PostInput): Promise<PostView> {
  await assertCanPublishFor(services.db, actor, input.organisationId);
  const post = checkPost(input, await allowedTargets(services.db, spaceId));
  const now = services.clock.now();
  const id = randomUUID();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`insert into partnership_posts (id, space_id, organisation_id, side, kind, title, description, target_ids, countries, languages, until_on, created_by, created_at, updated_at)
      values (${id}, ${spaceId}, ${post.organisationId}, ${post.side}, ${post.kind}, ${JSON.stringify(post.title)}::jsonb, ${JSON.stringify(post.description)}::jsonb,
        ${textArrayLiteral(post.targetIds)}::uuid[], ${textArrayLiteral(post.countries)}::text[], ${textArrayLiteral(post.languages)}::text[], ${post.untilOn}::date, ${actor.id}, ${now}, ${now})`);
    await gate(tx, spaceId, actor, id, post, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "partnerships.post_published", subjectType: "partnership_post", subjectId: id, spaceId, details: { side: post.side, kind: post.kind }, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, id))!;
}

/** Edits a post (its organisation stays; side and kind may change). The new text goes through the gate again. */
export async function updatePost(services: Services, actor: Actor, postId: string, input: Omit<PostInput, "organisationId">): Promise<PostView> {
  const before = await findPostById(services.db, postId);
  if (!before) throw notFound();
  await assertCanPublishFor(services.db, actor, before.organisationId);
  if (before.status === "withdrawn") throw conflict("partnerships.error.withdrawn");
  const post = checkPost({ ...input, organisationId: before.organisationId }, await allowedTargets(services.db, before.spaceId));
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update partnership_posts set side = ${post.side}, kind = ${post.kind}, title = ${JSON.stringify(post.title)}::jsonb, description = ${JSON.stringify(post.description)}::jsonb,
      target_ids = ${textArrayLiteral(post.targetIds)}::uuid[], countries = ${textArrayLiteral(post.countries)}::text[], languages = ${textArrayLiteral(post.languages)}::text[],
      until_on = ${post.untilOn}::date, updated_at = ${now} where id = ${postId}`);
    // a post a moderator hid stays hidden whatever its new text
    if (before.moderationStatus !== "hidden") await gate(tx, before.spaceId, actor, postId, post, now);
    await recordAudit(tx, { actorUserId: actor.id, action: "partnerships.post_updated", subjectType: "partnership_post", subjectId: postId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, postId))!;
}

/** Withdraws a post: out of the lists, the matcher and the relay from now on; kept for the report's counts. */
export async function withdrawPost(services: Services, actor: Actor, postId: string): Promise<PostView> {
  const before = await findPostById(services.db, postId);
  if (!before) throw notFound();
  await assertCanPublishFor(services.db, actor, before.organisationId);
  if (before.status === "withdrawn") return before;
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    await tx.execute(sql`update partnership_posts set status = 'withdrawn', withdrawn_at = ${now}, updated_at = ${now} where id = ${postId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "partnerships.post_withdrawn", subjectType: "partnership_post", subjectId: postId, spaceId: before.spaceId, ip: actor.ip ?? null });
  });
  return (await findPostById(services.db, postId))!;
}
