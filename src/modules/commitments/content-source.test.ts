import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { contentSource } from "../../platform/content/sources";
import { createTestApp, type TestApp } from "../../testing/harness";
import { spaces } from "../spaces/schema";
import { buildSpace } from "../spaces/factories";
import { buildCommitment } from "./factories";
import { commitments, commitmentSpaceSettings } from "./schema";

describe("the 'commitment' content source", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("answers with published commitments of public spaces with commitments on, and with nothing else", async () => {
    const source = contentSource("commitment");
    assert.ok(source, "registered through the commitments manifest");
    const space = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    const shared = { spaceId: space.id, spaceSlug: space.slug, primaryItemKey: ["GBF", "GBF-TARGET-07"] as [string, string] };
    const published = await buildCommitment(t.services, { ...shared, status: "published", title: { en: "Clean rivers pledge", ru: "Обещание о чистых реках" }, description: { en: "We clean  the river\nevery spring." } });
    const draft = await buildCommitment(t.services, { ...shared, status: "draft", title: { en: "Clean rivers draft" } });
    const withdrawn = await buildCommitment(t.services, { ...shared, status: "published", title: { en: "Clean rivers, withdrawn later" } });
    await t.services.db.update(commitments).set({ status: "withdrawn" }).where(eq(commitments.id, withdrawn.id));
    const privateSpace = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    const hidden = await buildCommitment(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug, status: "published", title: { en: "Clean rivers, private space" } });
    const switchedOff = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    const offCommitment = await buildCommitment(t.services, { spaceId: switchedOff.id, spaceSlug: switchedOff.slug, status: "published", title: { en: "Clean rivers, feature off" } });
    await t.services.db.update(spaces).set({ enabledModules: [] }).where(eq(spaces.id, switchedOff.id));

    const cards = await source.cards(t.services.db, [draft.id, published.id, withdrawn.id, hidden.id, offCommitment.id, "not-a-uuid"]);
    assert.deepEqual(cards.map((card) => card.id), [published.id]);
    const [card] = cards;
    assert.equal(card.kind, "commitment");
    assert.equal(card.path, `/spaces/${space.slug}/commitments/${published.number}`);
    assert.equal(card.summary.en, "We clean the river every spring.");
    assert.match(card.meta?.en ?? "", /· GBF 7$/, "meta ends with the primary target's short code");
    assert.equal(card.isPartnerDisplayAllowed, false, "the owner has not agreed to partner display");
    assert.deepEqual([card.kindLabel?.en, card.kindLabel?.ru], ["Commitment", "Обязательство"]);

    const found = await source.find(t.services.db, space.id, "RIVERS", 10);
    assert.deepEqual(found.map((item) => item.id), [published.id], "find: only the public one, case-insensitive");
    assert.deepEqual((await source.find(t.services.db, space.id, "реках", 10)).map((item) => item.id), [published.id], "any language of the title");
    assert.deepEqual(await source.find(t.services.db, space.id, "100%_", 10), [], "LIKE wildcards are literal");
    assert.deepEqual(await source.find(t.services.db, privateSpace.id, "", 10), [], "nothing of a private space");
    const now = t.services.clock.now();
    const recent = await source.recent(t.services.db, space.id, { since: new Date(now.getTime() - 86_400_000), until: new Date(now.getTime() + 1) }, 10);
    assert.deepEqual(recent.map((item) => item.id), [published.id]);
  });

  it("names a memorandum space's record a programme activity", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["commitments"] });
    await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: space.id, mode: "memorandum" });
    const activity = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: "Open hearings", ru: "Открытые слушания" } });
    const [card] = await contentSource("commitment")!.cards(t.services.db, [activity.id]);
    assert.deepEqual([card?.kindLabel?.en, card?.kindLabel?.ru], ["Programme activity", "Мероприятие программы"]);
  });
});
