import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import { connectDatabase, type DatabaseHandle } from "./client";
import { cachedLookup } from "./lookup-cache";
import { spaces } from "../modules/spaces/schema";
import { createTestApp, type TestApp } from "../testing/harness";

// A lookup that counts how often it really reads, over the spaces table.
function countingTitleLookup() {
  let loads = 0;
  const lookup = cachedLookup(["spaces"], async (db, slug: string) => {
    loads += 1;
    const [row] = await db.select({ title: spaces.title }).from(spaces).where(eq(spaces.slug, slug));
    return row;
  });
  return { lookup, loads: () => loads };
}

async function eventually(check: () => Promise<boolean>, label: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`never happened: ${label}`);
}

describe("lookups kept in the process", () => {
  let t: TestApp;
  let other: DatabaseHandle;
  before(async () => {
    t = await createTestApp();
    await t.services.db.insert(spaces).values({ slug: "cached-space", title: { en: "First" }, createdBy: null });
    // A second connection pool on the same database stands for another Convene process.
    other = await connectDatabase({ databaseUrl: t.database.url });
  });
  after(async () => {
    await other.close();
    await t.close();
  });

  it("reads once, then answers from memory", async () => {
    const { lookup, loads } = countingTitleLookup();
    assert.deepEqual(await lookup(t.services.db, "cached-space"), { title: { en: "First" } });
    await lookup(t.services.db, "cached-space");
    await lookup(t.services.db, "cached-space");
    assert.equal(loads(), 1);
  });

  it("drops an entry at once when this process writes to the table", async () => {
    const { lookup, loads } = countingTitleLookup();
    await lookup(t.services.db, "cached-space");
    await t.services.db.update(spaces).set({ title: { en: "Second" } }).where(eq(spaces.slug, "cached-space"));
    assert.deepEqual(await lookup(t.services.db, "cached-space"), { title: { en: "Second" } });
    assert.equal(loads(), 2);
  });

  it("drops an entry when another process writes to the table (NOTIFY at commit)", async () => {
    const { lookup } = countingTitleLookup();
    await lookup(t.services.db, "cached-space");
    await other.db.execute(sql`update spaces set title = '{"en":"From elsewhere"}'::jsonb where slug = 'cached-space'`);
    await eventually(async () => (await lookup(t.services.db, "cached-space"))?.title.en === "From elsewhere", "the other process's write was seen");
  });

  it("is bypassed inside a transaction, which reads its own uncommitted write", async () => {
    const { lookup } = countingTitleLookup();
    await lookup(t.services.db, "cached-space");
    await t.services.db.transaction(async (tx) => {
      await tx.execute(sql`update spaces set title = '{"en":"Inside"}'::jsonb where slug = 'cached-space'`);
      assert.equal((await lookup(tx, "cached-space"))?.title.en, "Inside");
      tx.rollback();
    }).catch(() => undefined);
    await eventually(async () => (await lookup(t.services.db, "cached-space"))?.title.en !== "Inside", "the rolled-back title is not served");
  });

  it("hands out frozen values, so a caller cannot change what the next request sees", async () => {
    const { lookup } = countingTitleLookup();
    const found = await lookup(t.services.db, "cached-space");
    assert.ok(found);
    assert.throws(() => {
      (found.title as Record<string, string>).en = "mutated";
    }, TypeError);
  });
});
