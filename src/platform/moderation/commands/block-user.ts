import { and, eq } from "drizzle-orm";
import { notFound, validationFailed } from "../../errors";
import { DAY_MS } from "../../clock";
import { users } from "../../schema";
import type { Services } from "../../services";
import { moderationBlocks, moderationLog } from "../schema";
import { MODERATION_REASON_MAX } from "./moderate-subject";

/** How long a block lasts, in days (null: until lifted). */
export const BLOCK_DURATIONS = [null, 1, 7, 30, 90] as const;
/** The subject type of log entries about a person rather than a post. */
export const USER_SUBJECT = "user";

/**
 * Blocks a person from posting in a space (the caller checked the actor moderates it), for a number of days
 * or until lifted; blocking again replaces the reason and end. They can still read what the space shows them.
 */
export async function blockUser(services: Services, actor: { id: string }, input: { spaceId: string; userId: string; reason: string; days: number | null }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw validationFailed({ reason: { key: "validation.required" } });
  if (reason.length > MODERATION_REASON_MAX) throw validationFailed({ reason: { key: "validation.too_long", values: { max: MODERATION_REASON_MAX } } });
  if (!(BLOCK_DURATIONS as readonly (number | null)[]).includes(input.days)) throw validationFailed({ days: { key: "validation.invalid_choice" } });
  // Moderators cannot lock themselves out by mistake.
  if (input.userId === actor.id) throw validationFailed({ _: { key: "moderation.error.block_self" } });
  const now = services.clock.now();
  const expiresAt = input.days === null ? null : new Date(now.getTime() + input.days * DAY_MS);
  await services.db.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).limit(1);
    if (!person) throw notFound();
    await tx
      .insert(moderationBlocks)
      .values({ spaceId: input.spaceId, userId: person.id, reason, blockedBy: actor.id, createdAt: now, expiresAt })
      .onConflictDoUpdate({ target: [moderationBlocks.spaceId, moderationBlocks.userId], set: { reason, blockedBy: actor.id, createdAt: now, expiresAt } });
    await tx.insert(moderationLog).values({ spaceId: input.spaceId, subjectType: USER_SUBJECT, subjectId: person.id, subjectUserId: person.id, action: "blocked", reason, actorId: actor.id, createdAt: now });
  });
}

/** Lifts a person's block in a space (the caller checked the actor moderates it); lifting a missing block is a 404. */
export async function unblockUser(services: Services, actor: { id: string }, input: { spaceId: string; userId: string; reason: string }): Promise<void> {
  const reason = input.reason.trim().slice(0, MODERATION_REASON_MAX);
  const now = services.clock.now();
  await services.db.transaction(async (tx) => {
    const removed = await tx
      .delete(moderationBlocks)
      .where(and(eq(moderationBlocks.spaceId, input.spaceId), eq(moderationBlocks.userId, input.userId)))
      .returning({ userId: moderationBlocks.userId });
    if (!removed.length) throw notFound();
    await tx.insert(moderationLog).values({ spaceId: input.spaceId, subjectType: USER_SUBJECT, subjectId: input.userId, subjectUserId: input.userId, action: "unblocked", reason, actorId: actor.id, createdAt: now });
  });
}
