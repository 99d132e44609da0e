import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { BackupError, restoreBackupFile, writeBackupFile } from "./backup";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
import { seedDemo } from "../platform/demo";
import { createTestApp, type TestApp } from "../testing/harness";
import { buildUser } from "../testing/factories";
import { testServerUrl } from "../testing/test-server";

/** Every table's row count and an md5 of its rows in order (the migrations ledger by name only: applied_at differs). */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1",
    );
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const rows = name === "convene_migrations" ? "(select name from convene_migrations) t" : `"${name}" t`;
      const found = await client.query<{ count: string; digest: string | null }>(
        `select count(*)::text as count, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from ${rows}`,
      );
      result[name] = `${found.rows[0].count} ${found.rows[0].digest}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

describe("backup and restore", () => {
  let source: TestApp;
  let target: ScratchDatabase;
  let directory: string;
  let file: string;

  before(async () => {
    source = await createTestApp();
    await seedDemo(source.services);
    await buildUser(source.services);
    // Text that COPY has to escape: a tab, a newline, a backslash, and something that looks like the end-of-table line.
    await buildUser(source.services, { displayName: "tab\there\nnew line \\ back\\slash \\." });
    target = await createScratchDatabase(await testServerUrl(), "convene_restore");
    directory = mkdtempSync(join(tmpdir(), "convene-backup-"));
    file = join(directory, "convene.backup");
  });
  after(async () => {
    await source?.close();
    await target?.drop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("restores into an empty database exactly the rows of every table", async () => {
    const summary = await writeBackupFile(source.database.url, file);
    assert.ok(summary.rows > 0);
    const restored = await restoreBackupFile(target.url, file);
    assert.equal(restored.rows, summary.rows);
    const expected = await fingerprint(source.database.url);
    assert.ok(Number.parseInt(expected.users, 10) >= 5, "the source has demo and factory users");
    assert.deepEqual(await fingerprint(target.url), expected);
  });

  it("refuses a target that holds data without --force, and changes nothing", async () => {
    const before = await fingerprint(target.url);
    await assert.rejects(restoreBackupFile(target.url, file), (error) => error instanceof BackupError && /already holds data/.test(error.message));
    assert.deepEqual(await fingerprint(target.url), before);
  });

  it("refuses a truncated file, even with --force, and changes nothing", async () => {
    const before = await fingerprint(target.url);
    const whole = readFileSync(file);
    const truncated = join(directory, "truncated.backup");
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await assert.rejects(restoreBackupFile(target.url, truncated, { force: true }), BackupError);
    assert.deepEqual(await fingerprint(target.url), before);
  });
});
