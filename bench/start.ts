// `npm run bench:start`: what a newcomer's `npm start` costs on the embedded default — the first start on an empty
// data folder (initdb, migrations, demo content), a later start, a start after `kill -9`, and the memory of the
// whole (Convene + its PostgreSQL) idle and under load. It reports; it asserts nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { mark, runLoad, wholeNumberOption } from "./measure";
import { memorySampler, processTree, pssMb } from "./serve";
import { benchDir } from "./target";

const TARGETS = { firstStartS: 30, laterStartS: 5, memoryMb: 450 };

/** The environment without DATABASE_URL: the embedded default is what is measured. */
function withoutDatabaseUrl(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
}

type Started = { child: ChildProcess; seconds: number; url: string };

/** Spawns `convene start` on `dataDir` and resolves when it prints its "running" line. */
function startConvene(dataDir: string, port: number): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", resolve("src/main.ts"), "start"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...withoutDatabaseUrl(), CONVENE_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", CONVENE_JOBS: "false" },
  });
  let output = "";
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "running" line within 180 s: ${output.slice(-500)}`)), 180_000);
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes("Convene is running at")) {
        clearTimeout(timer);
        resolveStart({ child, seconds: (performance.now() - started) / 1000, url: `http://127.0.0.1:${port}` });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`convene exited (${code}) before it served: ${output.slice(-500)}`));
    });
  });
}

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
  const port = 3900 + Math.floor(Math.random() * 90);
  console.log("Convene start-up and memory on the embedded PostgreSQL (a fresh data folder under .bench/start)");

  const first = await startConvene(dataDir, port);
  console.log(`first start (initdb, migrations, demo content): ${first.seconds.toFixed(1)} s — target ≤ ${TARGETS.firstStartS} s: ${mark(first.seconds <= TARGETS.firstStartS)}`);
  await stop(first.child, "SIGTERM");

  const later = await startConvene(dataDir, port);
  console.log(`later start: ${later.seconds.toFixed(1)} s — target ≤ ${TARGETS.laterStartS} s: ${mark(later.seconds <= TARGETS.laterStartS)}`);
  // Every process of the whole: Convene and the PostgreSQL server it started (its children).
  const tree = () => (later.child.pid ? processTree(later.child.pid) : []);
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

  const afterKill = await startConvene(dataDir, port);
  console.log(`start after kill -9 (stale server replaced, crash recovery): ${afterKill.seconds.toFixed(1)} s — target ≤ ${TARGETS.laterStartS} s: ${mark(afterKill.seconds <= TARGETS.laterStartS)}`);
  await stop(afterKill.child, "SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
  console.log("These are a report, not a test.");
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
