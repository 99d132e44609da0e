import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD } from "../../testing/factories";
import { auditLog } from "../../platform/schema";
import { DEMO_ACCOUNTS, seedDemo } from "../../platform/demo";
import { addMember, buildOrganisation } from "./factories";
import { organisationJoinRequests, organisationMembers, organisations } from "./schema";
import { organisationsOfUser } from "./queries";

describe("organisations: personal data and demo content", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("exports the user's memberships and join requests with their account data", async () => {
    const user = await buildUser(t.services);
    const mine = await buildOrganisation(t.services, { ownerId: user.id });
    const other = await buildOrganisation(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    await browser.post(`/organisations/${other.slug}/join-requests`, { message: "Please let me in" });
    const exported = await browser.get("/account/export");
    assert.equal(exported.statusCode, 200);
    const data = JSON.parse(exported.body) as { organisations: { memberships: { organisation: string; role: string }[]; joinRequests: { organisation: string; message: string; status: string }[] } };
    assert.deepEqual(
      data.organisations.memberships.map((entry) => [entry.organisation, entry.role]),
      [[mine.slug, "admin"]],
    );
    assert.deepEqual(
      data.organisations.joinRequests.map((entry) => [entry.organisation, entry.message, entry.status]),
      [[other.slug, "Please let me in", "pending"]],
    );
  });

  it("on account deletion removes memberships and pending requests, and hands the admin role on", async () => {
    const user = await buildUser(t.services);
    const led = await buildOrganisation(t.services, { ownerId: user.id });
    const colleague = await buildUser(t.services);
    t.clock.advance(1000);
    await addMember(t.services, led.id, colleague.id);
    const joined = await buildOrganisation(t.services);
    await addMember(t.services, joined.id, user.id);
    const requested = await buildOrganisation(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    await browser.post(`/organisations/${requested.slug}/join-requests`, { message: "Hello" });

    const deleted = await browser.post("/account/delete", { password: TEST_PASSWORD });
    assert.equal(deleted.statusCode, 303);
    assert.deepEqual(await t.services.db.select().from(organisationMembers).where(eq(organisationMembers.userId, user.id)), []);
    assert.deepEqual(await t.services.db.select().from(organisationJoinRequests).where(eq(organisationJoinRequests.userId, user.id)), []);
    const [promoted] = await t.services.db.select().from(organisationMembers).where(and(eq(organisationMembers.organisationId, led.id), eq(organisationMembers.userId, colleague.id)));
    assert.equal(promoted.role, "admin", "the organisation keeps an admin");
    const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, led.id), eq(auditLog.action, "organisation.member_role_changed")));
    assert.equal((audit.details as { reason: string }).reason, "last_admin_account_deleted");
    const page = await new Browser(t.app).get(`/organisations/${led.slug}`);
    assert.equal(page.statusCode, 200, "the organisation itself stays");
  });

  it("seeds demo organisations once, with the demo member as admin of the Aarhus centre", async () => {
    const first = await seedDemo(t.services);
    const second = await seedDemo(t.services);
    assert.deepEqual(second.organisationIds, first.organisationIds, "running the seed again changes nothing");
    const slugs = Object.keys(first.organisationIds);
    assert.ok(slugs.length >= 6 && slugs.length <= 8);
    const rows = await t.services.db.select().from(organisations);
    const seeded = rows.filter((row) => slugs.includes(row.slug));
    assert.equal(seeded.length, slugs.length);
    assert.ok(new Set(seeded.map((row) => row.actorType)).size >= 6, "different actor types");
    assert.ok(new Set(seeded.map((row) => row.country)).size >= 5, "different countries");
    for (const row of seeded) {
      assert.ok(row.name.en && row.name.ru, `${row.slug} is named in English and Russian`);
      assert.ok(row.description.en && row.description.ru, `${row.slug} is described in English and Russian`);
    }
    const memberOrganisations = await organisationsOfUser(t.services.db, first.memberUserId);
    assert.deepEqual(
      memberOrganisations.map((entry) => [entry.slug, entry.role]),
      [["aarhus-centre-pavlodar", "admin"]],
    );
    assert.ok((await organisationsOfUser(t.services.db, first.facilitatorUserId)).some((entry) => entry.role === "member"));

    const browser = await new Browser(t.app, "ru").logIn(DEMO_ACCOUNTS.member.email, DEMO_ACCOUNTS.member.password);
    const page = await browser.get("/organisations/aarhus-centre-pavlodar");
    assert.match(page.body, /Орхусский центр Павлодара/);
    assert.match(page.body, /Управление участниками/);
  });
});
