import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createApiToken } from "../../platform/api/tokens";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace, type BuiltSpace } from "./factories";
import { frameworks } from "./schema";

type Page<T> = { data: T[]; next_cursor: string | null };
type SpaceJson = { id: string; slug: string; title: Record<string, string>; description: Record<string, string>; visibility: string; enabled_modules: string[]; frameworks: { key: string; name: Record<string, string>; url: string }[]; archived_at: string | null; created_at: string; url: string };

describe("spaces and frameworks API", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: BuiltUser;
  let writeToken: string;
  let readToken: string;
  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { slug: "api-space", title: { en: "API space", ru: "Пространство API" }, enabledModules: ["commitments"], frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"] });
    coordinator = await buildUser(t.services, { displayName: "Coordinator Person" });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const focal = await buildUser(t.services, { displayName: "Focal Person" });
    await addSpaceRole(t.services, space.id, focal.id, "focal_point", "KZ");
    writeToken = (await createApiToken(t.services.db, { userId: coordinator.id, name: "write", scopes: ["spaces:write"] })).secret;
    readToken = (await createApiToken(t.services.db, { userId: coordinator.id, name: "read", scopes: ["private:read"] })).secret;
  });
  after(async () => t.close());

  const get = async <T>(url: string, token?: string) => {
    const response = await t.app.inject({ method: "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.statusCode, body: response.json() as T };
  };
  const importCall = (body: unknown, token = writeToken, slug = space.slug) =>
    t.app.inject({ method: "POST", url: `/api/v1/spaces/${slug}/frameworks`, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> });

  it("lists visible spaces with cursor pagination and documented fields", async () => {
    for (let index = 0; index < 3; index++) await buildSpace(t.services, { slug: `paged-${index}` });
    const first = await get<Page<SpaceJson>>("/api/v1/spaces?limit=2");
    assert.equal(first.status, 200);
    assert.equal(first.body.data.length, 2);
    assert.ok(first.body.next_cursor);
    const seen = [...first.body.data];
    let cursor: string | null = first.body.next_cursor;
    while (cursor) {
      const next: { body: Page<SpaceJson> } = await get<Page<SpaceJson>>(`/api/v1/spaces?limit=2&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.body.data);
      cursor = next.body.next_cursor;
    }
    assert.deepEqual(seen.map((item) => item.slug), ["api-space", "paged-0", "paged-1", "paged-2"]);
    const item = seen[0];
    assert.deepEqual(Object.keys(item).sort(), ["archived_at", "created_at", "description", "enabled_modules", "frameworks", "id", "slug", "title", "url", "visibility"]);
    assert.deepEqual(item.title, { en: "API space", ru: "Пространство API" });
    assert.deepEqual(item.enabled_modules, ["commitments"]);
    assert.deepEqual(item.frameworks.map((framework) => framework.key), ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"]);
    assert.equal(item.url, "http://convene.test/spaces/api-space");
    assert.equal((await get("/api/v1/spaces?cursor=garbage")).status, 400);
  });

  it("returns one space with its people and the caller's roles", async () => {
    const anonymous = await get<SpaceJson & { members_count: number; coordinators: { display_name: string }[]; your_roles: unknown[] }>("/api/v1/spaces/api-space");
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.members_count, 2);
    assert.deepEqual(anonymous.body.coordinators, [{ display_name: "Coordinator Person" }]);
    assert.deepEqual(anonymous.body.your_roles, []);
    const mine = await get<{ your_roles: unknown[] }>("/api/v1/spaces/api-space", readToken);
    assert.deepEqual(mine.body.your_roles, [{ role: "coordinator", country: null }]);
    // A token without private:read is an anonymous reader.
    assert.deepEqual((await get<{ your_roles: unknown[] }>("/api/v1/spaces/api-space", writeToken)).body.your_roles, []);
    const missing = await get<{ error: { code: string } }>("/api/v1/spaces/no-such-space");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "not_found");
  });

  it("lists a public space's roles without email addresses", async () => {
    const page = await get<Page<Record<string, unknown>>>("/api/v1/spaces/api-space/members?limit=1");
    assert.equal(page.status, 200);
    assert.equal(page.body.data.length, 1);
    const rest = await get<Page<Record<string, unknown>>>(`/api/v1/spaces/api-space/members?cursor=${encodeURIComponent(page.body.next_cursor ?? "")}`);
    const all = [...page.body.data, ...rest.body.data];
    assert.deepEqual(all.map((row) => `${row.role}:${row.country}`).sort(), ["coordinator:null", "focal_point:KZ"]);
    assert.deepEqual(Object.keys(all[0]).sort(), ["country", "display_name", "role", "since"]);
    assert.ok(!JSON.stringify(all).includes("@"));
  });

  it("lists frameworks and returns one with its items in tree order", async () => {
    const list = await get<Page<{ key: string; item_count: number; unofficial_locales: string[]; owner_space: string | null }>>("/api/v1/frameworks?limit=100");
    const gbf = list.body.data.find((framework) => framework.key === "GBF");
    assert.deepEqual({ item_count: gbf?.item_count, unofficial_locales: gbf?.unofficial_locales, owner_space: gbf?.owner_space }, { item_count: 27, unofficial_locales: ["ru"], owner_space: null });
    const detail = await get<{ key: string; items: { key: string; parent_key: string | null; depth: number; number: string | null; kind: string; label: Record<string, string> }[] }>("/api/v1/frameworks/GBF");
    assert.equal(detail.status, 200);
    assert.equal(detail.body.items.length, 27);
    assert.deepEqual(detail.body.items[4], { key: "GBF-TARGET-01", parent_key: null, number: "1", kind: "target", label: detail.body.items[4].label, position: 4, depth: 0 });
    assert.ok(detail.body.items[4].label.ru);
    assert.equal((await get("/api/v1/frameworks/NOPE")).status, 404);
  });

  it("imports a framework with a spaces:write token for a coordinator and returns its hierarchy", async () => {
    const response = await importCall({
      key: "API-PLAN",
      name: { en: "API plan" },
      items: [
        { key: "G", label_en: "Goal", kind: "goal", number: 1 },
        { key: "G.1", parent_key: "G", label: { en: "Sub", ru: "Под" } },
      ],
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json(), { key: "API-PLAN", item_count: 2, url: "http://convene.test/frameworks/API-PLAN" });
    const detail = await get<{ owner_space: string; items: { key: string; parent_key: string | null; depth: number }[] }>("/api/v1/frameworks/API-PLAN");
    assert.equal(detail.body.owner_space, "api-space");
    assert.deepEqual(detail.body.items.map((item) => [item.key, item.parent_key, item.depth]), [["G", null, 0], ["G.1", "G", 1]]);
  });

  it("answers 422 naming each item's problem, and imports nothing", async () => {
    const response = await importCall({
      key: "API-BROKEN",
      name: { en: "Broken" },
      items: [{ key: "A", label_en: "ok" }, { key: "", label_en: "no key" }, { key: "B", parent_key: "ZZZ" }, "text"],
    });
    assert.equal(response.statusCode, 422);
    const body = response.json() as { error: { code: string; message: string; fields: Record<string, string> } };
    assert.equal(body.error.code, "validation_failed");
    assert.match(body.error.message, /Nothing was imported/);
    assert.deepEqual(Object.keys(body.error.fields).sort(), ["items.1.key", "items.2.label", "items.2.parent_key", "items.3._"]);
    assert.match(body.error.fields["items.2.parent_key"], /ZZZ/);
    const unreadable = await importCall({ key: "API-BROKEN", name: { en: "Broken" }, items: [{ key: "A", label_en: "ok" }, { key: "B", parent_key: "ZZZ" }, { key: "C" }] });
    assert.deepEqual(Object.keys((unreadable.json() as { error: { fields: object } }).error.fields).sort(), ["items.1.label", "items.1.parent_key", "items.2.label"]);
    assert.equal((await t.services.db.select().from(frameworks).where(eq(frameworks.key, "API-BROKEN"))).length, 0);
  });

  it("answers 409 for a taken key and 422 for a missing name", async () => {
    assert.equal((await importCall({ key: "GBF", name: { en: "x" }, items: [{ key: "A", label_en: "a" }] })).statusCode, 409);
    const noName = await importCall({ key: "NAMELESS", name: {}, items: [{ key: "A", label_en: "a" }] });
    assert.equal(noName.statusCode, 422);
    assert.ok("name" in (noName.json() as { error: { fields: object } }).error.fields);
  });

  it("refuses imports without the scope, by non-coordinators and without a token", async () => {
    const readOnly = (await createApiToken(t.services.db, { userId: coordinator.id, name: "read", scopes: ["account:read"] })).secret;
    const denied = await importCall({ key: "NO-SCOPE", name: { en: "x" }, items: [] }, readOnly);
    assert.equal(denied.statusCode, 403);
    assert.match(denied.body, /spaces:write/);
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "facilitator");
    const facilitatorToken = (await createApiToken(t.services.db, { userId: member.id, name: "w", scopes: ["spaces:write"] })).secret;
    assert.equal((await importCall({ key: "NOT-MINE", name: { en: "x" }, items: [] }, facilitatorToken)).statusCode, 403);
    const anonymous = await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/frameworks`, payload: { key: "X", name: { en: "x" }, items: [] } });
    assert.ok([401, 403].includes(anonymous.statusCode));
  });

  it("documents the routes in the OpenAPI document under the spaces and frameworks tags", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    assert.deepEqual(document.paths["/api/v1/spaces"].get.tags, ["spaces"]);
    assert.deepEqual(document.paths["/api/v1/spaces/{slug}/members"].get.tags, ["spaces"]);
    assert.deepEqual(document.paths["/api/v1/frameworks/{key}"].get.tags, ["frameworks"]);
    assert.deepEqual(document.paths["/api/v1/spaces/{slug}/frameworks"].post.tags, ["frameworks"]);
  });
});
