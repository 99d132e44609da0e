import type { Database } from "../../db/client";

/** Where a new post goes: straight out, or held for a moderator (with the reason its author is shown). */
export type PostingDecision = { status: "published" | "held"; reason: string };

export type PostingAttempt = {
  spaceId: string;
  userId: string;
  /** e.g. "consultation_contribution" */
  subjectType: string;
  text: string;
  now: Date;
};

/**
 * Decides, inside the posting transaction, whether a post may be made and whether it is held for review:
 * throws `forbidden` for a person blocked in the space and `rate_limited` over the posting limit; holds posts
 * that the abusive-language screening matches or that fall under pre-moderation of a person's first posts.
 * (Skeleton: the moderation helper implements the rules.)
 */
export async function decidePosting(tx: Database, attempt: PostingAttempt): Promise<PostingDecision> {
  void tx;
  void attempt;
  return { status: "published", reason: "" };
}
