import { DateTime } from "luxon";

/*
 * Suggests pairs between people who ask and people who offer — mentees and mentors in a programme, organisations
 * seeking and offering expertise, funding or data (issue 13) — for an organiser to confirm. One scorer explains
 * every pair (shared topics, languages, time-zone distance, a previous pairing), and one assignment picks the
 * pairs: as many askers matched as the offerers' capacities allow, and among those the greatest total score
 * (a min-cost flow, so a greedy first choice never leaves someone unmatched who could have been placed).
 */

export type MatchProfile = {
  id: string;
  /** What it is about: framework item keys, tags — compared as given (the caller normalises case). */
  topics: readonly string[];
  /** Languages one can work in (ISO 639-1); a pair must share at least one. */
  languages: readonly string[];
  /** IANA time zone, when known. */
  timeZone?: string;
  /** How many pairs this side can take (an offerer's free places; an asker usually 1). */
  capacity: number;
};

export type MatchWeights = {
  topics: number;
  languages: number;
  timeZone: number;
  /** Added when the two were paired before: negative to spread pairings, positive to continue them. */
  previousPairing: number;
};

export const DEFAULT_WEIGHTS: MatchWeights = { topics: 0.6, languages: 0.15, timeZone: 0.25, previousPairing: -0.2 };

/** Below this score a pair is not suggested. */
export const DEFAULT_MIN_SCORE = 0.3;

export type PairReasons = {
  sharedTopics: string[];
  sharedLanguages: string[];
  /** Hours between the two zones now (0–12), when both are known. */
  hoursApart?: number;
  pairedBefore: boolean;
};

export type ScoredPair = { askerId: string; offererId: string; score: number; reasons: PairReasons };

export type MatchOptions = {
  weights?: MatchWeights;
  minScore?: number;
  /** Pairs made before, as `${askerId}|${offererId}`. */
  previousPairs?: ReadonlySet<string>;
  /** The moment time-zone offsets are taken at (daylight saving moves them). */
  now: Date;
  /** Only each asker's best candidates enter the assignment (keeps it fast with many offerers). */
  candidatesPerAsker?: number;
  /** Pairs never to suggest (an organiser turned them down), as `${askerId}|${offererId}`. */
  excludedPairs?: ReadonlySet<string>;
};

export const pairKey = (askerId: string, offererId: string): string => `${askerId}|${offererId}`;

function offsetMinutes(zone: string | undefined, now: Date): number | undefined {
  if (!zone) return undefined;
  const moment = DateTime.fromJSDate(now, { zone });
  return moment.isValid ? moment.offset : undefined;
}

/** The score of one pair (0–1 before the previous-pairing term) and why; null when they share no language. */
export function scorePair(asker: MatchProfile, offerer: MatchProfile, options: MatchOptions): ScoredPair | null {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const sharedLanguages = asker.languages.filter((language) => offerer.languages.includes(language));
  if (sharedLanguages.length === 0) return null;
  const offered = new Set(offerer.topics);
  const sharedTopics = [...new Set(asker.topics)].filter((topic) => offered.has(topic));
  // the share of what the asker needs that the offerer covers: an offerer of many topics is not penalised
  const topicScore = asker.topics.length ? sharedTopics.length / new Set(asker.topics).size : 0;
  const languageScore = sharedLanguages.length / Math.max(1, new Set(asker.languages).size);
  const askerOffset = offsetMinutes(asker.timeZone, options.now);
  const offererOffset = offsetMinutes(offerer.timeZone, options.now);
  let hoursApart: number | undefined;
  let zoneScore = 0.5; // unknown: neither helps nor hurts much
  if (askerOffset !== undefined && offererOffset !== undefined) {
    const difference = Math.abs(askerOffset - offererOffset) / 60;
    hoursApart = Math.min(difference, 24 - difference);
    zoneScore = 1 - hoursApart / 12;
  }
  const pairedBefore = options.previousPairs?.has(pairKey(asker.id, offerer.id)) ?? false;
  const score = weights.topics * topicScore + weights.languages * languageScore + weights.timeZone * zoneScore + (pairedBefore ? weights.previousPairing : 0);
  return { askerId: asker.id, offererId: offerer.id, score: Math.round(score * 1000) / 1000, reasons: { sharedTopics, sharedLanguages, ...(hoursApart === undefined ? {} : { hoursApart }), pairedBefore } };
}

export type MatchResult = {
  pairs: ScoredPair[];
  /** Askers left without a pair, and why: nobody fits them at all, or those who fit are full. */
  unmatched: { askerId: string; reason: "no_candidate" | "no_capacity" }[];
};

/** Pairs for an organiser to confirm (see the file's comment). Deterministic: ties go by id. */
export function suggestMatches(askers: readonly MatchProfile[], offerers: readonly MatchProfile[], options: MatchOptions): MatchResult {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const perAsker = options.candidatesPerAsker ?? 12;
  const candidates = askers.map((asker) =>
    offerers
      .filter((offerer) => offerer.capacity > 0 && offerer.id !== asker.id && !options.excludedPairs?.has(pairKey(asker.id, offerer.id)))
      .flatMap((offerer) => scorePair(asker, offerer, options) ?? [])
      .filter((pair) => pair.score >= minScore)
      .sort((a, b) => b.score - a.score || a.offererId.localeCompare(b.offererId))
      .slice(0, perAsker),
  );

  // nodes: 0 source, 1..A askers, A+1..A+O offerers, last sink; costs are negated scores in thousandths
  const source = 0;
  const askerNode = (index: number) => 1 + index;
  const offererIndex = new Map(offerers.map((offerer, index) => [offerer.id, index]));
  const offererNode = (index: number) => 1 + askers.length + index;
  const sink = 1 + askers.length + offerers.length;
  const flow = new MinCostFlow(sink + 1);
  askers.forEach((asker, index) => flow.addEdge(source, askerNode(index), Math.max(0, asker.capacity), 0));
  offerers.forEach((offerer, index) => flow.addEdge(offererNode(index), sink, Math.max(0, offerer.capacity), 0));
  const pairEdges: { edge: number; pair: ScoredPair }[] = [];
  candidates.forEach((list, index) => {
    for (const pair of list) pairEdges.push({ edge: flow.addEdge(askerNode(index), offererNode(offererIndex.get(pair.offererId)!), 1, -Math.round(pair.score * 1000)), pair });
  });
  flow.run(source, sink);

  const pairs = pairEdges.filter(({ edge }) => flow.flowOn(edge) > 0).map(({ pair }) => pair);
  const matchedAskers = new Set(pairs.map((pair) => pair.askerId));
  const unmatched = askers
    .map((asker, index) => ({ asker, list: candidates[index]! }))
    .filter(({ asker }) => !matchedAskers.has(asker.id))
    .map(({ asker, list }) => ({ askerId: asker.id, reason: list.length ? ("no_capacity" as const) : ("no_candidate" as const) }));
  pairs.sort((a, b) => a.askerId.localeCompare(b.askerId) || b.score - a.score);
  return { pairs, unmatched };
}

/**
 * Successive shortest paths with Bellman–Ford (queue-based): the graph has negative costs (negated scores) and is
 * small (askers × a dozen candidates), so each augmentation is cheap. Pushes as much flow as possible, each unit
 * along the cheapest path, which gives the most pairs and, among those, the highest total score.
 */
class MinCostFlow {
  private readonly to: number[] = [];
  private readonly capacity: number[] = [];
  private readonly cost: number[] = [];
  private readonly adjacency: number[][];

  constructor(size: number) {
    this.adjacency = Array.from({ length: size }, () => []);
  }

  /** Adds an edge and its residual twin; returns the edge's index. */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const index = this.to.length;
    this.to.push(to, from);
    this.capacity.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.adjacency[from]!.push(index);
    this.adjacency[to]!.push(index + 1);
    return index;
  }

  flowOn(edge: number): number {
    return this.capacity[edge + 1]!;
  }

  run(source: number, sink: number): void {
    const size = this.adjacency.length;
    for (;;) {
      const distance = new Array<number>(size).fill(Infinity);
      const via = new Array<number>(size).fill(-1);
      const queued = new Array<boolean>(size).fill(false);
      distance[source] = 0;
      const queue = [source];
      queued[source] = true;
      while (queue.length) {
        const node = queue.shift()!;
        queued[node] = false;
        for (const edge of this.adjacency[node]!) {
          if (this.capacity[edge]! <= 0) continue;
          const next = this.to[edge]!;
          const candidate = distance[node]! + this.cost[edge]!;
          if (candidate < distance[next]!) {
            distance[next] = candidate;
            via[next] = edge;
            if (!queued[next]) {
              queued[next] = true;
              queue.push(next);
            }
          }
        }
      }
      if (distance[sink] === Infinity) return;
      // every path here carries one unit at a time: asker→offerer edges have capacity 1
      let bottleneck = Infinity;
      for (let node = sink; node !== source; node = this.to[via[node]! ^ 1]!) bottleneck = Math.min(bottleneck, this.capacity[via[node]!]!);
      for (let node = sink; node !== source; node = this.to[via[node]! ^ 1]!) {
        this.capacity[via[node]!] -= bottleneck;
        this.capacity[via[node]! ^ 1] += bottleneck;
      }
    }
  }
}
