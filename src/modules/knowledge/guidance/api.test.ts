import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createApiToken, type ApiScope } from "../../../platform/api/tokens";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { XSS, buildUser, type BuiltUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";

describe("guidance and FAQ API", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  let coordinator: BuiltUser;
  let member: BuiltUser;
  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { enabledModules: ["knowledge"] });
    privateSpace = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    coordinator = await buildUser(t.services);
    member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, privateSpace.id, coordinator.id, "coordinator");
    await addSpaceRole(t.services, space.id, member.id, "member");
  });
  after(() => t.close());

  const token = async (user: BuiltUser, scopes: ApiScope[]) => (await createApiToken(t.services.db, { userId: user.id, name: "test", scopes })).secret;
  const call = (method: "GET" | "PUT" | "DELETE", url: string, secret?: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: secret ? { authorization: `Bearer ${secret}` } : {}, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
  const documentBody = (overrides: Record<string, unknown> = {}) => ({ lang: "en", title: `Joining ${XSS}`, tags: ["join"], body: `How to join.\n\n## Steps\n\nPress the button. ${XSS}`, ...overrides });

  test("a coordinator's knowledge:write token creates (201), updates (200, new version) and keeps an unchanged document's version", async () => {
    const secret = await token(coordinator, ["knowledge:write"]);
    const created = await call("PUT", `/api/v1/spaces/${space.slug}/documents/joining`, secret, documentBody());
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual({ ...(created.json() as Record<string, unknown>), url: undefined }, { id: "joining", version: 1, created: true, changed: true, url: undefined });
    const same = await call("PUT", `/api/v1/spaces/${space.slug}/documents/joining`, secret, documentBody());
    assert.equal(same.statusCode, 200);
    assert.equal(same.json().changed, false);
    const updated = await call("PUT", `/api/v1/spaces/${space.slug}/documents/joining`, secret, documentBody({ body: "New text." }));
    assert.equal(updated.json().version, 2);
    const translation = await call("PUT", `/api/v1/spaces/${space.slug}/documents/joining-ru`, secret, documentBody({ lang: "ru", title: "Как вступить", translation_of: "joining" }));
    assert.equal(translation.statusCode, 201);
    const detail = await call("GET", `/api/v1/spaces/${space.slug}/documents/joining-ru`);
    assert.equal(detail.statusCode, 200);
    const body = detail.json();
    assert.equal(body.translation_of, "joining");
    assert.equal(body.sections[1].anchor, "steps");
    assert.match(body.sections[1].url, /\/guidance\/joining-ru#steps$/);
    assert.ok(!body.sections[1].html.includes(XSS), "section HTML is sanitised");
    const original = await call("GET", `/api/v1/spaces/${space.slug}/documents/joining`);
    assert.deepEqual(original.json().translations.map((other: { id: string }) => other.id), ["joining-ru"]);
  });

  test("refuses a token without knowledge:write (403), a member's token (403), and answers 422 naming the field", async () => {
    assert.equal((await call("PUT", `/api/v1/spaces/${space.slug}/documents/x1`, await token(coordinator, ["private:read"]), documentBody())).statusCode, 403);
    assert.equal((await call("PUT", `/api/v1/spaces/${space.slug}/documents/x1`, await token(member, ["knowledge:write"]), documentBody())).statusCode, 403);
    assert.equal((await call("PUT", `/api/v1/spaces/${space.slug}/documents/x1`, undefined, documentBody())).statusCode, 401);
    const bad = await call("PUT", `/api/v1/spaces/${space.slug}/documents/x1`, await token(coordinator, ["knowledge:write"]), documentBody({ lang: "de", translation_of: "missing" }));
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.fields.lang);
    const badId = await call("PUT", `/api/v1/spaces/${space.slug}/documents/Bad%20Id`, await token(coordinator, ["knowledge:write"]), documentBody());
    assert.equal(badId.statusCode, 422);
    assert.ok(badId.json().error.fields.id);
    assert.equal((await call("PUT", `/api/v1/documents/platform-doc`, await token(coordinator, ["knowledge:write"]), documentBody())).statusCode, 403, "platform documents are for platform admins");
  });

  test("a token works only on /api: the same token on a page is ignored", async () => {
    const secret = await token(coordinator, ["knowledge:write"]);
    const response = await t.app.inject({ method: "GET", url: `/spaces/${space.slug}/knowledge/guidance/new`, headers: { authorization: `Bearer ${secret}`, accept: "text/html" } });
    assert.notEqual(response.statusCode, 200);
  });

  test("lists documents with filters and cursor pagination; drafts and private spaces stay hidden from anonymous callers", async () => {
    const secret = await token(coordinator, ["knowledge:write"]);
    for (const id of ["list-a", "list-b", "list-c"]) assert.equal((await call("PUT", `/api/v1/spaces/${space.slug}/documents/${id}`, secret, documentBody({ tags: ["listing"] }))).statusCode, 201);
    await call("PUT", `/api/v1/spaces/${space.slug}/documents/list-draft`, secret, documentBody({ tags: ["listing"], status: "draft" }));
    await call("PUT", `/api/v1/spaces/${space.slug}/documents/faq-one`, secret, documentBody({ kind: "faq", title: "Can anyone join?", body: "Yes." }));
    await call("PUT", `/api/v1/spaces/${privateSpace.slug}/documents/secret`, secret, documentBody());
    const first = await call("GET", `/api/v1/spaces/${space.slug}/documents?tag=listing&limit=2`);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json().data.map((document: { id: string }) => document.id), ["list-a", "list-b"]);
    const second = await call("GET", `/api/v1/spaces/${space.slug}/documents?tag=listing&limit=2&cursor=${first.json().next_cursor}`);
    assert.deepEqual(second.json().data.map((document: { id: string }) => document.id), ["list-c"]);
    assert.equal(second.json().next_cursor, null);
    assert.equal((await call("GET", `/api/v1/spaces/${space.slug}/documents/list-draft`)).statusCode, 404);
    assert.equal((await call("GET", `/api/v1/spaces/${privateSpace.slug}/documents`)).statusCode, 404);
    const withRead = await call("GET", `/api/v1/spaces/${privateSpace.slug}/documents`, await token(coordinator, ["private:read"]));
    assert.equal(withRead.statusCode, 200);
    const faq = await call("GET", `/api/v1/spaces/${space.slug}/faq`);
    assert.deepEqual(faq.json().data.map((entry: { id: string; answer_html: string }) => [entry.id, entry.answer_html.trim()]), [["faq-one", "<p>Yes.</p>"]]);
    assert.equal((await call("GET", `/api/v1/spaces/${space.slug}/documents?cursor=garbage`)).statusCode, 400);
    assert.equal((await call("GET", `/api/v1/spaces/${space.slug}/documents?lang=xx`)).statusCode, 422);
  });

  test("DELETE removes a document; the platform level works for a platform admin's token", async () => {
    const secret = await token(coordinator, ["knowledge:write"]);
    await call("PUT", `/api/v1/spaces/${space.slug}/documents/to-delete`, secret, documentBody());
    assert.equal((await call("DELETE", `/api/v1/spaces/${space.slug}/documents/to-delete`, await token(coordinator, ["private:read"]))).statusCode, 403);
    assert.equal((await call("DELETE", `/api/v1/spaces/${space.slug}/documents/to-delete`, secret)).statusCode, 204);
    assert.equal((await call("GET", `/api/v1/spaces/${space.slug}/documents/to-delete`)).statusCode, 404);
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const adminSecret = await token(admin, ["knowledge:write"]);
    assert.equal((await call("PUT", `/api/v1/documents/welcome`, adminSecret, documentBody())).statusCode, 201);
    assert.equal((await call("GET", `/api/v1/documents/welcome`)).statusCode, 200);
    assert.deepEqual((await call("GET", `/api/v1/documents`)).json().data.map((document: { id: string }) => document.id), ["welcome"]);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    assert.ok(openapi.paths["/api/v1/spaces/{slug}/documents/{id}"].put);
    await new Browser(t.app).get("/knowledge");
  });
});
