import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildCommitment } from "../../modules/commitments/factories";
import { buildConsultation } from "../../modules/consultations/factories";
import { buildEvent } from "../../modules/events/factories";
import { knowledgeExperts } from "../../modules/knowledge/experts/schema";
import { buildPractice, buildPracticeScene } from "../../modules/knowledge/practices/factories";
import { buildResource } from "../../modules/knowledge/resources/factories";
import { knowledgeDocuments } from "../../modules/knowledge/schema";
import { buildOrganisation } from "../../modules/organisations/factories";
import { buildSpace } from "../../modules/spaces/factories";
import { buildUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/harness";

// A title that would break out of a <meta content="…"> attribute or close the JSON-LD <script> if either were unescaped.
const HOSTILE = `</script><script>alert(1)</script> "Quoted" & 'single'`;
const text = (value: string) => ({ en: value, ru: value });

const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The Open Graph properties and the JSON-LD documents of a page's head. */
function metadata(page: string): { og: Record<string, string>; jsonLd: Record<string, unknown>[]; head: string } {
  const head = /<head>([\s\S]*?)<\/head>/.exec(page)?.[1] ?? "";
  const og: Record<string, string> = {};
  for (const match of head.matchAll(/<meta property="(og:[a-z_:]+)" content="([^"]*)">/g)) og[match[1]!] = decode(match[2]!);
  const jsonLd = [...head.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
  return { og, jsonLd, head };
}

describe("Open Graph and JSON-LD on public detail pages", () => {
  let t: TestApp;
  const pages: { name: string; path: string; type: string }[] = [];

  before(async () => {
    t = await createTestApp();
    const space = await buildSpace(t.services, { slug: "meta-space", title: text(HOSTILE), description: text("What the space is for."), enabledModules: ["commitments", "consultations", "events", "knowledge"], frameworkKeys: ["GBF"] });
    pages.push({ name: "space", path: `/spaces/${space.slug}`, type: "WebPage" });
    const organisation = await buildOrganisation(t.services, { name: text(HOSTILE), ownerId: (await buildUser(t.services)).id });
    pages.push({ name: "organisation", path: `/organisations/${organisation.slug}`, type: "Organization" });
    const commitment = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: text(HOSTILE), publishedAt: new Date("2026-02-01T10:00:00Z") });
    pages.push({ name: "commitment", path: `/spaces/${space.slug}/commitments/${commitment.number}`, type: "Action" });
    const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: text(HOSTILE), groups: [{ topics: [{ title: text(HOSTILE) }] }] });
    pages.push({ name: "consultation", path: `/spaces/${space.slug}/consultations/${consultation.slug}`, type: "WebPage" });
    pages.push({ name: "topic", path: `/spaces/${space.slug}/consultations/${consultation.slug}/topics/1`, type: "DiscussionForumPosting" });
    const event = await buildEvent(t.services, { space: { id: space.id, slug: space.slug, title: space.title, createdBy: space.createdBy }, status: "published", title: text(HOSTILE) });
    pages.push({ name: "event", path: `/spaces/${space.slug}/events/${event.slug}`, type: "Event" });
    const resource = await buildResource(t.services, { spaceId: space.id, status: "published", title: text(HOSTILE) });
    pages.push({ name: "resource", path: `/spaces/${space.slug}/knowledge/resources/${resource}`, type: "" });
    await t.services.db.insert(knowledgeDocuments).values({ spaceId: space.id, slug: "meta-guide", status: "published", kind: "guidance", language: "en", title: HOSTILE, bodyHtml: "<p>Body</p>" });
    pages.push({ name: "guidance", path: `/spaces/${space.slug}/knowledge/guidance/meta-guide`, type: "Article" });
    const scene = await buildPracticeScene(t.services);
    const practice = await buildPractice(t.services, scene, { fields: { title: text(HOSTILE) } });
    pages.push({ name: "practice", path: `/spaces/${scene.spaceSlug}/knowledge/practices/${practice}`, type: "" });
    const [expert] = await t.services.db.insert(knowledgeExperts).values({ userId: (await buildUser(t.services)).id, displayName: HOSTILE }).returning({ id: knowledgeExperts.id });
    pages.push({ name: "expert", path: `/experts/${expert!.id}`, type: "Person" });
  });
  after(() => t.close());

  it("each page describes itself with Open Graph and schema.org, absolute URLs, and text that stays text", async () => {
    for (const page of pages) {
      const response = await t.app.inject({ method: "GET", url: page.path, headers: { accept: "text/html" } });
      assert.equal(response.statusCode, 200, page.name);
      const { og, jsonLd, head } = metadata(response.body);
      assert.ok(og["og:title"]?.includes(HOSTILE), `${page.name}: og:title is the title, escaped in the attribute (${og["og:title"]})`);
      assert.equal(og["og:url"], `http://convene.test${page.path}`, `${page.name}: og:url is absolute`);
      assert.ok(og["og:type"] && og["og:site_name"] && og["og:locale"], `${page.name}: type, site name and locale`);
      assert.match(head, new RegExp(`<link rel="canonical" href="http://convene\\.test${page.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}">`), `${page.name}: canonical`);
      assert.equal(head.match(/<link rel="canonical"/g)?.length, 1, `${page.name}: one canonical link`);
      assert.doesNotMatch(head, /<script>alert/, `${page.name}: nothing breaks out`);
      // Without a picture of its own, each page is shared with its card: a PNG this site renders from its title.
      assert.match(og["og:image"] ?? "", /^http:\/\/convene\.test\/og\/[\w-]+\.[\w-]+\.png$/, `${page.name}: og:image is its share card`);
      assert.equal(og["og:image:width"], "1200", page.name);
      assert.equal(og["og:image:height"], "630", page.name);
      assert.equal(og["og:image:alt"], og["og:title"], page.name);
      assert.match(head, /<meta name="twitter:card" content="summary_large_image">/, page.name);
      const card = await t.app.inject({ method: "GET", url: og["og:image"]!.replace("http://convene.test", "") });
      assert.equal(card.statusCode, 200, `${page.name}: the card renders`);
      assert.equal(card.headers["content-type"], "image/png", page.name);
      assert.equal(jsonLd.length, 1, `${page.name}: one JSON-LD document`);
      const [document] = jsonLd;
      assert.equal(document!["@context"], "https://schema.org", page.name);
      if (page.type) assert.equal(document!["@type"], page.type, page.name);
      assert.ok(JSON.stringify(document).includes(JSON.stringify(HOSTILE).slice(1, -1)), `${page.name}: the title comes back exactly from the JSON`);
    }
  });
});
