import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser } from "../../testing/factories";
import { createApiToken, revokeApiToken } from "../api/tokens";
import { AppError } from "../errors";
import Fastify from "fastify";
import { sql } from "drizzle-orm";
import { checkApiRouteDeclaration } from "../api/access";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { preferredEncoding } from "./page-cache";

describe("HTTP platform: languages, errors, headers, API tokens", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      beforeReady: (app) => {
        app.get("/__test/explode", async () => {
          throw new Error("database password is hunter2");
        });
        app.get("/__test/conflict", async () => {
          throw new AppError("conflict", "error.email_taken", { email: { key: "validation.email_taken" } });
        });
        // A value that slipped past validation and that PostgreSQL refuses (here a malformed uuid).
        app.get("/__test/data-exception", async () => app.services.db.execute(sql`select ${"not-a-uuid"}::uuid`));
      },
    });
  });
  after(async () => t.close());

  it("picks the language from ?lang, then the cookie, then Accept-Language, and marks <html lang dir>", async () => {
    const browser = new Browser(t.app, "ru-RU,ru;q=0.9");
    const russian = await browser.get("/login");
    assert.match(russian.body, /<html lang="ru" dir="ltr">/);
    assert.match(russian.body, /Вход/);
    const switched = await browser.get("/login?lang=en");
    assert.match(switched.body, /<html lang="en"/);
    assert.equal(browser.cookie("convene_lang"), "en");
    const remembered = await browser.get("/login");
    assert.match(remembered.body, /<html lang="en"/, "the switcher's choice outlives Accept-Language");
    assert.match(remembered.body, /href="\/login\?lang=ru" lang="ru" hreflang="ru">Русский</, "the switcher links to the same page in Russian");
    const switcher = /<nav class="lang-switcher"[\s\S]*?<\/nav>/.exec(remembered.body)?.[0] ?? "";
    assert.doesNotMatch(switcher, /English/, "the switcher offers only the other languages, so the header row fits at 1280px in Russian");
    const api = await browser.get("/api/v1/organisations?lang=ru");
    assert.equal(api.statusCode, 200);
    assert.equal(browser.cookie("convene_lang"), "en", "an API call's ?lang answers in that language but is not remembered");
    const unsupported = await new Browser(t.app, "de").get("/login?lang=xx");
    assert.match(unsupported.body, /<html lang="en"/);
  });

  it("answers an unknown page with a translated 404 page, and the API with the JSON error shape", async () => {
    const page = await new Browser(t.app, "ru").get("/no/such/page");
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Страница не найдена/);
    const api = await t.app.inject({ method: "GET", url: "/api/v1/nothing" });
    assert.equal(api.statusCode, 404);
    assert.deepEqual(api.json(), { error: { code: "not_found", message: "We could not find what you were looking for. It may have been moved, or it may be private.", fields: {} } });
  });

  it("hides internals of a 500 and gives the request id instead", async () => {
    const page = await new Browser(t.app).get("/__test/explode", { "x-request-id": "req-123" });
    assert.equal(page.statusCode, 500);
    assert.ok(!page.body.includes("hunter2"));
    assert.match(page.body, /req-123/);
    const json = await t.app.inject({ method: "GET", url: "/__test/explode", headers: { accept: "application/json" } });
    assert.equal(json.statusCode, 500);
    assert.equal(json.json().error.code, "internal");
    assert.ok(!json.body.includes("hunter2"));
  });

  it("answers 400, not 500, when PostgreSQL refuses a value from the request as a data exception", async () => {
    const response = await t.app.inject({ method: "GET", url: "/__test/data-exception", headers: { accept: "application/json" } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "bad_request");
  });

  it("refuses at start-up an /api route that writes without declaring the scope a token needs", async () => {
    const app = Fastify();
    app.addHook("onRoute", checkApiRouteDeclaration);
    assert.throws(() => app.post("/api/v1/undeclared", async () => ({})), /must declare config.token/);
    app.post("/api/v1/declared", { config: { token: { scope: "spaces:write" } } }, async () => ({}));
    app.get("/api/v1/public", async () => ({}));
    await app.close();
  });

  it("translates field errors in JSON errors", async () => {
    const response = await t.app.inject({ method: "GET", url: "/__test/conflict", headers: { accept: "application/json", "accept-language": "ru" } });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json().error.fields, { email: "Аккаунт с этим адресом уже существует. Войдите или восстановите пароль." });
  });

  it("sends security headers with a CSP that allows no inline script", async () => {
    const response = await new Browser(t.app).get("/login");
    const csp = String(response.headers["content-security-policy"]);
    assert.match(csp, /script-src 'self'/);
    assert.ok(!/script-src[^;]*unsafe-inline/.test(csp));
    assert.match(csp, /frame-ancestors 'self'/);
    assert.equal(response.headers["x-content-type-options"], "nosniff");
    assert.ok(response.headers["x-request-id"]);
    assert.ok(!/<script(?![^>]*type="application\/ld\+json")[^>]*>[^<]+<\/script>/.test(response.body), "no inline script in pages");
  });

  it("opens the API to every origin for CORS and keeps pages same-origin", async () => {
    const api = await t.app.inject({ method: "GET", url: "/healthz", headers: { origin: "https://partner.example" } });
    assert.equal(api.headers["access-control-allow-origin"], undefined, "health is not part of the public API");
    const openapi = await t.app.inject({ method: "GET", url: "/api/openapi.json", headers: { origin: "https://partner.example" } });
    assert.equal(openapi.headers["access-control-allow-origin"], "*");
    const page = await t.app.inject({ method: "GET", url: "/login", headers: { origin: "https://partner.example" } });
    assert.equal(page.headers["access-control-allow-origin"], undefined);
  });

  it("publishes an OpenAPI 3 document and a browsable reference", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(document.openapi, /^3\./);
    assert.ok(document.paths["/api/v1/me"]);
    assert.ok(!document.paths["/login"], "HTML pages are not in the API document");
    for (const url of ["/api/docs", "/api/docs/"]) {
      const docs = await t.app.inject({ method: "GET", url });
      assert.equal(docs.statusCode, 200, url);
      // a server-rendered page in the layout, generated from the document, with no script of its own
      assert.match(docs.body, /<h1>API reference<\/h1>/);
      assert.match(docs.body, /<code class="api-method">GET<\/code> <code class="api-path">\/api\/v1\/me<\/code>/);
      assert.match(docs.body, /href="\/api\/openapi.json"/);
      assert.ok(!/<script/i.test(docs.body));
    }
    const russian = await t.app.inject({ method: "GET", url: "/api/docs?lang=ru" });
    assert.match(russian.body, /<h1>Справочник API<\/h1>/);
  });

  it("serves a favicon linked from every page, and answers /favicon.ico with it instead of a 404", async () => {
    const page = await t.app.inject({ method: "GET", url: "/login" });
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(page.body)?.[1];
    assert.ok(href, "the layout links an icon");
    const icon = await t.app.inject({ method: "GET", url: href });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers["content-type"], "image/svg+xml");
    assert.match(String(icon.headers["cache-control"]), /max-age=31536000, immutable/);
    assert.match(icon.body, /^<svg /);
    const legacy = await t.app.inject({ method: "GET", url: "/favicon.ico" });
    assert.equal(legacy.statusCode, 200);
    assert.equal(legacy.headers["content-type"], "image/svg+xml");
    assert.match(String(legacy.headers["cache-control"]), /public, max-age=\d{6,}/);
    assert.equal(legacy.body, icon.body);
  });

  it("authenticates API tokens and enforces their scopes", async () => {
    const user = await buildUser(t.services);
    const reader = await createApiToken(t.services.db, { userId: user.id, name: "reader", scopes: ["account:read"] });
    const writer = await createApiToken(t.services.db, { userId: user.id, name: "writer", scopes: ["organisations:write"] });
    const call = (token?: string) => t.app.inject({ method: "GET", url: "/api/v1/me", headers: token ? { authorization: `Bearer ${token}` } : {} });

    const anonymous = await call();
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, "unauthenticated");
    assert.equal((await call("cvn_not-a-real-token")).statusCode, 401);
    const wrongScope = await call(writer.secret);
    assert.equal(wrongScope.statusCode, 403);
    assert.match(wrongScope.json().error.message, /account:read/);
    const ok = await call(reader.secret);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().email, user.email);
    assert.deepEqual(ok.json().scopes, ["account:read"]);

    await revokeApiToken(t.services.db, t.services.clock, user.id, reader.id);
    assert.equal((await call(reader.secret)).statusCode, 401, "a revoked token stops working");
  });

  it("lets a browser session read /api/v1/me but refuses a cookie-only write without the CSRF header", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, "correct horse battery");
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: browser.cookieHeader() } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().authenticated_by, "session");
    const forged = await t.app.inject({ method: "POST", url: "/logout", headers: { cookie: browser.cookieHeader(), "content-type": "application/x-www-form-urlencoded" }, payload: "" });
    assert.equal(forged.statusCode, 403);
  });

  it("creates and revokes tokens from the account page, showing the secret once", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, "correct horse battery");
    const created = await browser.post("/account/tokens", { name: "My script", "scope.account:read": "on" });
    assert.equal(created.statusCode, 200);
    const secret = created.body.match(/cvn_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(secret);
    assert.equal((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${secret}` } })).statusCode, 200);
    const again = await browser.get("/account");
    assert.ok(!again.body.includes(secret), "the secret is shown only once");
    const id = again.body.match(/\/account\/tokens\/([0-9a-f-]{36})\/revoke/)?.[1];
    assert.ok(id);
    await browser.post(`/account/tokens/${id}/revoke`, {});
    assert.equal((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${secret}` } })).statusCode, 401);
  });

  it("reports health and readiness with the database kind", async () => {
    const health = await t.app.inject({ method: "GET", url: "/healthz" });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json().database, "ok");
    assert.ok(["embedded", "postgres"].includes(health.json().databaseKind));
    assert.equal((await t.app.inject({ method: "GET", url: "/readyz" })).statusCode, 200);
  });
});

describe("anonymous page micro-cache", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { CONVENE_PAGE_CACHE_MS: "60000" } });
  });
  after(async () => t.close());

  it("reuses a public page for anonymous visitors, per language, and never a page with a form or for a signed-in user", async () => {
    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get("/api/openapi.json")).headers["x-convene-cache"], undefined);
    assert.equal((await anonymous.get("/api/openapi.json")).headers["x-convene-cache"], "hit");
    assert.equal((await new Browser(t.app, "ru").get("/")).headers["x-convene-cache"], undefined, "another language is another entry");

    await anonymous.get("/login");
    const login = await anonymous.get("/login");
    assert.equal(login.headers["x-convene-cache"], undefined, "pages carrying a CSRF token are personal");

    const user = await buildUser(t.services);
    const signedIn = await new Browser(t.app).logIn(user.email, "correct horse battery");
    assert.equal((await signedIn.get("/api/openapi.json")).headers["x-convene-cache"], undefined);
  });

  it("answers a hit with the page's own headers and bytes, compressed once for each encoding the visitor accepts", async () => {
    const anonymous = new Browser(t.app);
    const miss = await anonymous.get("/spaces", { "accept-encoding": "identity" });
    assert.equal(miss.headers["x-convene-cache"], undefined);
    const plain = await anonymous.get("/spaces", { "accept-encoding": "identity" });
    const brotli = await anonymous.get("/spaces", { "accept-encoding": "gzip, deflate, br" });
    const gzip = await anonymous.get("/spaces", { "accept-encoding": "br;q=0, gzip" });
    for (const hit of [plain, brotli, gzip]) {
      assert.equal(hit.statusCode, 200);
      assert.equal(hit.headers["x-convene-cache"], "hit");
      for (const name of ["content-type", "content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options"]) {
        assert.equal(hit.headers[name], miss.headers[name], `${name} as on the rendered page`);
      }
      assert.ok(hit.headers["x-request-id"] && hit.headers["x-request-id"] !== miss.headers["x-request-id"], "a request id of its own");
      assert.equal(hit.headers["set-cookie"], undefined);
      assert.equal(Number(hit.headers["content-length"]), hit.rawPayload.length);
    }
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.body, miss.body);
    assert.equal(brotli.headers["content-encoding"], "br");
    assert.equal(brotliDecompressSync(brotli.rawPayload).toString("utf8"), miss.body);
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.equal(gunzipSync(gzip.rawPayload).toString("utf8"), miss.body);
    assert.equal(preferredEncoding("gzip;q=0.5, br;q=0.4"), "gzip");
    assert.equal(preferredEncoding("br;q=0, gzip;q=0"), undefined);
    assert.equal(preferredEncoding("deflate"), undefined);
  });

  it("forgets everything after a successful write in this process", async () => {
    const anonymous = new Browser(t.app);
    await anonymous.get("/");
    assert.equal((await anonymous.get("/")).headers["x-convene-cache"], "hit");
    await new Browser(t.app).post("/forgot-password", { email: "someone@example.org" });
    assert.equal((await anonymous.get("/")).headers["x-convene-cache"], undefined);
  });
});

describe("API validation errors", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("names the field and keeps Zod's reason, translated", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/organisations?limit=5000", headers: { "accept-language": "ru" } });
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().error.code, "validation_failed");
    assert.equal(response.json().error.fields.limit, "Значение должно быть не больше 100.");
  });

  it("answers 401, not a CSRF 403, to an API write with neither token nor session", async () => {
    const body = { name: { en: "Valid Name" }, actor_type: "ngo", country: "KZ" };
    const response = await t.app.inject({ method: "POST", url: "/api/v1/organisations", payload: body });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "unauthenticated");
  });
});
