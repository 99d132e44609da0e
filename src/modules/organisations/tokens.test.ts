import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../testing/factories";
import { apiTokens, auditLog } from "../../platform/schema";
import { addMember, buildOrganisation } from "./factories";

describe("organisation API tokens", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("lets an organisation admin create a token bound to the organisation, shown once, and any admin revoke it", async () => {
    const organisation = await buildOrganisation(t.services);
    const secondAdmin = await buildUser(t.services);
    await addMember(t.services, organisation.id, secondAdmin.id, "admin");
    const owner = await new Browser(t.app).logIn(organisation.owner?.email ?? "", TEST_PASSWORD);

    const missingScope = await owner.post(`/organisations/${organisation.slug}/tokens`, { name: "Website" });
    assert.equal(missingScope.statusCode, 422);
    assert.match(missingScope.body, /value="Website"/);

    const created = await owner.post(`/organisations/${organisation.slug}/tokens`, { name: `${XSS} feed`, "scope.commitments:write": "on", "scope.account:read": "on" });
    assert.equal(created.statusCode, 200);
    assert.ok(!created.body.includes(XSS));
    const secret = created.body.match(/cvn_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(secret);
    const [row] = await t.services.db.select().from(apiTokens).where(eq(apiTokens.organisationId, organisation.id));
    assert.deepEqual(row.scopes, ["commitments:write"], "a person-level scope cannot be given to an organisation token");
    assert.equal((await t.services.db.select().from(auditLog).where(eq(auditLog.action, "organisation.token_created"))).length, 1);

    const other = await new Browser(t.app).logIn(secondAdmin.email, TEST_PASSWORD);
    const list = await other.get(`/organisations/${organisation.slug}/tokens`);
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(secret), "the secret is never shown again");
    await other.post(`/organisations/${organisation.slug}/tokens/${row.id}/revoke`, {});
    const [revoked] = await t.services.db.select().from(apiTokens).where(eq(apiTokens.id, row.id));
    assert.ok(revoked.revokedAt);
  });

  it("refuses the token pages to members who are not admins and to strangers", async () => {
    const organisation = await buildOrganisation(t.services);
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id, "member");
    const stranger = await buildUser(t.services);
    for (const user of [member, stranger]) {
      const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
      assert.equal((await browser.get(`/organisations/${organisation.slug}/tokens`)).statusCode, 403);
      assert.equal((await browser.post(`/organisations/${organisation.slug}/tokens`, { name: "x", "scope.commitments:write": "on" })).statusCode, 403);
    }
    assert.equal((await new Browser(t.app).get(`/organisations/${organisation.slug}/tokens`)).statusCode, 401);
  });
});
