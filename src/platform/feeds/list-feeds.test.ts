import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildConsultation } from "../../modules/consultations/factories";
import { buildPractice, buildPracticeScene, type PracticeScene } from "../../modules/knowledge/practices/factories";
import { knowledgeDocuments } from "../../modules/knowledge/schema";
import { buildSpace, type BuiltSpace } from "../../modules/spaces/factories";
import { XSS } from "../../testing/factories";
import { entryUrl, parseAtom } from "../../testing/feeds";
import { createTestApp, type TestApp } from "../../testing/harness";

// The list feeds added for issue 12: a space's consultations, good practices and the guidance library. Each is read
// as an anonymous feed reader reads it, parsed back by an independent parser, and must carry nothing private.
describe("list feeds", () => {
  let t: TestApp;
  let open: BuiltSpace;
  let closed: BuiltSpace;
  let scene: PracticeScene;
  let privateScene: PracticeScene;
  const get = (url: string) => t.app.inject({ method: "GET", url });
  const feedOf = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 200)}`);
    assert.match(String(response.headers["content-type"]), /^application\/atom\+xml/);
    assert.ok(!response.body.includes("<script>"), "escaped");
    return { feed: parseAtom(response.body), xml: response.body };
  };
  const pageHead = async (url: string) => {
    const response = await t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });
    assert.equal(response.statusCode, 200, url);
    return /<head>[\s\S]*<\/head>/.exec(response.body)?.[0] ?? "";
  };

  before(async () => {
    t = await createTestApp();
    open = await buildSpace(t.services, { slug: "feeds-open", enabledModules: ["consultations", "knowledge"] });
    closed = await buildSpace(t.services, { slug: "feeds-closed", visibility: "private", enabledModules: ["consultations", "knowledge"] });
    await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, slug: "public-one", status: "published", title: { en: `${XSS} Public consultation` } });
    await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, slug: "members-one", status: "published", visibility: "members", title: { en: "Members consultation" } });
    await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, slug: "draft-one", status: "draft", title: { en: "Draft consultation" } });
    await buildConsultation(t.services, { spaceId: closed.id, spaceSlug: closed.slug, slug: "closed-one", status: "published", title: { en: "Closed consultation" } });

    scene = await buildPracticeScene(t.services);
    await buildPractice(t.services, scene, { fields: { title: { en: `${XSS} Published practice` } } });
    await buildPractice(t.services, scene, { status: "submitted", fields: { title: { en: "Submitted practice" } } });
    privateScene = await buildPracticeScene(t.services, { visibility: "private" });
    await buildPractice(t.services, privateScene, { fields: { title: { en: "Private practice" } } });

    const document = (spaceId: string | null, slug: string, status: "draft" | "published", title: string) => ({ spaceId, slug, status, kind: "guidance" as const, language: "en", title, bodyHtml: `<p>${slug} body &amp; more</p>` });
    await t.services.db.insert(knowledgeDocuments).values([
      document(open.id, "open-guide", "published", `${XSS} Open guide`),
      document(open.id, "draft-guide", "draft", "Draft guide"),
      document(closed.id, "closed-guide", "published", "Closed guide"),
      document(null, "platform-guide", "published", "Platform guide"),
    ]);
  });
  after(() => t.close());

  it("a space's consultations: published public ones only, linked from the list page", async () => {
    const { feed, xml } = await feedOf(`/spaces/${open.slug}/consultations/feed.atom`);
    assert.equal(feed.id, `http://convene.test/spaces/${open.slug}/consultations`);
    assert.deepEqual(feed.entries.map(entryUrl), [`http://convene.test/spaces/${open.slug}/consultations/public-one`]);
    assert.match(feed.entries[0]!.title, /^&lt;script&gt;alert\(1\)&lt;\/script&gt; Public consultation/);
    assert.doesNotMatch(xml, /Members consultation|Draft consultation|Closed consultation/);
    assert.equal((await get(`/spaces/${closed.slug}/consultations/feed.atom`)).statusCode, 404, "a private space's feed is not found");
    assert.match(await pageHead(`/spaces/${open.slug}/consultations`), new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]+" href="/spaces/${open.slug}/consultations/feed\\.atom">`));
  });

  it("good practices: published ones of spaces the reader may see, per space and across spaces", async () => {
    const { feed, xml } = await feedOf(`/spaces/${scene.spaceSlug}/knowledge/practices/feed.atom`);
    assert.equal(feed.entries.length, 1);
    assert.match(entryUrl(feed.entries[0]!)!, new RegExp(`^http://convene\\.test/spaces/${scene.spaceSlug}/knowledge/practices/[0-9a-f-]{36}$`));
    assert.match(feed.entries[0]!.title, /Published practice/);
    assert.doesNotMatch(xml, /Submitted practice|Private practice/);
    const everywhere = await feedOf("/knowledge/practices/feed.atom");
    assert.ok(everywhere.feed.entries.some((entry) => /Published practice/.test(entry.title)));
    assert.doesNotMatch(everywhere.xml, /Submitted practice|Private practice/);
    assert.equal((await get(`/spaces/${privateScene.spaceSlug}/knowledge/practices/feed.atom`)).statusCode, 404);
    assert.match(await pageHead(`/spaces/${scene.spaceSlug}/knowledge/practices`), /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/spaces\/[^"]+\/knowledge\/practices\/feed\.atom">/);
  });

  it("the guidance library: published documents of the hub only", async () => {
    const { feed, xml } = await feedOf(`/spaces/${open.slug}/knowledge/guidance/feed.atom`);
    assert.deepEqual(feed.entries.map(entryUrl), [`http://convene.test/spaces/${open.slug}/knowledge/guidance/open-guide`]);
    assert.equal(feed.entries[0]!.summary, "open-guide body &amp; more", "the text of the document, escaped once as HTML");
    assert.doesNotMatch(xml, /Draft guide|Closed guide|Platform guide/);
    const platform = await feedOf("/knowledge/guidance/feed.atom");
    assert.deepEqual(platform.feed.entries.map(entryUrl), ["http://convene.test/knowledge/guidance/platform-guide"]);
    assert.equal((await get(`/spaces/${closed.slug}/knowledge/guidance/feed.atom`)).statusCode, 404);
    assert.match(await pageHead(`/spaces/${open.slug}/knowledge/guidance`), new RegExp(`href="/spaces/${open.slug}/knowledge/guidance/feed\\.atom"`));
  });
});
