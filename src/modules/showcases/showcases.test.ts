import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { queryRows } from "../../db/sql";
import { registerContentSource, type ContentCard } from "../../platform/content/sources";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { buildCommitment, type BuiltCommitment } from "../commitments/factories";
import { commitments } from "../commitments/schema";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { spaces } from "../spaces/schema";
import { addShowcaseItem } from "./commands/add-showcase-entry";
import { showcaseSitemapSource } from "./sitemap";
import { showcaseWidgetScript } from "./widget";

/**
 * A stand-in for a kind another module provides (stories, events): a showcase works with any registered source.
 * Its items are public while `isPublic` says so.
 */
const stories = new Map<string, ContentCard & { isPublic: boolean }>();
registerContentSource({
  kind: "test-story",
  labelKey: "showcases.list.title",
  async cards(_db, ids) {
    return ids.flatMap((id) => {
      const story = stories.get(id);
      return story?.isPublic ? [story] : [];
    });
  },
  async recent() {
    return [];
  },
  async find(_db, spaceId, text) {
    return [...stories.values()].filter((story) => story.isPublic && story.spaceId === spaceId && (story.title.en ?? "").includes(text));
  },
});

type ShowcaseJson = { items: { kind: string; id: string; title: Record<string, string>; url: string; note: Record<string, string>; section: Record<string, string> | null; kind_label: Record<string, string> }[] };

describe("showcases", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: Browser;
  let coordinatorUser: BuiltUser;
  let forest: BuiltCommitment;
  let wetlands: BuiltCommitment;
  let seeds: BuiltCommitment;
  const storyId = "5f0c2f7e-0000-4000-8000-000000000001";
  const anonymous = () => new Browser(t.app);
  const base = () => `/spaces/${space.slug}/showcases`;

  /** A draft showcase made through the form; returns its page path. */
  const createThroughForm = async (title: string): Promise<string> => {
    const response = await coordinator.post(`${base()}/new`, { "title.en": title, "title.ru": "Витрина", "occasion.en": `${XSS} COP17 high-level segment`, starts_on: "2026-10-19", ends_on: "2026-10-30", "intro.en": `**Why** these ${XSS}`, colour: "#1b6e3a" });
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    return String(response.headers.location).replace(/\/edit$/, "");
  };
  const add = (path: string, kind: string, item: string, form: Record<string, string> = {}) => coordinator.post(`${path}/edit/items`, { kind, item, ...form });
  const entryIds = async (path: string): Promise<string[]> => {
    const slug = path.split("/").pop()!;
    const rows = await queryRows<{ id: string }>(t.services.db, sql`select i.id from showcase_items i join showcases s on s.id = i.showcase_id where s.slug = ${slug} and s.space_id = ${space.id} order by i.position`);
    return rows.map((row) => row.id);
  };

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments", "knowledge"] });
    coordinatorUser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinatorUser.id, "coordinator");
    coordinator = await new Browser(t.app).logIn(coordinatorUser.email, coordinatorUser.password);
    const shared = { spaceId: space.id, spaceSlug: space.slug, status: "published" as const, primaryItemKey: ["GBF", "GBF-TARGET-02"] as [string, string] };
    forest = await buildCommitment(t.services, { ...shared, title: { en: `${XSS} Restore the floodplain forest`, ru: "Восстановить пойменный лес" } });
    wetlands = await buildCommitment(t.services, { ...shared, title: { en: "Protect the wetlands" } });
    seeds = await buildCommitment(t.services, { ...shared, title: { en: "Community seed banks" } });
    stories.set(storyId, { kind: "test-story", id: storyId, spaceId: space.id, title: { en: `${XSS} A story from the river` }, summary: { en: "What changed." }, path: `/spaces/${space.slug}/news/river`, date: t.services.clock.now(), isPublic: true });
  });
  after(() => t.close());

  it("a coordinator creates a showcase, picks items of any kind, reorders and publishes it; the page shows them in that order, escaped, with ItemList JSON-LD", async () => {
    const path = await createThroughForm(`${XSS} Commitments for COP17`);
    const picker = await coordinator.get(`${path}/edit?kind=commitment&q=`);
    assert.equal(picker.statusCode, 200);
    for (const built of [forest, wetlands, seeds]) assert.ok(picker.body.includes(`name="item" value="${built.id}"`), "the picker offers each published commitment");
    const searched = await coordinator.get(`${path}/edit?kind=commitment&q=wetl`);
    assert.ok(searched.body.includes(`value="${wetlands.id}"`) && !searched.body.includes(`name="item" value="${seeds.id}"`), "the picker searches titles");

    for (const built of [forest, wetlands, seeds]) assert.equal((await add(path, "commitment", built.id)).statusCode, 303);
    assert.equal((await add(path, "test-story", storyId, { "note.en": `${XSS} Read this first`, "note.ru": "Прочтите сначала" })).statusCode, 303);
    // Draft: nobody but curators sees it.
    assert.equal((await anonymous().get(path)).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1${path}` })).statusCode, 404);

    // Seed banks up one (before wetlands), the story up to the top.
    let ids = await entryIds(path);
    assert.equal((await coordinator.post(`${path}/edit/entries/${ids[2]}/move`, { direction: "up" })).statusCode, 303);
    for (let step = 0; step < 3; step++) {
      ids = await entryIds(path);
      assert.equal((await coordinator.post(`${path}/edit/entries/${ids[3 - step]}/move`, { direction: "up" })).statusCode, 303);
    }
    assert.equal((await coordinator.post(`${path}/edit/entries/${ids[0]}/move`, { direction: "sideways" })).statusCode, 400);
    assert.equal((await coordinator.post(`${path}/edit/status`, { status: "published" })).statusCode, 303);

    const page = await anonymous().get(path);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "every text is escaped");
    const order = [storyId, forest.id, seeds.id, wetlands.id];
    const titles = ["A story from the river", "Restore the floodplain forest", "Community seed banks", "Protect the wetlands"];
    const positions = titles.map((title) => page.body.indexOf(title));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `cards in the curator's order: ${positions}`);
    assert.ok(positions.every((position) => position > 0));
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Read this first/, "the curator's note, escaped");
    assert.match(page.body, /<strong>Why<\/strong> these &lt;script&gt;/, "the intro is Markdown, rendered with raw HTML escaped");
    assert.match(page.body, /<rect width="100" height="12" fill="#1b6e3a"\/>/, "the cover colour");
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)![1]) as { "@type": string; numberOfItems: number; itemListElement: { position: number; url: string }[] };
    assert.equal(jsonLd["@type"], "ItemList");
    assert.equal(jsonLd.numberOfItems, 4);
    assert.equal(jsonLd.itemListElement[1].url, `http://convene.test/spaces/${space.slug}/commitments/${forest.number}`);
    assert.match(page.body, /<meta property="og:title" content="&lt;script&gt;alert\(1\)&lt;\/script&gt; Commitments for COP17">/);

    const api = await t.app.inject({ method: "GET", url: `/api/v1${path}` });
    assert.equal(api.statusCode, 200, api.body);
    assert.deepEqual((api.json() as ShowcaseJson).items.map((item) => item.id), order);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, { get?: { tags?: string[] } }> };
    for (const documented of ["/api/v1/spaces/{slug}/showcases", "/api/v1/spaces/{slug}/showcases/{showcase}"]) assert.deepEqual(openapi.paths[documented]?.get?.tags, ["showcases"], documented);
    const sitemap = await showcaseSitemapSource.entries(t.services.db, 100);
    assert.ok(sitemap.some((entry) => entry.path === path), "published: in the sitemap");
    const listed = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/showcases` });
    assert.ok((listed.json() as { data: { slug: string }[] }).data.some((showcase) => path.endsWith(showcase.slug)));
    // Russian page: the Russian title, the list in Russian.
    const russian = await new Browser(t.app, "ru").get(`${base()}?lang=ru`);
    assert.match(russian.body, /<h1>Подборки<\/h1>/);
    assert.ok(russian.body.includes("Витрина"));
  });

  it("sections group the items; an empty heading and a bad form are 422 naming the field, with what was typed kept", async () => {
    const path = await createThroughForm("Sections");
    assert.equal((await coordinator.post(`${path}/edit/sections`, { "heading.en": "Forests" })).statusCode, 303);
    await add(path, "commitment", forest.id);
    await coordinator.post(`${path}/edit/sections`, { "heading.en": "Water" });
    await add(path, "commitment", wetlands.id);
    const empty = await coordinator.post(`${path}/edit/sections`, { "heading.en": "  " });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Fill this in in at least one language/);
    await coordinator.post(`${path}/edit/status`, { status: "published" });
    const api = (await t.app.inject({ method: "GET", url: `/api/v1${path}` })).json() as ShowcaseJson;
    assert.deepEqual(api.items.map((item) => item.section?.en), ["Forests", "Water"]);
    const page = await anonymous().get(path);
    assert.match(page.body, /<h2>Forests<\/h2><ul class="cards"><li class="card">[\s\S]*?<h3><a href="[^"]+\/commitments\/\d+">/);

    const bad = await coordinator.post(`${base()}/new`, { "title.en": "", "intro.en": "My typed intro", starts_on: "2026-10-30", ends_on: "2026-10-19", colour: "green", slug: "new" });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.body.includes("My typed intro"), "the intro typed is kept");
    for (const field of ["field-title", "field-ends_on", "field-colour", "field-slug"]) assert.ok(bad.body.includes(`href="#${field}"`), `the summary names ${field}`);
    const taken = await coordinator.post(`${base()}/new`, { "title.en": "Again", slug: path.split("/").pop()! });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /already has this address/);
  });

  it("adding a kind nobody provides or an item that is not public is a 422; adding one twice is a 409; nothing is stored", async () => {
    const path = await createThroughForm("Rejections");
    const draft = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "draft", title: { en: "Not yet" } });
    const unknown = await add(path, "horoscope", forest.id);
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /Choose one of the kinds offered/);
    const notPublic = await add(path, "commitment", draft.id);
    assert.equal(notPublic.statusCode, 422);
    assert.match(notPublic.body, /is not public/);
    assert.equal((await add(path, "commitment", "../../etc")).statusCode, 422);
    assert.equal((await add(path, "commitment", forest.id)).statusCode, 303);
    assert.equal((await add(path, "commitment", forest.id)).statusCode, 409);
    assert.equal((await entryIds(path)).length, 1);
    assert.equal((await coordinator.post(`${path}/edit/entries/not-an-id/remove`, {})).statusCode, 404);
  });

  it("two curators adding at once get distinct positions, and the same item twice is stored once", async () => {
    const path = await createThroughForm("Race");
    const [row] = await queryRows<{ id: string }>(t.services.db, sql`select id from showcases where space_id = ${space.id} and slug = 'race'`);
    const actor = { id: coordinatorUser.id };
    const results = await Promise.allSettled([
      addShowcaseItem(t.services, actor, space.id, row.id, { kind: "commitment", id: forest.id, note: {} }),
      addShowcaseItem(t.services, actor, space.id, row.id, { kind: "commitment", id: forest.id, note: {} }),
      addShowcaseItem(t.services, actor, space.id, row.id, { kind: "commitment", id: wetlands.id, note: {} }),
      addShowcaseItem(t.services, actor, space.id, row.id, { kind: "commitment", id: seeds.id, note: {} }),
    ]);
    assert.equal(results.filter((result) => result.status === "rejected").length, 1, "one of the two same adds is refused");
    const positions = await queryRows<{ position: number }>(t.services.db, sql`select position from showcase_items where showcase_id = ${row.id} order by position`);
    assert.deepEqual(positions.map((entry) => Number(entry.position)), [1, 2, 3]);
    assert.equal((await entryIds(path)).length, 3);
  });

  it("only the space's coordinators and platform admins curate; drafts and private spaces stay hidden", async () => {
    const path = await createThroughForm("Permissions");
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    const otherSpace = await buildSpace(t.services, { enabledModules: ["commitments"] });
    const otherCoordinator = await buildUser(t.services);
    await addSpaceRole(t.services, otherSpace.id, otherCoordinator.id, "coordinator");
    const otherBrowser = await new Browser(t.app).logIn(otherCoordinator.email, otherCoordinator.password);
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const adminBrowser = await new Browser(t.app).logIn(admin.email, admin.password);

    assert.notEqual((await anonymous().get(`${base()}/new`)).statusCode, 200, "anonymous: sent to log in");
    assert.notEqual((await anonymous().post(`${path}/edit/items`, { kind: "commitment", item: forest.id })).statusCode, 303);
    for (const browser of [memberBrowser, otherBrowser]) {
      assert.equal((await browser.get(`${base()}/new`)).statusCode, 403);
      assert.equal((await browser.post(`${path}/edit/items`, { kind: "commitment", item: forest.id })).statusCode, 403);
      assert.equal((await browser.post(`${path}/edit/status`, { status: "published" })).statusCode, 403);
      assert.equal((await browser.get(path)).statusCode, 404, "a draft is not shown to non-curators");
    }
    assert.equal((await entryIds(path)).length, 0);
    assert.ok(!(await showcaseSitemapSource.entries(t.services.db, 100)).some((entry) => entry.path === path), "a draft is not in the sitemap");
    assert.equal((await adminBrowser.post(`${path}/edit/items`, { kind: "commitment", item: forest.id })).statusCode, 303, "a platform admin curates");
    assert.ok(!(await memberBrowser.get(base())).body.includes("Permissions"), "drafts are not listed to members");
    assert.ok((await coordinator.get(base())).body.includes("Permissions"), "but to curators");

    const privateSpace = await buildSpace(t.services, { visibility: "private", enabledModules: ["commitments"] });
    assert.equal((await otherBrowser.get(`/spaces/${privateSpace.slug}/showcases`)).statusCode, 404);
    assert.equal((await otherBrowser.get(`/spaces/${privateSpace.slug}/showcases/new`)).statusCode, 404);
    const audit = await queryRows<{ action: string }>(t.services.db, sql`select action from audit_log where subject_type = 'showcase' and actor_user_id = ${admin.id}`);
    assert.deepEqual(audit.map((row) => row.action), ["showcase.item_added"]);
  });

  it("an item that stops being public leaves the page, the feed and the API, and the curator sees which", async () => {
    const path = await createThroughForm("Dropping");
    const fleeting = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: "Fleeting pledge" } });
    const storyGone = "5f0c2f7e-0000-4000-8000-000000000002";
    stories.set(storyGone, { kind: "test-story", id: storyGone, spaceId: space.id, title: { en: "Fleeting story" }, summary: {}, path: `/spaces/${space.slug}/news/fleeting`, date: t.services.clock.now(), isPublic: true });
    for (const [kind, id] of [["commitment", forest.id], ["commitment", fleeting.id], ["test-story", storyGone]]) await add(path, kind, id);
    await coordinator.post(`${path}/edit/status`, { status: "published" });
    assert.ok((await anonymous().get(path)).body.includes("Fleeting pledge"));

    await t.services.db.update(commitments).set({ status: "withdrawn" }).where(eq(commitments.id, fleeting.id));
    stories.get(storyGone)!.isPublic = false;
    const page = await anonymous().get(path);
    assert.ok(!page.body.includes("Fleeting pledge") && !page.body.includes("Fleeting story"), "gone from the page");
    assert.ok(page.body.includes("Restore the floodplain forest"));
    const api = (await t.app.inject({ method: "GET", url: `/api/v1${path}` })).json() as ShowcaseJson;
    assert.deepEqual(api.items.map((item) => item.id), [forest.id]);
    const feed = await t.app.inject({ method: "GET", url: `${path}/feed.atom` });
    assert.ok(!feed.body.includes("Fleeting"));
    const curate = await coordinator.get(`${path}/edit`);
    assert.match(curate.body, /2 items are no longer public/);
    assert.match(curate.body, /Fleeting pledge\s*<strong>No longer public — not shown<\/strong>/, "named by the title it had when added");

    // The whole space turning private takes everything out of partner-facing reads.
    await t.services.db.update(spaces).set({ visibility: "private" }).where(eq(spaces.id, space.id));
    try {
      assert.equal((await t.app.inject({ method: "GET", url: `/api/v1${path}` })).statusCode, 404);
      const stillCurating = await coordinator.get(path);
      assert.equal(stillCurating.statusCode, 200);
      assert.ok(!stillCurating.body.includes("Restore the floodplain forest"), "cards are public items only, even for the space's members");
    } finally {
      await t.services.db.update(spaces).set({ visibility: "public" }).where(eq(spaces.id, space.id));
    }
  });

  it("the Atom feed parses, lists the items newest added first, and answers 404 for a draft", async () => {
    const path = await createThroughForm("Feed");
    assert.equal((await t.app.inject({ method: "GET", url: `${path}/feed.atom` })).statusCode, 404);
    for (const built of [wetlands, forest]) {
      await add(path, "commitment", built.id, { "note.en": `${XSS} why` });
      t.clock.advance(60_000);
    }
    await coordinator.post(`${path}/edit/status`, { status: "published" });
    const response = await t.app.inject({ method: "GET", url: `${path}/feed.atom` });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^application\/atom\+xml/);
    type Text = string | { "#text": string };
    const text = (value: Text) => (typeof value === "string" ? value : value["#text"]);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(response.body) as { feed: { title: Text; entry: { title: Text; summary: Text; link: { "@_href": string }; published: string }[] } };
    const entries = parsed.feed.entry;
    assert.equal(entries.length, 2);
    assert.match(text(entries[0].title), /Restore the floodplain forest/, "newest added first");
    assert.match(text(entries[0].title), /^&lt;script&gt;alert/, "the title went in as text (escaped inside type=\"html\")");
    assert.match(text(entries[0].summary), /^&lt;script&gt;alert\(1\)&lt;\/script&gt; why — /, "the curator's note leads the summary");
    assert.equal(entries[1].link["@_href"], `http://convene.test/spaces/${space.slug}/commitments/${wetlands.number}`);
    assert.ok(Date.parse(entries[0].published) > Date.parse(entries[1].published));
    assert.match(text(parsed.feed.title), /Feed · showcase/);
    assert.ok((await anonymous().get(path)).body.includes(`<link rel="alternate" type="application/atom+xml" title="Feed" href="${path}/feed.atom">`));
  });

  it("the widget's API leaves out commitments without partner-display consent; the widget script is ES2019, text-only and cached by ETag", async () => {
    const path = await createThroughForm("Widget");
    await add(path, "commitment", forest.id);
    await add(path, "commitment", wetlands.id);
    await add(path, "test-story", storyId);
    await coordinator.post(`${path}/edit/status`, { status: "published" });
    await t.services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, wetlands.id));
    const forWidget = (await t.app.inject({ method: "GET", url: `/api/v1${path}?partner_display=true`, headers: { origin: "https://partner.example" } }));
    assert.equal(forWidget.headers["access-control-allow-origin"], "*");
    const json = forWidget.json() as ShowcaseJson;
    assert.deepEqual(json.items.map((item) => item.id), [wetlands.id, storyId], "the forest's owner did not agree to partner display");
    assert.equal(json.items[0].kind_label.ru, "Обязательство");
    assert.equal((await t.app.inject({ method: "GET", url: `/api/v1${path}?partner_display=maybe` })).statusCode, 422, "a bad parameter is named, not ignored");
    const page = await anonymous().get(path);
    assert.ok(page.body.includes(`&lt;convene-showcase space=&quot;${space.slug}&quot; showcase=&quot;widget&quot;`), "the snippet, escaped");

    const source = showcaseWidgetScript.source.toString("utf8");
    const acorn = createRequire(import.meta.url)("acorn") as { parse(source: string, options: { ecmaVersion: number; sourceType: string }): unknown };
    assert.doesNotThrow(() => acorn.parse(source, { ecmaVersion: 2019, sourceType: "script" }), "the bundle parses as ES2019");
    assert.ok(!/innerHTML|insertAdjacentHTML|document\.write/.test(source), "data is only ever written as text");
    assert.ok(source.includes('credentials: "omit"') && source.includes("partner_display"), "no cookies, consenting items only");
    assert.ok(showcaseWidgetScript.gzip.length <= 6 * 1024, `${showcaseWidgetScript.gzip.length} bytes gzipped`);
    const served = await t.app.inject({ method: "GET", url: "/widgets/convene-showcase.js", headers: { "accept-encoding": "gzip" } });
    assert.equal(served.statusCode, 200);
    assert.equal(gunzipSync(served.rawPayload).toString("utf8"), source);
    const again = await t.app.inject({ method: "GET", url: "/widgets/convene-showcase.js", headers: { "if-none-match": String(served.headers.etag) } });
    assert.equal(again.statusCode, 304);
  });
});
