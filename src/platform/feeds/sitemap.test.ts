import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { MODULES } from "../../modules";
import { buildCommitment } from "../../modules/commitments/factories";
import { buildConsultation } from "../../modules/consultations/factories";
import { buildEvent } from "../../modules/events/factories";
import { knowledgeExperts } from "../../modules/knowledge/experts/schema";
import { buildPractice, buildPracticeScene } from "../../modules/knowledge/practices/factories";
import { buildResource } from "../../modules/knowledge/resources/factories";
import { knowledgeDocuments } from "../../modules/knowledge/schema";
import { buildOrganisation } from "../../modules/organisations/factories";
import { buildSpace, type BuiltSpace } from "../../modules/spaces/factories";
import { buildUser } from "../../testing/factories";
import { parseSitemap } from "../../testing/feeds";
import { createTestApp, type TestApp } from "../../testing/harness";
import { sitemapRoutes } from "./routes";

describe("sitemap.xml", () => {
  let t: TestApp;
  let open: BuiltSpace;
  let closed: BuiltSpace;
  const expected: string[] = [];
  const forbidden: string[] = [];
  const site = (path: string) => `http://convene.test${path}`;

  before(async () => {
    t = await createTestApp();
    const modules = ["commitments", "consultations", "events", "knowledge"] as const;
    open = await buildSpace(t.services, { slug: "open-sitemap", enabledModules: [...modules], frameworkKeys: ["GBF"] });
    closed = await buildSpace(t.services, { slug: "closed-sitemap", visibility: "private", enabledModules: [...modules], frameworkKeys: ["GBF"] });
    const archived = await buildSpace(t.services, { slug: "archived-sitemap", isArchived: true });
    expected.push("/", "/spaces", `/spaces/${open.slug}`, "/organisations", "/events");
    forbidden.push(`/spaces/${closed.slug}`, `/spaces/${archived.slug}`);

    const organisation = await buildOrganisation(t.services, { ownerId: (await buildUser(t.services)).id });
    expected.push(`/organisations/${organisation.slug}`);

    for (const [space, list] of [[open, expected], [closed, forbidden]] as const) {
      const published = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", publishedAt: new Date("2026-02-01T10:00:00Z") });
      list.push(`/spaces/${space.slug}/commitments/${published.number}`);
      const consultation = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published" });
      list.push(`/spaces/${space.slug}/consultations/${consultation.slug}`, `/spaces/${space.slug}/consultations/${consultation.slug}/topics/1`);
      const event = await buildEvent(t.services, { space, status: "published" });
      list.push(`/spaces/${space.slug}/events/${event.slug}`);
      const resource = await buildResource(t.services, { spaceId: space.id, status: "published" });
      list.push(`/spaces/${space.slug}/knowledge/resources/${resource}`);
    }
    const draft = await buildCommitment(t.services, { spaceId: open.id, spaceSlug: open.slug, status: "draft" });
    const membersOnly = await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, status: "published", visibility: "members" });
    const draftConsultation = await buildConsultation(t.services, { spaceId: open.id, spaceSlug: open.slug, status: "draft" });
    const draftEvent = await buildEvent(t.services, { space: open, status: "draft" });
    const invitationEvent = await buildEvent(t.services, { space: open, status: "published", visibility: "invitation" });
    const draftResource = await buildResource(t.services, { spaceId: open.id, status: "draft" });
    const platformResource = await buildResource(t.services, { spaceId: null, status: "published" });
    forbidden.push(
      `/spaces/${open.slug}/commitments/${draft.number}`,
      `/spaces/${open.slug}/consultations/${membersOnly.slug}`,
      `/spaces/${open.slug}/consultations/${draftConsultation.slug}`,
      `/spaces/${open.slug}/events/${draftEvent.slug}`,
      `/spaces/${open.slug}/events/${invitationEvent.slug}`,
      `/spaces/${open.slug}/knowledge/resources/${draftResource}`,
    );
    expected.push(`/knowledge/resources/${platformResource}`);

    const scene = await buildPracticeScene(t.services);
    const practice = await buildPractice(t.services, scene);
    const submitted = await buildPractice(t.services, scene, { status: "submitted" });
    const privateScene = await buildPracticeScene(t.services, { visibility: "private" });
    const privatePractice = await buildPractice(t.services, privateScene);
    expected.push(`/spaces/${scene.spaceSlug}/knowledge/practices/${practice}`);
    forbidden.push(`/spaces/${scene.spaceSlug}/knowledge/practices/${submitted}`, `/spaces/${privateScene.spaceSlug}/knowledge/practices/${privatePractice}`);

    const document = (spaceId: string | null, slug: string, status: "draft" | "published") => ({ spaceId, slug, status, kind: "guidance" as const, language: "en", title: `Guide ${slug}` });
    await t.services.db.insert(knowledgeDocuments).values([document(open.id, "open-guide", "published"), document(open.id, "draft-guide", "draft"), document(closed.id, "closed-guide", "published"), document(null, "platform-guide", "published")]);
    expected.push(`/spaces/${open.slug}/knowledge/guidance/open-guide`, "/knowledge/guidance/platform-guide");
    forbidden.push(`/spaces/${open.slug}/knowledge/guidance/draft-guide`, `/spaces/${closed.slug}/knowledge/guidance/closed-guide`);

    const [listed, paused] = await t.services.db
      .insert(knowledgeExperts)
      .values([
        { userId: (await buildUser(t.services)).id, displayName: "Listed expert" },
        { userId: (await buildUser(t.services)).id, displayName: "Paused expert", isListed: false },
      ])
      .returning({ id: knowledgeExperts.id });
    expected.push(`/experts/${listed!.id}`);
    forbidden.push(`/experts/${paused!.id}`);
  });
  after(() => t.close());

  it("lists the home page and every module's public pages, and nothing private, draft or unlisted", async () => {
    const response = await t.app.inject({ method: "GET", url: "/sitemap.xml" });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers["content-type"]), /^application\/xml/);
    const sitemap = parseSitemap(response.body);
    assert.equal(sitemap.kind, "urlset");
    for (const path of expected) assert.ok(sitemap.locations.includes(site(path)), `lists ${path}`);
    for (const path of forbidden) assert.ok(!sitemap.locations.includes(site(path)), `leaves out ${path}`);
    assert.ok(!sitemap.locations.some((location) => location.includes(closed.slug)), "nothing of a private space");
    assert.equal(new Set(sitemap.locations).size, sitemap.locations.length, "each page once");
    // every page listed opens for an anonymous reader
    for (const location of sitemap.locations) {
      const page = await t.app.inject({ method: "GET", url: location.replace("http://convene.test", ""), headers: { accept: "text/html" } });
      assert.equal(page.statusCode, 200, location);
    }
  });

  it("becomes an index of files when there are more pages than one file may hold", async () => {
    const app = Fastify();
    app.decorate("services", t.services);
    await app.register(sitemapRoutes, { sources: MODULES.flatMap((module) => module.sitemap ?? []), perFile: 5 });
    await app.ready();
    try {
      const index = parseSitemap((await app.inject({ method: "GET", url: "/sitemap.xml" })).body);
      assert.equal(index.kind, "index");
      const all: string[] = [];
      for (const [number, location] of index.locations.entries()) {
        assert.equal(location, site(`/sitemaps/${number + 1}.xml`));
        const file = parseSitemap((await app.inject({ method: "GET", url: `/sitemaps/${number + 1}.xml` })).body);
        assert.equal(file.kind, "urlset");
        assert.ok(file.locations.length <= 5);
        all.push(...file.locations);
      }
      assert.equal(index.locations.length, Math.ceil(all.length / 5));
      for (const path of expected) assert.ok(all.includes(site(path)), `lists ${path}`);
    } finally {
      await app.close();
    }
    assert.equal((await t.app.inject({ method: "GET", url: "/sitemaps/1.xml" })).statusCode, 404, "one file: no parts");
    assert.equal((await t.app.inject({ method: "GET", url: "/sitemaps/x.xml" })).statusCode, 404);
  });

  it("robots.txt points crawlers at the sitemap", async () => {
    const response = await t.app.inject({ method: "GET", url: "/robots.txt" });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /^Sitemap: http:\/\/convene\.test\/sitemap\.xml$/m);
  });
});
