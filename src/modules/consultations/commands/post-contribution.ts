import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { AppError, fieldErrorsFromZod, validationFailed } from "../../../platform/errors";
import { decidePosting } from "../../../platform/moderation/gate";
import { cachedModerationSettingsOf } from "../../../platform/moderation/settings";
import type { Services } from "../../../platform/services";
import { canActForOrganisation } from "../../organisations/queries";
import { contributionHtml, detectLanguage } from "../markdown";
import { notifyAboutContribution } from "../notifications";
import type { TopicForViewer } from "../queries";
import { CONSTITUENCIES, CONTRIBUTION_SUBJECT, consultationContributions, type Constituency } from "../schema";

export const CONTRIBUTION_BODY_MAX = 20_000;
export const CONTRIBUTION_LANGUAGES = ["en", "ru", "other"] as const;
export type ContributionLanguage = (typeof CONTRIBUTION_LANGUAGES)[number];

/** A contribution as posted from the topic page's form or the API; empty strings mean "not chosen". */
export type ContributionInput = {
  body: string;
  /** The guiding question answered; empty or absent for the topic as a whole. Replies take their parent's. */
  questionId?: string | null;
  /** The contribution replied to. */
  parentId?: string | null;
  /** Posting on behalf of an organisation the author belongs to. */
  organisationId?: string | null;
  constituency?: string | null;
  /** en, ru or other; empty means "detect from the text". */
  language?: string | null;
};

const optionalId = z
  .union([z.uuid({ message: "validation.invalid_choice" }), z.literal(""), z.null(), z.undefined()])
  .transform((value) => value || null);

/** Field names match the topic page's form (`body`, `question_id`, `parent_id`, `organisation_id`, …). */
const ContributionBody = z.object({
  body: z
    .string()
    .transform((text) => text.replace(/\r\n?/g, "\n").replace(/\s+$/, ""))
    .pipe(z.string().min(1).max(CONTRIBUTION_BODY_MAX)),
  question_id: optionalId,
  parent_id: optionalId,
  organisation_id: optionalId,
  constituency: z
    .union([z.enum(CONSTITUENCIES), z.literal(""), z.null(), z.undefined()])
    .transform((value): Constituency | null => value || null),
  language: z
    .union([z.enum(CONTRIBUTION_LANGUAGES), z.literal(""), z.null(), z.undefined()])
    .transform((value): ContributionLanguage | null => value || null),
});

export type PostedContributionResult = { id: string; number: number; status: "published" | "held"; reason: string; parentId: string | null };

/**
 * Why the viewer may not post on this topic, as a message key, or null when they may. Anonymous people are
 * sent to log in by the routes before this; an outsider to a members-only consultation never gets the topic.
 */
export function contributionRefusal(topic: TopicForViewer): string | null {
  if (topic.canContribute) return null;
  const { access } = topic;
  if (!access.viewer) return "consultation.contributions.refused.anonymous";
  if (!access.isEmailVerified) return "consultation.contributions.refused.unverified";
  if (access.isBlocked) return "consultation.contributions.refused.blocked";
  if (topic.topicState === "upcoming") return "consultation.contributions.refused.upcoming";
  if (topic.topicState !== "open") return "consultation.contributions.refused.closed";
  if (topic.group.kind === "session") return "consultation.contributions.refused.no_breakout";
  return "consultation.contributions.refused.other";
}

/**
 * Throws the refusal as an AppError carrying a `body` field error, so a form re-renders with the text kept.
 * Closed and upcoming windows are conflicts (409); everything else is forbidden (403).
 */
export function assertMayContribute(topic: TopicForViewer): void {
  const refusal = contributionRefusal(topic);
  if (!refusal) return;
  const code = topic.access.viewer && topic.access.isEmailVerified && !topic.access.isBlocked && topic.topicState !== "open" ? "conflict" : "forbidden";
  throw new AppError(code, refusal, { _: { key: refusal } });
}

type Parent = { id: string; parentId: string | null; rootId: string | null; depth: number; questionId: string | null; breakoutId: string | null; status: string };

/**
 * The contribution a reply attaches to. Replies deeper than the consultation's max_reply_depth are not
 * refused: they attach to the deepest allowed ancestor (the reply becomes a sibling at the last level), so
 * a conversation can continue without nesting forever. With max_reply_depth 0 replies are refused.
 */
async function replyParent(tx: Database, topic: TopicForViewer, parentId: string, breakoutId: string | null): Promise<Parent> {
  const maxDepth = topic.consultation.maxReplyDepth;
  if (maxDepth === 0) throw validationFailed({ parent_id: { key: "consultation.contributions.error.replies_off" } });
  // One recursive query walks from the parent up its thread (at most 8 levels), nearest first.
  const rows = await queryRows<Parent & { topicId: string }>(
    tx,
    sql`
    with recursive chain as (
      select id, parent_id, root_id, depth, question_id, breakout_id, status, topic_id from consultation_contributions where id = ${parentId}
      union all
      select c.id, c.parent_id, c.root_id, c.depth, c.question_id, c.breakout_id, c.status, c.topic_id
        from consultation_contributions c join chain on c.id = chain.parent_id
    )
    select id, parent_id as "parentId", root_id as "rootId", depth, question_id as "questionId", breakout_id as "breakoutId", status, topic_id as "topicId"
      from chain order by depth desc`,
  );
  const direct = rows[0];
  // Another topic's (or another breakout's) contribution is refused as if it did not exist; one posted outside
  // any breakout (by a facilitator, or before the split) is seen by every breakout and may be answered by all.
  const isReachable = direct !== undefined && (direct.breakoutId === null || direct.breakoutId === breakoutId || topic.canFacilitate);
  if (!direct || direct.topicId !== topic.topic.id || !isReachable) {
    throw validationFailed({ parent_id: { key: "consultation.contributions.error.parent_unknown" } });
  }
  if (direct.status !== "published") throw validationFailed({ parent_id: { key: "consultation.contributions.error.parent_unavailable" } });
  const attachTo = rows.find((row) => Number(row.depth) < maxDepth) ?? direct;
  return { ...attachTo, depth: Number(attachTo.depth) };
}

/**
 * Posts a contribution on a topic the viewer loaded with `loadTopicForViewer`. Validates the input (field
 * errors keyed by the form's names), then in one transaction: asks the moderation gate whether it goes out
 * or is held (which also enforces blocks and rate limits), writes it, and records who must be notified.
 * In a session with breakouts it goes into the author's breakout (a facilitator's reply into its parent's).
 */
export async function postContribution(services: Services, user: { id: string }, topic: TopicForViewer, input: ContributionInput): Promise<PostedContributionResult> {
  assertMayContribute(topic);
  const parsed = ContributionBody.safeParse({
    body: input.body,
    question_id: input.questionId,
    parent_id: input.parentId,
    organisation_id: input.organisationId,
    constituency: input.constituency,
    language: input.language,
  });
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const data = parsed.data;
  if (data.question_id && !topic.questions.some((question) => question.id === data.question_id)) {
    throw validationFailed({ question_id: { key: "validation.invalid_choice" } });
  }
  const language = data.language ?? detectLanguage(data.body);
  // rendered once, here, before the transaction opens: pages, the API and feeds show the stored HTML
  const bodyHtml = contributionHtml(data.body);
  const settings = await cachedModerationSettingsOf(services.db, topic.space.id);
  return services.db.transaction(async (tx) => {
    const now = services.clock.now();
    if (data.organisation_id && !(await canActForOrganisation(tx, user.id, data.organisation_id))) {
      throw validationFailed({ organisation_id: { key: "consultation.contributions.error.not_member" } });
    }
    let breakoutId = topic.breakout?.id ?? null;
    let parent: Parent | null = null;
    if (data.parent_id) {
      parent = await replyParent(tx, topic, data.parent_id, breakoutId);
      // A facilitator answering inside a breakout writes into that breakout; a participant's reply always stays in
      // their own breakout, even under a post everyone sees, so other breakouts do not read it while the session runs.
      if (topic.canFacilitate) breakoutId = parent.breakoutId ?? breakoutId;
    }
    const id = randomUUID();
    const decision = await decidePosting(tx, { spaceId: topic.space.id, userId: user.id, subjectType: CONTRIBUTION_SUBJECT, text: data.body, language: data.language, now, subjectId: id, settings });
    const [row] = await tx
      .insert(consultationContributions)
      .values({
        id,
        consultationId: topic.consultation.id,
        topicId: topic.topic.id,
        questionId: parent ? parent.questionId : data.question_id,
        breakoutId,
        parentId: parent?.id ?? null,
        // a top-level contribution is the root of its own thread, so a page of threads is one query
        rootId: parent ? (parent.rootId ?? parent.id) : id,
        depth: parent ? parent.depth + 1 : 0,
        authorId: user.id,
        organisationId: data.organisation_id,
        constituency: data.constituency,
        language,
        body: data.body,
        bodyHtml,
        status: decision.status,
        moderationReason: decision.status === "held" ? decision.reason : "",
        createdAt: now,
      })
      .returning({ number: consultationContributions.number });
    await notifyAboutContribution(
      services,
      tx,
      {
        id,
        consultationId: topic.consultation.id,
        topicId: topic.topic.id,
        parentId: parent?.id ?? null,
        authorId: user.id,
        status: decision.status,
        breakoutId,
        place: { groupId: topic.group.id, spaceVisibility: topic.space.visibility, spaceArchivedAt: topic.space.archivedAt, visibility: topic.consultation.visibility, consultationStatus: topic.consultation.status },
      },
      now,
    );
    return { id, number: row!.number, status: decision.status, reason: decision.reason, parentId: parent?.id ?? null };
  });
}

/** The contribution with this number in the consultation, for commands acting on it (locks the row). */
export async function lockContribution(tx: Database, consultationId: string, number: number) {
  const [row] = await tx
    .select()
    .from(consultationContributions)
    .where(and(eq(consultationContributions.consultationId, consultationId), eq(consultationContributions.number, number)))
    .for("update")
    .limit(1);
  return row;
}
