import { and, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "../../../../platform/errors";
import type { Services } from "../../../../platform/services";
import { eventProposals, eventProposalVotes } from "../../schema";
import type { EventView } from "../../queries";
import { requireUnconference } from "./configure-unconference";

/**
 * A participant gives (or takes back) a vote for a published proposal while proposals or voting are open.
 * Each person has `votes_per_person` votes in the event: the unconference row is locked, so two votes sent at
 * once cannot both pass the limit; the proposal's count is kept in the same transaction.
 */
export async function voteForProposal(services: Services, voter: { id: string }, event: EventView, proposalId: string, isVote: boolean): Promise<{ votesLeft: number }> {
  if (!/^[0-9a-f-]{36}$/i.test(proposalId)) throw notFound();
  return services.db.transaction(async (tx) => {
    const unconference = await requireUnconference(tx, event.id);
    if (unconference.state !== "proposals" && unconference.state !== "voting") throw conflict("events.unconference.error.voting_closed");
    const [proposal] = await tx.select({ id: eventProposals.id }).from(eventProposals).where(and(eq(eventProposals.id, proposalId), eq(eventProposals.eventId, event.id), eq(eventProposals.status, "published")));
    if (!proposal) throw notFound();
    const [used] = await tx.select({ count: sql<number>`count(*)::int`.mapWith(Number) }).from(eventProposalVotes).where(and(eq(eventProposalVotes.eventId, event.id), eq(eventProposalVotes.userId, voter.id)));
    let count = used?.count ?? 0;
    if (isVote) {
      const inserted = await tx.insert(eventProposalVotes).values({ proposalId, userId: voter.id, eventId: event.id, createdAt: services.clock.now() }).onConflictDoNothing().returning({ id: eventProposalVotes.proposalId });
      if (inserted.length) {
        if (count >= unconference.votesPerPerson) throw conflict("events.unconference.error.no_votes_left");
        await tx.update(eventProposals).set({ votes: sql`${eventProposals.votes} + 1` }).where(eq(eventProposals.id, proposalId));
        count++;
      }
    } else {
      const removed = await tx.delete(eventProposalVotes).where(and(eq(eventProposalVotes.proposalId, proposalId), eq(eventProposalVotes.userId, voter.id))).returning({ id: eventProposalVotes.proposalId });
      if (removed.length) {
        await tx.update(eventProposals).set({ votes: sql`greatest(${eventProposals.votes} - 1, 0)` }).where(eq(eventProposals.id, proposalId));
        count--;
      }
    }
    return { votesLeft: Math.max(0, unconference.votesPerPerson - count) };
  });
}
