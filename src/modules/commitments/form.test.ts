import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addMember, buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { createCommitment } from "./commands/create-commitment";
import { submitCommitment } from "./commands/submit-commitment";
import { updateCommitment } from "./commands/update-commitment";
import { buildCommitment, frameworkItemId, type BuiltCommitment } from "./factories";
import { getCommitmentForViewer } from "./queries";
import { commitmentIndicators, commitmentPartners, commitmentReviewEvents, commitmentRevisions, commitments, commitmentSpaceSettings, commitmentTargets } from "./schema";

const logIn = (t: TestApp, user: BuiltUser) => new Browser(t.app).logIn(user.email, user.password);
const pathOf = (commitment: { spaceSlug: string; number: number }) => `/spaces/${commitment.spaceSlug}/commitments/${commitment.number}`;

async function rowOf(t: TestApp, id: string) {
  const [row] = await t.services.db.select().from(commitments).where(eq(commitments.id, id));
  return row;
}

async function auditActions(t: TestApp, subjectId: string): Promise<string[]> {
  const rows = await t.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, subjectId)).orderBy(auditLog.createdAt);
  return rows.map((row) => row.action);
}

/** A space with the commitments module, an organisation with an admin and a plain member, and a coordinator. */
async function buildScene(t: TestApp) {
  const space = await buildSpace(t.services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
  const admin = await buildUser(t.services);
  const member = await buildUser(t.services);
  const coordinator = await buildUser(t.services);
  const organisation = await buildOrganisation(t.services, { ownerId: admin.id });
  await addMember(t.services, organisation.id, member.id, "member");
  await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
  return { space, admin, member, coordinator, organisation };
}

describe("making a commitment", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("takes an organisation's commitment from the new page through every step to submission", async () => {
    const { space, admin, organisation } = await buildScene(t);
    const browser = await logIn(t, admin);
    const newPage = await browser.get(`/spaces/${space.slug}/commitments/new`);
    assert.equal(newPage.statusCode, 200);
    assert.match(newPage.body, new RegExp(`value="${organisation.id}"`));
    assert.ok(!newPage.body.includes(XSS), "organisation names are escaped");

    const created = await browser.post(`/spaces/${space.slug}/commitments/new`, { actor: organisation.id, template: "business" });
    assert.equal(created.statusCode, 303);
    const match = /\/commitments\/(\d+)\/edit\?step=1$/.exec(String(created.headers.location));
    assert.ok(match, String(created.headers.location));
    const base = `/spaces/${space.slug}/commitments/${match[1]}`;
    const [draft] = await t.services.db.select().from(commitments).where(eq(commitments.number, Number(match[1])));
    assert.equal(draft.status, "draft");
    assert.equal(draft.organisationId, organisation.id);
    assert.equal(draft.template, "business");
    assert.equal(draft.createdBy, admin.id);
    assert.deepEqual(await auditActions(t, draft.id), ["commitment.created"]);

    const step1 = await browser.post(`${base}/edit?step=1`, { step: "1", _action: "continue", "title.en": "Solar pumps for 40 farms", "title.ru": "Солнечные насосы для 40 хозяйств", "description.en": "Replace diesel pumps.", themes: "energy, water" });
    assert.equal(step1.statusCode, 303);
    assert.equal(step1.headers.location, `${base}/edit?step=2`);
    const primary = await frameworkItemId(t.services, "GBF", "GBF-TARGET-08");
    const other = await frameworkItemId(t.services, "SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15");
    const step2Page = await browser.get(`${base}/edit?step=2`);
    assert.match(step2Page.body, /<optgroup label="/);
    assert.match(step2Page.body, new RegExp(`value="${primary}"`));
    const step2 = await browser.post(`${base}/edit?step=2`, { step: "2", _action: "continue", primaryItemId: primary, otherItemIds: [other], coverage: "national", countries: ["KZ", "UZ"], regions: ["143"] });
    assert.equal(step2.statusCode, 303);
    const step3 = await browser.post(`${base}/edit?step=3`, { step: "3", _action: "continue", startDate: "2026-04-01", endDate: "2028-12-31", reviewDate: "", stage: "development" });
    assert.equal(step3.statusCode, 303);
    const step4Page = await browser.get(`${base}/edit?step=4`);
    assert.match(step4Page.body, /Key performance indicators/, "business template asks for KPIs");
    assert.match(step4Page.body, /name="indicators\.0\.unit"/, "the measures step opens with one empty row");
    const step4 = await browser.post(`${base}/edit?step=4`, {
      step: "4",
      _action: "continue",
      "indicators.0.name.en": "Pumps installed",
      "indicators.0.unit": "pumps",
      "indicators.0.baselineValue": "0",
      "indicators.0.baselineDate": "2026-01-01",
      "indicators.0.targetValue": "1 200,5",
      "indicators.0.targetDate": "2028-12-31",
      "indicators.0.direction": "increase",
      fundingSource: "Own funds",
      fundingSufficiency: "partial",
      fundingAmount: "250000",
      fundingCurrency: "usd",
      scale: "40 farms",
    });
    assert.equal(step4.statusCode, 303, step4.body.slice(0, 300));
    const partner = await buildOrganisation(t.services);
    const step5 = await browser.post(`${base}/edit?step=5`, {
      step: "5",
      _action: "continue",
      "partners.0.organisationSlug": partner.slug,
      "partners.1.name": "Village council",
      "partners.1.role": "land",
      "contacts.0.name": "Aigerim",
      "contacts.0.email": "aigerim@example.org",
      "links.0.url": "https://example.org/pumps",
      intendsToReport: "on",
    });
    assert.equal(step5.statusCode, 303, step5.body.slice(0, 300));
    assert.equal(step5.headers.location, `${base}/edit?step=6`);

    const [saved] = await t.services.db.select().from(commitments).where(eq(commitments.id, draft.id));
    assert.deepEqual(saved.title, { en: "Solar pumps for 40 farms", ru: "Солнечные насосы для 40 хозяйств" });
    assert.deepEqual(saved.themes, ["energy", "water"]);
    assert.deepEqual(saved.countries, ["KZ", "UZ"]);
    assert.equal(saved.primaryItemId, primary);
    assert.equal(saved.fundingCurrency, "USD");
    assert.equal(saved.draftStep, 6);
    assert.equal(saved.intendsToReport, true);
    const targets = await t.services.db.select().from(commitmentTargets).where(eq(commitmentTargets.commitmentId, draft.id));
    assert.equal(targets.length, 2);
    const [indicator] = await t.services.db.select().from(commitmentIndicators).where(eq(commitmentIndicators.commitmentId, draft.id));
    assert.equal(Number(indicator.targetValue), 1200.5);
    const partners = await t.services.db.select().from(commitmentPartners).where(eq(commitmentPartners.commitmentId, draft.id)).orderBy(commitmentPartners.position);
    assert.deepEqual(partners.map((row) => [row.organisationId, row.name]), [[partner.id, ""], [null, "Village council"]]);

    const review = await browser.get(`${base}/edit?step=6`);
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Solar pumps for 40 farms/);
    const submitted = await browser.post(`${base}/submit`, {});
    assert.equal(submitted.statusCode, 303);
    const after = await rowOf(t, draft.id);
    assert.equal(after.status, "submitted");
    assert.deepEqual(after.submittedAt, t.clock.now());
    const events = await t.services.db.select().from(commitmentReviewEvents).where(eq(commitmentReviewEvents.commitmentId, draft.id));
    assert.deepEqual(events.map((event) => [event.action, event.role, event.actorUserId]), [["submitted", "author", admin.id]]);
    assert.deepEqual(await auditActions(t, draft.id), ["commitment.created", "commitment.submitted"]);
    const detail = await browser.get(base);
    assert.match(detail.body, /Submitted/);
    // five columns do not fit a phone: the table scrolls in its own named, focusable box, never the page
    assert.match(detail.body, /<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)"><table><caption>\1<\/caption>/);
  });

  it("lets a person commit alone, without partners or contacts", async () => {
    const { space } = await buildScene(t);
    const person = await buildUser(t.services);
    const browser = await logIn(t, person);
    const created = await browser.post(`/spaces/${space.slug}/commitments/new`, { actor: "person", template: "organisation" });
    assert.equal(created.statusCode, 303);
    const base = String(created.headers.location).replace(/\/edit\?step=1$/, "");
    const [row] = await t.services.db.select().from(commitments).where(eq(commitments.personUserId, person.id));
    assert.equal(row.template, "person");
    assert.equal(row.organisationId, null);
    const step5 = await browser.get(`${base}/edit?step=5`);
    assert.equal(step5.statusCode, 200);
    assert.ok(!step5.body.includes('name="partners.'), "no partner rows for a person");
    assert.ok(!step5.body.includes("add:contacts"), "no contacts for a person");
    await browser.post(`${base}/edit?step=1`, { step: "1", _action: "save", "title.ru": "Посадить 100 деревьев во дворе" });
    const submitted = await browser.post(`${base}/submit`, {});
    assert.equal(submitted.statusCode, 303);
    assert.equal((await rowOf(t, row.id)).status, "submitted");
  });

  it("refuses to act for an organisation the user does not belong to", async () => {
    const { space, organisation } = await buildScene(t);
    const stranger = await buildUser(t.services);
    const browser = await logIn(t, stranger);
    const response = await browser.post(`/spaces/${space.slug}/commitments/new`, { actor: organisation.id, template: "organisation" });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /only commit on behalf of an organisation you belong to/);
    await assert.rejects(createCommitment(t.services, { id: stranger.id, isPlatformAdmin: false, isEmailVerified: true }, space.slug, { organisationId: organisation.id }), { code: "forbidden" });
  });

  it("refuses new commitments where the module is off, for unverified users and for anonymous visitors", async () => {
    const space = await buildSpace(t.services, { enabledModules: [] });
    const user = await buildUser(t.services);
    assert.equal((await (await logIn(t, user)).get(`/spaces/${space.slug}/commitments/new`)).statusCode, 403);
    const { space: open } = await buildScene(t);
    const unverified = await buildUser(t.services, { isVerified: false });
    await assert.rejects(createCommitment(t.services, { id: unverified.id, isPlatformAdmin: false, isEmailVerified: false }, open.slug, {}), { code: "forbidden" });
    assert.equal((await new Browser(t.app).get(`/spaces/${open.slug}/commitments/new`)).statusCode, 401);
  });
});

describe("the step form on errors", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("keeps what was typed and shows each error beside its field", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id });
    const browser = await logIn(t, owner);
    const base = pathOf(commitment);

    const noTitle = await browser.post(`${base}/edit?step=1`, { step: "1", _action: "continue", "title.en": "  ", "description.en": "Kept description" });
    assert.equal(noTitle.statusCode, 422);
    assert.match(noTitle.body, /id="field-title-error">Fill this in in at least one language/);
    assert.match(noTitle.body, /Kept description/);

    const dates = await browser.post(`${base}/edit?step=3`, { step: "3", _action: "continue", startDate: "2027-05-01", endDate: "2026-01-01", stage: "planning" });
    assert.equal(dates.statusCode, 422);
    assert.match(dates.body, /id="field-endDate-error">The end date must be on or after the start date/);
    assert.match(dates.body, /value="2027-05-01"/);

    const indicator = await browser.post(`${base}/edit?step=4`, { step: "4", _action: "save", "indicators.0.unit": "ha", "indicators.0.targetValue": "lots", fundingSufficiency: "unknown" });
    assert.equal(indicator.statusCode, 422);
    assert.match(indicator.body, /id="field-indicators-0-name-error"/);
    assert.match(indicator.body, /id="field-indicators-0-targetValue-error">This value is not valid/);
    assert.match(indicator.body, /value="lots"/);
    assert.match(indicator.body, /name="indicators\.0\.unit"[^>]*value="ha"/);

    const partner = await browser.post(`${base}/edit?step=5`, { step: "5", _action: "save", "partners.0.organisationSlug": "no-such-organisation", "links.0.url": "javascript:alert(1)" });
    assert.equal(partner.statusCode, 422);
    assert.match(partner.body, /id="field-links-0-url-error"/);

    const [row] = await t.services.db.select().from(commitments).where(eq(commitments.id, commitment.id));
    assert.equal(row.startDate, "2026-01-01", "nothing from a refused step was saved");
  });

  it("offers countries as checkboxes named in the page's language, saves several and keeps them checked after a failed submit", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, countries: [] });
    const browser = await logIn(t, owner);
    const base = pathOf(commitment);
    const page = await browser.get(`${base}/edit?step=2&lang=ru`);
    assert.ok(!/<select[^>]*name="countries"/.test(page.body), "no multi-select of countries");
    assert.match(page.body, /<fieldset class="picker" id="field-countries"[^>]*data-picker/);
    assert.match(page.body, /<input type="checkbox" id="field-countries-KE" name="countries" value="KE"><label for="field-countries-KE">Кения<\/label>/);
    assert.match(page.body, /<legend>Африка<\/legend>/, "grouped by region, named in Russian");
    assert.match(page.body, /<label for="field-countries-filter">Найти страну<\/label>/);
    const scriptPath = /<script src="(\/assets\/picker\.[0-9a-f]{12}\.js)" defer><\/script>/.exec(page.body)?.[1];
    assert.ok(scriptPath, "the picker's script is linked");
    const script = await browser.get(scriptPath);
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers["content-type"]), /^text\/javascript/);
    assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/, "a same-origin file, which the CSP allows");

    const refused = await browser.post(`${base}/edit?step=2&lang=en`, { step: "2", _action: "save", coverage: "national", countries: ["KE", "UZ", "MN", "XX"] });
    assert.equal(refused.statusCode, 422);
    for (const code of ["KE", "UZ", "MN"]) assert.match(refused.body, new RegExp(`id="field-countries-${code}" name="countries" value="${code}" checked>`), `${code} stays checked`);
    assert.equal((refused.body.match(/name="countries" value="[A-Z]{2}" checked/g) ?? []).length, 3, "nothing else is checked");
    assert.match(refused.body, /<p class="picker-summary" id="field-countries-summary">Selected \(3\): Kenya, Mongolia, Uzbekistan<\/p>/);
    assert.ok(refused.body.indexOf('value="KE" checked') < refused.body.indexOf('value="AF"'), "the chosen countries are listed first");

    const saved = await browser.post(`${base}/edit?step=2`, { step: "2", _action: "save", coverage: "national", countries: ["KE", "UZ", "MN"] });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual((await rowOf(t, commitment.id)).countries, ["KE", "UZ", "MN"]);
    const again = await browser.get(`${base}/edit?step=2&lang=en`);
    assert.match(again.body, /Selected \(3\): Kenya, Mongolia, Uzbekistan/);
  });

  it("adds and removes indicator rows without JavaScript and saves nothing until asked", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id });
    const browser = await logIn(t, owner);
    const base = pathOf(commitment);
    const added = await browser.post(`${base}/edit?step=4`, { step: "4", _action: "add:indicators", "indicators.0.name.en": "Hectares", "indicators.0.unit": "ha" });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /name="indicators\.1\.unit"/);
    assert.match(added.body, /name="indicators\.0\.unit"[^>]*value="ha"/);
    const removed = await browser.post(`${base}/edit?step=4`, { step: "4", _action: "remove:indicators:0", "indicators.0.name.en": "Hectares", "indicators.1.name.en": "Trees" });
    assert.equal(removed.statusCode, 200);
    assert.match(removed.body, /name="indicators\.0\.name\.en" lang="en" dir="ltr" value="Trees"/);
    assert.ok(!removed.body.includes("Hectares"));
    const rows = await t.services.db.select().from(commitmentIndicators).where(eq(commitmentIndicators.commitmentId, commitment.id));
    assert.equal(rows.length, 0);
  });

  it("offers to add a first contact, partner or link while the list is empty, and another one after", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id });
    const browser = await logIn(t, owner);
    const base = pathOf(commitment);
    const empty = await browser.get(`${base}/edit?step=5&lang=en`);
    assert.match(empty.body, /value="add:contacts"[^>]*>Add a contact</);
    assert.match(empty.body, /value="add:partners"[^>]*>Add a partner</);
    assert.match(empty.body, /value="add:links"[^>]*>Add a link</);
    assert.ok(!empty.body.includes("Add another contact"));
    const added = await browser.post(`${base}/edit?step=5`, { step: "5", _action: "add:contacts" });
    assert.match(added.body, /value="add:contacts"[^>]*>Add another contact</);
    const russian = await browser.get(`${base}/edit?step=5&lang=ru`);
    assert.match(russian.body, /value="add:contacts"[^>]*>Добавить контакт</);
  });
});

describe("criteria and settings", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("lets a coordinator switch criteria on (audited) and refuses a submission that misses them, field by field", async () => {
    const owner = await buildUser(t.services);
    const coordinator = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, endDate: null });
    await t.services.db.update(commitments).set({ primaryItemId: null, intendsToReport: false }).where(eq(commitments.id, commitment.id));
    await addSpaceRole(t.services, commitment.spaceId, coordinator.id, "coordinator");
    const settingsUrl = `/spaces/${commitment.spaceSlug}/commitments/settings`;

    assert.equal((await (await logIn(t, owner)).get(settingsUrl)).statusCode, 403);
    const coordinatorBrowser = await logIn(t, coordinator);
    const bad = await coordinatorBrowser.post(settingsUrl, { mode: "commitments", reviewWindowDays: "14", greenMonths: "12", redMonths: "6" });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /red threshold must be longer/);
    const saved = await coordinatorBrowser.post(settingsUrl, {
      mode: "commitments",
      criteria: ["require_target", "require_indicator_target", "require_end_or_review_date", "require_intent_to_report"],
      reviewWindowDays: "14",
      greenMonths: "12",
      redMonths: "24",
    });
    assert.equal(saved.statusCode, 303);
    const [settings] = await t.services.db.select().from(commitmentSpaceSettings).where(eq(commitmentSpaceSettings.spaceId, commitment.spaceId));
    assert.equal(settings.reviewWindowDays, 14);
    assert.equal(settings.criteria.length, 4);
    const audits = await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, commitment.spaceId), eq(auditLog.action, "commitment.settings_updated")));
    assert.equal(audits.length, 1);

    const browser = await logIn(t, owner);
    const refused = await browser.post(`${pathOf(commitment)}/submit`, {});
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /id="field-primaryItemId-error">Choose the primary target/);
    assert.match(refused.body, /id="field-indicators-error">Add at least one indicator with a target value/);
    assert.match(refused.body, /id="field-endDate-error">Give an end date, or a review date/);
    assert.match(refused.body, /id="field-intendsToReport-error">This space asks you to commit to reporting/);
    assert.equal((await rowOf(t, commitment.id)).status, "draft");
    const reviewStep = await browser.get(`${pathOf(commitment)}/edit?step=6`);
    assert.match(reviewStep.body, /not met yet/);

    await updateCommitment(t.services, { id: owner.id, isPlatformAdmin: false, isEmailVerified: true }, { space: commitment.spaceSlug, number: commitment.number }, {
      primaryItemId: await frameworkItemId(t.services, "GBF", "GBF-TARGET-17"),
      reviewDate: "2027-06-30",
      intendsToReport: true,
      indicators: [{ name: { en: "Hectares" }, unit: "ha", targetValue: 500 }],
    });
    const accepted = await submitCommitment(t.services, { id: owner.id, isPlatformAdmin: false, isEmailVerified: true }, { space: commitment.spaceSlug, number: commitment.number });
    assert.equal(accepted.status, "submitted");
  });

  it("uses the memorandum wording in a memorandum space", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, status: "published" });
    const before = await new Browser(t.app).get(pathOf(commitment));
    assert.match(before.body, /Committed by/);
    await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: commitment.spaceId, mode: "memorandum" });
    const detail = await new Browser(t.app).get(pathOf(commitment));
    assert.match(detail.body, /Signatory/);
    assert.match(detail.body, /Activity №/);
    const newPage = await (await logIn(t, owner)).get(`/spaces/${commitment.spaceSlug}/commitments/new`);
    assert.match(newPage.body, /Join the memorandum with a programme activity/);
    const russian = await new Browser(t.app, "ru").get(`${pathOf(commitment)}?lang=ru`);
    assert.match(russian.body, /Подписант/);
  });
});

describe("who may see, edit and submit a commitment", () => {
  let t: TestApp;
  let commitment: BuiltCommitment;
  const people: Record<string, BuiltUser> = {};
  before(async () => {
    t = await createTestApp();
    people.owner = await buildUser(t.services);
    people.member = await buildUser(t.services);
    people.other = await buildUser(t.services);
    people.coordinator = await buildUser(t.services);
    people.focalKz = await buildUser(t.services);
    people.focalFr = await buildUser(t.services);
    commitment = await buildCommitment(t.services, { ownerUserId: people.owner.id, countries: ["KZ"] });
    await addMember(t.services, commitment.organisationId ?? "", people.member.id, "member");
    await addSpaceRole(t.services, commitment.spaceId, people.coordinator.id, "coordinator");
    await addSpaceRole(t.services, commitment.spaceId, people.focalKz.id, "focal_point", "KZ");
    await addSpaceRole(t.services, commitment.spaceId, people.focalFr.id, "focal_point", "FR");
  });
  after(async () => t.close());

  const statusFor = async (who: string, url: string) => (who === "anonymous" ? new Browser(t.app) : await logIn(t, people[who])).get(url).then((response) => response.statusCode);

  it("shows a draft to its owners and the coordinators only", async () => {
    const expected: Record<string, number> = { owner: 200, member: 200, coordinator: 200, other: 404, focalKz: 404, focalFr: 404, anonymous: 404 };
    for (const [who, status] of Object.entries(expected)) assert.equal(await statusFor(who, pathOf(commitment)), status, who);
  });

  it("lets the organisation's admins and members edit a draft, nobody else", async () => {
    const expected: Record<string, number> = { owner: 200, member: 200, coordinator: 403, other: 404, focalKz: 404, anonymous: 404 };
    for (const [who, status] of Object.entries(expected)) assert.equal(await statusFor(who, `${pathOf(commitment)}/edit?step=1`), status, who);
  });

  it("lets only an owner submit, and then shows it to the focal point of a covered country", async () => {
    assert.equal((await (await logIn(t, people.coordinator)).post(`${pathOf(commitment)}/submit`, {})).statusCode, 403);
    assert.equal((await (await logIn(t, people.other)).post(`${pathOf(commitment)}/submit`, {})).statusCode, 404);
    assert.equal((await new Browser(t.app).post(`${pathOf(commitment)}/submit`, {})).statusCode, 404);
    assert.equal((await (await logIn(t, people.member)).post(`${pathOf(commitment)}/submit`, {})).statusCode, 303);
    assert.equal(await statusFor("focalKz", pathOf(commitment)), 200);
    assert.equal(await statusFor("focalFr", pathOf(commitment)), 404);
    assert.equal(await statusFor("owner", `${pathOf(commitment)}/edit?step=1`), 403, "no edits while under review");
    const viewer = { id: people.focalKz.id, isPlatformAdmin: false };
    const found = await getCommitmentForViewer(t.services.db, commitment.spaceSlug, commitment.number, viewer);
    assert.equal(found.access.canEdit, false);
    const byId = await getCommitmentForViewer(t.services.db, commitment.spaceId, commitment.number, null).catch((error: { code: string }) => error.code);
    assert.equal(byId, "not_found");
  });

  it("lets the owner withdraw, with a trail entry and an audit entry", async () => {
    const withdrawn = await (await logIn(t, people.owner)).post(`${pathOf(commitment)}/withdraw`, {});
    assert.equal(withdrawn.statusCode, 303);
    assert.equal((await rowOf(t, commitment.id)).status, "withdrawn");
    assert.ok((await auditActions(t, commitment.id)).includes("commitment.withdrawn"));
  });

  it("lets the owner edit a returned commitment and submit it again", async () => {
    const owner = await buildUser(t.services);
    const returned = await buildCommitment(t.services, { ownerUserId: owner.id, status: "returned" });
    await t.services.db.update(commitments).set({ returnComment: `${XSS} Please add an indicator.` }).where(eq(commitments.id, returned.id));
    const browser = await logIn(t, owner);
    const detail = await browser.get(pathOf(returned));
    assert.match(detail.body, /Returned for changes/);
    assert.match(detail.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Please add an indicator/);
    const saved = await browser.post(`${pathOf(returned)}/edit?step=4`, { step: "4", _action: "continue", "indicators.0.name.en": "Hectares", "indicators.0.targetValue": "500", fundingSufficiency: "unknown" });
    assert.equal(saved.statusCode, 303);
    assert.equal((await browser.post(`${pathOf(returned)}/submit`, {})).statusCode, 303);
    const row = await rowOf(t, returned.id);
    assert.equal(row.status, "submitted");
    assert.equal(row.revision, 0, "edits before publication keep no revision");
  });

  it("keeps commitments of a private space invisible to people outside it", async () => {
    const owner = await buildUser(t.services);
    const space = await buildSpace(t.services, { visibility: "private", enabledModules: ["commitments"], frameworkKeys: ["GBF"] });
    const hidden = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, ownerUserId: owner.id, status: "published" });
    for (const url of [pathOf(hidden), `${pathOf(hidden)}/history`, `${pathOf(hidden)}/edit?step=1`]) {
      assert.equal((await new Browser(t.app).get(url)).statusCode, 404, url);
      assert.equal((await (await logIn(t, people.other)).get(url)).statusCode, 404, url);
    }
    await assert.rejects(getCommitmentForViewer(t.services.db, space.id, hidden.number, { id: people.other.id, isPlatformAdmin: false }), { code: "not_found" });
  });
});

describe("published commitments: detail, revisions, history, similar ones", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("shows a published commitment to everyone, escaped, with schema.org JSON-LD", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, status: "published", indicators: [{ name: { en: `${XSS} Hectares` }, unit: "ha", baselineValue: 0, targetValue: 500 }] });
    const response = await new Browser(t.app).get(pathOf(commitment));
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(XSS), "no raw script tag anywhere");
    assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; Restore 500 ha/);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(response.body);
    assert.ok(jsonLd);
    const document = JSON.parse(jsonLd[1]) as Record<string, unknown>;
    assert.equal(document["@type"], "Action");
    assert.equal(document.startTime, "2026-01-01");
    assert.equal((document.agent as Record<string, unknown>)["@type"], "Organization");
    assert.match(response.body, /<caption>1 indicator/);
    assert.match(response.body, /href="\/frameworks\/GBF#item-GBF-TARGET-17"/);
    assert.ok(!response.body.includes("Review status"), "the review trail is for the owner and coordinators");
    const ownerView = await (await logIn(t, owner)).get(pathOf(commitment));
    assert.match(ownerView.body, /Review status/);
    assert.match(ownerView.body, /Edit the commitment/);
  });

  it("keeps a revision with the changed fields when the owner edits a published commitment, listed in the public history", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, status: "published" });
    const browser = await logIn(t, owner);
    const edited = await browser.post(`${pathOf(commitment)}/edit?step=1`, { step: "1", _action: "save", "title.en": "Restore 800 ha of riverside forest", "description.en": `${XSS} Native trees along the river.`, "description.ru": `${XSS} Местные породы деревьев вдоль реки.` });
    assert.equal(edited.statusCode, 303);
    const row = await rowOf(t, commitment.id);
    assert.equal(row.revision, 1);
    assert.equal(row.status, "published");
    const revisions = await t.services.db.select().from(commitmentRevisions).where(eq(commitmentRevisions.commitmentId, commitment.id));
    assert.equal(revisions.length, 1);
    assert.deepEqual(revisions[0].changedFields, ["title"]);
    assert.match(String((revisions[0].snapshot.title as Record<string, string>).en), /Restore 500 ha/);
    assert.equal(revisions[0].editedBy, owner.id);
    assert.ok((await auditActions(t, commitment.id)).includes("commitment.revised"));

    const again = await browser.post(`${pathOf(commitment)}/edit?step=1`, { step: "1", _action: "save", "title.en": "Restore 800 ha of riverside forest", "description.en": `${XSS} Native trees along the river.`, "description.ru": `${XSS} Местные породы деревьев вдоль реки.` });
    assert.equal(again.statusCode, 303);
    assert.equal((await rowOf(t, commitment.id)).revision, 1, "saving without a change keeps no revision");

    const history = await new Browser(t.app).get(`${pathOf(commitment)}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Revision 1/);
    assert.match(history.body, /1 field changed:/);
    assert.match(history.body, /<li>Title<\/li>/);
    const russian = await new Browser(t.app, "ru").get(`${pathOf(commitment)}/history?lang=ru`);
    assert.match(russian.body, /Изменено 1 поле:/);
  });

  it("keeps indicator ids through an edit of a published commitment and refuses targets from outside the space's frameworks", async () => {
    const owner = await buildUser(t.services);
    const commitment = await buildCommitment(t.services, { ownerUserId: owner.id, status: "published", indicators: [{ name: { en: "Hectares" }, unit: "ha", baselineValue: 0, targetValue: 500 }] });
    const actor = { id: owner.id, isPlatformAdmin: false, isEmailVerified: true };
    const ref = { space: commitment.spaceSlug, number: commitment.number };
    const result = await updateCommitment(t.services, actor, ref, {
      indicators: [
        { id: commitment.indicatorIds[0], name: { en: "Hectares" }, unit: "ha", baselineValue: 0, baselineDate: "2025-12-31", targetValue: 800, targetDate: "2030-12-31" },
        { name: { en: "Volunteers" }, unit: "people", targetValue: 50 },
      ],
    });
    assert.deepEqual(result.changedFields, ["indicators"]);
    assert.equal(result.revision, 1);
    const rows = await t.services.db.select().from(commitmentIndicators).where(eq(commitmentIndicators.commitmentId, commitment.id)).orderBy(commitmentIndicators.position);
    assert.equal(rows[0].id, commitment.indicatorIds[0]);
    assert.equal(Number(rows[0].targetValue), 800);
    assert.equal(rows.length, 2);
    const foreign = await frameworkItemId(t.services, "SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15");
    const narrow = await buildCommitment(t.services, { spaceId: (await buildSpace(t.services, { frameworkKeys: ["GBF"], enabledModules: ["commitments"] })).id, ownerUserId: owner.id });
    const [narrowRow] = await t.services.db.select().from(commitments).where(eq(commitments.id, narrow.id));
    await assert.rejects(
      updateCommitment(t.services, actor, { space: narrowRow.spaceId, number: narrow.number }, { otherItemIds: [foreign] }),
      (error: { code: string; fields: Record<string, { key: string }> }) => error.code === "validation_failed" && error.fields.otherItemIds?.key === "validation.invalid_choice",
    );
    await assert.rejects(updateCommitment(t.services, actor, ref, { unknownField: 1 }), { code: "validation_failed" });
  });

  it("warns on the review step about a very similar commitment of the same actor, without blocking", async () => {
    const owner = await buildUser(t.services);
    const organisation = await buildOrganisation(t.services, { ownerId: owner.id });
    const existing = await buildCommitment(t.services, { organisationId: organisation.id, ownerUserId: owner.id, status: "published", title: { en: "Restore 500 ha of riverside forest" }, description: { en: "" } });
    const stranger = await buildCommitment(t.services, { spaceId: existing.spaceId, spaceSlug: existing.spaceSlug, status: "published", title: { en: "Restore 500 ha of riverside forest" } });
    const draft = await buildCommitment(t.services, { spaceId: existing.spaceId, spaceSlug: existing.spaceSlug, organisationId: organisation.id, ownerUserId: owner.id, title: { en: "Restore 500 hectares of riverside forests" }, description: { en: "" } });
    const unrelated = await buildCommitment(t.services, { spaceId: existing.spaceId, spaceSlug: existing.spaceSlug, organisationId: organisation.id, ownerUserId: owner.id, status: "published", title: { en: "Train teachers in climate education" }, description: { en: "" } });
    const browser = await logIn(t, owner);
    const review = await browser.get(`${pathOf(draft)}/edit?step=6`);
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /You already have a similar one/);
    assert.match(review.body, new RegExp(`href="${pathOf(existing)}"`));
    assert.ok(!review.body.includes(`href="${pathOf(stranger)}"`), "another actor's commitment is not a duplicate");
    assert.ok(!review.body.includes(`href="${pathOf(unrelated)}"`));
    assert.equal((await browser.post(`${pathOf(draft)}/submit`, {})).statusCode, 303, "the warning does not block");
  });
});
