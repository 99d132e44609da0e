import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pairKey, scorePair, suggestMatches, type MatchProfile } from "./matcher";

const now = new Date("2026-07-01T12:00:00Z");
const person = (id: string, topics: string[], languages: string[], capacity = 1, timeZone?: string): MatchProfile => ({ id, topics, languages, capacity, ...(timeZone ? { timeZone } : {}) });

describe("matching askers with offerers", () => {
  test("the assignment gives up a first choice when that places one more asker", () => {
    // a greedy pass would give mentor m1 to a (their best) and leave b, who only fits m1, with nobody
    const askers = [person("a", ["water", "law"], ["ru"]), person("b", ["water"], ["en"])];
    const offerers = [person("m1", ["water", "law"], ["ru", "en"]), person("m2", ["law"], ["ru"])];
    const result = suggestMatches(askers, offerers, { now });
    assert.deepEqual(result.pairs.map((pair) => pair.askerId + pair.offererId), ["am2", "bm1"]);
    assert.deepEqual(result.unmatched, []);
  });

  test("no shared language, no pair; a full offerer leaves the rest unmatched, saying why", () => {
    const askers = [person("a", ["water"], ["ru"]), person("b", ["water"], ["ru"]), person("c", ["water"], ["fr"])];
    const offerers = [person("m", ["water"], ["ru", "en"], 1)];
    const result = suggestMatches(askers, offerers, { now });
    assert.equal(result.pairs.length, 1);
    assert.deepEqual(result.unmatched.sort((x, y) => x.askerId.localeCompare(y.askerId)), [
      { askerId: result.pairs[0]!.askerId === "a" ? "b" : "a", reason: "no_capacity" },
      { askerId: "c", reason: "no_candidate" },
    ]);
    assert.equal(scorePair(askers[2]!, offerers[0]!, { now }), null);
  });

  test("an offerer takes at most their capacity", () => {
    const askers = ["a", "b", "c", "d"].map((id) => person(id, ["forests"], ["en"]));
    const result = suggestMatches(askers, [person("m", ["forests"], ["en"], 2), person("n", ["forests"], ["en"], 1)], { now });
    const perOfferer = new Map<string, number>();
    for (const pair of result.pairs) perOfferer.set(pair.offererId, (perOfferer.get(pair.offererId) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(perOfferer), { m: 2, n: 1 });
    assert.equal(result.unmatched.length, 1);
  });

  test("time zones count by their offset on the day (daylight saving moves New York, not Almaty)", () => {
    const asker = person("a", ["water"], ["en"], 1, "Asia/Almaty");
    const offerer = person("m", ["water"], ["en"], 1, "America/New_York");
    const summer = scorePair(asker, offerer, { now })!;
    const winter = scorePair(asker, offerer, { now: new Date("2026-01-15T12:00:00Z") })!;
    assert.equal(summer.reasons.hoursApart, 9);
    assert.equal(winter.reasons.hoursApart, 10);
    assert.ok(summer.score > winter.score);
    const near = scorePair(asker, person("n", ["water"], ["en"], 1, "Asia/Tashkent"), { now })!;
    assert.equal(near.reasons.hoursApart, 0);
    assert.ok(near.score > summer.score);
  });

  test("a previous pairing is spread by default: an equally good other offerer is preferred", () => {
    const askers = [person("a", ["water"], ["en"])];
    const offerers = [person("m", ["water"], ["en"]), person("n", ["water"], ["en"])];
    assert.equal(suggestMatches(askers, offerers, { now, previousPairs: new Set([pairKey("a", "m")]) }).pairs[0]!.offererId, "n");
    assert.equal(suggestMatches(askers, offerers, { now, previousPairs: new Set([pairKey("a", "n")]) }).pairs[0]!.offererId, "m");
    const reasons = scorePair(askers[0]!, offerers[0]!, { now, previousPairs: new Set([pairKey("a", "m")]) })!.reasons;
    assert.deepEqual(reasons, { sharedTopics: ["water"], sharedLanguages: ["en"], pairedBefore: true });
  });

  test("on 200 random small cases the pairs are as many as possible and, among those, of the highest total score", () => {
    let state = 7;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const topics = ["water", "law", "data", "funding"];
    const languages = ["en", "ru", "fr"];
    const pick = <T>(from: T[]) => from.filter(() => next() < 0.5);
    for (let run = 0; run < 200; run += 1) {
      const askers = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, index) => person(`a${index}`, pick(topics), [languages[Math.floor(next() * 3)]!]));
      const offerers = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, index) => person(`m${index}`, pick(topics), pick(languages), 1 + Math.floor(next() * 2)));
      const result = suggestMatches(askers, offerers, { now, minScore: 0 });
      // brute force: every way to give each asker one offerer or none, within capacities
      let best = { count: -1, total: -Infinity };
      const choose = (index: number, used: Map<string, number>, count: number, total: number) => {
        if (index === askers.length) {
          if (count > best.count || (count === best.count && total > best.total + 1e-9)) best = { count, total };
          return;
        }
        choose(index + 1, used, count, total);
        for (const offerer of offerers) {
          const scored = scorePair(askers[index]!, offerer, { now });
          if (!scored || (used.get(offerer.id) ?? 0) >= offerer.capacity) continue;
          used.set(offerer.id, (used.get(offerer.id) ?? 0) + 1);
          choose(index + 1, used, count + 1, total + scored.score);
          used.set(offerer.id, used.get(offerer.id)! - 1);
        }
      };
      choose(0, new Map(), 0, 0);
      const total = result.pairs.reduce((sum, pair) => sum + pair.score, 0);
      assert.equal(result.pairs.length, best.count, `run ${run}: count`);
      assert.ok(Math.abs(total - best.total) < 1e-6, `run ${run}: total ${total} against ${best.total}`);
    }
  });
});
