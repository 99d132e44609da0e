// Realistic malformed input on the knowledge hub, the contact relay, site search and the organisation forms.
// malformed-input.test.ts sends the same broken bytes everywhere; this one fills the fields each form really
// has (read from the rendered form) and each write API really takes with wrong types, arrays, 100 kB strings,
// NULs, lone surrogates, invalid UTF-8, bad UUIDs, numbers, dates and cursors, javascript: links, repeated
// parameters and odd multipart bodies — as the platform admin, so the request reaches the handler. Every answer
// must be a 4xx in the usual shape (or a normal page / redirect), never a 5xx, and the process keeps serving.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { isApiRoute } from "../../src/platform/api/access";
import { adminSession, buildScene, concreteUrl, type Scene } from "./fixture";

const CSRF = "knowledge-fuzz-csrf-0123456789abcdef";
const HUGE = "ж".repeat(50_000); // 100 kB of UTF-8
const NEW_ROUTES = /^\/(api\/v1\/)?(spaces\/:slug\/)?(knowledge|experts|contact|search|enquiries|documents|faq|answers|practices|resources)\b|^\/account\/enquiries|^\/organisations\/:slug\/edit|^\/organisations$/;

/** Text values that must be refused or kept as harmless text. */
const BAD_TEXTS = ["", " ", HUGE, "a\u0000b", "\ud800", "\udfff lone", "javascript:alert(1)", "JaVaScRiPt:alert(1)//https://x", "data:text/html,<script>alert(1)</script>", "-1", "99999999999999999999999", "1e309", "NaN", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "2026-02-30", "0000-00-00", "9999-99-99", "<script>alert(1)</script>", "../../etc/passwd"];
/** Query parameters every list, search and queue might read. */
const QUERY_KEYS = ["q", "type", "cursor", "after", "before", "limit", "page", "status", "assignee", "language", "lang", "kind", "tag", "tags", "country", "countries", "target", "framework", "actor", "sort", "state", "deadline", "from", "to", "collection", "ref", "version", "a", "b", "organisation", "space"];

describe("malformed input on the knowledge hub's forms and APIs", () => {
  let scene: Scene;
  let sessionToken: string;
  let ensureSession: () => Promise<void>;
  before(async () => {
    scene = await buildScene();
    ({ token: sessionToken, ensure: ensureSession } = adminSession(scene));
  });
  after(async () => scene.t.close());

  const send = async (method: string, url: string, options: { contentType?: string; payload?: string | Buffer; as?: "session" | "token" | "anonymous"; csrf?: boolean; locale?: "en" | "ru" } = {}): Promise<LightMyRequestResponse> => {
    const as = options.as ?? "session";
    if (as === "session") await ensureSession();
    return scene.t.app.inject({
      method: method as "GET",
      url,
      headers: {
        accept: url.startsWith("/api/") ? "application/json" : "text/html",
        "accept-language": options.locale ?? "en",
        cookie: `convene_csrf=${CSRF}${as === "session" ? `; convene_session=${sessionToken}` : ""}`,
        ...(options.csrf === false ? {} : { "x-csrf-token": CSRF }),
        ...(as === "token" ? { authorization: `Bearer ${scene.tokens.personalAll.secret}` } : {}),
        ...(options.contentType ? { "content-type": options.contentType } : {}),
      },
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    });
  };

  const isUndecodablePath = (url: string): boolean => {
    try {
      decodeURIComponent(url.split("?")[0]!);
      return false;
    } catch {
      return true;
    }
  };

  /** What is wrong with an answer: a 5xx, or a 4xx without the usual shape (JSON error under /api, a page elsewhere). */
  const problem = (response: LightMyRequestResponse, url: string): string | null => {
    if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 200).replace(/\s+/g, " ")}`;
    if (response.statusCode < 400) return null;
    const type = String(response.headers["content-type"] ?? "");
    if (url.startsWith("/api/")) {
      const error = type.startsWith("application/json") ? (response.json() as { error?: { code?: unknown; message?: unknown; fields?: Record<string, unknown> } }).error : undefined;
      if (typeof error?.code !== "string" || typeof error.message !== "string" || error.message.length === 0) return `${response.statusCode} without the error shape`;
      // One rule for bad input (platform/errors.ts): 400 `bad_request` for malformed syntax, 422 `validation_failed`
      // for a bad value; both name the field — except a path the router cannot decode, which names no field.
      if ((error.code === "bad_request" || error.code === "validation_failed") && !Object.keys(error.fields ?? {}).length && !isUndecodablePath(url)) return `${response.statusCode} ${error.code} naming no field`;
      if ((response.statusCode === 400) !== (error.code === "bad_request") || (response.statusCode === 422) !== (error.code === "validation_failed")) return `${response.statusCode} with code ${error.code}`;
      // Every message is translated: a bare catalog key ("validation.required") means one was missing.
      const untranslated = [error.message, ...Object.values(error.fields ?? {})].filter((message) => typeof message !== "string" || /^[a-z_]+(\.[a-z_:]+)+$/.test(message));
      return untranslated.length ? `${response.statusCode} untranslated: ${JSON.stringify(untranslated)}` : null;
    }
    if (!type.startsWith("text/html")) return `${response.statusCode} with ${type}`;
    // A page's visible text holds no bare catalog key ("knowledge.enquiry.error.…"): every message is translated.
    const text = response.body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ");
    const key = /\b(?:knowledge|validation|error|resource|practice|expert|experts|relay|search|enquiry|glossary|document)\.[a-z_]+(?:\.[a-z_]+)*\b/.exec(text);
    return key ? `${response.statusCode} untranslated: ${key[0]}` : null;
  };

  const routes = () => scene.routes.filter((route) => NEW_ROUTES.test(route.url));

  /** The fields of the forms a page renders for the admin, by action. */
  const formsOf = (html: string): Map<string, Set<string>> => {
    const forms = new Map<string, Set<string>>();
    for (const match of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
      const tag = match[0].slice(0, match[0].indexOf(">"));
      if (!/method="post"/i.test(tag)) continue;
      const action = /action="([^"]*)"/.exec(tag)?.[1]?.replace(/&amp;/g, "&");
      if (!action || !action.startsWith("/")) continue;
      const names = forms.get(action) ?? new Set<string>();
      for (const field of match[1]!.matchAll(/\bname="([^"]+)"/g)) if (field[1] !== "_csrf") names.add(field[1]!.replace(/&amp;/g, "&"));
      forms.set(action, names);
    }
    return forms;
  };

  /** Urlencoded bodies that fill every field of a form with one kind of bad value, or leave things out. */
  const formBodies = (fields: string[]): { name: string; payload: string }[] => {
    const encode = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "\ufffd"));
    const all = (value: string) => fields.map((field) => `${encodeURIComponent(field)}=${encode(value)}`).join("&");
    const bodies = [
      { name: "no fields", payload: `_csrf=${CSRF}` },
      ...BAD_TEXTS.map((value) => ({ name: `every field ${JSON.stringify(value.slice(0, 24))}`, payload: `_csrf=${CSRF}&${all(value)}` })),
      { name: "every field repeated", payload: `_csrf=${CSRF}&${all("a")}&${all("b")}&${all("c")}` },
      { name: "every field as field[]", payload: `_csrf=${CSRF}&${fields.map((field) => `${encodeURIComponent(`${field}[]`)}=x&${encodeURIComponent(`${field}[0]`)}=y`).join("&")}` },
      { name: "invalid UTF-8 and lone surrogates", payload: `_csrf=${CSRF}&${fields.map((field) => `${encodeURIComponent(field)}=%FF%FE%ED%A0%80%C0%AF`).join("&")}` },
      { name: "unknown extra fields", payload: `_csrf=${CSRF}&${all("ok")}&__proto__=x&constructor=y&toString=z&${"extra".repeat(10)}=${HUGE.slice(0, 1000)}` },
    ];
    return bodies;
  };

  const multipartBodies = (fields: string[]): { name: string; contentType: string; payload: Buffer }[] => {
    const boundary = "fuzzboundary";
    const part = (name: string, value: string | Buffer, filename?: string) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ""}\r\n${filename !== undefined ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`),
        typeof value === "string" ? Buffer.from(value) : value,
        Buffer.from("\r\n"),
      ]);
    const end = Buffer.from(`--${boundary}--\r\n`);
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37) % 256));
    const base = [part("_csrf", CSRF), ...fields.filter((field) => !/file/i.test(field)).map((field) => part(field, "x"))];
    const contentType = `multipart/form-data; boundary=${boundary}`;
    return [
      { name: "multipart with no file", contentType, payload: Buffer.concat([...base, end]) },
      { name: "multipart with a binary file", contentType, payload: Buffer.concat([...base, part("file", binary, "guide.md"), part("files", binary, "../../evil.md"), end]) },
      { name: "multipart with ten files", contentType, payload: Buffer.concat([...base, ...Array.from({ length: 10 }, (_, index) => part("files", `# Title ${index}\n\n\u0000 body`, `f${index}.md`)), end]) },
      { name: "multipart with an empty file name", contentType, payload: Buffer.concat([...base, part("files", "", ""), end]) },
    ];
  };

  it("reaches every new page and read API with the scene's things, so the probes test handlers and not a 404", async () => {
    // What a GET needs beyond the scene: a reference, a question, or a state the scene's things are not in.
    const query: Record<string, string> = { "/enquiries/sent": "?ref=1", "/answers": "?q=accreditation", "/search": "?q=accreditation" };
    const notOpen = /\/enquiries\/:number\/faq$|\/practices\/:id\/edit$/; // 409: the enquiry is unanswered, the practice published
    const failures: string[] = [];
    let reached = 0;
    for (const route of routes().filter((candidate) => candidate.method === "GET")) {
      for (const space of ["public", "private"] as const) {
        const suffix = Object.entries(query).find(([end]) => route.url.endsWith(end))?.[1] ?? "";
        const url = concreteUrl(scene, route.url, space) + suffix;
        const response = await send("GET", url, { as: isApiRoute(route.url) ? "token" : "session" });
        const expected = notOpen.test(route.url) ? 409 : 200;
        if (response.statusCode !== expected) failures.push(`GET ${url}: ${response.statusCode}, expected ${expected}`);
        else reached += 1;
      }
    }
    assert.ok(reached > 100, `reached ${reached}`);
    assert.deepEqual(failures, []);
  });

  it("answers every form of the new pages, filled with bad values, with a 4xx or a re-rendered form, never a 500", async () => {
    const failures: string[] = [];
    const forms = new Map<string, Set<string>>();
    for (const route of routes().filter((candidate) => candidate.method === "GET" && !isApiRoute(candidate.url))) {
      for (const space of ["public", "private"] as const) {
        const page = await send("GET", concreteUrl(scene, route.url, space));
        if (page.statusCode >= 500) failures.push(`GET ${route.url}: ${page.statusCode}`);
        for (const [action, names] of formsOf(page.body)) forms.set(action.split("?")[0]!, new Set([...(forms.get(action.split("?")[0]!) ?? []), ...names]));
      }
    }
    assert.ok(forms.size >= 20, `found ${forms.size} forms: ${[...forms.keys()].join(", ")}`);
    for (const [action, names] of forms) {
      // Logging out, deleting an account's things and leaving are not what this test is about.
      if (/\/logout|\/delete$|\/leave$/.test(action)) continue;
      const fields = [...names];
      for (const body of formBodies(fields)) {
        const response = await send("POST", action, { contentType: "application/x-www-form-urlencoded", payload: body.payload });
        const found = problem(response, action);
        if (found) failures.push(`POST ${action} — ${body.name}: ${found}`);
      }
      for (const body of multipartBodies(fields)) {
        const response = await send("POST", action, { contentType: body.contentType, payload: body.payload });
        const found = problem(response, action);
        if (found) failures.push(`POST ${action} — ${body.name}: ${found}`);
      }
      // Without the CSRF token the answer is a translated 403 and nothing happens.
      const forged = await send("POST", action, { contentType: "application/x-www-form-urlencoded", payload: fields.map((field) => `${encodeURIComponent(field)}=x`).join("&"), csrf: false });
      if (forged.statusCode !== 403) failures.push(`POST ${action} without CSRF: ${forged.statusCode}`);
    }
    assert.deepEqual(failures, []);
  });

  it("answers the write APIs' JSON of the wrong types and sizes with a 4xx error, never a 500", async () => {
    const failures: string[] = [];
    const keys = ["kind", "lang", "title", "tags", "translation_of", "collection", "status", "body", "note", "description", "link", "languages", "targets", "countries", "funder", "programme", "eligible_actor_types", "amount_min", "amount_max", "currency", "deadline_kind", "deadline", "apply_url", "organisationId", "summary", "results", "language", "targetItemIds", "actorTypes", "links"];
    const values: unknown[] = [null, true, -1, 1e308, "", HUGE, "a\u0000b", "\ud800", "javascript:alert(1)", "not-a-uuid", "2026-13-45", ["a", 1, null], [HUGE], { en: "\ud800", ru: 5 }, { en: HUGE }, [{ url: "javascript:alert(1)", label: "x" }], Array.from({ length: 2000 }, (_, index) => `t${index}`)];
    const payloads: { name: string; payload: string }[] = [
      { name: "empty object", payload: "{}" },
      { name: "an array", payload: "[]" },
      { name: "a string", payload: '"x"' },
      { name: "lone surrogate escapes", payload: `{"title":"\\ud800","body":"\\udfff","lang":"en","kind":"guidance","link":"https://example.org/\\ud800"}` },
      ...values.map((value) => ({ name: `every key ${JSON.stringify(value)?.slice(0, 30)}`, payload: JSON.stringify(Object.fromEntries(keys.map((key) => [key, value]))) })),
    ];
    for (const route of routes().filter((candidate) => isApiRoute(candidate.url) && candidate.method !== "GET")) {
      for (const space of ["public", "private"] as const) {
        const url = concreteUrl(scene, route.url, space);
        for (const { name, payload } of payloads) {
          const response = await send(route.method, url, { as: "token", contentType: "application/json", payload, locale: space === "public" ? "en" : "ru" });
          const found = problem(response, url);
          if (found) failures.push(`${route.method} ${route.url} (${space}) — ${name}: ${found}`);
        }
        if (!route.url.includes(":id")) continue;
        for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "-1", "9".repeat(30), "%ED%A0%80"]) {
          const bad = concreteUrl(scene, route.url.replace(":id", "__ID__"), space).replace("__ID__", id);
          const response = await send(route.method, bad, { as: "token", contentType: "application/json", payload: "{}" });
          const found = problem(response, bad);
          if (found) failures.push(`${route.method} ${route.url} with id ${id}: ${found}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("answers lists, searches, queues and their APIs given bad filters, numbers, dates and cursors, never with a 500", async () => {
    const failures: string[] = [];
    const queries = [
      ...BAD_TEXTS.filter((value) => value !== HUGE).map((value) => QUERY_KEYS.map((key) => `${key}=${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "x"))}`).join("&")),
      QUERY_KEYS.map((key) => `${key}=${"q".repeat(100_000)}`).slice(0, 3).join("&"),
      QUERY_KEYS.map((key) => `${key}=a&${key}=b&${key}[]=c`).join("&"),
      QUERY_KEYS.map((key) => `${key}=%ED%A0%80%FF`).join("&"),
      "limit=0&after=0&cursor=0",
      "limit=-5&after=-5&page=-5",
      `limit=${Number.MAX_SAFE_INTEGER}&after=${"9".repeat(25)}&cursor=${Buffer.from('{"a":1}').toString("base64url")}`,
    ];
    // Each address once (a platform route is the same address for both spaces), and an anonymous visitor on the public
    // space only: the private space refuses them before any handler reads a parameter (knowledge-access.test.ts).
    const targets = new Map<string, { url: string; route: string; space: string; as: "session" | "token" | "anonymous" }>();
    for (const route of routes().filter((candidate) => candidate.method === "GET")) {
      for (const space of ["public", "private"] as const) {
        const url = concreteUrl(scene, route.url, space);
        for (const as of isApiRoute(route.url) ? (["token", "anonymous"] as const) : (["session", "anonymous"] as const)) {
          if (as !== "anonymous" || space === "public") targets.set(`${as} ${url}`, { url, route: route.url, space, as });
        }
      }
    }
    for (const { url, route, space, as } of targets.values()) {
      for (const query of queries) {
        const response = await send("GET", `${url}?${query}`, { as });
        const found = problem(response, url);
        if (found) failures.push(`GET ${route} (${space}) as ${as} ?${query.slice(0, 80)}: ${found}`);
      }
    }
    // The process is still serving.
    assert.equal((await send("GET", "/knowledge", { as: "anonymous" })).statusCode, 200);
    assert.deepEqual(failures, []);
  });

  it("answers the contact relay for every kind and a bad, unknown or other kind's id with a 4xx, never a 500", async () => {
    const failures: string[] = [];
    const ids = ["not-a-uuid", "00000000-0000-0000-0000-000000000000", scene.expert, scene.knowledge[scene.publicSpace]!.practice!, scene.organisationA.slug, "-1", "9".repeat(40), "%ED%A0%80", "%00"];
    for (const kind of ["expert", "practice", "organisation", "nothing", "__proto__", "constructor", "%00"]) {
      for (const id of ids) {
        for (const as of ["anonymous", "session"] as const) {
          const url = `/contact/${kind}/${id}`;
          const page = await send("GET", url, { as });
          const posted = await send("POST", url, { as, contentType: "application/x-www-form-urlencoded", payload: `_csrf=${CSRF}&name=${"n".repeat(5000)}&email=javascript:alert(1)&subject=%00&message=${encodeURIComponent(HUGE)}&message=b&consent=yes` });
          for (const [method, response] of [["GET", page], ["POST", posted]] as const) {
            const found = problem(response, url);
            if (found) failures.push(`${method} ${url} as ${as}: ${found}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
