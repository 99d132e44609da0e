import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectDatabase } from "./db/client";
import { createScratchDatabase } from "./db/scratch-database";
import { conveneNodeArgs } from "./testing/convene-command";
import { testServerUrl } from "./testing/test-server";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
// A bound on a hung child so the suite never waits forever; generous because two cores are shared. Not an assertion.
const KILL_AFTER_MS = 90_000;

type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs `convene <args>` the way an operator does (node + main.ts; compiled under `npm test`), with only the given settings in its environment. */
function runCli(args: string[], settings: Record<string, string>): Promise<CliResult> {
  const env: Record<string, string> = {};
  // Keep what node needs to run (PATH, HOME, ...) but none of the caller's Convene or test settings.
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(DATABASE_URL|TEST_DATABASE_URL|PORT|HOST|PUBLIC_URL|SMTP_URL|LOG_LEVEL|NODE_TEST_CONTEXT|NODE_OPTIONS)$/.test(name)) continue;
    if (name.startsWith("CONVENE_")) continue;
    env[name] = value;
  }
  Object.assign(env, { CONVENE_JOBS: "false", LOG_LEVEL: "silent" }, settings);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...conveneNodeArgs(repoRoot), ...args], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Asserts the process ended by itself (not killed) with a non-zero code and exactly one line on stderr. */
function assertOneLineFailure(result: CliResult, setting: string): void {
  assert.equal(result.signal, null, `convene hung and was killed; stderr: ${result.stderr}`);
  assert.notEqual(result.code, 0);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0], new RegExp(`\\b${setting}\\b`));
}

/** Where the CLI's data goes: a temp data folder and a new database on the test server. */
type Target = { settings: Record<string, string>; dataDir: string; cleanup(): Promise<void> };

async function newTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), "convene-cli-"));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  const scratch = await createScratchDatabase(await testServerUrl(), "convene_cli");
  return {
    settings: { CONVENE_DATA_DIR: dataDir, DATABASE_URL: scratch.url },
    dataDir,
    cleanup: async () => {
      await scratch.drop();
      await removeDir();
    },
  };
}

describe("convene CLI", () => {
  let scratchDir: string;
  before(() => {
    scratchDir = mkdtempSync(join(tmpdir(), "convene-cli-scratch-"));
  });
  after(() => rmSync(scratchDir, { recursive: true, force: true }));

  it("prints its usage for `convene help`", async () => {
    const result = await runCli(["help"], { CONVENE_DATA_DIR: scratchDir });
    assert.equal(result.code, 0);
    for (const command of ["start", "migrate", "seed", "create-admin"]) assert.match(result.stdout, new RegExp(`convene ${command}`));
  });

  it("exits non-zero naming the command when it does not know it", async () => {
    const result = await runCli(["frobnicate"], { CONVENE_DATA_DIR: scratchDir });
    assertOneLineFailure(result, "frobnicate");
  });

  it("exits non-zero with one line naming PORT when PORT is not a number", async () => {
    const result = await runCli(["start"], { CONVENE_DATA_DIR: scratchDir, PORT: "abc" });
    assertOneLineFailure(result, "PORT");
  });

  it("exits non-zero with one line naming DATABASE_URL when nothing listens there", async () => {
    const result = await runCli(["start"], { CONVENE_DATA_DIR: scratchDir, DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" });
    assertOneLineFailure(result, "DATABASE_URL");
  });

  it("gives up on a DATABASE_URL server that accepts connections but never answers, naming DATABASE_URL", async () => {
    // A loopback server that swallows the connection: without the connect timeout convene would wait forever.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    assert.ok(address && typeof address === "object");
    try {
      const result = await runCli(["migrate"], { CONVENE_DATA_DIR: scratchDir, DATABASE_URL: `postgres://nobody@127.0.0.1:${address.port}/x` });
      assertOneLineFailure(result, "DATABASE_URL");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("migrates a new database, then finds nothing to do the second time", async () => {
    const target = await newTarget();
    try {
      const first = await runCli(["migrate"], target.settings);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /applied: 0001_platform\.sql/);
      const second = await runCli(["migrate"], target.settings);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /up to date/);
      assert.doesNotMatch(second.stdout, /applied:/);
    } finally {
      await target.cleanup();
    }
  });

  it("creates a platform administrator who is verified, and promotes an existing account on a second run", async () => {
    const target = await newTarget();
    try {
      const args = ["create-admin", "--email", "Ops@Example.org", "--password", "a long admin password", "--name", "Operations"];
      const created = await runCli(args, target.settings);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /created administrator/);
      const again = await runCli(args, target.settings);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /is now a platform administrator/);

      // The CLI has exited, so its database can be opened here to check the row.
      const database = await connectDatabase({ databaseUrl: target.settings.DATABASE_URL });
      try {
        const rows = await database.withConnection((query) =>
          query("select email, display_name, is_platform_admin, email_verified_at from users where lower(email) = $1", ["ops@example.org"]),
        );
        assert.equal(rows.length, 1, "the second run did not create a second account");
        assert.equal(rows[0].is_platform_admin, true);
        assert.equal(rows[0].display_name, "Operations");
        assert.notEqual(rows[0].email_verified_at, null);
      } finally {
        await database.close();
      }
    } finally {
      await target.cleanup();
    }
  });

  it("refuses create-admin without a long enough password, in one line", async () => {
    const target = await newTarget();
    try {
      const result = await runCli(["create-admin", "--email", "ops@example.org", "--password", "short"], target.settings);
      assertOneLineFailure(result, "password");
    } finally {
      await target.cleanup();
    }
  });
});
