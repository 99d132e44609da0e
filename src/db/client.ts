import { createHash } from "node:crypto";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { attachChangeFeed, ChangeFeed } from "./lookup-cache";
import { ensureDatabase, startEmbeddedServer, type EmbeddedServer } from "./embedded-server";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The Drizzle database. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A connected database with the few raw operations the platform needs beside Drizzle. */
export type DatabaseHandle = {
  db: Database;
  /** "embedded": the PostgreSQL server Convene started itself in CONVENE_DATA_DIR; "postgres": DATABASE_URL. */
  kind: "embedded" | "postgres";
  /** The URL other processes (workers, the CLI) reach the same database at. */
  url: string;
  /** Runs a multi-statement SQL script (migrations). */
  execScript(sql: string): Promise<void>;
  /** Runs fn on one dedicated connection (session-level locks need the same connection throughout). */
  withConnection<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /** Number of SQL statements issued through Drizzle so far; tests assert query counts with it. */
  queryCount(): number;
  /** Closes the pool, then stops the embedded server if this handle started it. */
  close(): Promise<void>;
};

/** Runs raw SQL (no parameters means a multi-statement script is allowed) and returns the rows. */
export type RawQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export type ConnectOptions = {
  /** postgres:// URL; absent means the embedded PostgreSQL in `dataDir`. */
  databaseUrl?: string;
  /** Convene's data folder; the embedded cluster lives in its `postgres/` subfolder. */
  dataDir?: string;
  /** Give up connecting to a server after this long, so a bad URL never hangs start-up. */
  connectTimeoutMs?: number;
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Told about embedded-server steps worth a line in the start log. */
  log?: (line: string) => void;
};

// Every statement Drizzle sends has parameters and a text that depends only on the query's shape, so
// naming it makes PostgreSQL parse and plan it once per connection instead of on every request. The
// names are bounded: texts past the cap (or huge ones) go unnamed, so an endless variety of generated
// SQL cannot grow the server's per-connection statement cache without limit.
const NAMED_STATEMENT_CAP = 400;
const NAMED_STATEMENT_MAX_LENGTH = 16_000;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known || statementNames.size >= NAMED_STATEMENT_CAP || text.length > NAMED_STATEMENT_MAX_LENGTH) return known;
  const name = `cv_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  statementNames.set(text, name);
  return name;
}

type QueryConfigLike = { text?: unknown; name?: unknown; submit?: unknown };

/**
 * A pg client that sends parameterised statements as named (prepared) ones, and one query at a time: a query asked
 * for while another runs (`Promise.all` over a transaction, which is one connection) waits for it here instead of
 * in pg's own queue, which warns that pg@9 will refuse it. Nothing runs less in parallel: one connection never ran
 * two queries at once.
 */
class PreparingClient extends pg.Client {
  private previous: Promise<unknown> = Promise.resolve();

  override query(...args: unknown[]): never {
    const isPromised = typeof args[args.length - 1] !== "function" && !(args[0] && typeof args[0] === "object" && "submit" in args[0]);
    if (!isPromised) return this.send(args);
    const sent = this.previous.then(() => this.send(args) as unknown as Promise<unknown>);
    this.previous = sent.catch(() => undefined);
    return sent as never;
  }

  private send(args: unknown[]): never {
    const [config, values] = args;
    // Only parameterised statements: a script without parameters may hold several commands, which a prepared
    // statement cannot. Streams and cursors (objects with submit) are left alone.
    if (Array.isArray(values) && config && typeof config === "object" && !("submit" in config)) {
      const queryConfig = config as QueryConfigLike;
      if (typeof queryConfig.text === "string" && !queryConfig.name) {
        const name = statementName(queryConfig.text);
        if (name) args[0] = { ...queryConfig, name };
      }
    } else if (Array.isArray(values) && typeof config === "string") {
      const name = statementName(config);
      if (name) args[0] = { text: config, name };
    }
    return (super.query as (...callArgs: unknown[]) => never)(...args);
  }
}

/** A database that could not be reached; main.ts prints it as one line naming DATABASE_URL. */
export class DatabaseConnectError extends Error {}

/** The embedded cluster's folder inside Convene's data folder. */
export const embeddedClusterDir = (dataDir: string): string => join(dataDir, "postgres");

/** Opens a pool on DATABASE_URL, or starts the embedded PostgreSQL and opens one on it; checks that it answers. */
export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  let server: EmbeddedServer | undefined;
  let url = options.databaseUrl;
  if (!url) {
    server = await startEmbeddedServer({ clusterDir: embeddedClusterDir(options.dataDir ?? "./data"), log: options.log });
    try {
      await ensureDatabase(server.adminUrl, "convene");
    } catch (error) {
      await server.stop();
      throw error;
    }
    url = server.urlFor("convene");
  }
  let count = 0;
  const feed = new ChangeFeed(url);
  const logger = {
    logQuery: (text: string) => {
      count++;
      feed.noticeStatement(text);
    },
  };
  // Server settings the URL asks for (`?options=-c …`) are kept, and jit=off added to them: pg would let the URL's
  // `options` replace the pool's.
  const connection = new URL(url);
  const urlSettings = connection.searchParams.get("options");
  connection.searchParams.delete("options");
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: connection.toString(),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // Convene's queries are short and planned per page: JIT compilation cost 200-250 ms on the large commitment
    // plans at 300k rows and never paid back, so it is off for every connection (a server's default stays as it is).
    options: [urlSettings, "-c jit=off"].filter(Boolean).join(" "),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    await server?.stop();
    throw new DatabaseConnectError(`cannot connect to DATABASE_URL: ${(error as Error).message}`);
  }
  const db = drizzle(pool, { schema, logger }) as unknown as Database;
  attachChangeFeed(db, feed);
  await feed.start();
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: server ? "embedded" : "postgres",
    url,
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
    close: () =>
      (closing ??= (async () => {
        await feed.close();
        await pool.end().catch(() => undefined);
        await server?.stop();
      })()),
  };
}
