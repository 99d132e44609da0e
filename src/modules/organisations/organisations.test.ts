import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../testing/factories";
import { auditLog } from "../../platform/schema";
import { addMember, buildOrganisation } from "./factories";
import { organisationMembers, organisations } from "./schema";
import { RESERVED_SLUGS, slugify } from "./slug";

describe("organisations: registering, editing and the public page", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const signedIn = async (overrides: Parameters<typeof buildUser>[1] = {}) => {
    const user = await buildUser(t.services, overrides);
    return { user, browser: await new Browser(t.app).logIn(user.email, TEST_PASSWORD) };
  };

  it("registers an organisation from the form, makes the creator its admin and records it in the audit log", async () => {
    const { user, browser } = await signedIn();
    const form = await browser.get("/organisations/new");
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="name\.ru"/);
    const response = await browser.post("/organisations", {
      "name.en": "Caspian Wetlands Alliance",
      "name.ru": "Альянс водно-болотных угодий Каспия",
      "description.en": "Protects coastal wetlands.",
      "description.ru": "Охраняет прибрежные водно-болотные угодья.",
      actorType: "ngo",
      country: "kz",
      website: "https://caspian.example.org",
      "contacts.email.value": "Info@Caspian.example.org",
      "contacts.email.visibility": "public",
      "contacts.phone.value": "+7 7292 11 22 33",
      "contacts.phone.visibility": "private",
      "contacts.address.value": "",
      "contacts.address.visibility": "members",
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/organisations/caspian-wetlands-alliance");
    const [row] = await t.services.db.select().from(organisations).where(eq(organisations.slug, "caspian-wetlands-alliance"));
    assert.deepEqual(row.name, { en: "Caspian Wetlands Alliance", ru: "Альянс водно-болотных угодий Каспия" });
    assert.equal(row.country, "KZ");
    assert.deepEqual(row.contacts, { email: { value: "info@caspian.example.org", visibility: "public" }, phone: { value: "+7 7292 11 22 33", visibility: "private" } });
    assert.equal(row.createdBy, user.id);
    for (const text of ["caspian wetlands alliance", "альянс водно-болотных угодий каспия", "protects coastal wetlands", "охраняет прибрежные", "alians vodno-bolotnykh"]) {
      assert.ok(row.searchText.includes(text), `search_text has "${text}"`);
    }
    const [membership] = await t.services.db.select().from(organisationMembers).where(eq(organisationMembers.organisationId, row.id));
    assert.deepEqual({ userId: membership.userId, role: membership.role }, { userId: user.id, role: "admin" });
    const audit = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "organisation.created"), eq(auditLog.subjectId, row.id)));
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorUserId, user.id);

    const page = await browser.get("/organisations/caspian-wetlands-alliance");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your organisation is registered/);
    assert.match(page.body, /Caspian Wetlands Alliance/);
  });

  it("keeps what the user typed and shows each error beside its field when registration fails", async () => {
    const { browser } = await signedIn();
    const before = (await t.services.db.select({ id: organisations.id }).from(organisations)).length;
    const response = await browser.post("/organisations", {
      "name.en": "   ",
      "description.ru": "Описание, которое нельзя потерять",
      actorType: "wizards",
      country: "XX",
      website: "javascript:alert(1)",
      "contacts.email.value": "not-an-email",
      "contacts.phone.value": "call me maybe",
    });
    assert.equal(response.statusCode, 422);
    for (const field of ["name", "actorType", "country", "website", "contacts-email-value", "contacts-phone-value"]) {
      assert.match(response.body, new RegExp(`id="field-${field}-error"`), `error beside ${field}`);
    }
    assert.match(response.body, /Fill this in in at least one language/);
    assert.match(response.body, /Enter a full web address/);
    assert.match(response.body, /Описание, которое нельзя потерять<\/textarea>/);
    assert.match(response.body, /value="javascript:alert\(1\)"/);
    assert.match(response.body, /value="not-an-email"/);
    assert.match(response.body, /There are 6 problems/);

    const missingType = await browser.post("/organisations", { "name.ru": "Организация", "name.en": "x".repeat(201) });
    assert.equal(missingType.statusCode, 422);
    assert.match(missingType.body, /id="field-name-error"[^>]*>Enter at most 200 characters/);
    assert.match(missingType.body, /id="field-actorType-error"[^>]*>This field is required/);
    assert.equal((await t.services.db.select({ id: organisations.id }).from(organisations)).length, before, "nothing was created");
  });

  it("asks anonymous visitors to log in before registering, and refuses unverified accounts", async () => {
    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get("/organisations/new")).statusCode, 401);
    assert.equal((await anonymous.post("/organisations", { "name.en": "X", actorType: "ngo" })).statusCode, 401);
  });

  it("makes the slug from the name in Latin letters, transliterating Cyrillic, with a suffix when taken", async () => {
    assert.equal(slugify("Орхусский центр Павлодара"), "orkhusskii-tsentr-pavlodara");
    assert.equal(slugify("Экологический союз «Жасыл әлем»"), "ekologicheskii-soiuz-zhasyl-alem");
    assert.equal(slugify("Société d'Écologie"), "societe-d-ecologie");
    assert.equal(slugify("环境"), "organisation");
    assert.ok(slugify("a ".repeat(80)).length <= 60);
    assert.ok(RESERVED_SLUGS.has("new"));

    const first = await buildOrganisation(t.services, { name: { ru: "Зелёный Щит Караганды" } });
    const second = await buildOrganisation(t.services, { name: { ru: "Зелёный щит Караганды" } });
    const third = await buildOrganisation(t.services, { name: { en: "Zelenyi Shchit Karagandy", ru: "Другое название" } });
    assert.equal(first.slug, "zelenyi-shchit-karagandy");
    assert.equal(second.slug, "zelenyi-shchit-karagandy-2");
    assert.equal(third.slug, "zelenyi-shchit-karagandy-3");
    const reserved = await buildOrganisation(t.services, { name: { en: "New" } });
    assert.equal(reserved.slug, "new-2", "a slug never hides a page such as /organisations/new");
  });

  it("shows the public page with type, country and M49 region, members, and the name escaped", async () => {
    const organisation = await buildOrganisation(t.services, { country: "KZ", actorType: "aarhus_centre" });
    const member = await buildUser(t.services, { displayName: `${XSS} Member` });
    await addMember(t.services, organisation.id, member.id);
    const page = await new Browser(t.app).get(`/organisations/${organisation.slug}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "no raw script tag anywhere on the page");
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Green Steppe Association/);
    assert.match(page.body, /Aarhus centre/);
    assert.match(page.body, /Republic of Kazakhstan|Kazakhstan/);
    assert.match(page.body, /Central Asia, Asia/);
    assert.match(page.body, /2 members/);
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Member/);
    assert.match(page.body, /href="https:\/\/steppe\.example\.org" rel="nofollow ugc noopener"/);

    const russian = await new Browser(t.app, "ru").get(`/organisations/${organisation.slug}`);
    assert.match(russian.body, /Ассоциация «Зелёная степь»/);
    assert.match(russian.body, /Орхусский центр/);
    assert.match(russian.body, /Центральная Азия, Азия/);

    assert.equal((await new Browser(t.app).get("/organisations/no-such-organisation")).statusCode, 404);
  });

  it("marks a name shown in another language than the page's", async () => {
    const organisation = await buildOrganisation(t.services, { name: { ru: "Только по-русски" }, description: { ru: "Описание только на русском." } });
    const page = await new Browser(t.app, "en").get(`/organisations/${organisation.slug}`);
    assert.match(page.body, /<span lang="ru">Только по-русски<\/span> <span class="lang-note">\(shown in Russian\)<\/span>/);
    assert.match(page.body, /<p lang="ru">Описание только на русском\.<\/p>/);
  });

  it("embeds schema.org Organization JSON-LD that is escaped and carries only public contacts", async () => {
    const organisation = await buildOrganisation(t.services, {
      contacts: {
        email: { value: "public@example.org", visibility: "public" },
        phone: { value: "+7 700 000 00 00", visibility: "private" },
      },
    });
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id);
    const browser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    const page = await browser.get(`/organisations/${organisation.slug}`);
    const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body);
    assert.ok(match, "JSON-LD block present");
    assert.ok(!match[1].includes("<"), "no '<' inside the block, so user text cannot close it");
    const data = JSON.parse(match[1]) as Record<string, unknown>;
    assert.equal(data["@type"], "Organization");
    assert.equal(data.name, `${XSS} Green Steppe Association`);
    assert.deepEqual(data.alternateName, [`${XSS} Ассоциация «Зелёная степь»`]);
    assert.equal(data.url, "https://steppe.example.org");
    assert.equal(data["@id"], `http://convene.test/organisations/${organisation.slug}`);
    assert.equal(data.email, "public@example.org");
    assert.equal(data.telephone, undefined, "a private phone stays out of public metadata, even for a member's view");
    assert.deepEqual(data.address, { "@type": "PostalAddress", addressCountry: "KZ" });
    assert.match(page.body, /\+7 700 000 00 00/, "the member sees the private phone on the page itself");
  });

  it("shows each contact only to the audience its visibility allows", async () => {
    const organisation = await buildOrganisation(t.services, {
      contacts: {
        email: { value: "everyone@example.org", visibility: "public" },
        phone: { value: "+7 701 111 11 11", visibility: "members" },
        address: { value: "Secret street 1", visibility: "private" },
        person: { value: "Private Person", visibility: "private" },
      },
    });
    const path = `/organisations/${organisation.slug}`;
    const seen = (body: string) => ({
      email: body.includes("everyone@example.org"),
      phone: body.includes("+7 701 111 11 11"),
      address: body.includes("Secret street 1"),
      person: body.includes("Private Person"),
    });

    const anonymous = await new Browser(t.app).get(path);
    assert.deepEqual(seen(anonymous.body), { email: true, phone: false, address: false, person: false });
    assert.match(anonymous.body, /Log in to see more contact details/);

    const outsider = (await signedIn()).browser;
    const outsiderPage = await outsider.get(path);
    assert.deepEqual(seen(outsiderPage.body), { email: true, phone: true, address: false, person: false });
    assert.match(outsiderPage.body, /shown only to the organisation&#39;s members/);

    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id);
    const memberPage = await (await new Browser(t.app).logIn(member.email, TEST_PASSWORD)).get(path);
    assert.deepEqual(seen(memberPage.body), { email: true, phone: true, address: true, person: true });

    const admin = (await signedIn({ isPlatformAdmin: true })).browser;
    assert.deepEqual(seen((await admin.get(path)).body), { email: true, phone: true, address: true, person: true });
  });

  it("lets the organisation's admin edit it, keeps the slug and refreshes the search text", async () => {
    const organisation = await buildOrganisation(t.services);
    const browser = await new Browser(t.app).logIn(organisation.owner?.email ?? "", TEST_PASSWORD);
    const form = await browser.get(`/organisations/${organisation.slug}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="https:\/\/steppe\.example\.org"/);
    assert.match(form.body, /<option value="ngo" selected>/);

    const invalid = await browser.post(`/organisations/${organisation.slug}/edit`, { "name.en": "Renamed", actorType: "ngo", website: "not a url" });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /value="Renamed"/);

    const saved = await browser.post(`/organisations/${organisation.slug}/edit`, { "name.en": "Steppe Restoration Union", "name.ru": "Союз восстановления степи", actorType: "foundation", country: "MN" });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/organisations/${organisation.slug}`);
    const [row] = await t.services.db.select().from(organisations).where(eq(organisations.id, organisation.id));
    assert.equal(row.slug, organisation.slug);
    assert.equal(row.actorType, "foundation");
    assert.equal(row.country, "MN");
    assert.equal(row.website, null);
    assert.match(row.searchText, /steppe restoration union/);
    assert.doesNotMatch(row.searchText, /green steppe association/);
    const audit = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "organisation.updated"), eq(auditLog.subjectId, organisation.id)));
    assert.equal(audit.length, 1);
  });
});
