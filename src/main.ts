import cluster from "node:cluster";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "./config";
import type { DatabaseHandle } from "./db/client";

// The app and the commands' modules are imported when a command needs them, not here: `convene help`, an unknown
// command and a bad setting answer at once instead of after loading the whole app (seconds of CPU on two cores).

const HELP = `Convene — operator commands

  convene start            migrate, load reference data (and demo content unless CONVENE_DEMO=false), serve
  convene migrate          apply pending database migrations
  convene seed             load reference data and demo content (idempotent)
  convene create-admin --email E --password P [--name N]
                           create a platform administrator, or make an existing account one
  convene jobs             run every due background job once (mail, reminders) and exit
  convene import-commitments --space SLUG --file F [--organisation SLUG] [--publish]
                           import commitments from CSV or JSON (all rows or none), as drafts unless --publish
  convene export-commitments --space SLUG [--format csv|json|ndjson|clearing-house] [--file F]
                           export a public space's published commitments
  convene import-guidance (--space SLUG | --platform) --dir FOLDER
                           import guidance Markdown files with front matter (every file or none; again = update)
  convene backup [FILE]    write a consistent backup of the database (also while Convene runs) to FILE
                           (default convene-backup-<date>.gz in the current folder)
  convene restore FILE [--force]
                           restore a backup into an empty database (--force replaces a database that holds data)
  convene help             this text

Settings come from the environment; see the README's configuration table.`;

/** Prints one line and exits non-zero: bad configuration must never hang or dump a stack. */
function fail(message: string): never {
  process.stderr.write(`convene: ${message}\n`);
  process.exit(1);
}

async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const { connectDatabase, DatabaseConnectError } = await import("./db/client");
  try {
    // The embedded server keeps its files in a subfolder, so the data folder can also hold the mail outbox.
    return await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: 5000, log: (line) => process.stderr.write(`convene: ${line}\n`) });
  } catch (error) {
    if (error instanceof DatabaseConnectError) fail(error.message);
    fail(`cannot open the database in CONVENE_DATA_DIR=${config.dataDir}: ${(error as Error).message}`);
  }
}

/**
 * Forks `config.workers` server processes on the database at `databaseUrl` and waits until each listens.
 * A worker that dies is replaced; `stop` asks every worker to finish its requests and exit.
 */
async function forkWorkers(config: Config, databaseUrl: string): Promise<{ stop(): Promise<void> }> {
  let isStopping = false;
  // Workers get the database's URL (for the embedded server: its socket) and leave jobs and seeding to us.
  // The file this process was started from (src/main.ts through tsx; the compiled main.js under `npm test`), so a
  // worker runs the same code with the same loader flags; this module's own path when it was not the entry.
  const entry = process.argv[1] && /[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]) ? process.argv[1] : fileURLToPath(import.meta.url);
  cluster.setupPrimary({ exec: entry, args: ["serve-worker"] });
  const env = { DATABASE_URL: databaseUrl, CONVENE_JOBS: "false", CONVENE_DEMO: "false", CONVENE_WORKERS: "1" };
  const forkOne = () =>
    new Promise<void>((resolve, reject) => {
      const worker = cluster.fork(env);
      worker.once("listening", () => resolve());
      worker.once("exit", (code) => reject(new Error(`a server process exited with code ${code} before listening`)));
    });
  cluster.on("exit", (worker, code, signal) => {
    if (isStopping) return;
    process.stderr.write(`convene: server process ${worker.process.pid} ended (${signal ?? code}); starting another\n`);
    cluster.fork(env);
  });
  await Promise.all(Array.from({ length: config.workers }, forkOne));
  return {
    stop: async () => {
      isStopping = true;
      await new Promise<void>((resolve) => cluster.disconnect(resolve));
    },
  };
}

/** A forked server process: serves HTTP on the shared port; the primary does everything else. */
async function serveWorker(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const [{ buildApp }, { markShuttingDown }] = await Promise.all([import("./app"), import("./platform/api/health")]);
  const app = await buildApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  const stop = async () => {
    markShuttingDown();
    await app.close();
    await database.close();
    process.exit(0);
  };
  // The primary disconnects us on shutdown, and the channel closes if the primary is killed: stop either way.
  process.on("disconnect", () => void stop());
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => undefined);
}

async function main(): Promise<void> {
  const [command = "start", ...rest] = process.argv.slice(2);
  if (command === "serve-worker" && cluster.isWorker) return serveWorker();
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!["start", "migrate", "seed", "create-admin", "jobs", "import-commitments", "export-commitments", "import-guidance", "backup", "restore"].includes(command)) fail(`unknown command "${command}"; run "convene help"`);

  // Arguments are checked before the database is opened: a mistyped command answers at once.
  let adminArgs: { email?: string; password?: string; name?: string } | undefined;
  try {
    if (command === "create-admin") adminArgs = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } } }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (adminArgs && (!adminArgs.email || !adminArgs.password || adminArgs.password.length < 10)) fail("create-admin needs --email and --password (at least 10 characters)");

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const database = await openDatabase(config);
  const closeDatabase = () => database.close().catch(() => undefined);
  if (command === "backup" || command === "restore") {
    // Neither migrates first: a backup records the schema as it is, and a restore rebuilds it from the backup.
    const { backupCli, restoreCli } = await import("./db/backup-cli");
    process.exitCode = await (command === "backup" ? backupCli : restoreCli)(database.url, rest);
    return void (await closeDatabase());
  }
  try {
    const { migrate } = await import("./db/migrate");
    const applied = await migrate(database);
    if (command === "migrate") {
      process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
      return void (await closeDatabase());
    }
    const [{ buildApp }, { markShuttingDown }, { DEMO_ACCOUNTS, makePlatformAdmin, seedDemo, seedReference }] = await Promise.all([
      import("./app"),
      import("./platform/api/health"),
      import("./platform/demo"),
    ]);
    const app = await buildApp({ config, database, logger: command === "start" ? undefined : false });
    const { services } = app;
    await seedReference(services);

    if (command === "seed") {
      await seedDemo(services);
      process.stdout.write("reference data and demo content are in place\n");
      await app.close();
      return void (await closeDatabase());
    }
    if (adminArgs?.email && adminArgs.password) {
      const { email, password, name } = adminArgs;
      const { isNew } = await makePlatformAdmin(services, { email, password, displayName: name ?? email });
      process.stdout.write(isNew ? `created administrator ${email}\n` : `${email} is now a platform administrator\n`);
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "import-commitments" || command === "export-commitments") {
      const cli = command === "import-commitments" ? (await import("./modules/commitments/import")).importCommitmentsCli : (await import("./modules/commitments/export")).exportCommitmentsCli;
      process.exitCode = await cli(services, rest);
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "import-guidance") {
      const { importGuidanceCli } = await import("./modules/knowledge/guidance/commands/import-guidance");
      process.exitCode = await importGuidanceCli(services, rest);
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "jobs") {
      const ran = await services.jobs.drain();
      process.stdout.write(`ran ${ran} job(s)\n`);
      await app.close();
      return void (await closeDatabase());
    }

    // Signals are handled before anything listens: a SIGTERM that arrives while workers start must still stop cleanly.
    const running: { workers?: { stop(): Promise<void> } } = {};
    let isStopping = false;
    const stop = async (signal: string) => {
      if (isStopping) return;
      isStopping = true;
      markShuttingDown();
      app.log.info({ signal }, "shutting down");
      await running.workers?.stop();
      await app.close();
      await closeDatabase();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));

    if (config.isDemoSeeded) await seedDemo(services);
    if (config.isJobWorkerEnabled) services.jobs.start();
    // One process serves, or the primary keeps the database, migrations, seeding and jobs to itself and
    // forks CONVENE_WORKERS processes that share the port (the kernel spreads connections among them).
    const workers = config.workers > 1 ? await forkWorkers(config, database.url) : undefined;
    running.workers = workers;
    if (!workers) await app.listen({ port: config.port, host: config.host });
    const where = database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `the embedded PostgreSQL in ${join(config.dataDir, "postgres")}`;
    const lines = [`Convene is running at ${config.publicUrl} on ${where}${workers ? ` with ${config.workers} server processes` : ""}`];
    if (config.isDemoSeeded) {
      lines.push("Demo accounts:");
      for (const account of Object.values(DEMO_ACCOUNTS)) lines.push(`  ${account.email}  /  ${account.password}`);
    }
    if (services.mailer.usesOutbox) lines.push(`Mail goes to ${config.outboxDir} (no SMTP_URL); administrators see it at /admin/outbox`);
    process.stdout.write(`${lines.join("\n")}\n`);

  } catch (error) {
    await closeDatabase();
    fail((error as Error).message);
  }
}

process.on("unhandledRejection", (reason) => {
  process.stderr.write(`convene: unhandled rejection: ${String(reason)}\n`);
});

void main();
