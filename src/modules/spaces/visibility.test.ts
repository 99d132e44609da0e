import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken } from "../../platform/api/tokens";
import { buildUser, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { importFramework } from "./commands/import-framework";
import { addSpaceRole, buildSpace, type BuiltSpace } from "./factories";
import { canViewSpace } from "./permissions";
import { getSpaceForViewer, listVisibleSpaces, visibleSpaceIds } from "./queries";
import { queryRows } from "../../db/sql";
import { sql } from "drizzle-orm";

describe("private spaces are invisible to everyone outside them", () => {
  let t: TestApp;
  let secret: BuiltSpace;
  let outsider: BuiltUser;
  let member: BuiltUser;
  let admin: BuiltUser;
  const TITLE = "Confidential migration talks";
  before(async () => {
    t = await createTestApp();
    admin = await buildUser(t.services, { isPlatformAdmin: true });
    secret = await buildSpace(t.services, { slug: "confidential-talks", title: { en: TITLE }, visibility: "private", frameworkKeys: ["GCM"], createdBy: admin.id });
    await importFramework(t.services, { id: admin.id }, secret.id, { meta: { key: "SECRET-PLAN", name: { en: "Secret plan" } }, rows: [{ line: 2, values: { key: "S1", label_en: "Hidden step" } }] });
    outsider = await buildUser(t.services);
    member = await buildUser(t.services);
    await addSpaceRole(t.services, secret.id, member.id, "member");
  });
  after(async () => t.close());

  const PAGES = ["/spaces/confidential-talks", "/spaces/confidential-talks/settings", "/spaces/confidential-talks/members", "/spaces/confidential-talks/frameworks/import", "/frameworks/SECRET-PLAN"];
  const API = ["/api/v1/spaces/confidential-talks", "/api/v1/spaces/confidential-talks/members", "/api/v1/frameworks/SECRET-PLAN"];
  const LISTS = ["/", "/spaces", "/frameworks", "/frameworks/GCM", "/api/v1/spaces", "/api/v1/frameworks?limit=100"];

  async function expectInvisible(browser: Browser, headers: Record<string, string> = {}) {
    for (const url of [...PAGES, ...API]) {
      const response = await browser.get(url, headers);
      assert.equal(response.statusCode, 404, `${url} is a 404`);
      assert.ok(!response.body.includes(TITLE), `${url} does not leak the title`);
    }
    for (const url of LISTS) {
      const response = await browser.get(url, headers);
      assert.equal(response.statusCode, 200, url);
      assert.ok(!response.body.includes(TITLE) && !response.body.includes("confidential-talks") && !response.body.includes("SECRET-PLAN"), `${url} does not list it`);
    }
    const join = await browser.post("/spaces/confidential-talks/join", {});
    assert.ok([401, 404].includes(join.statusCode), "joining a private space is not possible");
  }

  it("answers 404 and lists nothing to anonymous visitors, on pages and in the API", async () => {
    await expectInvisible(new Browser(t.app));
  });

  it("answers 404 and lists nothing to signed-in people who are not members", async () => {
    await expectInvisible(await new Browser(t.app).logIn(outsider.email, outsider.password));
  });

  it("answers 404 through the API to an outsider's token too", async () => {
    const token = await createApiToken(t.services.db, { userId: outsider.id, name: "t", scopes: ["spaces:write"] });
    await expectInvisible(new Browser(t.app), { authorization: `Bearer ${token.secret}`, accept: "application/json" });
    const post = await t.app.inject({ method: "POST", url: "/api/v1/spaces/confidential-talks/frameworks", headers: { authorization: `Bearer ${token.secret}` }, payload: { key: "X", name: { en: "x" }, items: [] } });
    assert.equal(post.statusCode, 404);
  });

  it("shows the space, its framework and its roles to members", async () => {
    const browser = await new Browser(t.app).logIn(member.email, member.password);
    const page = await browser.get("/spaces/confidential-talks");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(TITLE));
    assert.match((await browser.get("/spaces")).body, new RegExp(TITLE));
    assert.match((await browser.get("/frameworks/SECRET-PLAN")).body, /Hidden step/);
    assert.match((await browser.get("/frameworks")).body, /SECRET-PLAN/);
    const api = JSON.parse((await browser.get("/api/v1/spaces/confidential-talks/members")).body) as { data: { role: string }[] };
    assert.deepEqual(api.data.map((row) => row.role), ["member"]);
    const list = JSON.parse((await browser.get("/api/v1/spaces")).body) as { data: { slug: string }[] };
    assert.ok(list.data.some((space) => space.slug === "confidential-talks"));
  });

  it("shows every private space to platform admins", async () => {
    const browser = await new Browser(t.app).logIn(admin.email, admin.password);
    assert.equal((await browser.get("/spaces/confidential-talks")).statusCode, 200);
    assert.match((await browser.get("/spaces")).body, new RegExp(TITLE));
    assert.match((await browser.get("/admin/spaces")).body, new RegExp(TITLE));
    assert.equal((await browser.get("/api/v1/spaces/confidential-talks")).statusCode, 200);
  });

  it("gives later modules the same rule through the exported queries", async () => {
    await assert.rejects(getSpaceForViewer(t.services.db, "confidential-talks", null), (error: { code?: string }) => error.code === "not_found");
    await assert.rejects(getSpaceForViewer(t.services.db, "confidential-talks", { id: outsider.id, isPlatformAdmin: false }), (error: { code?: string }) => error.code === "not_found");
    const seen = await getSpaceForViewer(t.services.db, "confidential-talks", { id: member.id, isPlatformAdmin: false });
    assert.deepEqual(seen.viewerRoles, [{ role: "member", country: "" }]);
    assert.equal(canViewSpace(null, seen, []), false);
    assert.equal((await listVisibleSpaces(t.services.db, null)).some((space) => space.id === secret.id), false);
    const ids = async (viewer: { id: string; isPlatformAdmin: boolean } | null) =>
      (await queryRows<{ id: string }>(t.services.db, sql`select id from spaces where id in ${visibleSpaceIds(viewer)}`)).map((row) => row.id);
    assert.ok(!(await ids({ id: outsider.id, isPlatformAdmin: false })).includes(secret.id));
    assert.ok((await ids({ id: member.id, isPlatformAdmin: false })).includes(secret.id));
    assert.ok((await ids({ id: outsider.id, isPlatformAdmin: true })).includes(secret.id));
  });
});
