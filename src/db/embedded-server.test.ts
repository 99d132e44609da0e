import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { conveneNodeArgs } from "../testing/convene-command";

// The embedded server's whole life as an operator meets it: `convene start` with no DATABASE_URL, a clean stop
// on SIGTERM, recovery after kill -9, and several server processes. Each step spawns the real CLI.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WAIT_MS = 120_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === "object");
  return address.port;
}

type Started = { child: ChildProcess; port: number; output: () => string };

/** `convene start` on `dataDir` (embedded database, no demo content), resolved once /healthz answers 200. */
/** The environment of a CLI run on `dataDir`'s embedded database (the test run's own database settings removed). */
function cliEnv(dataDir: string, settings: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(DATABASE_URL|TEST_DATABASE_URL|NODE_TEST_CONTEXT|NODE_OPTIONS)$/.test(name) || name.startsWith("CONVENE_")) continue;
    env[name] = value;
  }
  return Object.assign(env, { CONVENE_DATA_DIR: dataDir, LOG_LEVEL: "silent", CONVENE_DEMO: "false", CONVENE_JOBS: "false" }, settings);
}

async function startConvene(dataDir: string, settings: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const env = cliEnv(dataDir, { PORT: String(port), ...settings });
  const child = spawn(process.execPath, [...conveneNodeArgs(repoRoot), "start"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`convene exited with ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return { child, port, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`convene did not answer within ${WAIT_MS} ms: ${output}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** The pid in the cluster's postmaster.pid if that process is alive. */
function livePostmaster(dataDir: string): number | undefined {
  const pidFile = join(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

// The suite's server pass (TEST_DATABASE_URL given to `npm test`) runs against another server: the embedded engine's
// life is the embedded pass's to test, and running it twice would only spend three minutes again.
const serverPass = process.env.CONVENE_TEST_PASS === "server" ? "the embedded engine is tested in the embedded pass of `npm test`" : false;

describe("the embedded PostgreSQL under `convene start`", { skip: serverPass }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "convene-embedded-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("initialises, serves, and stops its server on SIGTERM", async () => {
    const started = await startConvene(dataDir);
    const health = (await (await fetch(`http://127.0.0.1:${started.port}/healthz`)).json()) as { databaseKind: string };
    assert.equal(health.databaseKind, "embedded");
    assert.ok(livePostmaster(dataDir), "a postmaster runs while Convene does");
    // No TCP listener and no password: the server is reached through its socket only.
    const settings = readFileSync(join(dataDir, "postgres", "pg_hba.conf"), "utf8");
    assert.equal(settings.trim(), "local all all trust");
    started.child.kill("SIGTERM");
    assert.equal(await exited(started.child), 0);
    assert.equal(livePostmaster(dataDir), undefined, "the server stopped with Convene");
  });

  it("starts again after Convene was killed with SIGKILL, replacing the server it left running", async () => {
    const first = await startConvene(dataDir);
    const orphan = livePostmaster(dataDir);
    assert.ok(orphan);
    first.child.kill("SIGKILL");
    await exited(first.child);
    assert.equal(livePostmaster(dataDir), orphan, "kill -9 leaves the server running");

    const second = await startConvene(dataDir);
    const replacement = livePostmaster(dataDir);
    assert.ok(replacement && replacement !== orphan, "the next start stopped the leftover server and runs its own");
    assert.match(second.output(), /left running by an earlier Convene/);
    second.child.kill("SIGTERM");
    assert.equal(await exited(second.child), 0);
    assert.equal(livePostmaster(dataDir), undefined);
  });

  it("lets a CLI command beside a running Convene share its server instead of stopping it as left over", async () => {
    const started = await startConvene(dataDir);
    const postmaster = livePostmaster(dataDir);
    assert.ok(postmaster);
    const file = join(dataDir, "beside.backup");
    const result = spawnSync(process.execPath, [...conveneNodeArgs(repoRoot), "backup", file], { cwd: repoRoot, env: cliEnv(dataDir, {}), encoding: "utf8", timeout: WAIT_MS });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /using the embedded PostgreSQL of the Convene running as pid/);
    assert.ok(existsSync(file));
    assert.equal(livePostmaster(dataDir), postmaster, "the server Convene started still runs");
    assert.equal((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status, 200);
    started.child.kill("SIGTERM");
    assert.equal(await exited(started.child), 0);
    assert.equal(livePostmaster(dataDir), undefined);
    assert.equal(existsSync(join(dataDir, "postgres.owner")), false, "the owner file goes with the server");
  });

  it("serves from two processes with CONVENE_WORKERS=2 and stops them all", async () => {
    const started = await startConvene(dataDir, { CONVENE_WORKERS: "2" });
    const workers = execFileSync("ps", ["--ppid", String(started.child.pid), "-o", "args="], { encoding: "utf8" }).split("\n").filter((line) => line.includes("serve-worker"));
    assert.equal(workers.length, 2, "two server processes were forked");
    for (let index = 0; index < 10; index += 1) assert.equal((await fetch(`http://127.0.0.1:${started.port}/healthz`, { headers: { connection: "close" } })).status, 200);
    started.child.kill("SIGTERM");
    assert.equal(await exited(started.child), 0);
    assert.equal(livePostmaster(dataDir), undefined);
  });
});
