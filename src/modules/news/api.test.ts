import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken } from "../../platform/api/tokens";
import { createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { buildPost } from "./factories";

type NewsJson = { id: string; status: string; title: Record<string, string>; kind: string; topics: string[]; published_at: string | null; url: string };

describe("news API: read what one may see, coordinators write with news:write", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it("lists published posts with filters and a cursor, reads one, and hides drafts and private spaces", async () => {
    const post = await buildPost(t.services, { kind: "story", topics: ["wetlands"] });
    const draft = await buildPost(t.services, { space: post.space, status: "draft" });
    const privateSpace = await buildSpace(t.services, { visibility: "private", enabledModules: ["news"] });
    const hidden = await buildPost(t.services, { space: privateSpace });
    t.clock.advance(1000);
    const newer = await buildPost(t.services, { space: post.space });
    const list = await t.app.inject({ url: `/api/v1/news?space=${post.space.slug}&limit=1` });
    assert.equal(list.statusCode, 200);
    const page = list.json<{ data: NewsJson[]; next_cursor: string | null }>();
    assert.deepEqual(page.data.map((item) => item.id), [newer.id]);
    assert.ok(page.next_cursor);
    const second = (await t.app.inject({ url: `/api/v1/news?space=${post.space.slug}&limit=1&cursor=${page.next_cursor}` })).json<{ data: NewsJson[] }>();
    assert.deepEqual(second.data.map((item) => item.id), [post.id]);
    const stories = (await t.app.inject({ url: `/api/v1/news?kind=story&topic=wetlands` })).json<{ data: NewsJson[] }>();
    assert.deepEqual(stories.data.map((item) => item.id), [post.id]);
    const all = (await t.app.inject({ url: "/api/v1/news?limit=100" })).json<{ data: NewsJson[] }>();
    assert.ok(!all.data.some((item) => item.id === hidden.id || item.id === draft.id));
    assert.equal((await t.app.inject({ url: `/api/v1/news/${post.id}` })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/api/v1/news/${draft.id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/api/v1/news/${hidden.id}` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: "/api/v1/news?cursor=garbage" })).statusCode, 400);
    assert.equal((await t.app.inject({ url: "/api/v1/news?kind=rumour" })).statusCode, 422);
  });

  it("a coordinator's news:write token creates, changes and publishes; other scopes and other people are refused", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["news"] });
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const token = await createApiToken(t.services.db, { userId: coordinator.id, name: "cms", scopes: ["news:write"] });
    const wrongScope = await createApiToken(t.services.db, { userId: coordinator.id, name: "events", scopes: ["events:write"] });
    const memberToken = await createApiToken(t.services.db, { userId: member.id, name: "member", scopes: ["news:write"] });
    const payload = { kind: "announcement", title: { en: "Call for stories", ru: "Приглашаем к историям" }, body: { en: "Send us *yours*" }, topics: ["youth"] };

    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/news`, payload })).statusCode, 401);
    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/news`, headers: bearer(wrongScope.secret), payload })).statusCode, 403);
    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/news`, headers: bearer(memberToken.secret), payload })).statusCode, 403);
    const bad = await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/news`, headers: bearer(token.secret), payload: { kind: "news", title: {}, videoLinks: [{ url: "javascript:alert(1)" }] } });
    assert.equal(bad.statusCode, 422);
    const fields = bad.json<{ error: { fields: Record<string, string> } }>().error.fields;
    assert.ok(fields.title && fields.video_links, JSON.stringify(fields));

    const created = await t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/news`, headers: bearer(token.secret), payload });
    assert.equal(created.statusCode, 201, created.body);
    const draft = created.json<NewsJson>();
    assert.equal(draft.status, "draft");
    assert.equal(draft.published_at, null);
    assert.equal((await t.app.inject({ url: `/api/v1/news/${draft.id}` })).statusCode, 404, "a draft is not open data");

    const changed = await t.app.inject({ method: "PATCH", url: `/api/v1/spaces/${space.slug}/news/${draft.id}`, headers: bearer(token.secret), payload: { title: { en: "Call for youth stories" }, status: "published" } });
    assert.equal(changed.statusCode, 200, changed.body);
    const published = changed.json<NewsJson>();
    assert.equal(published.status, "published");
    assert.equal(published.title.en, "Call for youth stories");
    assert.deepEqual(published.topics, ["youth"], "fields left out keep their values");
    assert.equal(published.url, `http://convene.test/spaces/${space.slug}/news/call-for-stories`);
    assert.equal((await t.app.inject({ url: `/api/v1/news/${draft.id}` })).statusCode, 200);
    assert.equal((await t.app.inject({ method: "PATCH", url: `/api/v1/spaces/${space.slug}/news/${draft.id}`, headers: bearer(memberToken.secret), payload: { status: "unpublished" } })).statusCode, 403);
  });

  it("documents its routes in OpenAPI", async () => {
    const spec = (await t.app.inject({ url: "/api/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    for (const path of ["/api/v1/news", "/api/v1/news/{id}", "/api/v1/spaces/{slug}/news", "/api/v1/spaces/{slug}/news/{id}"]) assert.ok(spec.paths[path], path);
  });
});
