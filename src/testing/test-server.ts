// The PostgreSQL server the tests run on: TEST_DATABASE_URL when it is set, otherwise one embedded server
// shared by every test process of this checkout (started by `npm test`'s runner, or on first use when a
// test file is run alone). Each test file clones a migrated template database, which takes milliseconds.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedServer, type EmbeddedServer } from "../db/embedded-server";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * A throwaway cluster trades durability for speed: nothing in it outlives the test run. Its WAL is kept small, as the
 * cluster may live in memory (/dev/shm, run-tests.ts) between runs.
 */
const TEST_SERVER_SETTINGS = { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "300", shared_buffers: "256MB", max_wal_size: "256MB", min_wal_size: "32MB" };

/** The test cluster's folder: one per checkout, under the system's temporary folder. */
export function testClusterDir(): string {
  const hash = createHash("sha256").update(repoRoot).digest("hex").slice(0, 10);
  return join(tmpdir(), `convene-test-${hash}`, "cluster");
}

/** Holds a folder-based lock across processes while `fn` runs (mkdir is atomic). */
async function withFileLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than a minute belongs to a process that died holding it.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 60_000) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // It went away between the two calls: try again.
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Starts the shared embedded test server (or finds it running) and returns it. */
export async function startTestServer(): Promise<EmbeddedServer> {
  const clusterDir = testClusterDir();
  return withFileLock(`${dirname(clusterDir)}/lock`, () => startEmbeddedServer({ clusterDir, settings: TEST_SERVER_SETTINGS, isRunningReused: true }));
}

let serverUrl: Promise<string> | undefined;

/** The URL of the server tests create their databases on (its `postgres` database). */
export function testServerUrl(): Promise<string> {
  const fromEnvironment = process.env.TEST_DATABASE_URL;
  if (fromEnvironment) return Promise.resolve(fromEnvironment);
  serverUrl ??= startTestServer().then((server) => server.adminUrl);
  return serverUrl;
}

/** The migrated template the runner made for this run, if any (CONVENE_TEST_TEMPLATE). */
export const testTemplate = (): string | undefined => process.env.CONVENE_TEST_TEMPLATE || undefined;

/** The name of the run's demo template (demo-template.ts) when its migrated template is `template`. */
export const demoTemplateName = (template: string): string => `${template}_demo`;
