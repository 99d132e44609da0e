import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { count, eq } from "drizzle-orm";
import { seedDemo } from "../../platform/demo";
import { createTestApp, type TestApp } from "../../testing/harness";
import { consultationContributions, consultationGroups, consultations, goodPractices } from "./schema";
import { windowState } from "./state";

describe("demo consultations", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("a consultation in progress: one group open now, one next, one closed; seeding twice adds nothing", async () => {
    await seedDemo(t.services);
    const contributionsAfterFirst = (await t.services.db.select({ n: count() }).from(consultationContributions))[0]!.n;
    await seedDemo(t.services);
    const contributionsAfterSecond = (await t.services.db.select({ n: count() }).from(consultationContributions))[0]!.n;
    assert.equal(contributionsAfterSecond, contributionsAfterFirst);
    assert.ok(contributionsAfterFirst >= 15, `demo has ${contributionsAfterFirst} contributions`);

    const [agenda] = await t.services.db.select().from(consultations).where(eq(consultations.slug, "action-agenda-online-discussions"));
    assert.ok(agenda);
    const groups = await t.services.db.select().from(consultationGroups).where(eq(consultationGroups.consultationId, agenda.id)).orderBy(consultationGroups.number);
    assert.deepEqual(
      groups.map((group) => windowState(group, t.clock.now())),
      ["closed", "open", "upcoming"],
    );
    const threads = await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.consultationId, agenda.id));
    assert.ok(threads.some((row) => row.depth === 1), "there are replies");
    assert.ok(threads.every((row) => row.rootId !== null));
    assert.ok(threads.some((row) => row.language === "ru") && threads.some((row) => row.language === "en"));
    assert.ok((await t.services.db.select({ n: count() }).from(goodPractices))[0]!.n >= 2);

    // the overview counts each topic's questions and published contributions
    const overview = await t.app.inject({ method: "GET", url: "/spaces/nature-action-agenda/consultations/action-agenda-online-discussions?lang=en" });
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /3 guiding questions · 5 contributions/, "topic 3: three questions; a thread of three and two more answers");
    assert.doesNotMatch(overview.body, /Topic 3: Topic 3/);
  });
});
