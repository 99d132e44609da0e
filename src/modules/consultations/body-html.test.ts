import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { createTestApp, Browser, type TestApp } from "../../testing/harness";
import { parseAtom } from "../../testing/feeds";
import { buildUser, XSS } from "../../testing/factories";
import { buildConsultation, buildContribution, type BuiltConsultation } from "./factories";
import { renderMarkdown } from "../../platform/markdown/subset";
import { consultationContributions } from "./schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";
const HOSTILE = `${XSS} **strong** [bad](javascript:alert(1)) [good](https://example.org) <img src=x onerror=alert(1)>`;

// Markdown is rendered once, when a contribution is written (body_html, migration 0013): the stored HTML is the
// sanitizing renderer's own output, writes keep it current, and rows without it are rendered and stored on read.
describe("contributions' stored HTML", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const topicUrl = (consultation: BuiltConsultation) => `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/1`;
  const contributionUrl = (consultation: BuiltConsultation, number: number) => `/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/contributions/${number}`;
  const rowByNumber = async (number: number) => (await t.services.db.select().from(consultationContributions).where(eq(consultationContributions.number, number)))[0]!;
  const numberFromLocation = (location: string | string[] | undefined) => Number(/#c-(\d+)/.exec(String(location))![1]);

  const assertSanitized = (stored: string) => {
    assert.ok(stored.includes(ESCAPED_XSS), "raw HTML is escaped");
    assert.ok(!/<script|<img|href="javascript:/i.test(stored), "no script, image or javascript: link survives as markup");
    assert.match(stored, /<strong>strong<\/strong>/);
    assert.match(stored, /<a href="https:\/\/example.org" rel="nofollow ugc noopener">good<\/a>/);
  };

  test("posting stores the sanitized HTML the renderer makes of the body, and an edit replaces it", async () => {
    const consultation = await buildConsultation(t.services);
    const author = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(author.email, author.password);

    const posted = await browser.post(`${topicUrl(consultation)}/contributions`, { body: HOSTILE });
    assert.equal(posted.statusCode, 303);
    const number = numberFromLocation(posted.headers.location);
    const row = await rowByNumber(number);
    assert.equal(row.bodyHtml, renderMarkdown(row.body).value, "stored HTML is exactly the renderer's output");
    assertSanitized(row.bodyHtml!);
    const page = await browser.get(topicUrl(consultation));
    assert.ok(page.body.includes(row.bodyHtml!), "the topic page shows the stored HTML");

    const edited = await browser.post(`${contributionUrl(consultation, number)}/edit`, { body: `Second version with _emphasis_ ${XSS}` });
    assert.equal(edited.statusCode, 303);
    const after = await rowByNumber(number);
    assert.equal(after.bodyHtml, renderMarkdown(after.body).value, "an edit stores the new text's HTML");
    assert.match(after.bodyHtml!, /<em>emphasis<\/em>/);
    assert.ok(after.bodyHtml!.includes(ESCAPED_XSS) && !after.bodyHtml!.includes("<script>"));
    const permalink = await browser.get(contributionUrl(consultation, number));
    assert.ok(permalink.body.includes(after.bodyHtml!), "the permalink shows the edited HTML");
    assert.ok(!permalink.body.includes("<strong>strong</strong>"), "the old text's HTML is gone from the card");
  });

  test("the pages, the API and the feed show the stored HTML rather than rendering the body again", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const built = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { body: "Plain words" });
    // a marker no rendering of "Plain words" could produce: only the stored column can put it on the page
    await t.services.db.update(consultationContributions).set({ bodyHtml: "<p>stored once</p>" }).where(eq(consultationContributions.id, built.id));
    const browser = new Browser(t.app);
    assert.match((await browser.get(topicUrl(consultation))).body, /<p>stored once<\/p>/);
    assert.match((await browser.get(contributionUrl(consultation, built.number))).body, /<p>stored once<\/p>/);
    const api = (await browser.get(`/api/v1/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/1/contributions`)).json() as { data: { number: number; body_html: string }[] };
    assert.equal(api.data.find((item) => item.number === built.number)?.body_html, "<p>stored once</p>");
    const feed = parseAtom((await browser.get(`${topicUrl(consultation)}/feed.atom`)).body);
    assert.equal(feed.entries.find((entry) => entry.id.endsWith(`/contributions/${built.number}`))?.content, "<p>stored once</p>");
  });

  test("a contribution written without stored HTML is rendered, sanitized, on read and stored then", async () => {
    const consultation = await buildConsultation(t.services);
    const topic = consultation.groups[0]!.topics[0]!;
    const onPage = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { body: HOSTILE });
    const reply = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { parentId: onPage.id, body: `A reply ${XSS}` });
    // as rows written before migration 0013 (or by a bulk load) are
    await t.services.db.update(consultationContributions).set({ bodyHtml: null }).where(eq(consultationContributions.topicId, topic.id));

    const page = await new Browser(t.app).get(topicUrl(consultation));
    assert.equal(page.statusCode, 200);
    const root = await rowByNumber(onPage.number);
    assert.equal(root.bodyHtml, renderMarkdown(HOSTILE).value, "stored on the first read");
    assertSanitized(root.bodyHtml!);
    assert.ok(page.body.includes(root.bodyHtml!), "and shown as rendered");
    const replyRow = await rowByNumber(reply.number);
    assert.equal(replyRow.bodyHtml, renderMarkdown(replyRow.body).value, "replies on the page are stored too");
    assert.ok(!page.body.includes("<script>alert(1)</script>"));

    // the API fills the rows it reads the same way
    const other = await buildContribution(t.services, { consultationId: consultation.id, topicId: topic.id }, { body: "_api_ read" });
    await t.services.db.update(consultationContributions).set({ bodyHtml: null }).where(eq(consultationContributions.id, other.id));
    const api = (await new Browser(t.app).get(`/api/v1/spaces/${consultation.spaceSlug}/consultations/${consultation.slug}/topics/1/contributions`)).json() as { data: { number: number; body_html: string }[] };
    assert.equal(api.data.find((item) => item.number === other.number)?.body_html, "<p><em>api</em> read</p>\n");
    assert.equal((await rowByNumber(other.number)).bodyHtml, "<p><em>api</em> read</p>\n");
  });
});
