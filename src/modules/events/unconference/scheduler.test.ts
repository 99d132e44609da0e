import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildSchedule, measureSchedule, seededRandom, type SchedulerInput, type SchedulerProposal, type ScheduleResult } from "./scheduler";

// Fixtures with a known best schedule, impossible constraints, and small random inputs checked against an
// exhaustive search written independently of the scheduler (it only knows the rules, not the method).

const voters = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const proposal = (id: string, who: string[], extra: Partial<SchedulerProposal> = {}): SchedulerProposal => ({ id, voters: who, hostId: null, availableSlotIds: [], preferredSlotIds: [], ...extra });
const where = (result: ScheduleResult, id: string) => result.placements.find((placement) => placement.proposalId === id);

/** Every proposal comes back exactly once: placed or explained. */
function assertNothingLost(input: SchedulerInput, result: ScheduleResult): void {
  const seen = [...result.placements.map((p) => p.proposalId), ...result.unplaced.map((u) => u.proposalId)].sort();
  assert.deepEqual(seen, input.proposals.map((p) => p.id).sort());
  const cells = result.placements.map((p) => `${p.slotId}/${p.roomId}`);
  assert.equal(new Set(cells).size, cells.length, "one session per room and slot");
}

/** Hard rules: hosts only where available, never twice in one slot. */
function assertHostsRespected(input: SchedulerInput, result: ScheduleResult): void {
  const hostSlots = new Set<string>();
  for (const placement of result.placements) {
    if (placement.isPinned) continue;
    const p = input.proposals.find((candidate) => candidate.id === placement.proposalId)!;
    if (p.availableSlotIds.length) assert.ok(p.availableSlotIds.includes(placement.slotId), `${p.id} placed where its host cannot be`);
    if (p.hostId) {
      const key = `${p.hostId}@${placement.slotId}`;
      assert.ok(!hostSlots.has(key), `${p.hostId} twice in ${placement.slotId}`);
      hostSlots.add(key);
    }
  }
}

describe("unconference scheduler", () => {
  it("gives the biggest interest the biggest room", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }],
      rooms: [{ id: "small", capacity: 10 }, { id: "big", capacity: 50 }, { id: "mid", capacity: 20 }],
      proposals: [proposal("c", voters("c", 5)), proposal("a", voters("a", 30)), proposal("b", voters("b", 15))],
    };
    const result = buildSchedule(input);
    assert.equal(where(result, "a")?.roomId, "big");
    assert.equal(where(result, "b")?.roomId, "mid");
    assert.equal(where(result, "c")?.roomId, "small");
    assert.equal(result.quality.overflow, 0);
    assertNothingLost(input, result);
  });

  it("spreads the most voted sessions over slots so each gets a biggest room", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "big", capacity: 40 }, { id: "small", capacity: 10 }],
      proposals: [proposal("a", voters("a", 35)), proposal("b", voters("b", 30)), proposal("c", voters("c", 8)), proposal("d", voters("d", 6))],
    };
    const result = buildSchedule(input);
    assert.equal(where(result, "a")?.roomId, "big");
    assert.equal(where(result, "b")?.roomId, "big");
    assert.notEqual(where(result, "a")?.slotId, where(result, "b")?.slotId);
    assert.equal(result.quality.overflow, 0);
  });

  it("keeps sessions that share voters apart (known best: no voter torn)", () => {
    // a–b share 12 voters, c–d share 12; a–c and b–d share 2. The only conflict-free schedules pair a with d
    // and b with c (or a with c is worse: 2 torn). Best: {a, d} and {b, c}.
    const shared = voters("ab", 12);
    const cd = voters("cd", 12);
    const ac = voters("ac", 2);
    const bd = voters("bd", 2);
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "r1", capacity: 100 }, { id: "r2", capacity: 100 }],
      proposals: [
        proposal("a", [...shared, ...ac, "x1"]),
        proposal("b", [...shared, ...bd, "x2"]),
        proposal("c", [...cd, ...ac]),
        proposal("d", [...cd, ...bd]),
      ],
    };
    const result = buildSchedule(input);
    assert.equal(where(result, "a")?.slotId, where(result, "d")?.slotId);
    assert.equal(where(result, "b")?.slotId, where(result, "c")?.slotId);
    assert.equal(result.quality.conflicts, 0);
    assert.equal(result.quality.votesWithoutConflict, result.quality.totalVotes);
  });

  it("respects host availability and never books a host twice at once", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }, { id: "s3" }],
      rooms: [{ id: "r1", capacity: 30 }, { id: "r2", capacity: 30 }],
      proposals: [
        proposal("late", voters("l", 20), { hostId: "h1", availableSlotIds: ["s3"] }),
        proposal("h2-a", voters("p", 10), { hostId: "h2" }),
        proposal("h2-b", voters("q", 9), { hostId: "h2" }),
        proposal("h2-c", voters("r", 8), { hostId: "h2", availableSlotIds: ["s1", "s2"] }),
        proposal("pref", voters("t", 3), { preferredSlotIds: ["s2"] }),
      ],
    };
    const result = buildSchedule(input);
    assert.equal(where(result, "late")?.slotId, "s3");
    assert.ok(["s1", "s2"].includes(where(result, "h2-c")!.slotId));
    assert.equal(new Set(["h2-a", "h2-b", "h2-c"].map((id) => where(result, id)?.slotId)).size, 3);
    assert.equal(where(result, "pref")?.slotId, "s2");
    assertHostsRespected(input, result);
    assertNothingLost(input, result);
  });

  it("keeps pinned placements and schedules the rest around them", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "big", capacity: 40 }, { id: "small", capacity: 10 }],
      proposals: [proposal("quiet", voters("q", 2)), proposal("loud", voters("l", 30)), proposal("mid", voters("m", 20))],
      pins: [{ proposalId: "quiet", slotId: "s1", roomId: "big" }],
    };
    const result = buildSchedule(input);
    assert.deepEqual(where(result, "quiet"), { proposalId: "quiet", slotId: "s1", roomId: "big", isPinned: true });
    // s2's big room is the only big room left: the loudest takes it.
    assert.deepEqual([where(result, "loud")?.slotId, where(result, "loud")?.roomId], ["s2", "big"]);
    assert.equal(where(result, "loud")?.isPinned, false);
    assertNothingLost(input, result);
  });

  it("explains what cannot be placed and loses nothing", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "r1", capacity: 20 }],
      proposals: [
        proposal("gone-slot", voters("g", 50), { availableSlotIds: ["s-deleted"] }),
        proposal("top", voters("t", 10)),
        proposal("second", voters("u", 9)),
        proposal("third", voters("v", 1)),
      ],
    };
    const result = buildSchedule(input);
    assert.deepEqual(
      result.unplaced.map((u) => [u.proposalId, u.reason]).sort(),
      [["gone-slot", "host_unavailable"], ["third", "no_free_room"]],
    );
    assert.ok(where(result, "top") && where(result, "second"));
    assertNothingLost(input, result);

    const busy: SchedulerInput = {
      slots: [{ id: "s1" }],
      rooms: [{ id: "r1", capacity: 20 }, { id: "r2", capacity: 20 }],
      proposals: [proposal("one", voters("a", 5), { hostId: "h" }), proposal("two", voters("b", 4), { hostId: "h" })],
    };
    const busyResult = buildSchedule(busy);
    assert.deepEqual(busyResult.unplaced.map((u) => [u.proposalId, u.reason]), [["two", "host_busy"]]);
    assertNothingLost(busy, busyResult);

    const empty: SchedulerInput = { slots: [], rooms: [{ id: "r1", capacity: 5 }], proposals: [proposal("lonely", ["x"])] };
    assert.deepEqual(buildSchedule(empty).unplaced, [{ proposalId: "lonely", reason: "no_cells", votes: 1 }]);
  });

  it("reports pins it cannot keep and still schedules their proposals", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "r1", capacity: 20 }],
      proposals: [proposal("a", ["x"], { hostId: "h", availableSlotIds: ["s2"] }), proposal("b", ["y"]), proposal("c", ["z"])],
      pins: [
        { proposalId: "a", slotId: "s1", roomId: "r1" },
        { proposalId: "b", slotId: "s1", roomId: "r1" },
        { proposalId: "c", slotId: "s9", roomId: "r1" },
        { proposalId: "withdrawn", slotId: "s2", roomId: "r1" },
      ],
    };
    const result = buildSchedule(input);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.proposalId]).sort(),
      [["pin_cell_taken", "b"], ["pin_host_unavailable", "a"], ["pin_unknown_cell", "c"], ["pin_unknown_proposal", "withdrawn"]],
    );
    assert.deepEqual(where(result, "a"), { proposalId: "a", slotId: "s1", roomId: "r1", isPinned: true });
    assert.equal(result.placements.length + result.unplaced.length, 3);
    assertNothingLost(input, result);
  });

  it("is deterministic", () => {
    const input = randomInput(7, 20, 4, 3);
    assert.deepEqual(buildSchedule(input), buildSchedule(input));
  });

  it("matches an exhaustive search on small random inputs (votes placed, then voters torn)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomInput(seed, 7, 3, 2);
      const result = buildSchedule(input);
      assertNothingLost(input, result);
      assertHostsRespected(input, result);
      const best = exhaustiveBest(input);
      const ours = { placed: result.quality.placedVotes, torn: tornPairs(input, result.placements) };
      assert.deepEqual(ours, best, `seed ${seed}`);
    }
  });

  it("measures any schedule: votes that land without a conflict", () => {
    const input: SchedulerInput = {
      slots: [{ id: "s1" }, { id: "s2" }],
      rooms: [{ id: "r", capacity: 1 }, { id: "q", capacity: 5 }],
      proposals: [proposal("a", ["u", "v"]), proposal("b", ["u"]), proposal("c", ["w"])],
    };
    const quality = measureSchedule(input, [
      { proposalId: "a", slotId: "s1", roomId: "r" },
      { proposalId: "b", slotId: "s1", roomId: "q" },
    ]);
    assert.deepEqual(quality, { totalVotes: 4, placedVotes: 3, votesWithoutConflict: 1, conflicts: 1, overflow: 1, cost: 0 });
  });
});

/** Proposals with random voters (from a small crowd, so they overlap), some hosts sharing proposals, some limits. */
function randomInput(seed: number, proposals: number, slots: number, rooms: number): SchedulerInput {
  const next = seededRandom(seed);
  const slotList = Array.from({ length: slots }, (_, i) => ({ id: `s${i}` }));
  const crowd = voters("u", 12);
  return {
    slots: slotList,
    rooms: Array.from({ length: rooms }, (_, i) => ({ id: `r${i}`, capacity: 1000 })),
    proposals: Array.from({ length: proposals }, (_, i) => {
      const who = crowd.filter(() => next() < 0.3);
      const hostId = next() < 0.5 ? `h${Math.floor(next() * 3)}` : null;
      const availableSlotIds = next() < 0.4 ? slotList.filter(() => next() < 0.5).map((s) => s.id) : [];
      return proposal(`p${i}`, who, { hostId, availableSlotIds });
    }),
  };
}

/** Voter pairs torn between two of their choices in one slot (counted per pair of sessions). */
function tornPairs(input: SchedulerInput, placements: readonly { proposalId: string; slotId: string }[]): number {
  let torn = 0;
  for (let i = 0; i < placements.length; i++)
    for (let j = i + 1; j < placements.length; j++) {
      if (placements[i]!.slotId !== placements[j]!.slotId) continue;
      const a = new Set(input.proposals.find((p) => p.id === placements[i]!.proposalId)!.voters);
      torn += input.proposals.find((p) => p.id === placements[j]!.proposalId)!.voters.filter((v) => a.has(v)).length;
    }
  return torn;
}

/** The best (most votes placed, then fewest torn voters) over every assignment of proposals to slots or none. */
function exhaustiveBest(input: SchedulerInput): { placed: number; torn: number } {
  const rooms = input.rooms.length;
  let best = { placed: -1, torn: Infinity };
  const slotOf: number[] = [];
  const walk = (index: number) => {
    if (index === input.proposals.length) {
      const placements = slotOf.flatMap((slot, i) => (slot < 0 ? [] : [{ proposalId: input.proposals[i]!.id, slotId: input.slots[slot]!.id }]));
      const placed = placements.reduce((sum, p) => sum + new Set(input.proposals.find((q) => q.id === p.proposalId)!.voters).size, 0);
      const torn = tornPairs(input, placements);
      if (placed > best.placed || (placed === best.placed && torn < best.torn)) best = { placed, torn };
      return;
    }
    const p = input.proposals[index]!;
    for (let slot = -1; slot < input.slots.length; slot++) {
      if (slot >= 0) {
        if (p.availableSlotIds.length && !p.availableSlotIds.includes(input.slots[slot]!.id)) continue;
        const inSlot = slotOf.filter((s) => s === slot).length;
        if (inSlot >= rooms) continue;
        if (p.hostId && slotOf.some((s, i) => s === slot && input.proposals[i]!.hostId === p.hostId)) continue;
      }
      slotOf.push(slot);
      walk(index + 1);
      slotOf.pop();
    }
  };
  walk(0);
  return best;
}
