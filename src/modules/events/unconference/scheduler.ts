// The unconference scheduler: a pure function from proposals, votes, rooms × slots and pins to a schedule.
//
// Hard rules (never broken): one proposal per room and slot; a proposal at most once; a host only in the slots
// they said they can make (an empty list = any slot) and never in two rooms at once; pinned placements are kept
// as the organisers set them. Wishes, weighed in this order: place as many votes as possible (a proposal left
// out costs more than anything else); sessions that share voters in different slots (every voter who would have
// to choose between two sessions in one slot counts); the most voted session of a slot in its biggest room (and
// fewer people than seats); the host's preferred slots.
//
// How: proposals in descending order of votes are placed greedily, each in the slot where it costs least; then a
// local search moves, swaps and exchanges (placed ↔ left out) while any move lowers the cost. Within a slot the
// rooms go by size to the sessions by votes, which is the best room assignment for a given slot (a convex cost
// of the overflow, so sorted matching is optimal). Deterministic: the same input gives the same schedule.
//
// Nothing is lost: every proposal comes back either placed or in `unplaced` with a reason a person can read,
// and pins that cannot be kept (two in one cell, a removed room or slot) come back in `problems`.

export type SchedulerSlot = { id: string };
export type SchedulerRoom = { id: string; capacity: number };
export type SchedulerProposal = {
  id: string;
  /** Who voted for it (user ids); its interest is their number. */
  voters: readonly string[];
  hostId: string | null;
  /** Slots the host can make; empty = any. */
  availableSlotIds: readonly string[];
  /** Slots the host prefers among those; empty = no preference. */
  preferredSlotIds: readonly string[];
};
export type SchedulerPin = { proposalId: string; slotId: string; roomId: string };
export type SchedulerInput = {
  slots: readonly SchedulerSlot[];
  rooms: readonly SchedulerRoom[];
  proposals: readonly SchedulerProposal[];
  pins?: readonly SchedulerPin[];
  /** How many times to start the search (the first from the most voted down, the rest shuffled). */
  starts?: number;
};

export type Placement = { proposalId: string; slotId: string; roomId: string; isPinned: boolean };

/**
 * Why a proposal was left out. no_cells: there are no rooms or no slots at all. host_unavailable: none of the
 * host's available slots exists. host_busy: the host leads other sessions in every slot they can make.
 * no_free_room: every room in the slots the host can make holds a session with at least as many votes (or a pin).
 */
export type UnplacedReason = "no_cells" | "host_unavailable" | "host_busy" | "no_free_room";
export type Unplaced = { proposalId: string; reason: UnplacedReason; votes: number };

/**
 * A pin that could not be kept as it is. pin_unknown_cell: its room or slot no longer exists (the proposal was
 * scheduled like any other). pin_cell_taken: another pin holds that room and slot (same). pin_unknown_proposal:
 * the proposal is not among those to schedule (withdrawn or hidden): the pin is dropped. pin_host_unavailable and
 * pin_host_double_booked: kept, because organisers decided so, but flagged.
 */
export type ScheduleProblemCode = "pin_unknown_cell" | "pin_cell_taken" | "pin_unknown_proposal" | "pin_host_unavailable" | "pin_host_double_booked";
export type ScheduleProblem = { code: ScheduleProblemCode; proposalId: string; slotId: string; roomId: string };

export type ScheduleQuality = {
  /** Votes in total (every voter × proposal they voted for). */
  totalVotes: number;
  /** Votes for proposals that were placed. */
  placedVotes: number;
  /** Votes for placed proposals whose voter voted for no other proposal in the same slot. */
  votesWithoutConflict: number;
  /** Pairs (voter, slot) where the voter has two or more of their choices at once, counted per extra choice. */
  conflicts: number;
  /** People over the room's capacity, summed over sessions (votes − capacity when positive). */
  overflow: number;
  /** The scheduler's own cost: lower is better (comparable between schedules of one input). */
  cost: number;
};

export type ScheduleResult = { placements: Placement[]; unplaced: Unplaced[]; problems: ScheduleProblem[]; quality: ScheduleQuality };

/** The weights of the cost. Leaving a vote out dominates; then a voter torn between two sessions; then room fit. */
export const SCHEDULE_WEIGHTS = { unplacedPerVote: 1000, unplacedEach: 100, conflict: 20, overflow: 3, biggerRoomFirst: 1, notPreferred: 1 } as const;

type Item = {
  index: number;
  id: string;
  votes: number;
  hostId: string | null;
  allowed: Set<number>;
  preferred: Set<number>;
};

type State = {
  /** proposal index → slot index, or -1 when left out */
  slotOf: Int32Array;
  /** slot index → the non-pinned proposal indices in it */
  members: number[][];
  slotCost: number[];
};

/** Builds a schedule; see the file's header for the rules and the method. */
export function buildSchedule(input: SchedulerInput): ScheduleResult {
  const slotIndex = new Map(input.slots.map((slot, index) => [slot.id, index]));
  const roomIndex = new Map(input.rooms.map((room, index) => [room.id, index]));
  const items: Item[] = input.proposals.map((proposal, index) => {
    const known = proposal.availableSlotIds.filter((id) => slotIndex.has(id)).map((id) => slotIndex.get(id)!);
    const allowed = proposal.availableSlotIds.length === 0 ? new Set(input.slots.map((_, i) => i)) : new Set(known);
    const preferred = new Set(proposal.preferredSlotIds.filter((id) => slotIndex.has(id)).map((id) => slotIndex.get(id)!).filter((i) => allowed.has(i)));
    return { index, id: proposal.id, votes: new Set(proposal.voters).size, hostId: proposal.hostId, allowed, preferred };
  });
  const itemById = new Map(items.map((item) => [item.id, item]));

  // Shared voters between every two proposals (sparse: only pairs that share someone).
  const shared = sharedVoters(input.proposals);
  const count = items.length;
  const overlap = (a: number, b: number): number => shared[a * count + b]!;

  // Pins first: they are kept as set, unless they cannot be (reported, and the proposal scheduled normally).
  const problems: ScheduleProblem[] = [];
  const pinnedAt = new Map<number, { slot: number; room: number }>();
  const takenCells = new Set<string>();
  for (const pin of input.pins ?? []) {
    const item = itemById.get(pin.proposalId);
    const problem = (code: ScheduleProblemCode) => problems.push({ code, proposalId: pin.proposalId, slotId: pin.slotId, roomId: pin.roomId });
    if (!item) { problem("pin_unknown_proposal"); continue; }
    if (pinnedAt.has(item.index)) continue;
    const slot = slotIndex.get(pin.slotId);
    const room = roomIndex.get(pin.roomId);
    if (slot === undefined || room === undefined) { problem("pin_unknown_cell"); continue; }
    if (takenCells.has(`${slot}:${room}`)) { problem("pin_cell_taken"); continue; }
    takenCells.add(`${slot}:${room}`);
    pinnedAt.set(item.index, { slot, room });
    if (!item.allowed.has(slot)) problem("pin_host_unavailable");
  }
  // Per slot: the rooms left for the scheduler (biggest first), the pinned proposals, hosts already busy.
  const freeRooms: number[][] = input.slots.map((_, slot) =>
    input.rooms.map((_, room) => room).filter((room) => !takenCells.has(`${slot}:${room}`)).sort((a, b) => input.rooms[b]!.capacity - input.rooms[a]!.capacity || a - b),
  );
  const pinnedIn: number[][] = input.slots.map(() => []);
  const hostBusy: Map<string, number>[] = input.slots.map(() => new Map());
  for (const [index, cell] of pinnedAt) {
    pinnedIn[cell.slot]!.push(index);
    const host = items[index]!.hostId;
    if (host) {
      const count = (hostBusy[cell.slot]!.get(host) ?? 0) + 1;
      hostBusy[cell.slot]!.set(host, count);
      if (count === 2) {
        const pin = input.pins!.find((p) => p.proposalId === items[index]!.id)!;
        problems.push({ code: "pin_host_double_booked", proposalId: pin.proposalId, slotId: pin.slotId, roomId: pin.roomId });
      }
    }
  }

  const capacities = input.rooms.map((room) => room.capacity);
  const pinnedOverflow = input.slots.map(() => 0);
  for (const [index, cell] of pinnedAt) pinnedOverflow[cell.slot]! += SCHEDULE_WEIGHTS.overflow * Math.max(0, items[index]!.votes - capacities[cell.room]!);
  /** The cost of one slot: voters torn between its sessions, overflow of the sorted room assignment, preferences. */
  const costOfSlot = (slot: number, members: readonly number[]): number => {
    let cost = 0;
    const all = [...pinnedIn[slot]!, ...members];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) cost += SCHEDULE_WEIGHTS.conflict * overlap(all[i]!, all[j]!);
    const byVotes = [...members].sort((a, b) => items[b]!.votes - items[a]!.votes || a - b);
    const rooms = freeRooms[slot]!;
    byVotes.forEach((member, rank) => {
      const capacity = capacities[rooms[rank]!]!;
      cost += SCHEDULE_WEIGHTS.overflow * Math.max(0, items[member]!.votes - capacity);
      // A tie-breaker that prefers spreading the most voted sessions over slots, each in a biggest room.
      cost += SCHEDULE_WEIGHTS.biggerRoomFirst * rank * items[member]!.votes * 1e-3;
      if (items[member]!.preferred.size > 0 && !items[member]!.preferred.has(slot)) cost += SCHEDULE_WEIGHTS.notPreferred;
    });
    return cost + pinnedOverflow[slot]!;
  };
  const unplacedCost = (item: Item): number => SCHEDULE_WEIGHTS.unplacedPerVote * item.votes + SCHEDULE_WEIGHTS.unplacedEach;

  const emptyState = (): State => ({ slotOf: new Int32Array(items.length).fill(-1), members: input.slots.map(() => []), slotCost: input.slots.map((_, slot) => costOfSlot(slot, [])) });
  let state = emptyState();
  const hostFree = (item: Item, slot: number, ignoring?: number): boolean => {
    if (!item.hostId) return true;
    let count = hostBusy[slot]!.get(item.hostId) ?? 0;
    for (const member of state.members[slot]!) if (member !== ignoring && items[member]!.hostId === item.hostId) count++;
    return count === 0;
  };
  const canEnter = (item: Item, slot: number, leaving?: number): boolean =>
    item.allowed.has(slot) && hostFree(item, slot, leaving) && state.members[slot]!.length - (leaving === undefined ? 0 : 1) < freeRooms[slot]!.length;

  const order = items.filter((item) => !pinnedAt.has(item.index)).sort((a, b) => b.votes - a.votes || a.index - b.index);
  const movable = order.map((item) => item.index);
  /** Greedy in the given order (each into the slot where it adds least), then the local search. */
  const solve = (start: readonly Item[]): void => {
    state = emptyState();
    for (const item of start) greedyPlace(item);
    for (let sweep = 0; sweep < 100; sweep++) {
      let improved = false;
      for (const a of movable) if (tryMoves(a)) improved = true;
      if (!improved) break;
    }
  };
  const totalCost = (): number =>
    state.slotCost.reduce((sum, cost) => sum + cost, 0) + movable.reduce((sum, index) => sum + (state.slotOf[index]! < 0 ? unplacedCost(items[index]!) : 0), 0);
  function greedyPlace(item: Item): void {
    let best = -1;
    let bestDelta = Infinity;
    for (let slot = 0; slot < input.slots.length; slot++) {
      if (!canEnter(item, slot)) continue;
      const delta = costOfSlot(slot, [...state.members[slot]!, item.index]) - state.slotCost[slot]!;
      if (delta < bestDelta - 1e-9) { bestDelta = delta; best = slot; }
    }
    if (best >= 0) place(best, item.index);
  }

  function place(slot: number, index: number): void {
    state.members[slot]!.push(index);
    state.slotOf[index] = slot;
    state.slotCost[slot] = costOfSlot(slot, state.members[slot]!);
  }
  function without(slot: number, index: number): number[] {
    return state.members[slot]!.filter((member) => member !== index);
  }

  // Local search: sweep the proposals, applying every improving move found, until a sweep finds none.
  const settle = (slot: number, members: number[]): void => {
    state.members[slot] = members;
    state.slotCost[slot] = costOfSlot(slot, members);
    for (const member of members) state.slotOf[member] = slot;
  };
  const tryMoves = (a: number): boolean => {
    const itemA = items[a]!;
    const slotA = state.slotOf[a]!;
    for (let slot = 0; slot < input.slots.length; slot++) {
      if (slot === slotA || !itemA.allowed.has(slot)) continue;
      const here = state.members[slot]!;
      if (slotA < 0) {
        // Left out: into a slot with a free room, or in exchange for a placed proposal.
        if (canEnter(itemA, slot)) {
          const next = [...here, a];
          if (costOfSlot(slot, next) - state.slotCost[slot]! - unplacedCost(itemA) < -1e-9) { settle(slot, next); return true; }
          continue;
        }
        for (const b of here) {
          if (!canEnter(itemA, slot, b)) continue;
          const next = [...without(slot, b), a];
          if (costOfSlot(slot, next) - state.slotCost[slot]! + unplacedCost(items[b]!) - unplacedCost(itemA) < -1e-9) {
            state.slotOf[b] = -1;
            settle(slot, next);
            return true;
          }
        }
        // Or a placed proposal steps aside to another slot to make way (its host or its room was in the way).
        for (const b of here) {
          if (!canEnter(itemA, slot, b)) continue;
          const itemB = items[b]!;
          const next = [...without(slot, b), a];
          const nextCost = costOfSlot(slot, next) - state.slotCost[slot]! - unplacedCost(itemA);
          for (let other = 0; other < input.slots.length; other++) {
            if (other === slot || !itemB.allowed.has(other)) continue;
            // b moves into a free room there, or takes the place of c, which is left out in turn.
            const ejectable: (number | null)[] = canEnter(itemB, other) ? [null] : state.members[other]!.filter((c) => canEnter(itemB, other, c));
            for (const c of ejectable) {
              const nextOther = [...(c === null ? state.members[other]! : without(other, c)), b];
              const ejected = c === null ? 0 : unplacedCost(items[c]!);
              if (nextCost + costOfSlot(other, nextOther) - state.slotCost[other]! + ejected < -1e-9) {
                if (c !== null) state.slotOf[c] = -1;
                settle(slot, next);
                settle(other, nextOther);
                return true;
              }
            }
          }
        }
        continue;
      }
      const restA = without(slotA, a);
      if (canEnter(itemA, slot)) {
        const next = [...here, a];
        if (costOfSlot(slot, next) + costOfSlot(slotA, restA) - state.slotCost[slot]! - state.slotCost[slotA]! < -1e-9) {
          settle(slotA, restA);
          settle(slot, next);
          return true;
        }
      }
      for (const b of here) {
        const itemB = items[b]!;
        if (!itemB.allowed.has(slotA) || !hostFree(itemA, slot, b) || !hostFree(itemB, slotA, a)) continue;
        const nextSlot = [...without(slot, b), a];
        const nextA = [...restA, b];
        if (costOfSlot(slot, nextSlot) + costOfSlot(slotA, nextA) - state.slotCost[slot]! - state.slotCost[slotA]! < -1e-9) {
          settle(slot, nextSlot);
          settle(slotA, nextA);
          return true;
        }
      }
    }
    return false;
  };
  // Most voted first, then restarts from jittered orders (seeded: the same input gives the same schedule); the
  // cheapest result wins. Local search alone can stop in a local optimum; a few starts find the best far more often.
  solve(order);
  let best = { state, cost: totalCost() };
  const next = seededRandom(items.length * 7919 + input.slots.length * 31 + input.rooms.length);
  for (let start = 1; start < (input.starts ?? DEFAULT_STARTS); start++) {
    // Votes jittered by up to ±40 %: orders near the natural one, each settling into a different local optimum.
    const shuffled = order.map((item) => ({ item, key: (item.votes + 1) * (0.6 + 0.8 * next()) })).sort((a, b) => b.key - a.key).map((entry) => entry.item);
    solve(shuffled);
    const cost = totalCost();
    if (cost < best.cost - 1e-9) best = { state, cost };
  }
  state = best.state;

  // The placements: pins as set; in each slot, the rooms by size to the sessions by votes.
  const placements: Placement[] = [];
  for (let slot = 0; slot < input.slots.length; slot++) {
    const byVotes = [...state.members[slot]!].sort((a, b) => items[b]!.votes - items[a]!.votes || a - b);
    byVotes.forEach((member, rank) => placements.push({ proposalId: items[member]!.id, slotId: input.slots[slot]!.id, roomId: input.rooms[freeRooms[slot]![rank]!]!.id, isPinned: false }));
  }
  for (const [index, cell] of pinnedAt) placements.push({ proposalId: items[index]!.id, slotId: input.slots[cell.slot]!.id, roomId: input.rooms[cell.room]!.id, isPinned: true });

  const unplaced: Unplaced[] = [];
  for (const item of order) {
    if (state.slotOf[item.index]! >= 0) continue;
    unplaced.push({ proposalId: item.id, votes: item.votes, reason: explainUnplaced(item) });
  }
  function explainUnplaced(item: Item): UnplacedReason {
    if (input.slots.length === 0 || input.rooms.length === 0) return "no_cells";
    if (item.allowed.size === 0) return "host_unavailable";
    if ([...item.allowed].every((slot) => !hostFree(item, slot))) return "host_busy";
    return "no_free_room";
  }

  const quality = measureSchedule(input, placements);
  quality.cost = best.cost;
  return { placements, unplaced, problems, quality };
}

const DEFAULT_STARTS = 6;

/** A small seeded generator (Numerical Recipes' linear congruential one), so restarts are reproducible. */
export function seededRandom(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (Math.imul(value, 1664525) + 1013904223) >>> 0;
    return value / 4294967296;
  };
}

/** Shared voters of every two proposals, as a dense matrix (row-major, proposals × proposals). */
function sharedVoters(proposals: readonly SchedulerProposal[]): Int32Array {
  const byVoter = new Map<string, number[]>();
  proposals.forEach((proposal, index) => {
    for (const voter of new Set(proposal.voters)) {
      const list = byVoter.get(voter);
      if (list) list.push(index);
      else byVoter.set(voter, [index]);
    }
  });
  const count = proposals.length;
  const shared = new Int32Array(count * count);
  for (const list of byVoter.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        shared[list[i]! * count + list[j]!]!++;
        shared[list[j]! * count + list[i]!]!++;
      }
  return shared;
}

/**
 * Measures any schedule of an input (the scheduler's or an organiser's adjusted one): votes placed, votes that
 * land without a conflict for their voter, conflicts and overflow. `cost` is left 0 (only buildSchedule knows it).
 */
export function measureSchedule(input: SchedulerInput, placements: readonly Pick<Placement, "proposalId" | "slotId" | "roomId">[]): ScheduleQuality {
  const capacity = new Map(input.rooms.map((room) => [room.id, room.capacity]));
  const placedAt = new Map(placements.map((placement) => [placement.proposalId, placement]));
  let totalVotes = 0;
  let placedVotes = 0;
  let overflow = 0;
  // voter → slot → how many of their choices are there
  const choices = new Map<string, Map<string, number>>();
  for (const proposal of input.proposals) {
    const voters = new Set(proposal.voters);
    totalVotes += voters.size;
    const placement = placedAt.get(proposal.id);
    if (!placement) continue;
    placedVotes += voters.size;
    overflow += Math.max(0, voters.size - (capacity.get(placement.roomId) ?? 0));
    for (const voter of voters) {
      let slots = choices.get(voter);
      if (!slots) choices.set(voter, (slots = new Map()));
      slots.set(placement.slotId, (slots.get(placement.slotId) ?? 0) + 1);
    }
  }
  let votesWithoutConflict = 0;
  let conflicts = 0;
  for (const slots of choices.values()) for (const count of slots.values()) {
    if (count === 1) votesWithoutConflict++;
    else conflicts += count - 1;
  }
  return { totalVotes, placedVotes, votesWithoutConflict, conflicts, overflow, cost: 0 };
}
