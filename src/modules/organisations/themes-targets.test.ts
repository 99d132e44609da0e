import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { analyseQuery } from "../../platform/search/query";
import { findFrameworkItemId } from "../spaces/queries";
import { addMember, buildOrganisation } from "./factories";
import { organisationSearchProvider } from "./search";

describe("organisations: themes, framework targets, relay and search", () => {
  let t: TestApp;
  let target12: string;
  let sdg11: string;
  before(async () => {
    t = await createTestApp();
    target12 = (await findFrameworkItemId(t.services.db, "GBF", "GBF-TARGET-12"))!;
    sdg11 = (await findFrameworkItemId(t.services.db, "SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-11"))!;
  });
  after(async () => t.close());

  /** An organisation edited through the real form, with themes and targets. */
  const withFocus = async (themes: string, itemIds: string[]) => {
    const organisation = await buildOrganisation(t.services);
    const owner = await buildUser(t.services);
    await addMember(t.services, organisation.id, owner.id, "admin");
    const browser = await new Browser(t.app).logIn(owner.email, TEST_PASSWORD);
    const response = await browser.post(`/organisations/${organisation.slug}/edit`, {
      "name.en": `${XSS} Urban Nature`,
      actorType: "ngo",
      country: "KZ",
      themes,
      itemIds,
      "contacts.email.value": "hidden-admin-desk@example.org",
      "contacts.email.visibility": "private",
    });
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    return { organisation, owner, browser };
  };

  it("keeps themes and targets from the form, shows them on the page and in the API", async () => {
    const { organisation, browser } = await withFocus("Urban Trees, air quality", [target12]);
    const page = await new Browser(t.app).get(`/organisations/${organisation.slug}`);
    assert.match(page.body, /urban trees/);
    assert.match(page.body, /GBF 12\./);
    assert.ok(!page.body.includes(XSS));
    const form = await browser.get(`/organisations/${organisation.slug}/edit`);
    assert.match(form.body, /value="urban trees, air quality"/);
    const api = (await t.app.inject({ method: "GET", url: `/api/v1/organisations/${organisation.slug}` })).json() as { themes: string[]; targets: { item_id: string }[]; contact_url: string };
    assert.deepEqual(api.themes, ["urban trees", "air quality"]);
    assert.deepEqual(api.targets.map((target) => target.item_id), [target12]);
    assert.match(api.contact_url, new RegExp(`/contact/organisation/${organisation.slug}$`));
  });

  it("filters the directory and the API by theme and target, with counts", async () => {
    const { organisation: both } = await withFocus("zzgreen roofs", [target12, sdg11]);
    const { organisation: one } = await withFocus("zzgreen roofs, zzcompost", [sdg11]);
    const page = await new Browser(t.app).get("/organisations?theme=zzgreen%20roofs");
    assert.ok(page.body.includes(`/organisations/${both.slug}"`) && page.body.includes(`/organisations/${one.slug}"`));
    assert.match(page.body, /zzcompost \(1\)/);
    const byTarget = await new Browser(t.app).get(`/organisations?theme=zzgreen%20roofs&item=${target12}`);
    assert.ok(byTarget.body.includes(`/organisations/${both.slug}"`) && !byTarget.body.includes(`/organisations/${one.slug}"`));
    const api = (await t.app.inject({ method: "GET", url: `/api/v1/organisations?theme=zzcompost` })).json() as { data: { slug: string }[] };
    assert.deepEqual(api.data.map((entry) => entry.slug), [one.slug]);
    assert.equal((await t.app.inject({ method: "GET", url: "/api/v1/organisations?item=nope" })).statusCode, 422);
  });

  it("refuses bad themes and targets with translated errors beside the fields", async () => {
    const organisation = await buildOrganisation(t.services);
    const owner = await buildUser(t.services, { locale: "ru" });
    await addMember(t.services, organisation.id, owner.id, "admin");
    const browser = await new Browser(t.app, "ru").logIn(owner.email, TEST_PASSWORD);
    const base = { "name.en": "Name", actorType: "ngo" };
    const badTheme = await browser.post(`/organisations/${organisation.slug}/edit`, { ...base, themes: "<script>" });
    assert.equal(badTheme.statusCode, 422);
    assert.match(badTheme.body, /Каждая тема/);
    const badItem = await browser.post(`/organisations/${organisation.slug}/edit`, { ...base, itemIds: ["00000000-0000-0000-0000-000000000000"] });
    assert.equal(badItem.statusCode, 422);
  });

  it("relays a visitor's message to the admins without showing any non-public address", async () => {
    const { organisation, owner } = await withFocus("", []);
    const visitor = new Browser(t.app);
    const page = await visitor.get(`/organisations/${organisation.slug}`);
    assert.ok(page.body.includes(`/contact/organisation/${organisation.slug}`));
    assert.ok(!page.body.includes("hidden-admin-desk@example.org"));
    const form = await visitor.get(`/contact/organisation/${organisation.slug}`);
    assert.equal(form.statusCode, 200);
    assert.ok(!form.body.includes(owner.email) && !form.body.includes("hidden-admin-desk"));
    const sent = await visitor.post(`/contact/organisation/${organisation.slug}`, { name: "Visitor", email: "v@example.net", subject: "Partnership", message: "We would like to plant trees with you.", consent: "yes" });
    assert.equal(sent.statusCode, 303);
    await t.services.jobs.drain();
    assert.ok((await outboxMessages(t.outboxDir)).some((mail) => mail.to.includes(owner.email) && mail.subject.includes("Partnership")));
    const self = await new Browser(t.app).logIn(owner.email, TEST_PASSWORD);
    assert.equal((await self.get(`/contact/organisation/${organisation.slug}`)).statusCode, 403, "an admin does not write to themselves");
    assert.equal((await visitor.get("/contact/organisation/no-such-organisation")).statusCode, 404);
  });

  it("is found by site-wide search by name, theme and a typo", async () => {
    const { organisation } = await withFocus("zzmangroves", []);
    const search = async (text: string) => {
      const query = await analyseQuery(t.services.db, text, { locale: "en" });
      return (await organisationSearchProvider.search(t.services, query, undefined, 20)).hits.map((hit) => hit.url);
    };
    assert.ok((await search("zzmangroves")).includes(`/organisations/${organisation.slug}`));
    assert.ok((await search("Urban Nature")).includes(`/organisations/${organisation.slug}`));
  });
});
