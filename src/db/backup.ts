import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { migrationNames, migrationScript } from "./migrate";

/**
 * Backups of Convene's database, the same on the embedded server and on a PostgreSQL server, without pg_dump
 * (the embedded package ships none, and a server's pg_dump must match its version).
 *
 * A backup is one gzip stream of text lines: a JSON header (format, the migrations the schema has, each table's
 * columns, the sequences), then each table's rows in COPY text format ending with a `\.` line, in foreign-key
 * order, then a JSON footer with the row counts. Every table is read in one REPEATABLE READ, READ ONLY
 * transaction, so the backup is one consistent snapshot while Convene keeps serving and writing.
 *
 * A restore rebuilds the schema in ONE transaction: it empties the `public` schema, applies the migrations the
 * backup was taken at, loads every table as it was (user triggers off: the statistics tables the triggers keep
 * are restored as they were, not counted twice), sets the sequences, then applies the migrations this Convene
 * has beyond the backup's. Anything failing — a damaged file, a truncated one, a row that does not fit — rolls
 * the whole transaction back: the target is left as it was.
 */

export const BACKUP_FORMAT = 1;
const BACKUP_KIND = "convene-backup";
const END_OF_TABLE = "\\.";
const MIGRATIONS_TABLE = "convene_migrations";

/** A refusal or failure to tell the operator in one line (the CLI prints it and exits 1). */
export class BackupError extends Error {}

type TableHeader = { name: string; columns: string[] };
type SequenceState = { name: string; lastValue: string; isCalled: boolean };
export type BackupHeader = {
  kind: typeof BACKUP_KIND;
  format: number;
  createdAt: string;
  serverVersion: string;
  migrations: string[];
  tables: TableHeader[];
  sequences: SequenceState[];
};
type BackupFooter = { end: true; rows: Record<string, number> };
export type BackupSummary = { tables: number; rows: number; migration: string };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

/** Ordinary tables of the public schema (the migrations ledger aside), parents before the tables that refer to them. */
async function tablesInForeignKeyOrder(client: pg.Client): Promise<TableHeader[]> {
  const tables = await client.query<{ name: string; columns: string[] }>(
    `select c.relname as name,
            array(select a.attname from pg_attribute a
                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                  order by a.attnum)::text[] as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> $1
      order by c.relname`,
    [MIGRATIONS_TABLE],
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent
       from pg_constraint k
       join pg_class child on child.oid = k.conrelid
       join pg_class parent on parent.oid = k.confrelid
       join pg_namespace n on n.oid = child.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const parentsOf = new Map<string, Set<string>>(tables.rows.map((table) => [table.name, new Set<string>()]));
  for (const edge of edges.rows) parentsOf.get(edge.child)?.add(edge.parent);
  const ordered: TableHeader[] = [];
  const placed = new Set<string>();
  let remaining = tables.rows;
  while (remaining.length) {
    const ready = remaining.filter((table) => [...parentsOf.get(table.name)!].every((parent) => placed.has(parent) || !parentsOf.has(parent)));
    // A cycle of foreign keys cannot be ordered; the schema has none, and a restore would report the violation.
    const next = ready.length ? ready : remaining.slice(0, 1);
    for (const table of next) {
      ordered.push({ name: table.name, columns: table.columns });
      placed.add(table.name);
    }
    remaining = remaining.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

/** Rows in a chunk of COPY text output: every row ends with a newline, and newlines inside values are escaped. */
function countLines(chunk: Buffer): number {
  let count = 0;
  for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) count++;
  return count;
}

/**
 * Writes a backup of the database at `url` to `file`: to a temporary file beside it (mode 0600: it holds password
 * hashes), synced, then renamed, so `file` is either the previous backup or a complete new one.
 * `inSnapshot` runs inside the backup's transaction after the copy (tests read the same snapshot with it).
 */
export async function writeBackupFile(url: string, file: string, options: { inSnapshot?: (client: pg.Client) => Promise<void> } = {}): Promise<BackupSummary> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  const client = await connect(url);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    await client.query("begin isolation level repeatable read, read only");
    const ledger = await client.query<{ present: boolean }>("select to_regclass($1) is not null as present", [`public.${MIGRATIONS_TABLE}`]);
    if (!ledger.rows[0]?.present) throw new BackupError("the database has no Convene schema (no convene_migrations table): nothing to back up");
    const migrations = (await client.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE} order by name`)).rows.map((row) => row.name);
    const tables = await tablesInForeignKeyOrder(client);
    const sequenceNames = await client.query<{ name: string }>(
      "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S' order by 1",
    );
    const sequences: SequenceState[] = [];
    for (const { name } of sequenceNames.rows) {
      const state = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${quoteIdent(name)}`);
      sequences.push({ name, lastValue: state.rows[0]!.last_value, isCalled: state.rows[0]!.is_called });
    }
    const version = await client.query<{ server_version: string }>("show server_version");
    const header: BackupHeader = {
      kind: BACKUP_KIND,
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: version.rows[0]!.server_version,
      migrations,
      tables,
      sequences,
    };
    const rows: Record<string, number> = {};
    async function* content(): AsyncGenerator<Buffer | string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        let count = 0;
        const columns = table.columns.map(quoteIdent).join(", ");
        for await (const chunk of client.query(copyTo(`copy ${quoteIdent(table.name)} (${columns}) to stdout`)) as AsyncIterable<Buffer>) {
          count += countLines(chunk);
          yield chunk;
        }
        rows[table.name] = count;
        yield `${END_OF_TABLE}\n`;
      }
      yield `${JSON.stringify({ end: true, rows } satisfies BackupFooter)}\n`;
    }
    // The write stream closes its own file (with autoClose off it never emits "close", and the pipeline waits
    // for it forever); the file is then opened again to sync it to disk before the rename.
    await pipeline(content(), createGzip(), createWriteStream(temporary, { flags: "wx", mode: 0o600 }));
    handle = await open(temporary, "r+");
    await handle.sync();
    await options.inSnapshot?.(client);
    await client.query("commit");
    await handle.close();
    handle = undefined;
    await rename(temporary, file);
    return { tables: tables.length, rows: Object.values(rows).reduce((sum, count) => sum + count, 0), migration: migrations.at(-1) ?? "" };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The decompressed backup as lines (without their newline); a damaged or truncated gzip stream throws. */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  gunzip.setEncoding("utf8");
  let carry = "";
  for await (const chunk of gunzip as AsyncIterable<string>) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop()!;
    yield* parts;
  }
  if (carry) yield carry;
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = JSON.parse(line ?? "") as Partial<BackupHeader>;
  } catch {
    header = undefined;
  }
  if (!header || header.kind !== BACKUP_KIND || !Array.isArray(header.migrations) || !Array.isArray(header.tables) || !Array.isArray(header.sequences)) {
    throw new BackupError("the file is not a Convene backup (its header is missing or damaged)");
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError(`the backup has format ${String(header.format)}; this Convene reads format ${BACKUP_FORMAT}`);
  return header as BackupHeader;
}

/** Whether any table of the public schema holds a row (a database where Convene started holds reference data). */
async function tablesWithRows(client: pg.Client): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> $1 order by 1",
    [MIGRATIONS_TABLE],
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const result = await client.query<{ has_rows: boolean }>(`select exists (select 1 from ${quoteIdent(name)}) as has_rows`);
    if (result.rows[0]?.has_rows) found.push(name);
  }
  return found;
}

async function applyMigrations(client: pg.Client, names: string[]): Promise<void> {
  for (const name of names) {
    await client.query(migrationScript(name));
    await client.query(`insert into ${MIGRATIONS_TABLE} (name) values ($1)`, [name]);
  }
}

/** Streams one table's COPY lines from `lines` into the server until the end-of-table line; returns the row count. */
async function loadTable(client: pg.Client, table: TableHeader, lines: AsyncIterator<string>): Promise<number> {
  const stream = client.query(copyFrom(`copy ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(", ")}) from stdin`));
  let failure: Error | undefined;
  stream.on("error", (error: Error) => (failure ??= error));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  finished.catch(() => undefined);
  let batch: string[] = [];
  let batchLength = 0;
  const flush = async () => {
    if (!batch.length) return;
    const chunk = batch.join("");
    batch = [];
    batchLength = 0;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => (failure ? resolve() : stream.once("drain", resolve).once("error", () => resolve())));
  };
  try {
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new BackupError(`the backup is truncated: it ends inside table ${table.name}`);
      if (next.value === END_OF_TABLE) break;
      batch.push(`${next.value}\n`);
      batchLength += next.value.length + 1;
      if (batchLength >= 256 * 1024) await flush();
      if (failure) throw failure;
    }
    await flush();
    stream.end();
    await finished;
  } catch (error) {
    // Abandons the COPY so the connection can roll back (pg-copy-streams answers destroy with CopyFail).
    if (!stream.destroyed) stream.destroy(error as Error);
    await finished.catch(() => undefined);
    throw error;
  }
  return stream.rowCount;
}

export type RestoreSummary = { tables: number; rows: number; backupMigration: string; appliedAfter: string[] };

/**
 * Restores a backup (see the file comment) into the database at `url`. Refuses a target that holds data unless
 * `force` (then everything in its public schema is replaced), and a backup taken at a migration this Convene does
 * not have (a newer Convene's).
 */
export async function restoreBackup(url: string, input: Readable, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  const lines = linesOf(input)[Symbol.asyncIterator]();
  const readLine = async (): Promise<string | undefined> => {
    try {
      const next = await lines.next();
      return next.done ? undefined : next.value;
    } catch (error) {
      throw new BackupError(`the backup file is damaged: ${(error as Error).message}`);
    }
  };
  const header = parseHeader(await readLine());
  const known = migrationNames();
  const unknown = header.migrations.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new BackupError(`the backup comes from a newer Convene (migration ${unknown.join(", ")} is unknown here): upgrade Convene, then restore`);
  }

  const client = await connect(url);
  try {
    const occupied = await tablesWithRows(client);
    if (occupied.length && !options.force) {
      throw new BackupError(
        `the target database already holds data (${occupied.length} table(s), e.g. ${occupied.slice(0, 3).join(", ")}): restore into an empty database, or pass --force to replace everything in it`,
      );
    }
    await client.query("begin");
    try {
      // Rebuilt from nothing, so the schema is exactly the backup's before its rows go in.
      await client.query("drop schema if exists public cascade");
      await client.query("create schema public");
      await client.query(`create table ${MIGRATIONS_TABLE} (name text primary key, applied_at timestamptz not null default now())`);
      await applyMigrations(client, known.filter((name) => header.migrations.includes(name)));
      // Some migrations seed rows (reference and statistics tables); the backup holds those rows as they were, so
      // the tables are emptied before the backup's rows go in.
      if (header.tables.length) await client.query(`truncate ${header.tables.map((table) => quoteIdent(table.name)).join(", ")}`);
      // User triggers keep statistics tables and send change notifications: the statistics are restored as they
      // were, so the triggers must not count the restored rows a second time. Foreign keys stay checked.
      for (const table of header.tables) await client.query(`alter table ${quoteIdent(table.name)} disable trigger user`);
      const rows: Record<string, number> = {};
      const iterator: AsyncIterator<string> = {
        next: async () => {
          const value = await readLine();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
      };
      for (const table of header.tables) rows[table.name] = await loadTable(client, table, iterator);
      const footerLine = await readLine();
      let footer: Partial<BackupFooter> | undefined;
      try {
        footer = JSON.parse(footerLine ?? "") as Partial<BackupFooter>;
      } catch {
        footer = undefined;
      }
      if (!footer?.end || !footer.rows) throw new BackupError("the backup is truncated: its closing line with the row counts is missing");
      for (const table of header.tables) {
        if (footer.rows[table.name] !== rows[table.name]) {
          throw new BackupError(`the backup is damaged: table ${table.name} should have ${footer.rows[table.name]} rows, it has ${rows[table.name]}`);
        }
      }
      for (const table of header.tables) await client.query(`alter table ${quoteIdent(table.name)} enable trigger user`);
      for (const sequence of header.sequences) {
        await client.query("select setval($1::regclass, $2::bigint, $3)", [quoteIdent(sequence.name), sequence.lastValue, sequence.isCalled]);
      }
      const appliedAfter = known.filter((name) => !header.migrations.includes(name));
      await applyMigrations(client, appliedAfter);
      await client.query("commit");
      return { tables: header.tables.length, rows: Object.values(rows).reduce((sum, count) => sum + count, 0), backupMigration: header.migrations.at(-1) ?? "", appliedAfter };
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      if (error instanceof BackupError) throw error;
      throw new BackupError(`the restore failed and changed nothing: ${(error as Error).message}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `restoreBackup` from a file. */
export async function restoreBackupFile(url: string, file: string, options: { force?: boolean } = {}): Promise<RestoreSummary> {
  const input = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error) => reject(new BackupError(`cannot read ${file}: ${error.message}`)));
  });
  try {
    return await restoreBackup(url, input, options);
  } finally {
    input.destroy();
  }
}
