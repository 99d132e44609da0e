// `npm run bench:unconference`: the unconference scheduler (src/modules/events/unconference/scheduler.ts) on
// 60 proposals × 8 slots × 6 rooms (issue 11): a crowd of voters who vote mostly within a few themes (so sessions
// share voters), popularity uneven, some hosts with two proposals or with only some slots free, a few pins.
// Prints the time per build (median, and this process's CPU) and how the votes land: placed, and without a clash
// for their voter — beside a naive schedule (most voted first, slot by slot, biggest room first) for scale.
// It reports; it asserts nothing.
import { parseArgs } from "node:util";
import { buildSchedule, measureSchedule, seededRandom, type ScheduleQuality, type SchedulerInput } from "../src/modules/events/unconference/scheduler";

const USAGE = `npm run bench:unconference -- [options]

  --proposals N  proposals (default 60)
  --slots N      time slots (default 8)
  --rooms N      rooms (default 6)
  --voters N     people voting (default 400)
  --votes N      votes per person (default 5)
  --runs N       builds to time (default 10)
  --seed N       seed of the generated input (default 11)
  --starts N     the scheduler's starts (default: its own)
`;

type Options = { proposals: number; slots: number; rooms: number; voters: number; votes: number; seed: number };

/** A generated unconference; see the file's header for its shape. */
export function generateUnconference(options: Options): SchedulerInput {
  const next = seededRandom(options.seed);
  const themes = 6;
  const slots = Array.from({ length: options.slots }, (_, i) => ({ id: `slot-${i}` }));
  const capacities = [80, 50, 40, 30, 20, 15, 12, 10];
  const rooms = Array.from({ length: options.rooms }, (_, i) => ({ id: `room-${i}`, capacity: capacities[i % capacities.length]! }));
  // Proposals: a theme each and an appeal (uneven: a few draw most votes).
  const proposals = Array.from({ length: options.proposals }, (_, i) => ({ id: `proposal-${i}`, theme: i % themes, appeal: 1 / (1 + i * 0.15) * (0.5 + next()) }));
  const voters = new Map<string, string[]>(proposals.map((proposal) => [proposal.id, []]));
  for (let person = 0; person < options.voters; person++) {
    // Each person cares for one or two themes and votes there four times out of five.
    const liked = new Set([Math.floor(next() * themes), Math.floor(next() * themes)]);
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < options.votes && attempt < 200; attempt++) {
      const pool = next() < 0.8 ? proposals.filter((proposal) => liked.has(proposal.theme)) : proposals;
      const total = pool.reduce((sum, proposal) => sum + proposal.appeal, 0);
      let pick = next() * total;
      const choice = pool.find((proposal) => (pick -= proposal.appeal) <= 0) ?? pool[pool.length - 1]!;
      chosen.add(choice.id);
    }
    for (const id of chosen) voters.get(id)!.push(`person-${person}`);
  }
  const hostCount = Math.round(options.proposals * 0.8);
  return {
    slots,
    rooms,
    proposals: proposals.map((proposal, i) => {
      const isLimited = next() < 0.3;
      return {
        id: proposal.id,
        voters: voters.get(proposal.id)!,
        hostId: `host-${i % hostCount}`,
        availableSlotIds: isLimited ? slots.filter(() => next() < 0.5).map((slot) => slot.id) : [],
        preferredSlotIds: [],
      };
    }),
    // Organisers pinned three sessions (an opening and two with guests from afar).
    pins: [
      { proposalId: "proposal-5", slotId: "slot-0", roomId: "room-0" },
      { proposalId: "proposal-20", slotId: `slot-${options.slots - 1}`, roomId: "room-1" },
      { proposalId: "proposal-33", slotId: "slot-3", roomId: `room-${options.rooms - 1}` },
    ],
  };
}

/** Most voted first, filling slot by slot, each slot's rooms biggest first; hosts' rules kept, co-votes ignored. */
function naiveSchedule(input: SchedulerInput): { proposalId: string; slotId: string; roomId: string }[] {
  const rooms = [...input.rooms].sort((a, b) => b.capacity - a.capacity);
  const taken = new Set((input.pins ?? []).map((pin) => `${pin.slotId}/${pin.roomId}`));
  const busy = new Set<string>();
  const placements = [...(input.pins ?? [])];
  const pinned = new Set(placements.map((pin) => pin.proposalId));
  const ordered = input.proposals.filter((proposal) => !pinned.has(proposal.id)).sort((a, b) => b.voters.length - a.voters.length);
  let cursor = 0;
  for (const proposal of ordered) {
    for (let step = 0; step < input.slots.length * rooms.length; step++) {
      const index = (cursor + step) % (input.slots.length * rooms.length);
      const slot = input.slots[index % input.slots.length]!;
      const room = rooms[Math.floor(index / input.slots.length)]!;
      const cell = `${slot.id}/${room.id}`;
      if (taken.has(cell) || busy.has(`${proposal.hostId}@${slot.id}`)) continue;
      if (proposal.availableSlotIds.length && !proposal.availableSlotIds.includes(slot.id)) continue;
      taken.add(cell);
      busy.add(`${proposal.hostId}@${slot.id}`);
      placements.push({ proposalId: proposal.id, slotId: slot.id, roomId: room.id });
      cursor = index + 1;
      break;
    }
  }
  return placements;
}

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : "—");
const describe = (label: string, quality: ScheduleQuality) =>
  `${label.padEnd(10)} votes placed ${percent(quality.placedVotes, quality.totalVotes).padStart(7)} · without a clash ${percent(quality.votesWithoutConflict, quality.totalVotes).padStart(7)} of all votes (${percent(quality.votesWithoutConflict, quality.placedVotes)} of placed) · clashes ${quality.conflicts} · over capacity ${quality.overflow}`;

function main(): void {
  const { values } = parseArgs({
    options: {
      proposals: { type: "string", default: "60" },
      slots: { type: "string", default: "8" },
      rooms: { type: "string", default: "6" },
      voters: { type: "string", default: "400" },
      votes: { type: "string", default: "5" },
      runs: { type: "string", default: "10" },
      seed: { type: "string", default: "11" },
      starts: { type: "string", default: "" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = { proposals: Number(values.proposals), slots: Number(values.slots), rooms: Number(values.rooms), voters: Number(values.voters), votes: Number(values.votes), seed: Number(values.seed) };
  const input = { ...generateUnconference(options), ...(values.starts ? { starts: Number(values.starts) } : {}) };
  const runs = Math.max(1, Number(values.runs));
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  let result = buildSchedule(input);
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    result = buildSchedule(input);
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  console.log(`unconference scheduler: ${options.proposals} proposals × ${options.slots} slots × ${options.rooms} rooms, ${options.voters} voters × ${options.votes} votes, seed ${options.seed}`);
  console.log(`build time: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms over ${runs} runs (CPU ${((cpu.user + cpu.system) / 1000 / (runs + 1)).toFixed(0)} ms per build)`);
  console.log(describe("scheduler", result.quality));
  console.log(describe("naive", measureSchedule(input, naiveSchedule(input))));
  console.log(`left out: ${result.unplaced.length} (${Object.entries(result.unplaced.reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.reason]: (counts[entry.reason] ?? 0) + 1 }), {})).map(([reason, count]) => `${reason} ${count}`).join(", ") || "none"}); pin problems: ${result.problems.length}`);
}

main();
