import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { AppError } from "../errors";
import { translator } from "../i18n/messages";
import { isLocale } from "../i18n/locales";
import { DAY_MS } from "../clock";
import { moderationBlocks, moderationLog } from "./schema";
import { screenLocalizedText, screenText } from "./screening";
import { moderationSettingsOf, type ModerationSettings } from "./settings";
import { moderationSubjects } from "./subjects";

/** Where a new post goes: straight out, or held for a moderator (with the reason its author is shown). */
export type PostingDecision = { status: "published" | "held"; reason: string };

export type PostingAttempt = {
  spaceId: string;
  userId: string;
  /** e.g. "consultation_contribution" */
  subjectType: string;
  /** The post's text, or its texts by language (a `LocalizedText`): each is screened with its own language's lists. */
  text: string | Readonly<Partial<Record<string, string>>>;
  /** The language of a single text when its author gave one (a locale code); else the screen guesses it. */
  language?: string | null;
  now: Date;
  /** The post's id when the caller knows it already (an edit, or an id made before the insert): the log entry points at it. */
  subjectId?: string;
  /** The space's settings when the caller read them already (`cachedModerationSettingsOf`, before its transaction). */
  settings?: ModerationSettings;
};

const HOUR_MS = 60 * 60 * 1000;

/** Codes the gate writes into moderation_log.reason (the log page translates them), followed by details. */
export const HELD_FOR_SCREENING = "screening";
export const HELD_FOR_FIRST_POSTS = "first_posts";

/** Whether the person is blocked from posting in the space at `now` (a block may carry an end date). */
export async function isBlockedInSpace(db: Database, spaceId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .select({ userId: moderationBlocks.userId })
    .from(moderationBlocks)
    .where(and(eq(moderationBlocks.spaceId, spaceId), eq(moderationBlocks.userId, userId), or(isNull(moderationBlocks.expiresAt), gt(moderationBlocks.expiresAt, now))))
    .limit(1);
  return rows.length > 0;
}

/**
 * Decides, inside the posting transaction, whether a post may be made and whether it is held for review:
 * throws `forbidden` for a person blocked in the space and `rate_limited` over the posting limit (stricter
 * for accounts younger than the space's `new_account_days`); holds posts that the abusive-language screening
 * matches, and a person's posts while fewer than `premoderate_first_posts` of theirs are out. A held post is
 * logged (actor null), pointing at `subjectId` when given (else call `linkHeldPost` after the insert).
 * Posting limits and first posts count the person's posts of every registered subject type in the space.
 */
export async function decidePosting(tx: Database, attempt: PostingAttempt): Promise<PostingDecision> {
  const { spaceId, userId, now } = attempt;
  // The author's age and language and whether they are blocked, in one statement (every post asks).
  const [author] = await queryRows<{ created_at: Date | string | null; locale: string | null; is_blocked: boolean }>(
    tx,
    sql`select u.created_at, u.locale,
      exists (select 1 from moderation_blocks b where b.space_id = ${spaceId} and b.user_id = ${userId} and (b.expires_at is null or b.expires_at > ${now})) as is_blocked
    from (values (1)) as one left join users u on u.id = ${userId}`,
  );
  // Both the error message and the held reason are read by the author, so they are in the author's language.
  const t = translator(author?.locale && isLocale(author.locale) ? author.locale : "en");
  if (author?.is_blocked) {
    throw new AppError("forbidden", "moderation.error.blocked", { _: { key: "moderation.error.blocked" } });
  }

  const settings = attempt.settings ?? (await moderationSettingsOf(tx, spaceId));
  const isNewAccount = author?.created_at ? now.getTime() - new Date(author.created_at).getTime() < settings.newAccountDays * DAY_MS : true;
  const limit = isNewAccount ? settings.newAccountPostsPerHour : settings.postsPerHour;
  const since = new Date(now.getTime() - HOUR_MS);
  const subjects = moderationSubjects();
  const postTimes = subjects.map((subject) => sql`(${subject.postTimesQuery({ spaceId, userId, since })})`);
  const recent = postTimes.length
    ? await queryRows<{ at: Date | string }>(tx, sql`select at from (${sql.join(postTimes, sql` union all `)}) as posts order by at desc limit ${limit}`)
    : [];
  const times = recent.map((row) => new Date(row.at)).reverse();
  if (times.length >= limit) {
    // The person may post again once enough of the last hour's posts have left the rolling window.
    const freedAt = times[times.length - limit]!.getTime() + HOUR_MS;
    const minutes = Math.max(1, Math.ceil((freedAt - now.getTime()) / 60_000));
    const values = { minutes, limit };
    const messageKey = isNewAccount ? "moderation.error.rate_limited_new_account" : "moderation.error.rate_limited";
    throw new AppError("rate_limited", messageKey, { _: { key: messageKey, values } }, values);
  }

  let held: { code: string; reason: string } | null = null;
  if (settings.isScreeningEnabled) {
    const screening = typeof attempt.text === "string" ? screenText(attempt.text, attempt.language) : screenLocalizedText(attempt.text);
    if (screening.isFlagged) held = { code: `${HELD_FOR_SCREENING}: ${screening.terms.join(", ")}`, reason: t("moderation.held.screening") };
  }
  if (!held && settings.premoderateFirstPosts > 0) {
    const counts = subjects.map((subject) => sql`coalesce((select count from (${subject.publishedCountQuery({ spaceId, userId })}) as kind), 0)`);
    const [row] = counts.length ? await queryRows<{ published: number | string }>(tx, sql`select ${sql.join(counts, sql` + `)} as published`) : [];
    const published = Number(row?.published ?? 0);
    if (published < settings.premoderateFirstPosts) held = { code: HELD_FOR_FIRST_POSTS, reason: t("moderation.held.first_posts", { count: settings.premoderateFirstPosts }) };
  }
  if (!held) return { status: "published", reason: "" };
  await tx.insert(moderationLog).values({ spaceId, subjectType: attempt.subjectType, subjectId: attempt.subjectId ?? null, subjectUserId: userId, action: "held", reason: held.code, actorId: null, createdAt: now });
  return { status: "held", reason: held.reason };
}

/**
 * Points the log entry `decidePosting` wrote for a held post at the post, once the caller has inserted it
 * (same transaction): the person's latest held entry of that type in the space that has no subject yet.
 */
export async function linkHeldPost(tx: Database, post: { spaceId: string; userId: string; subjectType: string; subjectId: string }): Promise<void> {
  const [entry] = await tx
    .select({ id: moderationLog.id })
    .from(moderationLog)
    .where(
      and(
        eq(moderationLog.spaceId, post.spaceId),
        eq(moderationLog.subjectUserId, post.userId),
        eq(moderationLog.subjectType, post.subjectType),
        eq(moderationLog.action, "held"),
        isNull(moderationLog.subjectId),
      ),
    )
    .orderBy(desc(moderationLog.id))
    .limit(1);
  if (entry) await tx.update(moderationLog).set({ subjectId: post.subjectId }).where(eq(moderationLog.id, entry.id));
}
