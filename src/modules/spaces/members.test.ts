import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, jobs } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { outboxMessages } from "../../testing/outbox";
import { addSpaceRole, buildSpace, type BuiltSpace } from "./factories";
import { focalPointCountries, spaceRolesOf } from "./queries";
import { spaceMembers } from "./schema";
import { primaryAction } from "../../testing/page-header";

describe("space roles", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: BuiltUser;
  let browser: Browser;
  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services);
    coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
  });
  after(async () => t.close());

  const auditFor = (action: string, subjectId: string) =>
    t.services.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectId, subjectId))).orderBy(desc(auditLog.id));

  it("lets a coordinator give a role by email; it is audited with the space and the person is mailed", async () => {
    const person = await buildUser(t.services, { email: "Facilitator.Person@example.org", locale: "ru" });
    const response = await browser.post(`/spaces/${space.slug}/members`, { email: "facilitator.person@EXAMPLE.org ", role: "facilitator", country: "FR" });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await spaceRolesOf(t.services.db, space.id, person.id), [{ role: "facilitator", country: "" }], "a country is only kept for focal points");
    const [entry] = await auditFor("space.role_granted", person.id);
    assert.equal(entry.spaceId, space.id);
    assert.equal(entry.actorUserId, coordinator.id);
    assert.deepEqual(entry.details, { role: "facilitator", country: "" });
    const page = await browser.get(`/spaces/${space.slug}/members`);
    assert.match(page.body, /The role has been given/);
    assert.match(page.body, /facilitator\.person@example\.org/i);
    assert.ok(!page.body.includes(XSS), "names are escaped");
    await t.services.jobs.drain();
    const mail = (await outboxMessages(t.outboxDir)).find((message) => message.to.toLowerCase().includes("facilitator.person@example.org"));
    assert.ok(mail);
    assert.match(mail.subject, /Ваша новая роль/);
    assert.match(mail.text, new RegExp(`/spaces/${space.slug}`));
  });

  it("makes someone focal point for several countries, one row each, and removes one", async () => {
    const person = await buildUser(t.services);
    assert.equal((await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "focal_point", country: "kz" })).statusCode, 303);
    assert.equal((await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "focal_point", country: "UZ" })).statusCode, 303);
    assert.deepEqual(await focalPointCountries(t.services.db, space.id, person.id), ["KZ", "UZ"]);
    const page = await browser.get(`/spaces/${space.slug}/members`);
    assert.match(page.body, /Kazakhstan/);
    assert.match(page.body, /Uzbekistan/);
    const removed = await browser.post(`/spaces/${space.slug}/members/remove`, { userId: person.id, role: "focal_point", country: "KZ" });
    assert.equal(removed.statusCode, 303);
    assert.deepEqual(await focalPointCountries(t.services.db, space.id, person.id), ["UZ"]);
    const [entry] = await auditFor("space.role_revoked", person.id);
    assert.equal(entry.spaceId, space.id);
    assert.deepEqual(entry.details, { role: "focal_point", country: "KZ" });
  });

  it("keeps the form and explains the problem for an unknown email, a focal point without country, or a role held already", async () => {
    const unknown = await browser.post(`/spaces/${space.slug}/members`, { email: "nobody@example.org", role: "member" });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /id="field-email-error"/);
    assert.match(unknown.body, /value="nobody@example.org"/);
    const person = await buildUser(t.services);
    const noCountry = await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "focal_point", country: "" });
    assert.equal(noCountry.statusCode, 422);
    assert.match(noCountry.body, /id="field-country-error"/);
    const badCountry = await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "focal_point", country: "XX" });
    assert.equal(badCountry.statusCode, 422);
    await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "member" });
    const twice = await browser.post(`/spaces/${space.slug}/members`, { email: person.email, role: "member" });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /already has this role/);
    assert.equal((await t.services.db.select().from(spaceMembers).where(and(eq(spaceMembers.userId, person.id), eq(spaceMembers.spaceId, space.id)))).length, 1);
  });

  it("answers 404 when removing a role nobody holds", async () => {
    const person = await buildUser(t.services);
    assert.equal((await browser.post(`/spaces/${space.slug}/members/remove`, { userId: person.id, role: "member" })).statusCode, 404);
    assert.equal((await browser.post(`/spaces/${space.slug}/members/remove`, { userId: "not-a-uuid", role: "member" })).statusCode, 404);
  });

  it("lets a signed-in person join a public space and leave it, each audited with the space", async () => {
    const person = await buildUser(t.services);
    const visitor = await new Browser(t.app).logIn(person.email, person.password);
    const before = await visitor.get(`/spaces/${space.slug}`);
    assert.match(before.body, /Join this space/);
    assert.equal(primaryAction(before.body), `/spaces/${space.slug}/join`, "joining is a non-member's one next step");
    assert.match(before.body, /\d+ members?/);
    assert.equal((await visitor.post(`/spaces/${space.slug}/join`, {})).statusCode, 303);
    const joined = await visitor.get(`/spaces/${space.slug}`);
    assert.match(joined.body, /You are now a member/);
    assert.match(joined.body, /Your roles in this space:[\s\S]*Member/);
    assert.match(joined.body, /Leave this space/);
    assert.equal(primaryAction(joined.body), undefined, "a plain member is not offered to join again");
    assert.equal((await visitor.post(`/spaces/${space.slug}/join`, {})).statusCode, 403, "joining twice is refused");
    assert.equal((await visitor.post(`/spaces/${space.slug}/leave`, {})).statusCode, 303);
    assert.deepEqual(await spaceRolesOf(t.services.db, space.id, person.id), []);
    const actions = (await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.spaceId, space.id))).orderBy(auditLog.id)).map(
      (entry) => entry.action,
    );
    assert.deepEqual(actions, ["space.joined", "space.left"]);
    assert.equal((await visitor.post(`/spaces/${space.slug}/leave`, {})).statusCode, 403, "leaving twice is refused");
  });

  it("asks anonymous visitors to log in to join", async () => {
    const page = await new Browser(t.app).get(`/spaces/${space.slug}`);
    assert.match(page.body, /Log in to join this space/);
    assert.equal(primaryAction(page.body), `/login?next=${encodeURIComponent(`/spaces/${space.slug}`)}`);
    assert.equal((await new Browser(t.app).post(`/spaces/${space.slug}/join`, {})).statusCode, 401);
  });

  it("does not let anyone join a private space by themselves", async () => {
    const closed = await buildSpace(t.services, { visibility: "private" });
    const facilitator = await buildUser(t.services);
    await addSpaceRole(t.services, closed.id, facilitator.id, "facilitator");
    const browserOfFacilitator = await new Browser(t.app).logIn(facilitator.email, facilitator.password);
    assert.equal((await browserOfFacilitator.post(`/spaces/${closed.slug}/join`, {})).statusCode, 403);
  });

  it("leaves other roles in place when a member leaves, and lists the viewer's own roles", async () => {
    const person = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, person.id, "member");
    await addSpaceRole(t.services, space.id, person.id, "focal_point", "KZ");
    const visitor = await new Browser(t.app).logIn(person.email, person.password);
    const page = await visitor.get(`/spaces/${space.slug}`);
    assert.match(page.body, /Focal point for Kazakhstan|Focal point for Republic of Kazakhstan/);
    await visitor.post(`/spaces/${space.slug}/leave`, {});
    assert.deepEqual(await spaceRolesOf(t.services.db, space.id, person.id), [{ role: "focal_point", country: "KZ" }]);
  });

  it("lists coordinators and facilitators and counts people once however many roles they hold", async () => {
    const fresh = await buildSpace(t.services);
    const lead = await buildUser(t.services, { displayName: "Lead Person" });
    const helper = await buildUser(t.services, { displayName: "Helper Person" });
    await addSpaceRole(t.services, fresh.id, lead.id, "coordinator");
    await addSpaceRole(t.services, fresh.id, lead.id, "member");
    await addSpaceRole(t.services, fresh.id, helper.id, "facilitator");
    const page = await new Browser(t.app).get(`/spaces/${fresh.slug}`);
    assert.match(page.body, /2 members/);
    assert.match(page.body, /Coordinators<\/h3><ul><li>Lead Person/);
    assert.match(page.body, /Facilitators<\/h3><ul><li>Helper Person/);
    const russian = await new Browser(t.app, "ru").get(`/spaces/${fresh.slug}`);
    assert.match(russian.body, /2 участника/);
  });

  it("drops a person's roles when their account is deleted and exports them with the account", async () => {
    const person = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, person.id, "member");
    const visitor = await new Browser(t.app).logIn(person.email, person.password);
    const exported = JSON.parse((await visitor.get("/account/export")).body) as { spaces: { space: string; role: string }[] };
    assert.deepEqual(exported.spaces.map((row) => [row.space, row.role]), [[space.slug, "member"]]);
    assert.equal((await visitor.post("/account/delete", { password: person.password })).statusCode, 303);
    assert.deepEqual(await spaceRolesOf(t.services.db, space.id, person.id), []);
  });

  it("queues no mail when the platform admin gives themselves a role", async () => {
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const adminBrowser = await new Browser(t.app).logIn(admin.email, admin.password);
    const before = (await t.services.db.select().from(jobs)).length;
    assert.equal((await adminBrowser.post(`/spaces/${space.slug}/members`, { email: admin.email, role: "coordinator" })).statusCode, 303);
    assert.equal((await t.services.db.select().from(jobs)).length, before);
  });
});
