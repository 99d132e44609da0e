import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "./client";

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), "migrations");
// Any constant works; it only has to be the same in every Convene process sharing a database.
const MIGRATION_LOCK_ID = 724113901;

/** The names of this Convene's migrations, in the order they apply. */
export function migrationNames(): string[] {
  return readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort();
}

/** One migration's SQL. */
export function migrationScript(name: string): string {
  return readFileSync(join(migrationsDir, name), "utf8");
}

/** Applies pending SQL migrations in file-name order, each in its own transaction; returns the names applied. */
export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  const files = migrationNames();
  return handle.withConnection(async (query) => {
    // Several app processes may start at once on one server: the lock lets one migrate while the others wait.
    // It is taken before anything else, since even "create table if not exists" races with itself.
    await query(`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    const applied: string[] = [];
    try {
      await query("create table if not exists convene_migrations (name text primary key, applied_at timestamptz not null default now())");
      const doneNames = new Set((await query("select name from convene_migrations", [])).map((row) => String(row.name)));
      for (const file of files) {
        if (doneNames.has(file)) continue;
        const script = migrationScript(file);
        await query("begin");
        try {
          await query(script);
          await query("insert into convene_migrations (name) values ($1)", [file]);
          await query("commit");
        } catch (error) {
          await query("rollback");
          throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(file);
      }
    } finally {
      await query(`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
    return applied;
  });
}
