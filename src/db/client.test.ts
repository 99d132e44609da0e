import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { queryRows } from "./sql";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../testing/harness";
import { connectDatabase } from "./client";

describe("database connections", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  it("run with JIT compilation off, on every connection of the pool", async () => {
    const settings = await Promise.all(Array.from({ length: 4 }, () => queryRows<{ jit: string }>(t.services.db, sql`select current_setting('jit') as jit, pg_sleep(0.05)`)));
    assert.deepEqual(
      settings.map(([row]) => row!.jit),
      ["off", "off", "off", "off"],
    );
  });

  it("keeps the settings a URL asks for (?options=-c …) beside JIT off", async () => {
    const url = new URL(t.database.url);
    url.searchParams.set("options", "-c statement_timeout=12345 -c application_name=convene-options-test");
    const handle = await connectDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    try {
      const [row] = await queryRows<{ jit: string; timeout: string; name: string }>(
        handle.db,
        sql`select current_setting('jit') as jit, current_setting('statement_timeout') as timeout, current_setting('application_name') as name`,
      );
      assert.deepEqual(row, { jit: "off", timeout: "12345ms", name: "convene-options-test" });
    } finally {
      await handle.close();
    }
  });
});
