// Every registered route × every kind of API token. Outside /api a token must change nothing: the answer is
// byte for byte the anonymous one and nothing is written. Under /api a token acts only within the scope the
// route declares, an organisation's token only where organisations may act and only for its organisation.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { isApiRoute } from "../../src/platform/api/access";
import { API_SCOPES, createApiToken } from "../../src/platform/api/tokens";
import { ORGANISATION_SCOPES, buildScene, concreteUrl, databaseFingerprint, type RegisteredRoute, type Scene } from "./fixture";

const CSRF = "matrix-csrf-token-0123456789abcdef";

describe("API tokens on every route", () => {
  let scene: Scene;
  before(async () => {
    scene = await buildScene();
  });
  after(async () => scene.t.close());

  /**
   * One request as a client holding `token` would send it. It also carries a matching CSRF cookie and field,
   * as anyone can forge for themselves: what must stop a token outside /api is that it is not read at all.
   */
  const send = (route: RegisteredRoute, url: string, token?: string, json?: Record<string, unknown>): Promise<LightMyRequestResponse> => {
    const isApi = isApiRoute(route.url);
    const hasBody = !["GET", "OPTIONS"].includes(route.method);
    return scene.t.app.inject({
      method: route.method as "GET",
      url,
      headers: {
        accept: isApi ? "application/json" : "text/html",
        "accept-language": "en",
        "x-request-id": "matrix",
        cookie: `convene_csrf=${CSRF}`,
        "x-csrf-token": CSRF,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(hasBody ? { "content-type": isApi ? "application/json" : "application/x-www-form-urlencoded" } : {}),
      },
      ...(hasBody ? { payload: isApi ? JSON.stringify(json ?? {}) : `_csrf=${CSRF}&name=matrix&displayName=Changed&locale=en&scope.review=on` } : {}),
    });
  };
  const summary = (response: LightMyRequestResponse) => `${response.statusCode} ${response.body.slice(0, 120).replace(/\s+/g, " ")}`;

  it("enumerates the app's routes, pages and API alike", () => {
    assert.ok(scene.routes.filter((route) => !isApiRoute(route.url)).length > 100);
    assert.ok(scene.routes.filter((route) => isApiRoute(route.url) && route.method !== "GET").length >= 10);
  });

  it("outside /api answers a token exactly as it answers nobody, and writes nothing", async () => {
    const failures: string[] = [];
    const kinds = { personalAll: scene.tokens.personalAll, personalOne: scene.tokens.personalOne, organisationA: scene.tokens.organisationA };
    for (const route of scene.routes.filter((candidate) => !isApiRoute(candidate.url))) {
      const url = concreteUrl(scene, route.url);
      const anonymous = await send(route, url);
      const fingerprint = await databaseFingerprint(scene);
      for (const [kind, token] of Object.entries(kinds)) {
        const response = await send(route, url, token.secret);
        if (response.statusCode !== anonymous.statusCode || response.body !== anonymous.body) {
          failures.push(`${route.method} ${url} with ${kind}: ${summary(response)} (anonymous: ${summary(anonymous)})`);
        }
      }
      if ((await databaseFingerprint(scene)) !== fingerprint) failures.push(`${route.method} ${url}: a token request wrote to the database`);
    }
    assert.deepEqual(failures, []);
  });

  it("under /api lets a token act only with the route's scope, and an organisation token only where organisations may act", async () => {
    const failures: string[] = [];
    for (const route of scene.routes.filter((candidate) => isApiRoute(candidate.url))) {
      // Reads point at the private space: a token that wrongly acted for the admin would see it.
      const url = concreteUrl(scene, route.url, "private");
      const access = route.config?.token;
      const anonymous = await send(route, url);
      const expectations: [string, string, boolean][] = [
        // [kind, secret, does the token carry what the route needs?]
        ["personalOne", scene.tokens.personalOne.secret, access?.scope === "account:read"],
        ["organisationA", scene.tokens.organisationA.secret, Boolean(access?.isForOrganisations && (ORGANISATION_SCOPES as readonly string[]).includes(access.scope))],
      ];
      for (const [kind, secret, isAllowed] of expectations) {
        if (isAllowed) {
          const response = await send(route, url, secret);
          if ([401, 403].includes(response.statusCode)) failures.push(`${route.method} ${url} with ${kind}: refused (${summary(response)})`);
          continue;
        }
        const fingerprint = await databaseFingerprint(scene);
        const response = await send(route, url, secret);
        if ((await databaseFingerprint(scene)) !== fingerprint) failures.push(`${route.method} ${url} with ${kind}: a token without the scope wrote to the database`);
        if (!access || access.withoutScope === "anonymous") {
          if (response.statusCode !== anonymous.statusCode || response.body !== anonymous.body) failures.push(`${route.method} ${url} with ${kind}: ${summary(response)}, anonymous got ${summary(anonymous)}`);
        } else if (response.statusCode !== 403 || (response.json() as { error?: { code?: string } }).error?.code !== "forbidden") {
          failures.push(`${route.method} ${url} with ${kind}: expected 403, got ${summary(response)}`);
        }
      }
      // A token with every scope is not turned away: the route really is open to tokens.
      if (access) {
        const full = await send(route, url, scene.tokens.personalAll.secret);
        if ([401, 403].includes(full.statusCode)) failures.push(`${route.method} ${url} with personalAll: ${summary(full)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it("under /api lets a token holding one scope act exactly where that scope is declared, knowledge:write and enquiries:read included", async () => {
    const failures: string[] = [];
    const tokens = new Map<string, string>();
    for (const scope of API_SCOPES) tokens.set(scope, (await createApiToken(scene.t.services.db, { userId: scene.admin.id, name: `only ${scope}`, scopes: [scope] })).secret);
    for (const route of scene.routes.filter((candidate) => isApiRoute(candidate.url) && candidate.config?.token)) {
      const access = route.config!.token!;
      const url = concreteUrl(scene, route.url, "private");
      const anonymous = await send(route, url);
      for (const [scope, secret] of tokens) {
        const fingerprint = await databaseFingerprint(scene);
        const response = await send(route, url, secret);
        if (scope === access.scope) {
          if ([401, 403].includes(response.statusCode)) failures.push(`${route.method} ${url} with only ${scope}: refused (${summary(response)})`);
          continue;
        }
        if ((await databaseFingerprint(scene)) !== fingerprint) failures.push(`${route.method} ${url} with only ${scope}: wrote without ${access.scope}`);
        if (access.withoutScope === "anonymous") {
          if (response.statusCode !== anonymous.statusCode || response.body !== anonymous.body) failures.push(`${route.method} ${url} with only ${scope}: ${summary(response)}, anonymous got ${summary(anonymous)}`);
        } else if (response.statusCode !== 403) {
          failures.push(`${route.method} ${url} with only ${scope}: expected 403, got ${summary(response)}`);
        }
      }
    }
    assert.ok(scene.routes.some((route) => route.config?.token?.scope === "knowledge:write") && scene.routes.some((route) => route.config?.token?.scope === "enquiries:read"));
    assert.deepEqual(failures, []);
  });

  it("under /api never lets one organisation's token act for another organisation", async () => {
    const failures: string[] = [];
    const body = { organisationId: scene.organisationA.id, organisation_id: scene.organisationA.id, body: "Matrix says hello", report_date: "2026-03-01", stage: "planning", name: { en: "Taken over" } };
    for (const route of scene.routes.filter((candidate) => isApiRoute(candidate.url) && candidate.config?.token?.isForOrganisations)) {
      // Writes point at the public space, where organisation A's commitment is visible to everyone.
      const url = concreteUrl(scene, route.url, "public");
      const fingerprint = await databaseFingerprint(scene);
      const response = await send(route, url, scene.tokens.organisationB.secret, body);
      // A read may answer what it answers anyone (organisation A's published commitment is public); nothing more.
      const isPublicAnswer = route.method === "GET" && (await send(route, url, undefined)).body === response.body && response.statusCode === 200;
      if (![403, 404].includes(response.statusCode) && !isPublicAnswer) failures.push(`${route.method} ${url}: ${summary(response)}`);
      if ((await databaseFingerprint(scene)) !== fingerprint) failures.push(`${route.method} ${url}: organisation B's token wrote to the database`);
    }
    assert.ok(scene.routes.some((route) => route.config?.token?.isForOrganisations), "some routes are open to organisation tokens");
    assert.deepEqual(failures, []);
  });
});
