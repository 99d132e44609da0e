// `npm test`: makes the database server ready once for the whole run — TEST_DATABASE_URL's server, or the
// embedded PostgreSQL (started here, stopped at the end) — migrates a template database every test file
// clones (the browser journeys clone a second one, with the demo content, that the first of them seeds), then
// runs node's test runner over the test files (or the files named on the command line).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, statSync, statfsSync, writeFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { connectDatabase } from "../db/client";
import { migrate } from "../db/migrate";
import { isSqlIdentifier, runAdmin } from "../db/scratch-database";
import { compileForTests, type CompiledTree } from "./compile";
import { demoTemplateName, startTestServer } from "./test-server";

function testFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") found.push(...testFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

/** The browser journeys' folder, as the selected paths (relative to the project's root) start. */
const E2E_FOLDER = join("test", "e2e") + sep;

/** About how many test files share one process (see groupedRun). */
const FILES_PER_GROUP = 12;

/**
 * The files node's runner starts, one process each. A process pays ~3 s of CPU to load the app before its first
 * test, and most of src/'s ~140 files run for a few seconds, so their loading cost as much as their tests: they
 * run in groups instead, each group one process that imports its files in turn (no test file sets the
 * environment, installs hooks outside a describe or mocks a module). Each group is about the same size (source
 * bytes stand in for time). The browser journeys and the fuzzers under test/, and the files that start processes
 * of their own, keep a process each and start first, being the longest: node's runner starts files in the order of
 * their names, so each process's file is a small one in `run/` whose name gives its place and which imports the
 * test files. CONVENE_TEST_ISOLATE=1 gives every file its own process again.
 */
function groupedRun(compiled: CompiledTree, selected: string[]): string[] {
  if (selected.length <= 1) return selected.map((path) => compiled.pathOf(path));
  // A file that starts processes of its own (the CLI, the embedded engine's clusters) waits on them for most of its time.
  const startsProcesses = (path: string) => /node:child_process|convene-command/.test(readFileSync(path, "utf8"));
  const isolated = process.env.CONVENE_TEST_ISOLATE === "1";
  const alone = selected.filter((path) => isolated || path.startsWith(`test${sep}`) || startsProcesses(path));
  const groupable = selected.filter((path) => !alone.includes(path));
  const sizes = new Map(selected.map((path) => [path, statSync(path).size]));
  const sizeOf = (path: string) => sizes.get(path)!;
  const groups = Array.from({ length: Math.ceil(groupable.length / FILES_PER_GROUP) }, () => ({ bytes: 0, files: [] as string[] }));
  for (const path of [...groupable].sort((a, b) => sizeOf(b) - sizeOf(a))) {
    const smallest = groups.reduce((best, group) => (group.bytes < best.bytes ? group : best));
    smallest.bytes += sizeOf(path);
    smallest.files.push(path);
  }
  // the journeys first, then the other files under test/, then those that start processes, each kind largest first
  const rank = (path: string) => (path.startsWith(E2E_FOLDER) ? 0 : path.startsWith(`test${sep}`) ? 1 : 2);
  const longestFirst = [...alone].sort((a, b) => rank(a) - rank(b) || sizeOf(b) - sizeOf(a));
  const units = [...longestFirst.map((path) => ({ name: basename(path, ".test.ts"), files: [path] })), ...groups.map((group, index) => ({ name: `group-${index + 1}`, files: group.files.sort() }))];
  const folder = join(compiled.dir, "run");
  mkdirSync(folder, { recursive: true });
  return units.map((unit, index) => {
    const file = join(folder, `${String(index + 1).padStart(3, "0")}-${unit.name}.test.js`);
    writeFileSync(file, unit.files.map((path) => `import ${JSON.stringify(pathToFileURL(compiled.pathOf(path)).href)};\n`).join(""));
    return file;
  });
}

/**
 * CI runs the suite twice side by side, on the embedded PostgreSQL and on the PostgreSQL server, on two cores. With
 * CONVENE_TEST_SPLIT=1 (set by .ci/run) the suites that exercise the browser and the HTTP layer rather than the
 * database run in one pass only: the browser journeys and the pseudo-locale crawl (test/e2e, the largest share of a
 * pass's CPU, most of it Chromium's) on the embedded database people start Convene on, and the two fuzzers that send thousands
 * of malformed requests on the server. Every other file, the access and token matrices included, runs in both.
 */
function inThisPass(path: string, pass: "embedded" | "server"): boolean {
  if (process.env.CONVENE_TEST_SPLIT !== "1") return true;
  if (path.startsWith(E2E_FOLDER)) return pass === "embedded";
  if (/(^|[/\\])(knowledge-fuzz|malformed-input)\.test\.ts$/.test(path)) return pass === "server";
  return true;
}

/** The kernel's magic number for a tmpfs file system (statfs(2)). */
const TMPFS_MAGIC = 0x01021994;

/**
 * Where the run keeps its temporary files when TMPDIR does not say: a folder in /dev/shm when that is a writable
 * tmpfs with room to spare. The embedded test cluster lives under it, and on a disk file system cloning a database for
 * each test app (~1,500 files created, then removed) took ~1 s of mostly kernel time per clone, against ~0.1 s in memory.
 */
function fastTemporaryFolder(): string | undefined {
  if (process.env.TMPDIR) return undefined;
  try {
    const shm = statfsSync("/dev/shm");
    if (shm.type !== TMPFS_MAGIC || shm.bavail * shm.bsize < 4 * 1024 ** 3) return undefined;
    accessSync("/dev/shm", constants.W_OK);
    const folder = join("/dev/shm", `convene-tests-${process.getuid?.() ?? "user"}`);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return folder;
  } catch {
    return undefined;
  }
}

/**
 * The server's URL with `synchronous_commit=off` for every connection the tests open (their databases' URLs are made
 * from it): a commit does not wait for its WAL to reach the disk. Nothing a test writes needs to survive a crash of
 * the server, and on TEST_DATABASE_URL's server, durable by default, each commit of a test waited on an fsync.
 */
function withoutCommitWaits(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (!url.searchParams.has("options")) url.searchParams.set("options", "-c synchronous_commit=off");
  return url.toString();
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // Folders named on the command line stand for the test files inside them.
  const paths = args.filter((arg) => !arg.startsWith("-"));
  const runnerFlags = args.filter((arg) => arg.startsWith("-"));
  const named = (paths.length ? paths : ["src", "test"])
    .flatMap((path) => (statSync(path).isDirectory() ? testFiles(path) : [path]))
    .map((path) => relative(".", path))
    .sort();

  const temporaryFolder = fastTemporaryFolder();
  if (temporaryFolder) process.env.TMPDIR = temporaryFolder;
  const pass = process.env.TEST_DATABASE_URL ? "server" : "embedded";
  const selected = named.filter((path) => inThisPass(path, pass));
  const leftToOtherPass = named.filter((path) => !selected.includes(path));
  if (leftToOtherPass.length) process.stdout.write(`# CONVENE_TEST_SPLIT: ${leftToOtherPass.length} files run in the other pass only: ${leftToOtherPass.join(", ")}\n`);
  const server = process.env.TEST_DATABASE_URL ? undefined : await startTestServer();
  const serverUrl = process.env.TEST_DATABASE_URL ?? server!.adminUrl;
  const template = `convene_template_${randomBytes(5).toString("hex")}`;
  let compiled: CompiledTree | undefined;
  // CONVENE_TEST_TABLESPACE puts the template, and so every clone of it, in that tablespace of the server (.ci/run
  // makes one in memory for the server pass).
  const tablespace = process.env.TEST_DATABASE_URL ? process.env.CONVENE_TEST_TABLESPACE : undefined;
  if (tablespace && !isSqlIdentifier(tablespace)) throw new Error(`CONVENE_TEST_TABLESPACE must be a lowercase identifier: ${tablespace}`);
  await runAdmin(serverUrl, `create database ${template}${tablespace ? ` tablespace ${tablespace}` : ""}`);
  try {
    const templateUrl = new URL(serverUrl);
    templateUrl.pathname = `/${template}`;
    const database = await connectDatabase({ databaseUrl: templateUrl.toString(), poolSize: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    process.stdout.write(`# database: ${server ? "embedded PostgreSQL" : "TEST_DATABASE_URL"}, template ${template}${tablespace ? ` in tablespace ${tablespace}` : ""}; temporary files in ${process.env.TMPDIR ?? "the system's folder"}\n`);
    const concurrency = process.env.TEST_CONCURRENCY ?? "2";
    // The test files run compiled (compile.ts says why); CONVENE_TEST_TSX=1 runs them through tsx instead.
    const throughTsx = process.env.CONVENE_TEST_TSX === "1";
    if (!throughTsx) {
      compiled = await compileForTests();
      process.stdout.write(`# compiled src/ and test/ in ${(compiled.took / 1000).toFixed(1)} s\n`);
    }
    const loader = compiled ? [] : ["--import", "tsx"];
    const files = compiled ? groupedRun(compiled, selected) : selected;
    const child = spawn(process.execPath, [...loader, "--test", `--test-concurrency=${concurrency}`, ...runnerFlags, ...files], {
      stdio: "inherit",
      env: {
        ...process.env,
        TEST_DATABASE_URL: withoutCommitWaits(serverUrl),
        CONVENE_TEST_TEMPLATE: template,
        CONVENE_TEST_PASS: server ? "embedded" : "server",
        ...(compiled ? { CONVENE_TEST_MAIN: compiled.pathOf("src/main.ts") } : {}),
      },
    });
    const stopChild = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", stopChild);
    process.on("SIGTERM", stopChild);
    return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    // the migrated template, and the demo template the browser journeys seeded from it (demo-template.ts)
    for (const name of [template, demoTemplateName(template), `${demoTemplateName(template)}_seeding`]) {
      await runAdmin(serverUrl, `drop database if exists ${name} with (force)`).catch(() => undefined);
    }
    await server?.stop();
    compiled?.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm test: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
