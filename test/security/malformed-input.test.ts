// Malformed input on every registered route: NUL bytes, broken percent-encoding and overlong values in the path
// and the query, and broken multipart, JSON and urlencoded bodies. Whatever is sent, the answer is a 4xx (or a
// normal page) with the usual error shape — an HTML page, or { error: { code, message, fields } } under /api —
// and never a 500.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { isApiRoute } from "../../src/platform/api/access";
import { adminSession, buildScene, concreteUrl, type Scene } from "./fixture";

const CSRF = "fuzz-csrf-token-0123456789abcdef";
const LONG = "x".repeat(5000);

type Probe = { name: string; url: string; contentType?: string; payload?: string };

describe("malformed input on every route", () => {
  let scene: Scene;
  let sessionToken: string;
  let ensureSession: () => Promise<void>;
  before(async () => {
    scene = await buildScene();
    ({ token: sessionToken, ensure: ensureSession } = adminSession(scene));
  });
  after(async () => scene.t.close());

  /** Path variants: each parameter in turn replaced by a NUL, broken percent-encoding and an overlong value. */
  const pathProbes = (pattern: string): Probe[] => {
    const names = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
    const probes: Probe[] = [];
    for (const name of names) {
      for (const [label, value] of [["NUL", "%00"], ["NUL inside", "a%00b"], ["broken percent-encoding", "%E0%A4%A"], ["lone percent", "%"], ["overlong UTF-8", "%C0%AF"], ["overlong value", "y".repeat(300)]] as const) {
        const base = concreteUrl(scene, pattern.replace(`:${name}`, "__PROBE__"));
        probes.push({ name: `${label} in :${name}`, url: base.replace("__PROBE__", value) });
      }
    }
    return probes;
  };

  const queryProbes = (url: string): Probe[] => [
    { name: "NUL in the query", url: `${url}?q=%00&lang=%00&cursor=%00&next=%00&token=%00&limit=%00&page=%00&country=%00&stage=%00&target=%00&framework=%00&status=%00` },
    { name: "broken percent-encoding in the query", url: `${url}?q=%E0%A4%A&cursor=%&next=%C0%AF&%00=1` },
    { name: "overlong query values", url: `${url}?q=${LONG}&cursor=${LONG}&limit=${"9".repeat(40)}&next=/${LONG}&token=${LONG}` },
    { name: "repeated query keys", url: `${url}?q=a&q=b&limit=1&limit=2&cursor=a&cursor=b&lang=en&lang=ru` },
  ];

  const bodyProbes = (url: string): Probe[] => [
    { name: "multipart without a boundary", url, contentType: "multipart/form-data", payload: "garbage" },
    { name: "multipart garbage", url, contentType: "multipart/form-data; boundary=xyz", payload: "--xyz\r\nthis is not a part header\r\n\r\n\u0000\u0001" },
    { name: "multipart cut short", url, contentType: "multipart/form-data; boundary=xyz", payload: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nhalf' },
    { name: "multipart with a NUL field", url, contentType: "multipart/form-data; boundary=xyz", payload: `--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${CSRF}\r\n--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\na\u0000b\r\n--xyz--\r\n` },
    { name: "invalid JSON", url, contentType: "application/json", payload: '{"name": ' },
    { name: "JSON with NUL text", url, contentType: "application/json", payload: JSON.stringify({ name: { en: "a\u0000b" }, body: "a\u0000b", key: "A\u0000", slug: "a\u0000", comment: "a\u0000", title: "a\u0000", items: [{ key: "a\u0000" }], report_date: "2026-01-01\u0000", stage: "planning\u0000" }) },
    { name: "JSON of the wrong shape", url, contentType: "application/json", payload: "[1, 2, 3]" },
    { name: "urlencoded with NUL values", url, contentType: "application/x-www-form-urlencoded", payload: `_csrf=${CSRF}&name=a%00b&displayName=a%00&email=a%00%40example.org&title.en=a%00&body=a%00&q=%00&token=%00&password=a%00&%00=1` },
    { name: "urlencoded garbage", url, contentType: "application/x-www-form-urlencoded", payload: `_csrf=${CSRF}&%%%&=&&name=%E0%A4%A&number=${"9".repeat(40)}&id=not-a-uuid&userId=not-a-uuid&organisationId=not-a-uuid` },
    { name: "unknown content type", url, contentType: "application/x-unknown", payload: "???" },
  ];

  const send = (method: string, probe: Probe, as: "anonymous" | "session" | "token"): Promise<LightMyRequestResponse> =>
    scene.t.app.inject({
      method: method as "GET",
      url: probe.url,
      headers: {
        accept: probe.url.startsWith("/api/") ? "application/json" : "text/html",
        cookie: `convene_csrf=${CSRF}${as === "session" ? `; convene_session=${sessionToken}` : ""}`,
        "x-csrf-token": CSRF,
        ...(as === "token" ? { authorization: `Bearer ${scene.tokens.personalAll.secret}` } : {}),
        ...(probe.contentType ? { "content-type": probe.contentType } : {}),
      },
      ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
    });

  /** What is wrong with a response, or null: a 5xx, or a 4xx without the usual error shape. */
  const problem = (response: LightMyRequestResponse, url: string): string | null => {
    if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 160)}`;
    if (response.statusCode < 400) return null;
    const type = String(response.headers["content-type"] ?? "");
    if (url.startsWith("/api/") && !url.startsWith("/api/docs")) {
      if (!type.startsWith("application/json")) return `${response.statusCode} with ${type}`;
      const error = (response.json() as { error?: { code?: unknown; message?: unknown; fields?: unknown } }).error;
      if (typeof error?.code !== "string" || typeof error.message !== "string" || typeof error.fields !== "object") return `${response.statusCode} without the error shape: ${response.body.slice(0, 160)}`;
      return null;
    }
    return type.startsWith("text/html") || type.startsWith("application/json") ? null : `${response.statusCode} with ${type}`;
  };

  it("answers every probe on every route with a 4xx in the usual shape, never a 500", async () => {
    const failures: string[] = [];
    let probed = 0;
    for (const route of scene.routes) {
      const url = concreteUrl(scene, route.url);
      const hasBody = !["GET", "OPTIONS", "DELETE"].includes(route.method);
      const probes = [...pathProbes(route.url), ...queryProbes(url), ...(hasBody ? bodyProbes(url) : [])];
      const identities = isApiRoute(route.url) ? (["anonymous", "token"] as const) : (["anonymous", "session"] as const);
      for (const as of identities) {
        for (const probe of probes) {
          if (as === "session") await ensureSession();
          const response = await send(route.method, probe, as);
          probed += 1;
          const found = problem(response, probe.url);
          if (found) failures.push(`${route.method} ${route.url} — ${probe.name} as ${as}: ${found}`);
        }
      }
    }
    assert.ok(probed > 1000, `probed ${probed} requests`);
    assert.equal(failures.length, 0, failures.join("\n"));
  });

  it("names the fields that hold a NUL character and keeps the usual error shape", async () => {
    const api = await send("GET", { name: "", url: "/api/v1/organisations?q=a%00b" }, "anonymous");
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().error.code, "bad_request");
    assert.deepEqual(Object.keys(api.json().error.fields), ["q"]);
    const missing = await send("GET", { name: "", url: "/api/v1/organisations/%00/members" }, "anonymous");
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "not_found");
    const page = await send("GET", { name: "", url: "/organisations/%00" }, "anonymous");
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers["content-type"]), /text\/html/);
    const multipart = await send("POST", { name: "", url: `/spaces/${scene.publicSpace}/frameworks/import`, contentType: "multipart/form-data", payload: "x" }, "anonymous");
    assert.equal(multipart.statusCode, 400);
    assert.match(multipart.body, /could not be read/);
  });
});
