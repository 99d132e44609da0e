import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { contentSource } from "../../../platform/content/sources";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { XSS } from "../../../testing/factories";
import { buildPractice, buildPracticeScene } from "./factories";

describe("the 'practice' content source", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("answers with published practices of public spaces only", async () => {
    const source = contentSource("practice");
    assert.ok(source, "registered through the knowledge manifest");
    const scene = await buildPracticeScene(t.services);
    const published = await buildPractice(t.services, scene);
    const submitted = await buildPractice(t.services, scene, { status: "submitted" });
    const returned = await buildPractice(t.services, scene, { status: "returned" });
    const privateScene = await buildPracticeScene(t.services, { visibility: "private" });
    const hidden = await buildPractice(t.services, privateScene);

    const cards = await source.cards(t.services.db, [submitted, hidden, published, returned]);
    assert.deepEqual(cards.map((card) => card.id), [published]);
    assert.equal(cards[0].path, `/spaces/${scene.spaceSlug}/knowledge/practices/${published}`);
    assert.equal(cards[0].title.en, `${XSS} Wetland restoration by volunteers`, "raw text: escaping is the reader's job");
    assert.ok(cards[0].meta?.en, "meta names the organisation");
    assert.deepEqual((await source.find(t.services.db, scene.spaceId, "wetland", 10)).map((card) => card.id), [published]);
    assert.deepEqual(await source.find(t.services.db, privateScene.spaceId, "", 10), []);
  });
});
