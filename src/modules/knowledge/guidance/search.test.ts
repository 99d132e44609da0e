import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { analyseQuery } from "../../../platform/search/query";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { shippedGlossary } from "../glossary/load";
import { saveDocument, type DocumentFields } from "./commands/save-document";
import { faqSearchProvider, guidanceSearchProvider } from "./search";

describe("guidance and FAQ search providers", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  const save = (fields: Partial<DocumentFields> & { slug: string; spaceId: string | null }) =>
    t.services.db.transaction((tx) =>
      saveDocument(tx, { kind: "guidance", language: "en", title: "Untitled", tags: [], bodyMd: "Text.", status: "published", translationOfSlug: null, collectionId: null, ...fields }, { actorUserId: null, source: "ui", now: t.services.clock.now() }),
    );
  const query = (text: string, locale = "en") => analyseQuery(t.services.db, text, { locale, glossary: shippedGlossary() });

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    privateSpace = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    await save({ spaceId: space.id, slug: "wetlands", title: "Protecting wetlands", bodyMd: "Why they matter.\n\n## Reporting drained marshes\n\nTell the secretariat which peatland was drained and when." });
    await save({ spaceId: space.id, slug: "unrelated", title: "Event registration", bodyMd: "Register for meetings in advance." });
    await save({ spaceId: space.id, slug: "draft-wetlands", title: "Wetlands draft", bodyMd: "Drained marsh notes.", status: "draft" });
    await save({ spaceId: privateSpace.id, slug: "private-wetlands", title: "Private wetlands", bodyMd: "Drained marsh in a private space." });
    await save({ spaceId: null, slug: "how-join", kind: "faq", title: "How do I join a space?", bodyMd: "Open the space and press Join." });
  });
  after(() => t.close());

  test("finds the best section of a published document, linked by its anchor, with a score between 0 and 1", async () => {
    const { hits } = await guidanceSearchProvider.search(t.services, await query("drained marshes reporting"), undefined, 10);
    assert.equal(hits.length, 1);
    assert.match(hits[0]!.url, /\/knowledge\/guidance\/wetlands#reporting-drained-marshes$/);
    assert.ok(hits[0]!.score > 0.5 && hits[0]!.score <= 1);
    assert.ok(hits[0]!.highlight.length > 0);
  });

  test("a Russian query finds English guidance through the glossary", async () => {
    const { hits } = await guidanceSearchProvider.search(t.services, await query("торфяники", "ru"), undefined, 10);
    assert.deepEqual(hits.map((hit) => hit.url.split("#")[0]!.split("/").pop()), ["wetlands"]);
  });

  test("never returns drafts or documents of a private space to outsiders; a member of the private space sees its documents", async () => {
    const outsider = await guidanceSearchProvider.search(t.services, await query("drained marsh"), undefined, 10);
    assert.ok(!outsider.hits.some((hit) => /draft-wetlands|private-wetlands/.test(hit.url)));
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    const inside = await guidanceSearchProvider.search(t.services, await query("drained marsh"), { id: member.id, email: member.email, displayName: "m", locale: "en", isPlatformAdmin: false, isEmailVerified: true }, 10);
    assert.ok(inside.hits.some((hit) => hit.url.includes("private-wetlands")));
  });

  test("the FAQ provider returns platform FAQ entries linked to their anchor on the FAQ page", async () => {
    const { hits } = await faqSearchProvider.search(t.services, await query("join a space"), undefined, 10);
    assert.equal(hits[0]?.url, "/knowledge/faq#how-join");
    assert.equal((await faqSearchProvider.search(t.services, await query("zzzz qqqq"), undefined, 10)).hits.length, 0);
  });
});
