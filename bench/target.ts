// What every bench repeats to get a running Convene: a fresh database (an embedded PostgreSQL folder, or a scratch
// database on a PostgreSQL server), migrated and seeded through the app, listening on a loopback port; and
// the clean-up afterwards, whatever failed. Used by run.ts (`npm run bench`) and commitments.ts.
import { createWriteStream, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app";
import { loadConfig } from "../src/config";
import { connectDatabase, type DatabaseHandle } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { createScratchDatabase } from "../src/db/scratch-database";
import { seedDemo, seedReference } from "../src/platform/demo";

export const benchDir = resolve(".bench");
export const DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh, empty database for one run: a new embedded PostgreSQL folder, or a new database on the PostgreSQL server. */
export type Target = { label: string; databaseUrl: string | undefined; dataDir: string; cleanup(): Promise<void> };

/** An embedded PostgreSQL data folder under .bench/ (emptied first), removed afterwards unless `isKept`. */
export function embeddedTarget(folder: string, isKept = false): Target {
  const dataDir = join(benchDir, folder);
  rmSync(dataDir, { recursive: true, force: true });
  return {
    label: "embedded PostgreSQL",
    databaseUrl: undefined,
    dataDir,
    cleanup: async () => {
      if (!isKept) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A scratch database on the PostgreSQL server at `serverUrl`, dropped afterwards. */
export async function postgresTarget(serverUrl: string, prefix: string): Promise<Target> {
  const scratch = await createScratchDatabase(serverUrl, prefix);
  return { label: `PostgreSQL (${new URL(scratch.url).host}, database ${scratch.name})`, databaseUrl: scratch.url, dataDir: join(benchDir, "pg-data"), cleanup: scratch.drop };
}

/** Peak resident memory of this process so far, in MB (maxRSS is in kilobytes). */
export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** `env` adds settings (a bench that needs SMTP_URL or a rate passes them here). */
export type ConveneOptions = { pageCacheMs: number; logLevel: string; env?: Record<string, string> };

/** A migrated, seeded Convene on a target; `listen` starts serving on a random loopback port. */
export type RunningConvene = {
  app: FastifyInstance;
  database: DatabaseHandle;
  listen(): Promise<string>;
};

/**
 * Runs `body` with Convene on a fresh target — migrated, `seedReference` and `seedDemo` run through the
 * app, jobs off, logs to /dev/null — then closes the app and the database and cleans the target up, also
 * when `body` throws.
 */
export async function withConvene<T>(target: Target, options: ConveneOptions, body: (convene: RunningConvene) => Promise<T>): Promise<T> {
  const config = loadConfig({
    CONVENE_DATA_DIR: target.dataDir,
    CONVENE_OUTBOX_DIR: join(benchDir, "outbox"),
    CONVENE_JOBS: "false",
    CONVENE_PAGE_CACHE_MS: String(options.pageCacheMs),
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    PORT: "0",
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    ...options.env,
  });
  const database = await connectDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, connectTimeoutMs: 5000 });
  let app: FastifyInstance | undefined;
  const logStream = createWriteStream("/dev/null");
  try {
    await migrate(database);
    const built = await buildApp({ config, database, logger: options.logLevel === "silent" ? false : { level: options.logLevel, stream: logStream } });
    app = built;
    await seedReference(built.services);
    await seedDemo(built.services);
    return await body({
      app: built,
      database,
      listen: async () => {
        await built.listen({ port: 0, host: "127.0.0.1" });
        const address = built.server.address();
        if (!address || typeof address === "string") throw new Error("Convene did not report a TCP address");
        return `http://127.0.0.1:${address.port}`;
      },
    });
  } finally {
    await app?.close().catch((error: Error) => console.error(`bench: closing Convene failed: ${error.message}`));
    await database.close().catch((error: Error) => console.error(`bench: closing the database failed: ${error.message}`));
    logStream.end();
    await target.cleanup().catch((error: Error) => console.error(`bench: cleaning up failed: ${error.message}`));
  }
}
