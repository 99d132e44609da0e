import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { contentSource, resolveCards } from "../../../platform/content/sources";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildSpace, type BuiltSpace } from "../../spaces/factories";
import { buildEvent, type BuiltEvent } from "../factories";

describe("events as a content source (cards for newsletters, digests and showcases)", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let open: BuiltEvent;
  let online: BuiltEvent;
  let hidden: BuiltEvent[];

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    space = await buildSpace(t.services, { enabledModules: ["events"] });
    open = await buildEvent(t.services, { space, title: { en: "Wetland round table", ru: "Круглый стол о болотах" }, summary: { en: "Restoring wetlands.", ru: "О восстановлении." } });
    online = await buildEvent(t.services, { space, kind: "online", venueName: "", venueAddress: "", title: { en: "Online wetland clinic" } });
    const privateSpace = await buildSpace(t.services, { enabledModules: ["events"], visibility: "private" });
    hidden = [
      await buildEvent(t.services, { space, title: { en: "Wetland members" }, visibility: "members" }),
      await buildEvent(t.services, { space, title: { en: "Wetland invitation" }, visibility: "invitation" }),
      await buildEvent(t.services, { space, title: { en: "Wetland draft" }, status: "draft" }),
      await buildEvent(t.services, { space, title: { en: "Wetland cancelled" }, status: "cancelled" }),
      await buildEvent(t.services, { space: privateSpace, title: { en: "Wetland private" } }),
    ];
  });
  after(() => t.close());

  it("is registered from the manifest and gives public published events only, as cards in the order asked", async () => {
    const source = contentSource("event");
    assert.ok(source, "the events manifest registers the source");
    const ids = [online.id, hidden[0].id, "not-an-id", open.id, ...hidden.map((event) => event.id), "00000000-0000-4000-8000-000000000000"];
    const cards = await source.cards(t.services.db, ids);
    assert.deepEqual(cards.map((card) => card.id), [online.id, open.id]);
    const [first, second] = await resolveCards(t.services.db, [{ kind: "event", id: open.id }, { kind: "event", id: online.id }]);
    assert.equal(first.kind, "event");
    assert.equal(first.path, `/spaces/${space.slug}/events/${open.slug}`);
    assert.deepEqual(first.title, { en: "Wetland round table", ru: "Круглый стол о болотах" });
    assert.equal(first.summary.ru, "О восстановлении.");
    assert.equal(first.date.getTime(), open.startsAt.getTime());
    assert.match(first.meta?.en ?? "", /\(Europe\/Berlin\) · Aarhus Centre$/);
    assert.match(first.meta?.ru ?? "", /\(Europe\/Berlin\) · Aarhus Centre$/);
    assert.match(second.meta?.ru ?? "", /· Онлайн$/, "an online event says so in the reader's language");
  });

  it("lists a space's recently published events newest first, and finds them by words of a title in any language", async () => {
    const source = contentSource("event")!;
    const now = t.services.clock.now();
    await t.services.db.execute(sql`update events set published_at = ${new Date(now.getTime() - 3 * 86_400_000)} where id = ${open.id}`);
    await t.services.db.execute(sql`update events set published_at = ${new Date(now.getTime() - 86_400_000)} where id = ${online.id}`);
    const week = { since: new Date(now.getTime() - 7 * 86_400_000), until: new Date(now.getTime() + 1000) };
    assert.deepEqual((await source.recent(t.services.db, space.id, week, 10)).map((card) => card.id), [online.id, open.id]);
    assert.deepEqual((await source.recent(t.services.db, space.id, week, 1)).map((card) => card.id), [online.id]);
    const lastTwoDays = { since: new Date(now.getTime() - 2 * 86_400_000), until: week.until };
    assert.deepEqual((await source.recent(t.services.db, space.id, lastTwoDays, 10)).map((card) => card.id), [online.id]);
    assert.deepEqual((await source.find(t.services.db, space.id, "болотах", 10)).map((card) => card.id), [open.id]);
    assert.deepEqual((await source.find(t.services.db, space.id, "WETLAND", 10)).map((card) => card.id), [online.id, open.id]);
    assert.deepEqual((await source.find(t.services.db, space.id, "100%_", 10)).map((card) => card.id), [], "LIKE wildcards are literal");
    assert.deepEqual((await source.find(t.services.db, space.id, "", 1)).map((card) => card.id), [online.id]);
  });
});
