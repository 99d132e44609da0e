// `npm run bench:start`: what a newcomer's `npm start` costs on the embedded default — the first start on an empty
// data folder (initdb, migrations, demo content), a later start, a start after `kill -9`, and the memory of the
// whole (Convene + its PostgreSQL) idle and under load. It reports; it asserts nothing.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mark, runLoad, wholeNumberOption } from "./measure";
import { memorySampler, pssMb, startConveneProcess } from "./serve";
import { benchDir } from "./target";

const TARGETS = { firstStartS: 30, laterStartS: 5, memoryMb: 450 };

/** `convene start` on the embedded default in `dataDir`, with its demo content, as `npm start` runs it. */
const startConvene = (dataDir: string) => startConveneProcess(undefined, { workers: 1, pageCacheMs: 2000 }, "warn", { CONVENE_DATA_DIR: dataDir, CONVENE_DEMO: "true" });

const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    child.once("exit", () => resolveStop());
    child.kill(signal);
  });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "32" }, help: { type: "boolean", default: false } } });
  if (values.help) {
    console.log("npm run bench:start -- [--duration S] [--connections N]");
    return;
  }
  const durationSeconds = wholeNumberOption("duration", values.duration, 1);
  const connections = wholeNumberOption("connections", values.connections, 1);
  mkdirSync(benchDir, { recursive: true });
  const dataDir = join(benchDir, "start");
  rmSync(dataDir, { recursive: true, force: true });
  console.log("Convene start-up and memory on the embedded PostgreSQL (a fresh data folder under .bench/start)");

  const first = await startConvene(dataDir);
  console.log(`first start (initdb, migrations, demo content): ${first.startSeconds.toFixed(1)} s — target ≤ ${TARGETS.firstStartS} s: ${mark(first.startSeconds <= TARGETS.firstStartS)}`);
  await stop(first.child, "SIGTERM");

  const later = await startConvene(dataDir);
  console.log(`later start: ${later.startSeconds.toFixed(1)} s — target ≤ ${TARGETS.laterStartS} s: ${mark(later.startSeconds <= TARGETS.laterStartS)}`);
  // Every process of the whole: Convene and the PostgreSQL server it started (its children).
  const tree = later.pids;
  await new Promise((done) => setTimeout(done, 1000));
  const idle = pssMb(tree());
  console.log(`memory idle: ${idle} MB PSS over ${tree().length} processes`);
  let peak = idle;
  for (const path of ["/", "/spaces/nature-action-agenda", "/spaces/nature-action-agenda/commitments/dashboard", "/organisations"]) {
    const sampler = memorySampler(tree);
    const load = await runLoad(later.url + path, { durationSeconds, connections, headers: { accept: "text/html" } });
    const pagePeak = sampler.stop();
    peak = Math.max(peak, pagePeak);
    console.log(`  under load ${path}: ${load.requestsPerSecond.toFixed(0)} req/s, peak ${pagePeak} MB PSS`);
  }
  console.log(`memory peak under load: ${peak} MB PSS — target ≤ ${TARGETS.memoryMb} MB (half of PGlite's ~0.9 GB): ${mark(peak <= TARGETS.memoryMb)}`);
  await stop(later.child, "SIGKILL");

  const afterKill = await startConvene(dataDir);
  console.log(`start after kill -9 (stale server replaced, crash recovery): ${afterKill.startSeconds.toFixed(1)} s — target ≤ ${TARGETS.laterStartS} s: ${mark(afterKill.startSeconds <= TARGETS.laterStartS)}`);
  await stop(afterKill.child, "SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
  console.log("These are a report, not a test.");
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
