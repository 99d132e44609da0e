import type { Database } from "../../db/client";
import { pairKey, scorePair, suggestMatches, type MatchOptions, type MatchProfile, type ScoredPair } from "../../platform/matching/matcher";
import { listMentors, listWaitingMentees, pairingHistory, type MenteeView, type MentorView } from "./queries";

/**
 * What the matcher compares: framework items as `item:<id>` and free tags as `tag:<text>` (tags are stored lower
 * case), languages, the IANA zone; a mentor's capacity is what is left of it (capacity − active pairs).
 */
export function menteeProfile(mentee: Pick<MenteeView, "id" | "itemIds" | "tags" | "languages" | "timeZone">): MatchProfile {
  return { id: mentee.id, topics: [...mentee.itemIds.map((id) => `item:${id}`), ...mentee.tags.map((tag) => `tag:${tag}`)], languages: mentee.languages, timeZone: mentee.timeZone, capacity: 1 };
}

export function mentorProfile(mentor: Pick<MentorView, "id" | "itemIds" | "tags" | "languages" | "timeZone" | "capacity" | "activePairs">): MatchProfile {
  return {
    id: mentor.id, topics: [...mentor.itemIds.map((id) => `item:${id}`), ...mentor.tags.map((tag) => `tag:${tag}`)], languages: mentor.languages, timeZone: mentor.timeZone,
    capacity: Math.max(0, mentor.capacity - mentor.activePairs),
  };
}

export type MenteeSuggestion = {
  mentee: MenteeView;
  /** The assignment's pick for this mentee, if any. */
  suggested: ScoredPair | null;
  /** Other candidates with free places, best first (the suggested one excluded), with their explained scores. */
  alternatives: ScoredPair[];
  /** Why there is no suggestion: nobody shares a language or enough topics, or those who fit are full. */
  reason: "no_candidate" | "no_capacity" | null;
};

const ALTERNATIVES = 3;

/**
 * Mentoring suggests a pair only when the two share a topic: without one the matcher's score is at most 0.4
 * (language 0.15 + time zone 0.25), so this floor keeps out pairs that merely live in the same zone. Organisers
 * can still pair anyone who shares a language by hand.
 */
export const MENTORING_MIN_SCORE = 0.45;

/**
 * Suggestions for the organisers' page: one assignment over every waiting mentee and every open mentor with a free
 * place (the platform matcher: as many mentees placed as capacities allow, then the highest total score), plus each
 * mentee's next best candidates (sharing at least a topic, see MENTORING_MIN_SCORE). A mentor and mentee paired before score lower (the matcher's previous-pairing
 * weight) and are marked; a suggestion an organiser rejected is never made again. Mentors and mentees who share no
 * language are never suggested (scorePair gives them no score).
 */
export async function mentoringSuggestions(db: Database, spaceId: string, now: Date): Promise<{ suggestions: MenteeSuggestion[]; mentors: MentorView[] }> {
  const [mentees, mentors, history] = await Promise.all([listWaitingMentees(db, spaceId), listMentors(db, spaceId), pairingHistory(db, spaceId)]);
  const open = mentors.filter((mentor) => mentor.status === "open");
  const options: MatchOptions = {
    now,
    minScore: MENTORING_MIN_SCORE,
    previousPairs: new Set(history.previous.map((pair) => pairKey(pair.menteeId, pair.mentorId))),
    excludedPairs: new Set(history.rejected.map((pair) => pairKey(pair.menteeId, pair.mentorId))),
  };
  const offerers = open.map(mentorProfile);
  const result = suggestMatches(mentees.map(menteeProfile), offerers, options);
  const chosen = new Map(result.pairs.map((pair) => [pair.askerId, pair]));
  const reasons = new Map(result.unmatched.map((entry) => [entry.askerId, entry.reason]));
  const suggestions = mentees.map((mentee) => {
    const asker = menteeProfile(mentee);
    const suggested = chosen.get(mentee.id) ?? null;
    const alternatives = offerers
      .filter((offerer) => offerer.capacity > 0 && offerer.id !== suggested?.offererId && !options.excludedPairs!.has(pairKey(mentee.id, offerer.id)))
      .flatMap((offerer) => scorePair(asker, offerer, options) ?? [])
      .filter((pair) => pair.score >= MENTORING_MIN_SCORE)
      .sort((a, b) => b.score - a.score || a.offererId.localeCompare(b.offererId))
      .slice(0, ALTERNATIVES);
    return { mentee, suggested, alternatives, reason: suggested ? null : (reasons.get(mentee.id) ?? "no_candidate") };
  });
  return { suggestions, mentors };
}

/** One pair's explained score now (for confirming a pair an organiser picked by hand), or null without a shared language. */
export function explainPair(mentee: MenteeView, mentor: MentorView, previousPairs: ReadonlySet<string>, now: Date): ScoredPair | null {
  return scorePair(menteeProfile(mentee), mentorProfile(mentor), { now, previousPairs });
}
