import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { contentSource, registerContentSource, resolveCards, type ContentCard } from "../../platform/content/sources";
import { moderateSubject } from "../../platform/moderation/commands/moderate-subject";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { buildCommitment } from "../commitments/factories";
import { addMember, buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildPost } from "./factories";
import { STORY_SUBJECT } from "./moderation-subject";
import { findPostById, findPostInSpace } from "./queries";
import { newsContentSource } from "./sources";

/** The JSON-LD blocks of a page, parsed. */
function jsonLd(page: string): Record<string, unknown>[] {
  return [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
}

/** The entries of an Atom document, parsed by an independent parser. */
function atomEntries(xml: string): { title: string; id: string }[] {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { feed: { entry?: unknown } };
  assert.ok(parsed.feed, "an Atom feed element");
  const entries = parsed.feed.entry === undefined ? [] : Array.isArray(parsed.feed.entry) ? parsed.feed.entry : [parsed.feed.entry];
  return entries.map((entry) => {
    const item = entry as { title: string | { "#text": string }; id: string };
    return { title: typeof item.title === "string" ? item.title : item.title["#text"], id: item.id };
  });
}

describe("news: who sees what, forms, feeds, metadata, the story review", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: true });
  });
  after(() => t.close());

  it("shows published posts to anyone and drafts only to the space's coordinators and facilitators (404 otherwise)", async () => {
    const published = await buildPost(t.services);
    const draft = await buildPost(t.services, { space: published.space, status: "draft", title: { en: "Secret draft" } });
    const unpublished = await buildPost(t.services, { space: published.space, status: "unpublished", title: { en: "Taken back" } });
    const member = await buildUser(t.services);
    const facilitator = await buildUser(t.services);
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, published.space.id, member.id, "member");
    await addSpaceRole(t.services, published.space.id, facilitator.id, "facilitator");
    await addSpaceRole(t.services, published.space.id, coordinator.id, "coordinator");
    const anonymous = new Browser(t.app);
    const path = (slug: string) => `/spaces/${published.space.slug}/news/${slug}`;

    const page = await anonymous.get(path(published.slug));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "text is escaped");
    assert.ok(page.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Wetlands mapped"));
    assert.ok(page.body.includes("<strong>survey</strong>"), "Markdown is rendered");
    for (const slug of [draft.slug, unpublished.slug]) assert.equal((await anonymous.get(path(slug))).statusCode, 404, slug);

    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await memberBrowser.get(path(draft.slug))).statusCode, 404);
    assert.equal((await memberBrowser.get(`${path(published.slug)}/edit`)).statusCode, 403);
    assert.equal((await memberBrowser.get(`/spaces/${published.space.slug}/news/new`)).statusCode, 403);
    for (const person of [facilitator, coordinator]) {
      const browser = await new Browser(t.app).logIn(person.email, person.password);
      assert.equal((await browser.get(path(draft.slug))).statusCode, 200);
      assert.equal((await browser.get(`${path(draft.slug)}/edit`)).statusCode, 200);
    }
    const list = await anonymous.get(`/spaces/${published.space.slug}/news`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(path(published.slug)));
    assert.ok(!list.body.includes("Secret draft") && !list.body.includes("Taken back"));
    const across = await anonymous.get("/news");
    assert.ok(across.body.includes(path(published.slug)) && !across.body.includes("Secret draft"));
  });

  it("keeps a private space's news to its members, and a space without the news feature has none", async () => {
    const privateSpace = await buildSpace(t.services, { visibility: "private", enabledModules: ["news"] });
    const post = await buildPost(t.services, { space: privateSpace, title: { en: "Members only news" } });
    const off = await buildSpace(t.services, { enabledModules: [] });
    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get(`/spaces/${privateSpace.slug}/news`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${privateSpace.slug}/news/${post.slug}`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${privateSpace.slug}/news/feed.atom`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${off.slug}/news`)).statusCode, 404);
    assert.ok(!(await anonymous.get("/news")).body.includes("Members only news"));
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, privateSpace.id, member.id, "member");
    const browser = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await browser.get(`/spaces/${privateSpace.slug}/news/${post.slug}`)).statusCode, 200);
    // A feed is shared by whoever fetches it: even a member's feed carries public posts only.
    const feed = await browser.get(`/spaces/${privateSpace.slug}/news/feed.atom`);
    assert.equal(feed.statusCode, 200);
    assert.deepEqual(atomEntries(feed.body), []);
    // Nor does the content source (what newsletters and partner sites get) or the API answer with it.
    assert.deepEqual(await newsContentSource.cards(t.services.db, [post.id]), []);
    assert.equal((await t.app.inject({ url: `/api/v1/news/${post.id}` })).statusCode, 404);
  });

  it("re-shows the form with what was typed and a translated error beside each field (422)", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const coordinator = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const browser = await new Browser(t.app, "ru").logIn(coordinator.email, coordinator.password);
    const response = await browser.post(`/spaces/${space.slug}/news/new`, {
      kind: "news",
      "title.en": "",
      "lead.ru": "Мой набранный текст <b>",
      video_links: "javascript:alert(1) bad",
      "quote.ru": "Слова без автора",
    });
    assert.equal(response.statusCode, 422);
    assert.ok(response.body.includes("Мой набранный текст &lt;b&gt;"), "the lead comes back, escaped");
    assert.ok(response.body.includes("javascript:alert(1) bad"), "the video box comes back");
    assert.ok(response.body.includes("Укажите заголовок хотя бы на одном языке."));
    assert.ok(response.body.includes("Каждая строка должна начинаться с полного веб-адреса"));
    assert.ok(response.body.includes("Укажите, кто автор цитаты."));
    const created = await browser.post(`/spaces/${space.slug}/news/new`, { kind: "announcement", "title.en": "Call for stories", "body.en": "Read *this*", topics: "youth, wetlands" });
    assert.equal(created.statusCode, 303);
    assert.match(String(created.headers.location), /\/news\/call-for-stories\/edit#images$/);
  });

  it("publishes an Atom feed of public posts that an independent parser reads, and describes a public post with Open Graph and NewsArticle", async () => {
    const post = await buildPost(t.services, { title: { en: "Feed item & <friends>" }, topics: ["wetlands"] });
    await buildPost(t.services, { space: post.space, status: "draft", title: { en: "Feed draft" } });
    const anonymous = new Browser(t.app);
    const feed = await anonymous.get(`/spaces/${post.space.slug}/news/feed.atom`);
    assert.equal(feed.statusCode, 200);
    assert.match(String(feed.headers["content-type"]), /application\/atom\+xml/);
    const entries = atomEntries(feed.body);
    assert.equal(entries.length, 1);
    assert.ok(entries[0]!.title.includes("Feed item"));
    assert.equal(entries[0]!.id, `urn:uuid:${post.id}`);
    assert.ok(!feed.body.includes("Feed draft"));
    const across = atomEntries((await anonymous.get("/news/feed.atom")).body);
    assert.ok(across.some((entry) => entry.id === `urn:uuid:${post.id}`));

    const page = await anonymous.get(`/spaces/${post.space.slug}/news/${post.slug}`);
    const [article] = jsonLd(page.body).filter((block) => block["@type"] === "NewsArticle");
    assert.ok(article, "NewsArticle JSON-LD");
    assert.equal(article.url, `http://convene.test/spaces/${post.space.slug}/news/${post.slug}`);
    assert.ok(String(article.datePublished).startsWith("2026-03-02"));
    assert.ok(page.body.includes('<meta property="og:type" content="article">'));
    assert.ok(page.body.includes(`<meta property="og:url" content="http://convene.test/spaces/${post.space.slug}/news/${post.slug}">`));
    assert.ok(page.body.includes('type="application/atom+xml"'));
    // A draft describes itself to nobody.
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, post.space.id, coordinator.id, "coordinator");
    const draft = await buildPost(t.services, { space: post.space, status: "draft" });
    const draftPage = await (await new Browser(t.app).logIn(coordinator.email, coordinator.password)).get(`/spaces/${post.space.slug}/news/${draft.slug}`);
    assert.deepEqual(jsonLd(draftPage.body), []);
    assert.ok(!draftPage.body.includes("og:title"));
  });

  it("filters by kind and year and pages with a cursor; a tampered cursor is a 400", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    for (let index = 0; index < 23; index += 1) {
      t.clock.advance(60_000);
      await buildPost(t.services, { space, kind: index % 2 ? "story" : "news", title: { en: `Item ${index}` } });
    }
    const anonymous = new Browser(t.app);
    const first = await anonymous.get(`/spaces/${space.slug}/news`);
    assert.equal((first.body.match(/class="card news-card"/g) ?? []).length, 20);
    const next = /href="([^"]*cursor=[^"]+)"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(next);
    const second = await anonymous.get(next);
    assert.equal((second.body.match(/class="card news-card"/g) ?? []).length, 3);
    assert.ok(second.body.includes("Item 0"));
    const stories = await anonymous.get(`/spaces/${space.slug}/news?kind=story&year=2026`);
    assert.equal((stories.body.match(/class="card news-card"/g) ?? []).length, 11);
    assert.equal((await anonymous.get(`/spaces/${space.slug}/news?year=2020`)).body.match(/class="card news-card"/g), null);
    assert.equal((await anonymous.get(`/spaces/${space.slug}/news?cursor=broken`)).statusCode, 400);
  });

  it("lets an organisation propose a story about its commitment; coordinators return, then publish it; the author is told by mail", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news", "commitments"] });
    const coordinator = await buildUser(t.services, { locale: "en" });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const author = await buildUser(t.services, { locale: "ru" });
    const organisation = await buildOrganisation(t.services);
    await addMember(t.services, organisation.id, author.id);
    const commitment = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, status: "published" });
    const other = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published" });
    const outsider = await buildUser(t.services);
    const authorBrowser = await new Browser(t.app, "ru").logIn(author.email, author.password);
    assert.equal((await (await new Browser(t.app).logIn(outsider.email, outsider.password)).get(`/spaces/${space.slug}/news/propose`)).statusCode, 403, "only organisation members propose");

    const form = await authorBrowser.get(`/spaces/${space.slug}/news/propose`);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(`value="${commitment.number}"`), "the organisation's own commitment is offered");
    assert.ok(!form.body.includes(`value="${other.number}"`), "someone else's is not");
    const story = { "title.ru": "Как мы открыли данные", "lead.ru": "Коротко о главном", organisation: organisation.slug };
    const wrong = await authorBrowser.post(`/spaces/${space.slug}/news/propose`, { ...story, commitment: String(other.number) });
    assert.equal(wrong.statusCode, 422);
    assert.ok(wrong.body.includes("Как мы открыли данные"));
    const proposed = await authorBrowser.post(`/spaces/${space.slug}/news/propose`, { ...story, commitment: String(commitment.number) });
    assert.equal(proposed.statusCode, 303);
    const path = String(proposed.headers.location);
    await t.services.jobs.drain();
    let mails = await outboxMessages(t.outboxDir);
    assert.ok(mails.some((mail) => mail.to.includes(coordinator.email) && mail.subject.startsWith("A story waits for your review")));

    // Seen by its author and the coordinators, nobody else; the author sees its state.
    assert.equal((await new Browser(t.app).get(path)).statusCode, 404);
    const own = await authorBrowser.get(path);
    assert.equal(own.statusCode, 200);
    assert.ok(own.body.includes("Ждёт рассмотрения"));
    const coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    const queue = await coordinatorBrowser.get(`/spaces/${space.slug}/news/review`);
    assert.ok(queue.body.includes(path));
    const slug = path.split("/").pop()!;

    assert.equal((await coordinatorBrowser.post(`${path}/review`, { decision: "return", comment: "" })).statusCode, 422, "returning needs a comment");
    assert.equal((await coordinatorBrowser.post(`${path}/review`, { decision: "return", comment: "Добавьте цифры, пожалуйста" })).statusCode, 303);
    await t.services.jobs.drain();
    mails = await outboxMessages(t.outboxDir);
    const returned = mails.find((mail) => mail.to.includes(author.email) && mail.subject.startsWith("Ваша история возвращена"));
    assert.ok(returned, "the author is told, in Russian");
    assert.ok(returned.text.includes("Добавьте цифры, пожалуйста"));

    assert.equal((await authorBrowser.post(`${path}/edit`, { ...story, commitment: String(commitment.number), "body.ru": "120 документов за полгода" })).statusCode, 303);
    assert.equal((await authorBrowser.post(`${path}/status`, { status: "submitted" })).statusCode, 303);
    assert.equal((await coordinatorBrowser.post(`${path}/review`, { decision: "publish", comment: "" })).statusCode, 303);
    await t.services.jobs.drain();
    mails = await outboxMessages(t.outboxDir);
    assert.ok(mails.some((mail) => mail.to.includes(author.email) && mail.subject.startsWith("Ваша история опубликована")));
    const publicPage = await new Browser(t.app).get(path);
    assert.equal(publicPage.statusCode, 200);
    assert.ok(publicPage.body.includes("120 документов за полгода"));
    const stored = (await findPostById(t.services.db, (await t.app.inject({ url: `/api/v1/news?space=${space.slug}` })).json<{ data: { id: string; slug: string }[] }>().data.find((item) => item.slug === slug)!.id))!;
    assert.equal(stored.kind, "story");
    assert.equal(stored.organisationId, organisation.id);
    assert.deepEqual(stored.related, [{ kind: "commitment", id: commitment.id }]);
    // A coordinator's edit keeps the story's commitment.
    const edit = await coordinatorBrowser.get(`${path}/edit`);
    assert.ok(edit.body.includes(`name="commitment" value="${commitment.number}"`));
    assert.equal((await coordinatorBrowser.post(`${path}/edit`, { kind: "story", "title.ru": "Как мы открыли данные района", organisation: organisation.slug, commitment: String(commitment.number) })).statusCode, 303);
    assert.deepEqual((await findPostById(t.services.db, stored.id))!.related, [{ kind: "commitment", id: commitment.id }]);
  });

  it("holds a story the screening flags: it cannot be published until a moderator approves it", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const author = await buildUser(t.services);
    const organisation = await buildOrganisation(t.services);
    await addMember(t.services, organisation.id, author.id);
    const authorBrowser = await new Browser(t.app).logIn(author.email, author.password);
    const proposed = await authorBrowser.post(`/spaces/${space.slug}/news/propose`, { "title.ru": "Ну ты и сука", organisation: organisation.slug });
    assert.equal(proposed.statusCode, 303);
    const path = String(proposed.headers.location);
    const coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    assert.equal((await coordinatorBrowser.post(`${path}/review`, { decision: "publish", comment: "" })).statusCode, 409);
    const slug = /\/news\/([^/]+)$/.exec(path)![1]!;
    const post = (await findPostInSpace(t.services.db, space.id, slug))!;
    assert.equal(post.moderationStatus, "held");
    assert.equal(post.status, "submitted");
    await moderateSubject(t.services, { id: coordinator.id }, { spaceId: space.id, subjectType: STORY_SUBJECT, subjectId: post.id, decision: "approve", reason: "" });
    assert.equal((await coordinatorBrowser.post(`${path}/review`, { decision: "publish", comment: "" })).statusCode, 303);
    assert.equal((await new Browser(t.app).get(path)).statusCode, 200);
  });

  it("links related commitments, events, practices and stories through content sources, showing only what resolves publicly", async (context) => {
    // A stand-in for the practices source (an allowed kind), put back afterwards so other tests see the real one.
    const real = contentSource("practice");
    const fake: ContentCard = { kind: "practice", id: "p-1", spaceId: "", title: { en: "Fake practice card" }, summary: { en: "A practice" }, path: "/somewhere/p-1", date: new Date() };
    registerContentSource({ kind: "practice", labelKey: "news.kind.story", cards: async (_db, ids) => (ids.includes("p-1") ? [fake] : []), recent: async () => [fake], find: async () => [fake] });
    context.after(() => {
      if (real) registerContentSource(real);
    });
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    const form = await browser.get(`/spaces/${space.slug}/news/new`);
    assert.ok(form.body.includes('value="practice:p-1"'), "the picker offers the source's items");
    const bad = await browser.post(`/spaces/${space.slug}/news/new`, { kind: "news", "title.en": "Related", related: ["practice:nope"] });
    assert.equal(bad.statusCode, 422);
    // consultations and progress reports are content sources too, but not what a post is about
    for (const kind of ["consultation", "commitment-report"]) {
      assert.ok(contentSource(kind), `${kind} is a registered source`);
      const refused = await browser.post(`/spaces/${space.slug}/news/new`, { kind: "news", "title.en": "Related", related: [`${kind}:00000000-0000-4000-8000-000000000001`] });
      assert.equal(refused.statusCode, 422, kind);
    }
    const saved = await browser.post(`/spaces/${space.slug}/news/new`, { kind: "news", "title.en": "Related", related: ["practice:p-1"] });
    assert.equal(saved.statusCode, 303);
    const path = String(saved.headers.location).replace(/\/edit#images$/, "");
    const page = await browser.get(path);
    assert.ok(page.body.includes("Fake practice card") && page.body.includes('href="/somewhere/p-1"'));
    // The news source itself: a published public post resolves, in the order asked.
    const one = await buildPost(t.services, { space });
    const two = await buildPost(t.services, { space });
    const cards = await resolveCards(t.services.db, [{ kind: "news", id: two.id }, { kind: "news", id: one.id }]);
    assert.deepEqual(cards.map((card) => card.id), [two.id, one.id]);
    assert.equal(cards[0]!.path, `/spaces/${space.slug}/news/${two.slug}`);
  });
});
