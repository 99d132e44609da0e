// Script links never reach a knowledge page: a guide's Markdown may hold them (they stay text), a practice's or a
// resource's link field refuses them with a translated field error, through the form and the API alike.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken } from "../../src/platform/api/tokens";
import { Browser, createTestApp, type TestApp } from "../../src/testing/harness";
import { buildUser, TEST_PASSWORD } from "../../src/testing/factories";
import { buildOrganisation } from "../../src/modules/organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../src/modules/spaces/factories";

const SCRIPT_LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"];

describe("script links in the knowledge hub", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let secret: string;
  let organisationId: string;
  let coordinator: Browser;
  before(async () => {
    t = await createTestApp();
    const user = await buildUser(t.services);
    space = await buildSpace(t.services, { enabledModules: ["knowledge"], frameworkKeys: ["GBF"], createdBy: user.id });
    await addSpaceRole(t.services, space.id, user.id, "coordinator");
    organisationId = (await buildOrganisation(t.services, { ownerId: user.id })).id;
    secret = (await createApiToken(t.services.db, { userId: user.id, name: "links", scopes: ["knowledge:write", "private:read"] })).secret;
    coordinator = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
  });
  after(() => t.close());

  const api = (method: "PUT" | "POST", url: string, body: unknown) =>
    t.app.inject({ method, url, headers: { accept: "application/json", "content-type": "application/json", authorization: `Bearer ${secret}` }, payload: JSON.stringify(body) });

  it("keeps a guide's script links as text: no page has them as a link", async () => {
    const body = ["## Links", "", ...SCRIPT_LINKS.map((link, index) => `[click ${index}](${link}) <a href="${link}">raw ${index}</a> <${link}>`)].join("\n");
    const saved = await api("PUT", `/api/v1/spaces/${space.slug}/documents/script-links`, { lang: "en", title: "Script links", body, status: "published" });
    assert.ok([200, 201].includes(saved.statusCode), saved.body);
    for (const url of [`/spaces/${space.slug}/knowledge/guidance/script-links`, `/spaces/${space.slug}/knowledge/guidance/script-links/versions/1`]) {
      const page = await coordinator.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /href="\s*(java\s*script|vbscript|data):/i, url);
      assert.doesNotMatch(page.body, /<a href="javascript/i, url);
    }
    const json = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/documents/script-links`, headers: { accept: "application/json" } });
    // The Markdown source comes back as written; the sections' HTML has no script link.
    const html = (json.json() as { sections: { html: string }[] }).sections.map((section) => section.html).join("\n");
    assert.ok(html.includes("click 0"), html);
    assert.doesNotMatch(html, /href="\s*(java\s*script|vbscript|data):/i);
  });

  it("refuses a script link for a practice and a resource with a translated field error", async () => {
    for (const link of SCRIPT_LINKS) {
      const practice = await api("POST", `/api/v1/spaces/${space.slug}/practices`, {
        organisationId, kind: "project", title: { en: "Script practice" }, summary: { en: "Summary." }, language: "en", countries: ["KZ"], actorTypes: ["ngo"], links: [{ url: link, label: "x" }],
      });
      assert.equal(practice.statusCode, 422, `${link}: ${practice.body}`);
      assert.ok(practice.json().error.fields.links, `${link}: ${practice.body}`);
      const resource = await api("POST", `/api/v1/spaces/${space.slug}/resources`, { kind: "toolkit", title: { en: "Script resource" }, link, apply_url: link, status: "published" });
      assert.equal(resource.statusCode, 422, `${link}: ${resource.body}`);
      assert.ok(resource.json().error.fields.link, `${link}: ${resource.body}`);
      const form = await coordinator.post(`/spaces/${space.slug}/knowledge/resources/new`, { kind: "toolkit", "title.en": "Script resource", link, status: "published" });
      assert.equal(form.statusCode, 422, link);
      assert.doesNotMatch(form.body, /href="\s*(java\s*script|vbscript|data):/i);
    }
  });
});
