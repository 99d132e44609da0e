import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildCommitment } from "../../modules/commitments/factories";
import { buildOrganisation } from "../../modules/organisations/factories";
import { buildSpace } from "../../modules/spaces/factories";

/** Where in the page each `name="…"` first appears, to compare the order of the per-language inputs. */
const positionOf = (body: string, name: string): number => {
  const index = body.indexOf(`name="${name}"`);
  assert.ok(index >= 0, `${name} is on the page`);
  return index;
};

describe("pages in the interface language", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("puts the interface language's input first in every bilingual field, and keeps both after a failed submit", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, user.password);
    const russian = await browser.get("/organisations/new?lang=ru");
    assert.match(russian.body, /<html lang="ru"/);
    assert.ok(positionOf(russian.body, "name.ru") < positionOf(russian.body, "name.en"), "Russian name first in Russian");
    assert.ok(positionOf(russian.body, "description.ru") < positionOf(russian.body, "description.en"), "Russian description first in Russian");
    // The label still points at its own input and carries the input's language.
    assert.match(russian.body, /<label for="field-name-ru" lang="ru">Русский<\/label>\s*<input type="text" id="field-name-ru" name="name.ru" lang="ru"/);

    const english = await browser.get("/organisations/new?lang=en");
    assert.ok(positionOf(english.body, "name.en") < positionOf(english.body, "name.ru"), "English name first in English");

    const failed = await browser.post("/organisations?lang=ru", { "name.ru": "Зелёная степь", "name.en": "Green Steppe", actorType: "" });
    assert.equal(failed.statusCode, 422);
    assert.ok(positionOf(failed.body, "name.ru") < positionOf(failed.body, "name.en"));
    assert.match(failed.body, /name="name.ru" lang="ru" dir="ltr" value="Зелёная степь"/);
    assert.match(failed.body, /name="name.en" lang="en" dir="ltr" value="Green Steppe"/);
  });

  it("marks English-only content on a Russian page with lang=\"en\" in breadcrumbs and headings, and keeps it in <title>", async () => {
    const space = await buildSpace(t.services, { title: { en: "Only English space" }, description: { en: "Words." } });
    const page = await new Browser(t.app, "ru").get(`/spaces/${space.slug}?lang=ru`);
    assert.match(page.body, /<html lang="ru"/);
    assert.match(page.body, /<li aria-current="page"><span lang="en">Only English space<\/span><\/li>/, "the breadcrumb is marked");
    assert.match(page.body, /<title>Only English space · Convene<\/title>/, "the title keeps the fallback text");

    const owner = await buildUser(t.services, { locale: "ru" });
    await buildOrganisation(t.services, { name: { en: "Only English NGO" }, ownerId: owner.id });
    const browser = await new Browser(t.app, "ru").logIn(owner.email, owner.password);
    const list = await browser.get("/organisations?lang=ru");
    const slug = /href="\/organisations\/([^"/?]+)"[^>]*>(?:<[^>]+>)*Only English NGO/.exec(list.body)?.[1];
    assert.ok(slug, "the organisation is listed");
    const members = await browser.get(`/organisations/${slug}/members?lang=ru`);
    assert.equal(members.statusCode, 200);
    assert.match(members.body, /<li><a href="\/organisations\/[^"]+"><span lang="en">Only English NGO<\/span><\/a><\/li>/, "the breadcrumb link is marked");
    assert.match(members.body, /<h1>[^<]*<span lang="en">Only English NGO<\/span>[^<]*<\/h1>/, "the heading marks the name inside the Russian sentence");

    const commitment = await buildCommitment(t.services, { status: "published", title: { en: "Only English pledge" } });
    const history = await new Browser(t.app, "ru").get(`/spaces/${commitment.spaceSlug}/commitments/${commitment.number}/history?lang=ru`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /<h1>[^<]+: <span lang="en">Only English pledge<\/span><\/h1>/, "the history heading marks the title");

    const russianToo = await buildSpace(t.services, { title: { en: "Both", ru: "Оба языка" } });
    const both = await new Browser(t.app, "ru").get(`/spaces/${russianToo.slug}?lang=ru`);
    assert.match(both.body, /<title>Оба языка · Convene<\/title>/, "the title prefers the page's language");
    assert.match(both.body, /<li aria-current="page">Оба языка<\/li>/, "text in the page's language needs no mark");
  });
});
