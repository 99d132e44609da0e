import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { deleteAccount } from "../../platform/auth/commands/delete-account";
import { personalDataContributors } from "../../platform/auth/personal-data";
import { reportSectionSource } from "../../platform/reports/sections";
import { translator, intlFormat } from "../../platform/i18n/messages";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { addMember, buildOrganisation, type BuiltOrganisation } from "../organisations/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { findFrameworkItemId } from "../spaces/queries";
import { publishPost } from "./commands/save-post";
import { partnershipsPersonalData } from "./personal-data";
import type { PostInput } from "./inputs";
import { suggestedPairs, suggestionsFor } from "./matching";
import { livePostsOfSide, postPath } from "./queries";

describe("partnerships: offers and needs, matching, the relay, permissions, report", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let access: string, participation: string, justice: string;
  const orgs: Record<string, BuiltOrganisation & { owner: BuiltUser }> = {};

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["partnerships"], frameworkKeys: ["AARHUS"] });
    access = (await findFrameworkItemId(t.services.db, "AARHUS", "AARHUS-ACCESS-TO-INFORMATION"))!;
    participation = (await findFrameworkItemId(t.services.db, "AARHUS", "AARHUS-PUBLIC-PARTICIPATION"))!;
    justice = (await findFrameworkItemId(t.services.db, "AARHUS", "AARHUS-ACCESS-TO-JUSTICE"))!;
    for (const name of ["dataOffer", "dataNeed", "hearingOffer", "hearingNeed", "frenchNeed"]) orgs[name] = (await buildOrganisation(t.services)) as BuiltOrganisation & { owner: BuiltUser };
  });
  after(() => t.close());

  const post = (organisation: string, fields: Partial<PostInput>) =>
    publishPost(t.services, { id: orgs[organisation]!.ownerId }, space.id, {
      organisationId: orgs[organisation]!.id, side: "offer", kind: "expertise", title: { en: `${XSS} ${organisation}` }, description: { en: `${XSS} details` },
      targetIds: [], countries: [], languages: ["ru"], untilOn: "", ...fields,
    });

  it("suggests the expected pairs on fixtures, explained by shared targets, countries, languages and kind", async () => {
    const dataOffer = await post("dataOffer", { side: "offer", kind: "data", targetIds: [access], countries: ["KZ", "UZ"], languages: ["ru", "en"] });
    const dataNeed = await post("dataNeed", { side: "need", kind: "data", targetIds: [access], countries: ["KZ"], languages: ["ru"] });
    const hearingOffer = await post("hearingOffer", { side: "offer", kind: "expertise", targetIds: [participation, justice], countries: ["KZ", "KG"], languages: ["ru", "kk"] });
    const hearingNeed = await post("hearingNeed", { side: "need", kind: "expertise", targetIds: [participation], countries: ["KZ"], languages: ["kk"] });
    // shares no language with any offer: never suggested
    const frenchNeed = await post("frenchNeed", { side: "need", kind: "data", targetIds: [access], countries: ["KZ"], languages: ["fr"] });
    const now = t.clock.now();
    const [needs, offers] = await Promise.all([livePostsOfSide(t.services.db, space.id, "need", now), livePostsOfSide(t.services.db, space.id, "offer", now)]);
    const pairs = suggestedPairs(needs, offers, now).map((pair) => `${pair.need.id}|${pair.offer.id}`).sort();
    assert.deepEqual(pairs, [`${dataNeed.id}|${dataOffer.id}`, `${hearingNeed.id}|${hearingOffer.id}`].sort());

    const forDataNeed = suggestionsFor(needs.find((candidate) => candidate.id === dataNeed.id)!, offers, now);
    assert.equal(forDataNeed[0]!.post.id, dataOffer.id, "the data offer comes first for the data need");
    assert.deepEqual(forDataNeed[0]!.explanation, { sharedTargets: [access], sharedCountries: ["KZ"], sharedLanguages: ["ru"], isKindCompatible: true });
    assert.ok(suggestionsFor(needs.find((candidate) => candidate.id === frenchNeed.id)!, offers, now).length === 0, "no shared language, no suggestion");

    const page = await new Browser(t.app).get(postPath(space.slug, dataNeed.id));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "titles and organisation names are escaped");
    assert.match(page.body, /Offers that could meet this need/);
    assert.match(page.body, /Shared targets/);
    const list = await new Browser(t.app, "ru").get(`/spaces/${space.slug}/partnerships?side=need&kind=data`);
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(XSS));
    assert.match(list.body, /Подходящие пары/);
    const api = await new Browser(t.app).get(`/api/v1/spaces/${space.slug}/partnerships?side=offer`, { accept: "application/json" });
    assert.equal(api.statusCode, 200);
    const data = (JSON.parse(api.body) as { data: { id: string; side: string; targets: { key: string }[] }[] }).data;
    assert.ok(data.length >= 2 && data.every((entry) => entry.side === "offer"));
    assert.ok(data.find((entry) => entry.id === dataOffer.id)!.targets.some((target) => target.key === "AARHUS-ACCESS-TO-INFORMATION"));
  });

  it("lets only an admin of the organisation publish, edit or withdraw for it (403 for a plain member or an outsider)", async () => {
    const organisation = await buildOrganisation(t.services);
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id, "member");
    const form = { organisation_id: organisation.id, side: "need", kind: "funding", "title.en": "Small grants for volunteers", languages: "en" };
    const asMember = await (await new Browser(t.app).logIn(member.email, member.password)).post(`/spaces/${space.slug}/partnerships/new`, form);
    assert.equal(asMember.statusCode, 403);
    const outsider = await buildUser(t.services);
    assert.equal((await (await new Browser(t.app).logIn(outsider.email, outsider.password)).post(`/spaces/${space.slug}/partnerships/new`, form)).statusCode, 403);
    assert.equal((await new Browser(t.app).post(`/spaces/${space.slug}/partnerships/new`, form)).statusCode, 401);

    const admin = await new Browser(t.app).logIn(organisation.owner!.email, organisation.owner!.password);
    const missing = await admin.post(`/spaces/${space.slug}/partnerships/new`, { ...form, "title.en": "", "description.en": "kept description", languages: [] });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /kept description/, "what was typed is kept");
    assert.match(missing.body, /Choose at least one working language/);
    const created = await admin.post(`/spaces/${space.slug}/partnerships/new`, form);
    assert.equal(created.statusCode, 303, created.body.slice(0, 400));
    const path = String(created.headers.location);
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await memberBrowser.post(`${path}/edit`, { ...form, "title.en": "Changed" })).statusCode, 403);
    assert.equal((await memberBrowser.post(`${path}/withdraw`, {})).statusCode, 403);
    assert.equal((await admin.post(`${path}/withdraw`, {})).statusCode, 303);
    assert.equal((await new Browser(t.app).get(path)).statusCode, 404, "a withdrawn post is gone for others");
    assert.equal((await admin.get(path)).statusCode, 200, "its organisation still sees it");
  });

  it("sends a contact request through the relay to the organisation's admins without showing any address", async () => {
    const offer = await post("dataOffer", { side: "offer", kind: "funding", languages: ["en"] });
    const writer = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(writer.email, writer.password);
    const page = await browser.get(postPath(space.slug, offer.id));
    assert.match(page.body, new RegExp(`/contact/partnership/${offer.id}`));
    const form = await browser.get(`/contact/partnership/${offer.id}`);
    assert.equal(form.statusCode, 200);
    const owner = orgs.dataOffer!.owner;
    for (const body of [page.body, form.body]) assert.ok(!body.includes(owner.email), "no address on the pages");
    const sent = await browser.post(`/contact/partnership/${offer.id}`, { name: "Aigerim", email: "aigerim@example.net", subject: "Your fund", message: "Could we apply for the small grants next spring?", consent: "yes" });
    assert.equal(sent.statusCode, 303);
    const confirmation = await browser.get(String(sent.headers.location));
    assert.ok(!(confirmation.body + JSON.stringify(sent.headers)).includes(owner.email));
    await t.services.jobs.drain();
    const mails = await outboxMessages(t.outboxDir);
    assert.ok(mails.some((mail) => mail.to.includes(owner.email) && /small grants/.test(mail.text)), "the organisation's admin got it");
    const own = await new Browser(t.app).logIn(owner.email, owner.password);
    assert.equal((await own.post(`/contact/partnership/${offer.id}`, { name: "Self", email: "self@example.net", subject: "Me", message: "Writing to myself again and again", consent: "yes" })).statusCode, 403);

    const section = reportSectionSource("partnerships")!;
    const loaded = await section.load(t.services.db, { spaceId: space.id, spaceSlug: space.slug, from: new Date("2020-01-01T00:00:00Z"), until: new Date("2100-01-01T00:00:00Z") }, { locale: "en", t: translator("en"), format: intlFormat("en") });
    const figures = loaded.blocks[0]!;
    assert.equal(figures.kind, "figures");
    const requests = figures.kind === "figures" ? figures.items.find((item) => item.label === "Contact requests sent")!.value : null;
    assert.equal(requests, 1);
    const [count] = await queryRows<{ count: number | string }>(t.services.db, sql`select count(*) as count from partnership_posts where space_id = ${space.id} and side = 'offer'`);
    const offers = figures.kind === "figures" ? figures.items.find((item) => item.label === "Offers published")!.value : null;
    assert.equal(offers, Number(count!.count));
  });

  it("puts a person's posts and contact requests in their data export, and keeps the organisation's posts when the account is deleted", async () => {
    const organisation = (await buildOrganisation(t.services)) as BuiltOrganisation & { owner: BuiltUser };
    const offer = await publishPost(t.services, { id: organisation.ownerId }, space.id, {
      organisationId: organisation.id, side: "offer", kind: "data", title: { en: "Open air quality data" }, description: { en: "Hourly readings" }, targetIds: [], countries: ["KZ"], languages: ["en"], untilOn: "",
    });
    const other = await post("hearingNeed", { side: "need", kind: "data", languages: ["en"] });
    const writer = organisation.owner;
    const browser = await new Browser(t.app).logIn(writer.email, writer.password);
    const sent = await browser.post(`/contact/partnership/${other.id}`, { name: "Writer", email: writer.email, subject: "Our data", message: "Our readings could help your hearing preparations.", consent: "yes" });
    assert.equal(sent.statusCode, 303);

    assert.ok(personalDataContributors().includes(partnershipsPersonalData), "registered through the manifest");
    const exported = (await partnershipsPersonalData.exportFor(t.services.db, writer.id)) as { posts: { id: string; title: unknown; organisation: string | null; space: string }[]; contactRequests: { postId: string }[] };
    assert.deepEqual(exported.posts.map((row) => [row.id, row.title, row.organisation, row.space]), [[offer.id, { en: "Open air quality data" }, organisation.slug, space.slug]]);
    assert.deepEqual(exported.contactRequests.map((row) => row.postId), [other.id], "the contact request, never its text");
    assert.ok(!JSON.stringify(exported).includes("hearing preparations"));
    const stranger = (await partnershipsPersonalData.exportFor(t.services.db, (await buildUser(t.services)).id)) as { posts: unknown[]; contactRequests: unknown[] };
    assert.deepEqual(stranger, { posts: [], contactRequests: [] });

    await deleteAccount(t.services, writer.id, writer.password);
    const [row] = await queryRows<{ created_by: string | null; status: string }>(t.services.db, sql`select created_by, status from partnership_posts where id = ${offer.id}`);
    assert.deepEqual(row, { created_by: null, status: "published" }, "the post stays the organisation's, without the person");
  });

  it("answers 404 for a space without the feature and for an unknown post", async () => {
    const other = await buildSpace(t.services, { enabledModules: [] });
    assert.equal((await new Browser(t.app).get(`/spaces/${other.slug}/partnerships`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${space.slug}/partnerships/not-a-uuid`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get("/contact/partnership/00000000-0000-0000-0000-000000000000")).statusCode, 404);
  });
});
