import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { queryRows } from "./sql";
import { sql } from "drizzle-orm";
import { createTestApp, type TestApp } from "../testing/harness";

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
});
