import type { Database } from "../../db/client";
import type { Services } from "../../platform/services";

/** A contribution just written, as notifications need it. */
export type PostedContribution = {
  id: string;
  consultationId: string;
  topicId: string;
  parentId: string | null;
  authorId: string;
  status: "published" | "held";
};

/**
 * Records, inside the posting transaction, who must hear about a new contribution (the parent's author for a
 * reply; followers of the topic or the consultation) and queues immediate mails; digests pick up the rest.
 * (Skeleton: the notifications helper implements it.)
 */
export async function notifyAboutContribution(services: Services, tx: Database, contribution: PostedContribution, now: Date): Promise<void> {
  void services;
  void tx;
  void contribution;
  void now;
}
