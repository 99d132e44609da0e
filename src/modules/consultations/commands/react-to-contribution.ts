import { and, eq } from "drizzle-orm";
import { AppError, notFound, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { TopicForViewer } from "../queries";
import { isContributionVisible } from "../queries-contributions";
import { consultationContributions, consultationReactions, REACTION_KINDS, type ReactionKind } from "../schema";
import { assertMayContribute } from "./post-contribution";

/**
 * Toggles the viewer's "agree" or "useful" on a contribution: on when absent, off when present. Reacting is
 * taking part, so it needs what posting needs (verified, not blocked, topic open, own breakout). Only
 * published contributions take reactions, and never their author's own (a self-endorsement would skew counts).
 * Returns whether the reaction is now on.
 */
export async function reactToContribution(services: Services, user: { id: string }, topic: TopicForViewer, contributionNumber: number, kind: string): Promise<{ isOn: boolean }> {
  assertMayContribute(topic);
  const reaction = REACTION_KINDS.find((candidate) => candidate === kind) as ReactionKind | undefined;
  if (!reaction) throw validationFailed({ kind: { key: "validation.invalid_choice" } });
  return services.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: consultationContributions.id, topicId: consultationContributions.topicId, authorId: consultationContributions.authorId, status: consultationContributions.status, breakoutId: consultationContributions.breakoutId })
      .from(consultationContributions)
      .where(and(eq(consultationContributions.consultationId, topic.consultation.id), eq(consultationContributions.number, contributionNumber)))
      .limit(1);
    if (!row || row.topicId !== topic.topic.id || !isContributionVisible(topic, row)) throw notFound();
    if (row.status !== "published") throw new AppError("conflict", "consultation.contributions.error.reaction_unavailable");
    if (row.authorId === user.id) throw new AppError("conflict", "consultation.contributions.error.own_reaction");
    const removed = await tx
      .delete(consultationReactions)
      .where(and(eq(consultationReactions.contributionId, row.id), eq(consultationReactions.userId, user.id), eq(consultationReactions.kind, reaction)))
      .returning({ kind: consultationReactions.kind });
    if (removed.length) return { isOn: false };
    // two quick clicks racing: the second insert finds the row and changes nothing
    await tx.insert(consultationReactions).values({ contributionId: row.id, userId: user.id, kind: reaction, createdAt: services.clock.now() }).onConflictDoNothing();
    return { isOn: true };
  });
}
