import { DEFAULT_MIN_SCORE, scorePair, suggestMatches, type MatchProfile, type ScoredPair } from "../../platform/matching/matcher";
import type { PostView } from "./queries";
import { PARTNERSHIP_KINDS, type PartnershipKind } from "./schema";

/*
 * Offers and needs through the shared matcher (platform/matching): a need is the asker, an offer the offerer.
 * What a post is about is one list of topics the matcher compares — its framework targets, its countries
 * (`country:KZ`) and its kind (`kind:funding`) — and the languages it can be discussed in. Kinds are compatible
 * when they are the same, or when either side says "other" (an offer of "other" lists every kind; every offer
 * lists `kind:other`, so a need of "other" finds offers of any kind). The matcher's share of the asker's topics
 * covered then reads "the offer covers the need's targets, countries and kind".
 */

/** How many pairs one offer is shown in at once among the suggested pairs of the browse page. */
export const OFFER_CAPACITY = 3;
/** Suggestions shown on one post's page. */
export const SUGGESTIONS_SHOWN = 5;

const kindTopic = (kind: PartnershipKind) => `kind:${kind}`;

function topicsOf(post: PostView): string[] {
  const kinds = post.side === "offer" ? (post.kind === "other" ? [...PARTNERSHIP_KINDS] : [post.kind, "other" as const]) : [post.kind];
  return [...post.targetIds, ...post.countries.map((code) => `country:${code}`), ...kinds.map(kindTopic)];
}

/** A post as the matcher sees it; needs take one pair, offers up to OFFER_CAPACITY. */
export function matchProfile(post: PostView): MatchProfile {
  return { id: post.id, topics: topicsOf(post), languages: post.languages, capacity: post.side === "offer" ? OFFER_CAPACITY : 1 };
}

/** Why a pair is suggested, in the post's own terms. */
export type Explanation = { sharedTargets: string[]; sharedCountries: string[]; sharedLanguages: string[]; isKindCompatible: boolean };

export function explain(pair: ScoredPair): Explanation {
  const topics = pair.reasons.sharedTopics;
  return {
    sharedTargets: topics.filter((topic) => !topic.startsWith("country:") && !topic.startsWith("kind:")),
    sharedCountries: topics.filter((topic) => topic.startsWith("country:")).map((topic) => topic.slice("country:".length)),
    sharedLanguages: pair.reasons.sharedLanguages,
    isKindCompatible: topics.some((topic) => topic.startsWith("kind:")),
  };
}

export type Suggestion = { post: PostView; score: number; explanation: Explanation };

/**
 * The other side's posts that fit one post, best first (scorePair on each; below the matcher's minimum score or
 * with no shared language they are left out). Posts of the same organisation are not suggested to it.
 */
export function suggestionsFor(post: PostView, others: readonly PostView[], now: Date, limit = SUGGESTIONS_SHOWN): Suggestion[] {
  const self = matchProfile(post);
  return others
    .filter((other) => other.side !== post.side && other.organisationId !== post.organisationId)
    .flatMap((other) => {
      const profile = matchProfile(other);
      const pair = post.side === "need" ? scorePair(self, profile, { now }) : scorePair(profile, self, { now });
      return pair && pair.score >= DEFAULT_MIN_SCORE ? [{ post: other, score: pair.score, explanation: explain(pair) }] : [];
    })
    .sort((a, b) => b.score - a.score || a.post.id.localeCompare(b.post.id))
    .slice(0, limit);
}

export type SuggestedPair = { need: PostView; offer: PostView; score: number; explanation: Explanation };

/**
 * The space's suggested pairs (suggestMatches): as many needs placed as offers' capacities allow, with the highest
 * total score; an organisation's need is never paired with its own offer.
 */
export function suggestedPairs(needs: readonly PostView[], offers: readonly PostView[], now: Date): SuggestedPair[] {
  const byId = new Map([...needs, ...offers].map((post) => [post.id, post]));
  const owner = (id: string) => byId.get(id)!.organisationId;
  const result = suggestMatches(needs.map(matchProfile), offers.map(matchProfile), { now });
  return result.pairs
    .filter((pair) => owner(pair.askerId) !== owner(pair.offererId))
    .map((pair) => ({ need: byId.get(pair.askerId)!, offer: byId.get(pair.offererId)!, score: pair.score, explanation: explain(pair) }));
}
