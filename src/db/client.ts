import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is underneath: code never needs to know. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A connected database with the few raw operations the platform needs beside Drizzle. */
export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** Runs a multi-statement SQL script (migrations). */
  execScript(sql: string): Promise<void>;
  /** Runs fn on one dedicated connection (session-level locks need the same connection throughout). */
  withConnection<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /** Number of SQL statements issued through Drizzle so far; tests assert query counts with it. */
  queryCount(): number;
  close(): Promise<void>;
};

/** Runs raw SQL (no parameters means a multi-statement script is allowed) and returns the rows. */
export type RawQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export type ConnectOptions = {
  /** postgres:// URL; absent means embedded PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite data; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Give up connecting to a server after this long, so a bad URL never hangs start-up. */
  connectTimeoutMs?: number;
};

/** A database that could not be reached; main.ts prints it as one line naming DATABASE_URL. */
export class DatabaseConnectError extends Error {}

/** Opens PGlite or a PostgreSQL pool and checks that it answers. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  let count = 0;
  const logger = { logQuery: () => void count++ };
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    try {
      await pool.query("select 1");
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new DatabaseConnectError(`cannot connect to DATABASE_URL: ${(error as Error).message}`);
    }
    const db = drizzlePostgres(pool, { schema, logger }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      execScript: async (sql) => void (await pool.query(sql)),
      withConnection: async (fn) => {
        const connection = await pool.connect();
        try {
          return await fn(async (text, params) => (await connection.query(text, params)).rows);
        } finally {
          connection.release();
        }
      },
      queryCount: () => count,
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? "./data";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
  let isClosed = false;
  return {
    db,
    kind: "pglite",
    execScript: async (sql) => void (await client.exec(sql)),
    withConnection: (fn) =>
      fn(async (text, params) => {
        if (params === undefined) {
          const results = await client.exec(text);
          return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
        }
        return (await client.query<Record<string, unknown>>(text, params)).rows;
      }),
    queryCount: () => count,
    close: async () => {
      if (isClosed) return;
      isClosed = true;
      await client.close();
    },
  };
}
