import { eq } from "drizzle-orm";
import { z } from "zod";
import { AppError, fieldErrorsFromZod, forbidden, notFound, validationFailed } from "../../../platform/errors";
import { decidePosting } from "../../../platform/moderation/gate";
import type { Services } from "../../../platform/services";
import { contributionHtml } from "../markdown";
import type { TopicForViewer } from "../queries";
import { isContributionVisible } from "../queries-contributions";
import { CONTRIBUTION_SUBJECT, consultationContributionRevisions, consultationContributions } from "../schema";
import { assertMayContribute, CONTRIBUTION_BODY_MAX, lockContribution } from "./post-contribution";

const EditBody = z.object({
  body: z
    .string()
    .transform((text) => text.replace(/\r\n?/g, "\n").replace(/\s+$/, ""))
    .pipe(z.string().min(1).max(CONTRIBUTION_BODY_MAX)),
});

/**
 * The author changes their contribution's text within the consultation's edit window (counted from when it
 * was posted) while the topic is still open to them. The previous text goes to the revisions table with the
 * time it was written, so readers can open the history. Edits are screened again like new posts: a published
 * contribution whose new text the moderation gate holds becomes held (with the reason); an edit never
 * releases a held one (only a moderator does). Hidden and deleted contributions cannot be edited.
 */
export async function editContribution(services: Services, user: { id: string }, topic: TopicForViewer, contributionNumber: number, input: { body: string }): Promise<{ status: "published" | "held" }> {
  assertMayContribute(topic);
  const parsed = EditBody.safeParse({ body: input.body });
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const body = parsed.data.body;
  const bodyHtml = contributionHtml(body);
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    const row = await lockContribution(tx, topic.consultation.id, contributionNumber);
    if (!row || row.topicId !== topic.topic.id || !isContributionVisible(topic, row)) throw notFound();
    if (row.authorId !== user.id) throw forbidden("consultation.contributions.error.not_author");
    if (row.status !== "published" && row.status !== "held") throw new AppError("conflict", "consultation.contributions.error.not_editable", { _: { key: "consultation.contributions.error.not_editable" } });
    if (now.getTime() >= row.createdAt.getTime() + topic.consultation.editWindowMinutes * 60_000) {
      throw new AppError("conflict", "consultation.contributions.error.edit_window", { _: { key: "consultation.contributions.error.edit_window" } });
    }
    if (body === row.body) return { status: row.status };
    // The stored language may be the search analyser's guess (English for any Latin text, French too), so the screen
    // guesses the new text's language itself rather than read French words with the English list.
    const decision = await decidePosting(tx, { spaceId: topic.space.id, userId: user.id, subjectType: CONTRIBUTION_SUBJECT, text: body, now, subjectId: row.id });
    const isHeldNow = row.status === "held" || decision.status === "held";
    await tx.insert(consultationContributionRevisions).values({ contributionId: row.id, body: row.body, writtenAt: row.editedAt ?? row.createdAt, createdAt: now });
    await tx
      .update(consultationContributions)
      .set({
        body,
        bodyHtml,
        editedAt: now,
        status: isHeldNow ? "held" : "published",
        moderationReason: row.status === "held" ? row.moderationReason : decision.status === "held" ? decision.reason : row.moderationReason,
      })
      .where(eq(consultationContributions.id, row.id));
    return { status: isHeldNow ? "held" : "published" };
  });
}
