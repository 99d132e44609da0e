import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectDatabase, type DatabaseHandle } from "./client";
import { migrate } from "./migrate";
import { createScratchDatabase } from "./scratch-database";
import { testServerUrl } from "../testing/test-server";

const migrationFiles = readdirSync(join(dirname(fileURLToPath(import.meta.url)), "migrations"))
  .filter((name) => name.endsWith(".sql"))
  .sort();
/** An empty database on the test server (dropped by `drop`). */
async function emptyDatabase(): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(await testServerUrl(), "convene_migrate");
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
    const handle = await connectDatabase({ databaseUrl: target.databaseUrl });
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
    const handle = await connectDatabase({ databaseUrl: target.databaseUrl });
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

  it("lets two processes migrate the same PostgreSQL database at once without failing", async () => {
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
