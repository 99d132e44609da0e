import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AppError } from "../../platform/errors";
import { buildUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { hasKnowledgeFeature, loadKnowledgeSpace, type KnowledgeFeature } from "./space-gate";

describe("the knowledge hub's space gate", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const outcome = async (slug: string, viewer: { id: string; isPlatformAdmin: boolean } | null, feature: KnowledgeFeature) => {
    try {
      return (await loadKnowledgeSpace(t.services.db, slug, viewer, feature)).slug === slug ? "open" : "other";
    } catch (error) {
      if (error instanceof AppError) return error.status;
      throw error;
    }
  };

  test("one answer for every sub-feature: 404 without the feature, 404 for a private space to outsiders", async () => {
    const hub = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    const consultationsOnly = await buildSpace(t.services, { enabledModules: ["consultations"] });
    const neither = await buildSpace(t.services, { enabledModules: ["events"] });
    const hidden = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    const member = await buildUser(t.services);
    const outsider = await buildUser(t.services);
    await addSpaceRole(t.services, hidden.id, member.id, "member");
    const asMember = { id: member.id, isPlatformAdmin: false };
    const asOutsider = { id: outsider.id, isPlatformAdmin: false };

    const expected: [string, typeof asMember | null, KnowledgeFeature, "open" | 404][] = [
      [hub.slug, null, "hub", "open"],
      [hub.slug, null, "practices", "open"],
      [hub.slug, null, "practice-submission", "open"],
      [consultationsOnly.slug, null, "hub", 404],
      [consultationsOnly.slug, null, "practices", "open"],
      [consultationsOnly.slug, null, "practice-submission", 404],
      [neither.slug, null, "hub", 404],
      [neither.slug, null, "practices", 404],
      [hidden.slug, null, "hub", 404],
      [hidden.slug, asOutsider, "hub", 404],
      [hidden.slug, asOutsider, "practices", 404],
      [hidden.slug, asMember, "hub", "open"],
      ["no-such-space", asMember, "hub", 404],
    ];
    for (const [slug, viewer, feature, answer] of expected) assert.equal(await outcome(slug, viewer, feature), answer, `${slug} ${feature} as ${viewer ? viewer.id : "visitor"}`);

    // Through the pages and API of every sub-feature that has space pages.
    const paths = (slug: string) => [
      `/spaces/${slug}/knowledge`, `/spaces/${slug}/knowledge/guidance`, `/spaces/${slug}/knowledge/faq`, `/spaces/${slug}/knowledge/enquiries/new`,
      `/spaces/${slug}/knowledge/resources`, `/spaces/${slug}/knowledge/glossary`, `/spaces/${slug}/knowledge/practices`, `/spaces/${slug}/knowledge/practices/new`,
      `/api/v1/spaces/${slug}/documents`, `/api/v1/spaces/${slug}/resources`, `/api/v1/spaces/${slug}/practices`,
    ];
    const outsiderBrowser = await new Browser(t.app).logIn(outsider.email, outsider.password);
    for (const path of [...paths(neither.slug), ...paths(hidden.slug)]) assert.equal((await outsiderBrowser.get(path)).statusCode, 404, path);
    for (const path of paths(consultationsOnly.slug)) {
      assert.equal((await outsiderBrowser.get(path)).statusCode, /\/practices$/.test(path) ? 200 : 404, path);
    }

    assert.equal(hasKnowledgeFeature({ enabledModules: ["consultations"] }, "practices"), true);
    assert.equal(hasKnowledgeFeature({ enabledModules: ["consultations"] }, "hub"), false);
  });
});
