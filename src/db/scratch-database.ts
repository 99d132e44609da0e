import { randomBytes } from "node:crypto";
import pg from "pg";

export type ScratchDatabase = { url: string; name: string; drop(): Promise<void> };

/** Runs one statement on a connection of its own to `serverUrl` (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function runAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Whether `text` may be written into a statement as an unquoted SQL identifier (a database, template or tablespace name). */
export const isSqlIdentifier = (text: string): boolean => /^[a-z_][a-z0-9_]*$/.test(text);

/**
 * Creates a new database (empty, or a copy of `template`) on the PostgreSQL server at `serverUrl` (tests, the bench) and returns
 * its URL; `drop` removes it, disconnecting whoever is still on it.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string, options: { template?: string } = {}): Promise<ScratchDatabase> {
  if (!isSqlIdentifier(prefix)) throw new Error(`database prefix must be a lowercase identifier: ${prefix}`);
  if (options.template && !isSqlIdentifier(options.template)) throw new Error(`template must be a lowercase identifier: ${options.template}`);
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  // Cloning a migrated template copies files instead of replaying every migration.
  await runAdmin(serverUrl, `create database ${name}${options.template ? ` template ${options.template}` : ""}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => runAdmin(serverUrl, `drop database if exists ${name} with (force)`) };
}
