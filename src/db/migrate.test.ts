import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectDatabase, type DatabaseHandle } from "./client";
import { migrate } from "./migrate";
import { createScratchDatabase } from "./scratch-database";

const migrationFiles = readdirSync(join(dirname(fileURLToPath(import.meta.url)), "migrations"))
  .filter((name) => name.endsWith(".sql"))
  .sort();
const serverUrl = process.env.TEST_DATABASE_URL;

/** An empty database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server (dropped by `drop`). */
async function emptyDatabase(): Promise<{ databaseUrl: string | undefined; drop(): Promise<void> }> {
  if (!serverUrl) return { databaseUrl: undefined, drop: async () => undefined };
  const scratch = await createScratchDatabase(serverUrl, "convene_migrate");
  return { databaseUrl: scratch.url, drop: scratch.drop };
}

async function recordedMigrations(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.withConnection((query) => query("select name from convene_migrations order by name", []));
  return rows.map((row) => String(row.name));
}

describe("migrations", () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("applies every migration once, in name order, and records each", async () => {
    const target = await emptyDatabase();
    const handle = await connectDatabase({ databaseUrl: target.databaseUrl, dataDir: "memory://" });
    cleanups.push(async () => {
      await handle.close();
      await target.drop();
    });

    assert.ok(migrationFiles.length > 0);
    assert.deepEqual(await migrate(handle), migrationFiles);
    assert.deepEqual(await recordedMigrations(handle), migrationFiles);
    // The schema is really there: a table from the first migration and one from a later one.
    const tables = await handle.withConnection((query) =>
      query("select table_name from information_schema.tables where table_schema = 'public' and table_name in ('users', 'organisations')", []),
    );
    assert.deepEqual(tables.map((row) => String(row.table_name)).sort(), ["organisations", "users"]);
  });

  it("applies nothing and changes nothing when run again", async () => {
    const target = await emptyDatabase();
    const handle = await connectDatabase({ databaseUrl: target.databaseUrl, dataDir: "memory://" });
    cleanups.push(async () => {
      await handle.close();
      await target.drop();
    });

    await migrate(handle);
    const before = await handle.withConnection((query) => query("select name, applied_at from convene_migrations order by name", []));
    assert.deepEqual(await migrate(handle), []);
    assert.deepEqual(await migrate(handle), []);
    const afterRuns = await handle.withConnection((query) => query("select name, applied_at from convene_migrations order by name", []));
    assert.deepEqual(afterRuns, before);
  });

  it("lets two processes migrate the same PostgreSQL database at once without failing", async (t) => {
    if (!serverUrl) {
      t.skip("needs TEST_DATABASE_URL (PGlite is one process, so there is no race to test)");
      return;
    }
    const target = await emptyDatabase();
    // Two handles are two separate pools, as two app processes starting together would have.
    const first = await connectDatabase({ databaseUrl: target.databaseUrl });
    const second = await connectDatabase({ databaseUrl: target.databaseUrl });
    cleanups.push(async () => {
      await first.close();
      await second.close();
      await target.drop();
    });

    const [appliedByFirst, appliedBySecond] = await Promise.all([migrate(first), migrate(second)]);
    // One of them did the work (the advisory lock makes the other wait, then find nothing left to do).
    assert.deepEqual([...appliedByFirst, ...appliedBySecond].sort(), migrationFiles);
    assert.deepEqual(await recordedMigrations(first), migrationFiles);
  });
});
