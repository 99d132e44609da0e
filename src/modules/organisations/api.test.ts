import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { createApiToken, type ApiScope } from "../../platform/api/tokens";
import { auditLog } from "../../platform/schema";
import { ACTOR_TYPES } from "./actor-types";
import { addMember, buildOrganisation } from "./factories";
import { organisationMembers, organisations } from "./schema";

type Json = { data?: Record<string, unknown>[]; next_cursor?: string | null; error?: { code: string; fields: Record<string, string> }; [key: string]: unknown };

describe("organisations: the API", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const call = async (method: "GET" | "POST" | "PATCH", url: string, options: { token?: string; body?: unknown } = {}) => {
    const response: LightMyRequestResponse = await t.app.inject({
      method,
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body ? { "content-type": "application/json" } : {}) },
      payload: options.body ? JSON.stringify(options.body) : undefined,
    });
    return { statusCode: response.statusCode, headers: response.headers, json: (): Json => JSON.parse(response.body) as Json };
  };

  const tokenFor = async (userId: string, scopes: ApiScope[] = ["organisations:write"]) => (await createApiToken(t.services.db, { userId, name: "test", scopes })).secret;

  it("lists organisations publicly with search, filters and cursor pagination", async () => {
    const owner = await buildUser(t.services);
    for (const name of ["Alpha Water Trust", "Beta Water Trust", "Gamma Water Trust"]) {
      await buildOrganisation(t.services, { ownerId: owner.id, name: { en: name }, actorType: "foundation", country: "GE" });
    }
    await buildOrganisation(t.services, { ownerId: owner.id, name: { en: "Delta Farmers Union" }, actorType: "farmers", country: "GE" });

    const first = await call("GET", "/api/v1/organisations?actor_type=foundation&limit=2");
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers["access-control-allow-origin"], "*");
    const firstBody = first.json();
    assert.deepEqual(firstBody.data?.map((item) => (item.name as Record<string, string>).en), ["Alpha Water Trust", "Beta Water Trust"]);
    assert.equal(firstBody.data?.[0].actor_type, "foundation");
    assert.equal(firstBody.data?.[0].country, "GE");
    assert.match(String(firstBody.data?.[0].url), /^http:\/\/convene\.test\/organisations\/alpha-water-trust$/);
    assert.ok(firstBody.next_cursor);
    const second = (await call("GET", `/api/v1/organisations?actor_type=foundation&limit=2&cursor=${firstBody.next_cursor}`)).json();
    assert.deepEqual(second.data?.map((item) => (item.name as Record<string, string>).en), ["Gamma Water Trust"]);
    assert.equal(second.next_cursor, null);

    const searched = (await call("GET", "/api/v1/organisations?q=farmrs%20union&country=ge")).json();
    assert.deepEqual(searched.data?.map((item) => item.slug), ["delta-farmers-union"]);

    const badType = await call("GET", "/api/v1/organisations?actor_type=wizards");
    assert.equal(badType.statusCode, 422);
    assert.equal(badType.json().error?.code, "validation_failed");
    assert.equal((await call("GET", "/api/v1/organisations?cursor=garbage")).statusCode, 400);
    assert.equal((await call("GET", "/api/v1/organisations?limit=1000")).statusCode, 422);
  });

  it("returns one organisation with contacts filtered for the caller, and 404 for an unknown slug", async () => {
    const organisation = await buildOrganisation(t.services, {
      country: "KZ",
      contacts: {
        email: { value: "open@example.org", visibility: "public" },
        phone: { value: "+7 700 123 45 67", visibility: "members" },
        person: { value: "Private Person", visibility: "private" },
      },
    });
    const url = `/api/v1/organisations/${organisation.slug}`;
    const anonymous = (await call("GET", url)).json();
    assert.deepEqual(Object.keys(anonymous.contacts as object), ["email"]);
    assert.equal(anonymous.your_role, null);
    assert.equal(anonymous.members_count, 1);
    assert.deepEqual((anonymous.regions as { code: string }[]).map((region) => region.code), ["142", "143"]);
    assert.equal((anonymous.name as Record<string, string>).en, `${XSS} Green Steppe Association`, "JSON carries the text as it is; escaping is the client's job");

    const outsider = await buildUser(t.services);
    const outsiderView = (await call("GET", url, { token: await tokenFor(outsider.id, ["private:read"]) })).json();
    assert.deepEqual(Object.keys(outsiderView.contacts as object).sort(), ["email", "phone"]);

    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id);
    const memberView = (await call("GET", url, { token: await tokenFor(member.id, ["private:read"]) })).json();
    assert.deepEqual(Object.keys(memberView.contacts as object).sort(), ["email", "person", "phone"]);
    assert.deepEqual((memberView.contacts as Record<string, unknown>).person, { value: "Private Person", visibility: "private" });
    assert.equal(memberView.your_role, "member");
    // A token without private:read reads exactly what an anonymous caller reads.
    const writeOnlyView = (await call("GET", url, { token: await tokenFor(member.id, ["organisations:write"]) })).json();
    assert.deepEqual(writeOnlyView, (await call("GET", url)).json());

    const missing = await call("GET", "/api/v1/organisations/no-such-thing");
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error?.code, "not_found");
  });

  it("creates an organisation with the organisations:write scope only", async () => {
    const user = await buildUser(t.services);
    const body = { name: { en: "API Created Network", ru: "Сеть, созданная через API" }, actor_type: "ngo", country: "am", website: "https://api-network.example.org", contacts: { email: { value: "api@example.org", visibility: "public" } } };

    const anonymous = await call("POST", "/api/v1/organisations", { body });
    assert.equal(anonymous.statusCode, 401, "refused without a token");
    assert.equal((await t.services.db.select().from(organisations).where(eq(organisations.slug, "api-created-network"))).length, 0);
    const withoutScope = await call("POST", "/api/v1/organisations", { token: await tokenFor(user.id, ["account:read"]), body });
    assert.equal(withoutScope.statusCode, 403);
    assert.match(JSON.stringify(withoutScope.json()), /organisations:write/);
    assert.equal((await call("POST", "/api/v1/organisations", { token: "cvn_not-a-real-token", body })).statusCode, 401);

    const created = await call("POST", "/api/v1/organisations", { token: await tokenFor(user.id), body });
    assert.equal(created.statusCode, 201);
    const result = created.json();
    assert.equal(result.slug, "api-created-network");
    assert.equal(result.country, "AM");
    assert.equal(result.your_role, "admin");
    const [membership] = await t.services.db.select().from(organisationMembers).where(eq(organisationMembers.organisationId, String(result.id)));
    assert.deepEqual({ userId: membership.userId, role: membership.role }, { userId: user.id, role: "admin" });
    assert.equal((await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "organisation.created"), eq(auditLog.subjectId, String(result.id))))).length, 1);

    const invalid = await call("POST", "/api/v1/organisations", { token: await tokenFor(user.id), body: { name: {}, actor_type: "wizards", country: "XX", website: "ftp://example.org" } });
    assert.equal(invalid.statusCode, 422);
    assert.deepEqual(Object.keys(invalid.json().error?.fields ?? {}).sort(), ["actor_type", "country", "name", "website"]);
  });

  it("updates an organisation only for its admins holding the scope", async () => {
    const organisation = await buildOrganisation(t.services);
    const adminId = organisation.ownerId;
    const member = await buildUser(t.services);
    await addMember(t.services, organisation.id, member.id);
    const url = `/api/v1/organisations/${organisation.slug}`;
    const change = { description: { en: "Now also restores wetlands." }, website: null };

    assert.equal((await call("PATCH", url, { body: change })).statusCode, 401, "refused without a token");
    assert.equal((await call("PATCH", url, { token: await tokenFor(adminId, ["account:read"]), body: change })).statusCode, 403);
    assert.equal((await call("PATCH", url, { token: await tokenFor(member.id), body: change })).statusCode, 403);
    assert.equal((await call("PATCH", url, { token: await tokenFor((await buildUser(t.services)).id), body: change })).statusCode, 403);
    const platformAdmin = await buildUser(t.services, { isPlatformAdmin: true });
    assert.equal((await call("PATCH", url, { token: await tokenFor(platformAdmin.id), body: { actor_type: "foundation" } })).statusCode, 200);

    const updated = await call("PATCH", url, { token: await tokenFor(adminId), body: change });
    assert.equal(updated.statusCode, 200);
    assert.deepEqual(updated.json().description, { en: "Now also restores wetlands." });
    const [row] = await t.services.db.select().from(organisations).where(eq(organisations.id, organisation.id));
    assert.equal(row.website, null);
    assert.equal(row.actorType, "foundation");
    assert.deepEqual(row.name, { en: `${XSS} Green Steppe Association`, ru: `${XSS} Ассоциация «Зелёная степь»` }, "absent fields stay as they were");
    assert.match(row.searchText, /now also restores wetlands/);

    assert.equal((await call("PATCH", url, { token: await tokenFor(adminId), body: { name: { en: "  " } } })).statusCode, 422);
    assert.equal((await call("PATCH", "/api/v1/organisations/unknown-org", { token: await tokenFor(adminId), body: change })).statusCode, 404);
  });

  it("refuses an organisation token acting for another organisation", async () => {
    const organisation = await buildOrganisation(t.services);
    const other = await buildOrganisation(t.services, { ownerId: organisation.ownerId });
    const { secret } = await createApiToken(t.services.db, { userId: organisation.ownerId, name: "org token", scopes: ["organisations:write"], organisationId: other.id });
    assert.equal((await call("PATCH", `/api/v1/organisations/${organisation.slug}`, { token: secret, body: { actor_type: "media" } })).statusCode, 403);
    assert.equal((await call("PATCH", `/api/v1/organisations/${other.slug}`, { token: secret, body: { actor_type: "media" } })).statusCode, 200);
  });

  it("lists members (names and roles only) and the actor types", async () => {
    const organisation = await buildOrganisation(t.services);
    for (let index = 0; index < 3; index++) {
      t.clock.advance(1000);
      await addMember(t.services, organisation.id, (await buildUser(t.services, { displayName: `Member ${index}` })).id);
    }
    const first = (await call("GET", `/api/v1/organisations/${organisation.slug}/members?limit=2`)).json();
    assert.equal(first.data?.length, 2);
    assert.deepEqual(Object.keys(first.data?.[0] ?? {}).sort(), ["display_name", "role", "since"]);
    assert.equal(first.data?.[0].role, "admin");
    const rest = (await call("GET", `/api/v1/organisations/${organisation.slug}/members?limit=2&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(rest.data?.map((member) => member.display_name), ["Member 1", "Member 2"]);
    assert.equal(rest.next_cursor, null);

    const types = (await call("GET", "/api/v1/actor-types")).json();
    assert.equal(types.data?.length, ACTOR_TYPES.length);
    assert.deepEqual(types.data?.find((type) => type.key === "aarhus_centre"), {
      key: "aarhus_centre",
      label: { en: "Aarhus centre", ru: "Орхусский центр", fr: "Centre Aarhus", es: "Centro Aarhus", ar: "مركز آرهوس", zh: "奥胡斯中心" },
    });
  });

  it("documents its routes in the OpenAPI document under the organisations tag", async () => {
    const response = await call("GET", "/api/openapi.json");
    assert.equal(response.statusCode, 200);
    const document = response.json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const path of ["/api/v1/organisations", "/api/v1/organisations/{slug}", "/api/v1/organisations/{slug}/members", "/api/v1/actor-types"]) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
    assert.deepEqual(document.paths["/api/v1/organisations"].post.tags, ["organisations"]);
    assert.deepEqual(document.paths["/api/v1/organisations/{slug}"].patch.tags, ["organisations"]);
  });
});
