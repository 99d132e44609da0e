import { eq } from "drizzle-orm";
import { forbidden, notFound } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import type { TopicForViewer } from "../queries";
import { isContributionVisible } from "../queries-contributions";
import { consultationContributions } from "../schema";
import { lockContribution } from "./post-contribution";

/**
 * The author withdraws their contribution: its status becomes `deleted`, so the thread keeps its place (replies
 * stay under a placeholder) and the text is no longer shown anywhere. Allowed at any time, also after the
 * topic closed (withdrawing one's words is not taking part), and also for held or hidden contributions.
 * The text stays in the row for the moderation log; deleting again is a no-op.
 */
export async function deleteOwnContribution(services: Services, user: { id: string }, topic: TopicForViewer, contributionNumber: number): Promise<void> {
  await services.db.transaction(async (tx) => {
    const row = await lockContribution(tx, topic.consultation.id, contributionNumber);
    if (!row || row.topicId !== topic.topic.id || !isContributionVisible(topic, row)) throw notFound();
    if (row.authorId !== user.id) throw forbidden("consultation.contributions.error.not_author");
    if (row.status === "deleted") return;
    await tx.update(consultationContributions).set({ status: "deleted" }).where(eq(consultationContributions.id, row.id));
  });
}
