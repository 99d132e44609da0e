import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildApp } from "./app";
import { ConfigError, loadConfig, type Config } from "./config";
import { connectDatabase, DatabaseConnectError, type DatabaseHandle } from "./db/client";
import { migrate } from "./db/migrate";
import { markShuttingDown } from "./platform/api/health";
import { DEMO_ACCOUNTS, makePlatformAdmin, seedDemo, seedReference } from "./platform/demo";
import { exportCommitmentsCli } from "./modules/commitments/export";
import { importCommitmentsCli } from "./modules/commitments/import";

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
  convene help             this text

Settings come from the environment; see the README's configuration table.`;

/** Prints one line and exits non-zero: bad configuration must never hang or dump a stack. */
function fail(message: string): never {
  process.stderr.write(`convene: ${message}\n`);
  process.exit(1);
}

async function openDatabase(config: Config): Promise<DatabaseHandle> {
  try {
    // PGlite keeps its files in a subfolder, so the data folder can also hold the mail outbox.
    return await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, "pglite"), connectTimeoutMs: 5000 });
  } catch (error) {
    if (error instanceof DatabaseConnectError) fail(error.message);
    fail(`cannot open the database in CONVENE_DATA_DIR=${config.dataDir}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const [command = "start", ...rest] = process.argv.slice(2);
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!["start", "migrate", "seed", "create-admin", "jobs", "import-commitments", "export-commitments"].includes(command)) fail(`unknown command "${command}"; run "convene help"`);

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const database = await openDatabase(config);
  const closeDatabase = () => database.close().catch(() => undefined);
  try {
    const applied = await migrate(database);
    if (command === "migrate") {
      process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
      return void (await closeDatabase());
    }
    const app = await buildApp({ config, database, logger: command === "start" ? undefined : false });
    const { services } = app;
    await seedReference(services);

    if (command === "seed") {
      await seedDemo(services);
      process.stdout.write("reference data and demo content are in place\n");
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "create-admin") {
      const { values } = parseArgs({ args: rest, options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } } });
      if (!values.email || !values.password || values.password.length < 10) fail("create-admin needs --email and --password (at least 10 characters)");
      const { isNew } = await makePlatformAdmin(services, { email: values.email, password: values.password, displayName: values.name ?? values.email });
      process.stdout.write(isNew ? `created administrator ${values.email}\n` : `${values.email} is now a platform administrator\n`);
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "import-commitments" || command === "export-commitments") {
      process.exitCode = await (command === "import-commitments" ? importCommitmentsCli : exportCommitmentsCli)(services, rest);
      await app.close();
      return void (await closeDatabase());
    }
    if (command === "jobs") {
      const ran = await services.jobs.drain();
      process.stdout.write(`ran ${ran} job(s)\n`);
      await app.close();
      return void (await closeDatabase());
    }

    if (config.isDemoSeeded) await seedDemo(services);
    if (config.isJobWorkerEnabled) services.jobs.start();
    await app.listen({ port: config.port, host: config.host });
    const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`;
    const lines = [`Convene is running at ${config.publicUrl} on ${where}`];
    if (config.isDemoSeeded) {
      lines.push("Demo accounts:");
      for (const account of Object.values(DEMO_ACCOUNTS)) lines.push(`  ${account.email}  /  ${account.password}`);
    }
    if (services.mailer.usesOutbox) lines.push(`Mail goes to ${config.outboxDir} (no SMTP_URL); administrators see it at /admin/outbox`);
    process.stdout.write(`${lines.join("\n")}\n`);

    let isStopping = false;
    const stop = async (signal: string) => {
      if (isStopping) return;
      isStopping = true;
      markShuttingDown();
      app.log.info({ signal }, "shutting down");
      await app.close();
      await closeDatabase();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));
  } catch (error) {
    await closeDatabase();
    fail((error as Error).message);
  }
}

process.on("unhandledRejection", (reason) => {
  process.stderr.write(`convene: unhandled rejection: ${String(reason)}\n`);
});

void main();
