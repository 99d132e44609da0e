// The knowledge hub's access matrix: who sees drafts, private-space guidance, unpublished practices, draft
// resources, paused experts and enquiries, who manages the glossary, and whether a token opens any of it — on
// pages, in the API, in site search and through the contact relay. Each row names a URL, who asks and what they
// must get; a refused row must also leave the thing's marker word out of the answer.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { createApiToken, type ApiScope } from "../../src/platform/api/tokens";
import { Browser, createTestApp, type TestApp } from "../../src/testing/harness";
import { buildUser, TEST_PASSWORD, type BuiltUser } from "../../src/testing/factories";
import { buildOrganisation } from "../../src/modules/organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../src/modules/spaces/factories";
import { saveDocument } from "../../src/modules/knowledge/guidance/commands/save-document";
import { submitEnquiry } from "../../src/modules/knowledge/enquiries/commands/submit-enquiry";
import { saveExpertProfile } from "../../src/modules/knowledge/experts/commands/save-expert-profile";
import { setExpertListing } from "../../src/modules/knowledge/experts/commands/set-expert-listing";
import { submitPractice } from "../../src/modules/knowledge/practices/commands/submit-practice";
import { reviewPractice } from "../../src/modules/knowledge/practices/commands/review-practice";
import { buildResource } from "../../src/modules/knowledge/resources/factories";

/** Marker words, one per hidden thing, unlikely anywhere else (and stemmed to themselves). */
const DRAFT = "quokkadraft";
const CLOSED = "wombatclosed";
const PENDING = "numbatpending";
const RESOURCE = "bilbyresource";
const PAUSED = "dingopaused";
const ENQUIRY = "echidnaenquiry";

type Who = "visitor" | "stranger" | "member" | "submitter" | "coordinator" | "admin" | "outsider";

describe("knowledge hub access matrix", () => {
  let t: TestApp;
  let open: BuiltSpace;
  let closed: BuiltSpace;
  /** A third space, coordinated by "outsider" only: its role must open nothing of the other two. */
  let other: BuiltSpace;
  const users = {} as Record<Exclude<Who, "visitor">, BuiltUser>;
  const browsers = {} as Record<Who, Browser>;
  let practice: string;
  /** A published practice of the private space. */
  let closedPractice: string;
  let resource: string;
  let expert: string;
  let enquiry: number;
  let platformEnquiry: number;
  const token = async (who: Exclude<Who, "visitor">, scopes: ApiScope[]) => (await createApiToken(t.services.db, { userId: users[who].id, name: "matrix", scopes })).secret;

  before(async () => {
    t = await createTestApp();
    const services = t.services;
    users.admin = await buildUser(services, { isPlatformAdmin: true });
    users.coordinator = await buildUser(services);
    users.member = await buildUser(services);
    users.submitter = await buildUser(services);
    users.stranger = await buildUser(services);
    users.outsider = await buildUser(services);
    open = await buildSpace(services, { enabledModules: ["knowledge"], frameworkKeys: ["GBF"], createdBy: users.admin.id });
    closed = await buildSpace(services, { enabledModules: ["knowledge"], visibility: "private", createdBy: users.admin.id });
    other = await buildSpace(services, { enabledModules: ["knowledge"], frameworkKeys: ["GBF"], createdBy: users.admin.id });
    await addSpaceRole(services, other.id, users.outsider.id, "coordinator");
    for (const space of [open, closed]) {
      await addSpaceRole(services, space.id, users.coordinator.id, "coordinator");
      await addSpaceRole(services, space.id, users.member.id, "member");
    }
    const now = services.clock.now();
    const save = (spaceId: string, slug: string, status: "draft" | "published", word: string) =>
      services.db.transaction((tx) =>
        saveDocument(tx, { spaceId, slug, kind: "guidance", language: "en", title: `Guide ${word}`, tags: [], bodyMd: `## Section\n\nAbout ${word} and accreditation.`, status, translationOfSlug: null, collectionId: null }, { actorUserId: users.coordinator.id, source: "ui", now }),
      );
    await save(open.id, "secret-draft", "draft", DRAFT);
    await save(closed.id, "closed-guide", "published", CLOSED);
    const organisation = await buildOrganisation(services, { ownerId: users.submitter.id });
    practice = (
      await submitPractice(services, { id: users.submitter.id, isPlatformAdmin: false, isEmailVerified: true }, open.slug, {
        organisationId: organisation.id, kind: "project", title: { en: `Practice ${PENDING}` }, summary: { en: `About ${PENDING}.` }, language: "en", countries: ["KZ"], actorTypes: ["ngo"], links: [],
      })
    ).id;
    await addSpaceRole(services, closed.id, users.submitter.id, "member");
    closedPractice = (
      await submitPractice(services, { id: users.submitter.id, isPlatformAdmin: false, isEmailVerified: true }, closed.slug, {
        organisationId: organisation.id, kind: "project", title: { en: `Practice ${CLOSED}` }, summary: { en: `About ${CLOSED}.` }, language: "en", countries: ["KZ"], actorTypes: ["ngo"], links: [],
      })
    ).id;
    await reviewPractice(services, { id: users.coordinator.id, isPlatformAdmin: false }, closedPractice, { decision: "publish" });
    resource = await buildResource(services, { spaceId: open.id, status: "draft", actorUserId: users.coordinator.id, title: { en: `Resource ${RESOURCE}` }, description: { en: `About ${RESOURCE}.` } });
    expert = (await saveExpertProfile(services, users.stranger.id, { displayName: `Expert ${PAUSED}`, headline: {}, bio: { en: `About ${PAUSED}.` }, tags: [], languages: ["en"], country: null, organisationId: null, itemIds: [] })).id;
    await setExpertListing(services, users.stranger.id, false);
    enquiry = (await submitEnquiry(services, { space: { id: open.id, slug: open.slug, title: open.title }, asker: { kind: "visitor", name: "Asker", email: "asker@example.org", language: "en" }, question: `What about ${ENQUIRY}?`, details: "", tags: [] })).number;
    platformEnquiry = (await submitEnquiry(services, { space: null, asker: { kind: "visitor", name: "Asker", email: "asker2@example.org", language: "en" }, question: `Platform ${ENQUIRY}?`, details: "", tags: [] })).number;
    browsers.visitor = new Browser(t.app);
    for (const who of Object.keys(users) as Exclude<Who, "visitor">[]) browsers[who] = await new Browser(t.app).logIn(users[who].email, TEST_PASSWORD);
  });
  after(() => t.close());

  const api = (url: string, secret?: string, method: "GET" | "POST" | "PUT" | "DELETE" = "GET", body?: unknown) =>
    t.app.inject({ method, url, headers: { accept: "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });

  /** Collects what is wrong with one answer: the status, and a refused answer that still shows the marker. */
  const check = (failures: string[], label: string, response: LightMyRequestResponse, expected: number | number[], marker: string) => {
    const statuses = [expected].flat();
    if (!statuses.includes(response.statusCode)) failures.push(`${label}: ${response.statusCode}, expected ${statuses.join("/")} — ${response.body.slice(0, 140).replace(/\s+/g, " ")}`);
    const isRefused = statuses.every((status) => status >= 400);
    if (isRefused && response.body.includes(marker)) failures.push(`${label}: the refused answer shows ${marker}`);
    if (!isRefused && response.statusCode < 300 && !response.body.includes(marker)) failures.push(`${label}: the allowed answer lacks ${marker}`);
  };
  /** One URL for everyone; a coordinator of another space ("outsider") is answered as a stranger unless said otherwise. */
  const pages = async (failures: string[], url: string, marker: string, expected: Omit<Record<Who, number | number[]>, "outsider"> & { outsider?: number | number[] }) => {
    for (const [who, status] of Object.entries({ outsider: expected.stranger, ...expected }) as [Who, number | number[]][]) check(failures, `${who} GET ${url}`, await browsers[who].get(url), status, marker);
  };
  /**
   * A list or search answer: the thing's link (`marker`, not the searched word, which the search box echoes) is
   * there for those who may see it and nowhere else.
   */
  const listed = async (failures: string[], url: string, marker: string, seers: Who[]) => {
    for (const who of Object.keys(browsers) as Who[]) {
      const response = await browsers[who].get(url);
      if (response.statusCode >= 500) failures.push(`${who} GET ${url}: ${response.statusCode}`);
      if (response.body.includes(marker) !== seers.includes(who)) failures.push(`${who} GET ${url}: ${seers.includes(who) ? "misses" : "shows"} ${marker}`);
    }
  };

  it("draft guidance: only the hub's managers see, edit or fetch it", async () => {
    const failures: string[] = [];
    const base = `/spaces/${open.slug}/knowledge/guidance`;
    await pages(failures, `${base}/secret-draft`, DRAFT, { visitor: 404, stranger: 404, member: 404, submitter: 404, coordinator: 200, admin: 200 });
    await pages(failures, `${base}/secret-draft/edit`, DRAFT, { visitor: [401, 404], stranger: [403, 404], member: [403, 404], submitter: [403, 404], coordinator: 200, admin: 200 });
    await pages(failures, `${base}/secret-draft/versions`, DRAFT, { visitor: [401, 404], stranger: [403, 404], member: [403, 404], submitter: [403, 404], coordinator: 200, admin: 200 });
    await listed(failures, base, "guidance/secret-draft", ["coordinator", "admin"]);
    await listed(failures, `/search?q=${DRAFT}`, "guidance/secret-draft", []);
    const detail = `/api/v1/spaces/${open.slug}/documents/secret-draft`;
    check(failures, `anonymous ${detail}`, await api(detail), 404, DRAFT);
    check(failures, `stranger private:read ${detail}`, await api(detail, await token("stranger", ["private:read"])), 404, DRAFT);
    check(failures, `coordinator account:read ${detail}`, await api(detail, await token("coordinator", ["account:read"])), 404, DRAFT);
    check(failures, `coordinator knowledge:write ${detail}`, await api(detail, await token("coordinator", ["knowledge:write"])), 404, DRAFT);
    check(failures, `coordinator private:read ${detail}`, await api(detail, await token("coordinator", ["private:read"])), 200, DRAFT);
    const list = await api(`/api/v1/spaces/${open.slug}/documents`, await token("stranger", ["private:read"]));
    if (list.body.includes(DRAFT)) failures.push("the API list shows a draft to a stranger");
    const searched = await api(`/api/v1/search?q=${DRAFT}`, await token("member", ["private:read"]));
    if (searched.body.includes("secret-draft")) failures.push("API search shows a draft to a member");
    // Writing it: knowledge:write of someone who manages the hub, nobody else.
    const put = { lang: "en", title: `Guide ${DRAFT}`, body: `## Section\n\n${DRAFT} changed.`, status: "draft" };
    check(failures, `stranger knowledge:write PUT ${detail}`, await api(detail, await token("stranger", ["knowledge:write"]), "PUT", put), [403, 404], DRAFT);
    check(failures, `coordinator private:read PUT ${detail}`, await api(detail, await token("coordinator", ["private:read"]), "PUT", put), 403, DRAFT);
    check(failures, `member knowledge:write DELETE ${detail}`, await api(detail, await token("member", ["knowledge:write"]), "DELETE"), [403, 404], DRAFT);
    const written = await api(detail, await token("coordinator", ["knowledge:write"]), "PUT", put);
    if (written.statusCode !== 200) failures.push(`coordinator knowledge:write PUT ${detail}: ${written.statusCode} ${written.body.slice(0, 140)}`);
    assert.deepEqual(failures, []);
  });

  it("guidance of a private space: its members only, also through tokens and search", async () => {
    const failures: string[] = [];
    const url = `/spaces/${closed.slug}/knowledge/guidance/closed-guide`;
    // The submitter is a member of the private space too (they shared a practice there).
    await pages(failures, url, CLOSED, { visitor: [401, 404], stranger: [403, 404], member: 200, submitter: 200, coordinator: 200, admin: 200 });
    await listed(failures, `/search?q=${CLOSED}`, "closed-guide", ["member", "submitter", "coordinator", "admin"]);
    // The platform hub answers from platform guidance only, so a space's guide is cited nowhere there.
    await listed(failures, `/knowledge/ask?q=${CLOSED}`, "closed-guide", []);
    await listed(failures, `/spaces/${closed.slug}/knowledge/ask?q=${CLOSED}`, "closed-guide", ["member", "submitter", "coordinator", "admin"]);
    // Its published practices too, and their contact form (the submitter may not write to themselves: 403).
    await pages(failures, `/spaces/${closed.slug}/knowledge/practices/${closedPractice}`, CLOSED, { visitor: [401, 404], stranger: [403, 404], member: 200, submitter: 200, coordinator: 200, admin: 200 });
    await pages(failures, `/contact/practice/${closedPractice}`, CLOSED, { visitor: 404, stranger: 404, member: 200, submitter: [403, 404], coordinator: 200, admin: 200 });
    await listed(failures, "/knowledge/practices", closedPractice, ["member", "submitter", "coordinator", "admin"]);
    const practices = await api("/api/v1/practices", await token("stranger", ["private:read"]));
    if (practices.body.includes(closedPractice)) failures.push("the practices API lists a private space's practice to a stranger");
    const detail = `/api/v1/spaces/${closed.slug}/documents/closed-guide`;
    check(failures, `anonymous ${detail}`, await api(detail), [401, 403, 404], CLOSED);
    check(failures, `stranger private:read ${detail}`, await api(detail, await token("stranger", ["private:read"])), [403, 404], CLOSED);
    check(failures, `member knowledge:write ${detail}`, await api(detail, await token("member", ["knowledge:write"])), [401, 403, 404], CLOSED);
    check(failures, `member private:read ${detail}`, await api(detail, await token("member", ["private:read"])), 200, CLOSED);
    for (const url of [`/api/v1/search?q=${CLOSED}`, `/api/v1/answers?q=${CLOSED}`, `/api/v1/faq`, `/api/v1/documents`]) {
      const response = await api(url, await token("stranger", ["private:read"]));
      if (response.statusCode >= 500 || response.body.includes("closed-guide")) failures.push(`stranger private:read GET ${url}: ${response.statusCode} shows ${CLOSED}`);
    }
    assert.deepEqual(failures, []);
  });

  it("an unpublished practice: its submitter and the coordinators, nobody else, and no contact form", async () => {
    const failures: string[] = [];
    const url = `/spaces/${open.slug}/knowledge/practices/${practice}`;
    await pages(failures, url, PENDING, { visitor: 404, stranger: 404, member: 404, submitter: 200, coordinator: 200, admin: 200 });
    await pages(failures, `${url}/edit`, PENDING, { visitor: [401, 404], stranger: [403, 404], member: [403, 404], submitter: 200, coordinator: [200, 403], admin: [200, 403] });
    // Its submitter finds it among their own submissions on the list.
    await listed(failures, `/spaces/${open.slug}/knowledge/practices`, practice, ["submitter"]);
    await listed(failures, `/spaces/${open.slug}/knowledge/practices/review`, practice, ["coordinator", "admin"]);
    await listed(failures, `/search?q=${PENDING}`, practice, []);
    await listed(failures, `/spaces/${open.slug}/knowledge/practices/export.csv`, practice, []);
    await pages(failures, `/contact/practice/${practice}`, PENDING, { visitor: 404, stranger: 404, member: 404, submitter: 404, coordinator: 404, admin: 404 });
    const detail = `/api/v1/spaces/${open.slug}/practices/${practice}`;
    check(failures, `anonymous ${detail}`, await api(detail), 404, PENDING);
    check(failures, `stranger private:read ${detail}`, await api(detail, await token("stranger", ["private:read"])), 404, PENDING);
    check(failures, `submitter account:read ${detail}`, await api(detail, await token("submitter", ["account:read"])), 404, PENDING);
    const list = await api(`/api/v1/practices`, await token("stranger", ["private:read"]));
    if (list.body.includes(PENDING)) failures.push("the practices API lists an unpublished practice to a stranger");
    assert.deepEqual(failures, []);
  });

  it("a draft resource: the space's coordinators only, on pages, feeds and the API", async () => {
    const failures: string[] = [];
    const url = `/spaces/${open.slug}/knowledge/resources/${resource}`;
    await pages(failures, url, RESOURCE, { visitor: 404, stranger: 404, member: 404, submitter: 404, coordinator: 200, admin: 200 });
    await pages(failures, `${url}/edit`, RESOURCE, { visitor: [401, 404], stranger: [403, 404], member: [403, 404], submitter: [403, 404], coordinator: 200, admin: 200 });
    await pages(failures, `/spaces/${open.slug}/knowledge/resources/manage`, RESOURCE, { visitor: [401, 404], stranger: [403, 404], member: [403, 404], submitter: [403, 404], coordinator: 200, admin: 200 });
    await listed(failures, `/spaces/${open.slug}/knowledge/resources`, resource, []);
    await listed(failures, `/spaces/${open.slug}/knowledge/resources/feed.atom`, resource, []);
    await listed(failures, `/search?q=${RESOURCE}`, resource, []);
    const detail = `/api/v1/spaces/${open.slug}/resources/${resource}`;
    check(failures, `anonymous ${detail}`, await api(detail), 404, RESOURCE);
    check(failures, `stranger private:read ${detail}`, await api(detail, await token("stranger", ["private:read"])), 404, RESOURCE);
    check(failures, `coordinator knowledge:write ${detail}`, await api(detail, await token("coordinator", ["knowledge:write"])), 404, RESOURCE);
    // The read API serves published resources only (drafts are worked on through the pages and the write API).
    check(failures, `coordinator private:read ${detail}`, await api(detail, await token("coordinator", ["private:read"])), 404, RESOURCE);
    const publish = `/api/v1/spaces/${open.slug}/resources/${resource}/publish`;
    check(failures, `stranger knowledge:write POST ${publish}`, await api(publish, await token("stranger", ["knowledge:write"]), "POST", {}), [403, 404], RESOURCE);
    check(failures, `coordinator private:read POST ${publish}`, await api(publish, await token("coordinator", ["private:read"]), "POST", {}), 403, RESOURCE);
    assert.deepEqual(failures, []);
  });

  it("a paused expert is absent everywhere, contact form included", async () => {
    const failures: string[] = [];
    // Its owner ("stranger" here) still sees their paused profile.
    await pages(failures, `/experts/${expert}`, PAUSED, { outsider: 404, visitor: 404, stranger: 200, member: 404, submitter: 404, coordinator: 404, admin: [200, 404] });
    await pages(failures, `/contact/expert/${expert}`, PAUSED, { visitor: 404, stranger: 404, member: 404, submitter: 404, coordinator: 404, admin: 404 });
    const sent = await browsers.member.post(`/contact/expert/${expert}`, { subject: "Hello", message: "A question for you about wetlands." });
    if (sent.statusCode !== 404) failures.push(`member POST /contact/expert/:id of a paused expert: ${sent.statusCode}`);
    await listed(failures, "/experts", expert, []);
    await listed(failures, `/search?q=${PAUSED}`, expert, []);
    check(failures, "anonymous /api/v1/experts/:id", await api(`/api/v1/experts/${expert}`), 404, PAUSED);
    check(failures, "its owner's token /api/v1/experts/:id", await api(`/api/v1/experts/${expert}`, await token("stranger", ["private:read"])), 404, PAUSED);
    const list = await api("/api/v1/experts", await token("admin", ["private:read"]));
    if (list.body.includes(expert)) failures.push("the experts API lists a paused expert");
    assert.deepEqual(failures, []);
  });

  it("enquiries: the queue's workers only, and tokens only with enquiries:read", async () => {
    const failures: string[] = [];
    const base = `/spaces/${open.slug}/knowledge/enquiries`;
    for (const url of [base, `${base}/${enquiry}`]) await pages(failures, url, ENQUIRY, { visitor: 401, stranger: 403, member: 403, submitter: 403, coordinator: 200, admin: 200 });
    await pages(failures, `/knowledge/enquiries/${platformEnquiry}`, ENQUIRY, { visitor: 401, stranger: 403, member: 403, submitter: 403, coordinator: 403, admin: 200 });
    // A number from another queue is not this queue's.
    await pages(failures, `${base}/${platformEnquiry}`, ENQUIRY, { visitor: 401, stranger: 403, member: 403, submitter: 403, coordinator: 404, admin: 404 });
    // The read API with a browser session: the same rule.
    for (const [who, expected] of [["visitor", 401], ["stranger", 403], ["member", 403], ["outsider", 403], ["coordinator", 200]] as const) {
      check(failures, `${who} session GET /api/v1/spaces/:slug/enquiries`, await browsers[who].get(`/api/v1/spaces/${open.slug}/enquiries`, { accept: "application/json" }), expected, ENQUIRY);
    }
    const answered = await browsers.stranger.post(`${base}/${enquiry}/answer`, { answer: "Leaked" });
    if (answered.statusCode !== 403) failures.push(`stranger POST answer: ${answered.statusCode}`);
    const detail = `/api/v1/spaces/${open.slug}/enquiries/${enquiry}`;
    check(failures, `anonymous ${detail}`, await api(detail), 401, ENQUIRY);
    check(failures, `coordinator private:read ${detail}`, await api(detail, await token("coordinator", ["private:read", "knowledge:write"])), 403, ENQUIRY);
    check(failures, `stranger enquiries:read ${detail}`, await api(detail, await token("stranger", ["enquiries:read"])), 403, ENQUIRY);
    check(failures, `coordinator enquiries:read ${detail}`, await api(detail, await token("coordinator", ["enquiries:read"])), 200, ENQUIRY);
    check(failures, "coordinator enquiries:read /api/v1/enquiries/:number", await api(`/api/v1/enquiries/${platformEnquiry}`, await token("coordinator", ["enquiries:read"])), 403, ENQUIRY);
    check(failures, "admin enquiries:read /api/v1/enquiries/:number", await api(`/api/v1/enquiries/${platformEnquiry}`, await token("admin", ["enquiries:read"])), 200, ENQUIRY);
    check(failures, "admin enquiries:read of a space's number on the platform queue", await api(`/api/v1/enquiries/${enquiry}`, await token("admin", ["enquiries:read"])), 404, ENQUIRY);
    // A bearer token does not open the queue's pages, however many scopes it has.
    const all = await token("coordinator", ["enquiries:read", "private:read", "knowledge:write"]);
    check(failures, "coordinator's token on the queue page", await t.app.inject({ method: "GET", url: base, headers: { accept: "text/html", authorization: `Bearer ${all}` } }), 401, ENQUIRY);
    assert.deepEqual(failures, []);
  });

  it("glossary management: a space's coordinators and platform admins; the platform glossary: admins only", async () => {
    const failures: string[] = [];
    const term = { en: "mangrove belt", ru: "мангровый пояс" };
    const add = (who: Who, url: string) => browsers[who].post(url, { "terms.en": term.en, "terms.ru": term.ru, en: term.en, ru: term.ru });
    for (const [who, expected] of [["visitor", [401]], ["stranger", [403]], ["member", [403]], ["coordinator", [303, 200]], ["admin", [303, 200]]] as const) {
      const response = await add(who, `/spaces/${open.slug}/knowledge/glossary`);
      if (!(expected as readonly number[]).includes(response.statusCode)) failures.push(`${who} POST space glossary: ${response.statusCode}`);
    }
    for (const [who, expected] of [["visitor", [401]], ["stranger", [403]], ["coordinator", [403]], ["admin", [303, 200]]] as const) {
      const response = await add(who, "/knowledge/glossary");
      if (!(expected as readonly number[]).includes(response.statusCode)) failures.push(`${who} POST platform glossary: ${response.statusCode}`);
    }
    const closedGlossary = await browsers.stranger.post(`/spaces/${closed.slug}/knowledge/glossary/remove`, { id: "00000000-0000-0000-0000-000000000000" });
    if (![403, 404].includes(closedGlossary.statusCode)) failures.push(`stranger POST remove in a private space: ${closedGlossary.statusCode}`);
    assert.deepEqual(failures, []);
  });

  it("a browser session on the write API needs the CSRF token, as on every other API route", async () => {
    const url = `/api/v1/spaces/${open.slug}/documents/csrf-check`;
    const body = JSON.stringify({ lang: "en", title: "CSRF check", body: "## A\n\nText.", status: "draft" });
    const cookie = browsers.coordinator.cookieHeader();
    const without = await t.app.inject({ method: "PUT", url, headers: { accept: "application/json", "content-type": "application/json", cookie }, payload: body });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().error.code, "forbidden");
    const csrf = browsers.coordinator.cookie("convene_csrf")!;
    const withToken = await t.app.inject({ method: "PUT", url, headers: { accept: "application/json", "content-type": "application/json", cookie, "x-csrf-token": csrf }, payload: body });
    assert.ok([200, 201].includes(withToken.statusCode), `${withToken.statusCode} ${withToken.body.slice(0, 200)}`);
  });

  it("a coordinator of another space reaches nothing of this one through their own space's URLs or the API", async () => {
    const failures: string[] = [];
    const mine = `/spaces/${other.slug}/knowledge`;
    const as = browsers.outsider;
    const attempts: [string, Promise<LightMyRequestResponse>][] = [
      ["GET resource edit", as.get(`${mine}/resources/${resource}/edit`)],
      ["POST resource edit", as.post(`${mine}/resources/${resource}/edit`, { kind: "toolkit", "title.en": "Taken", link: "https://example.org/x" })],
      ["POST resource publish", as.post(`${mine}/resources/${resource}/publish`, {})],
      ["GET practice", as.get(`${mine}/practices/${practice}`)],
      ["POST practice review", as.post(`${mine}/practices/${practice}/review`, { decision: "publish" })],
      ["GET enquiry", as.get(`${mine}/enquiries/${enquiry}`)],
      ["POST enquiry answer", as.post(`${mine}/enquiries/${enquiry}/answer`, { answer: "Taken over" })],
      ["POST enquiry close", as.post(`${mine}/enquiries/${enquiry}/close`, {})],
      ["GET draft guide", as.get(`${mine}/guidance/secret-draft`)],
    ];
    for (const [label, pending] of attempts) {
      const response = await pending;
      if (response.statusCode !== 404) failures.push(`${label} through ${other.slug}: ${response.statusCode}`);
    }
    const write = await token("outsider", ["knowledge:write", "private:read", "enquiries:read"]);
    const apiAttempts: [string, Promise<LightMyRequestResponse>, number[]][] = [
      ["PUT space resource", api(`/api/v1/spaces/${other.slug}/resources/${resource}`, write, "PUT", { kind: "toolkit", title: { en: "Taken" }, link: "https://example.org/x" }), [404]],
      ["POST space resource publish", api(`/api/v1/spaces/${other.slug}/resources/${resource}/publish`, write, "POST", {}), [404]],
      ["PUT platform resource", api(`/api/v1/resources/${resource}`, write, "PUT", { kind: "toolkit", title: { en: "Taken" }, link: "https://example.org/x" }), [403, 404]],
      ["PUT open's guide", api(`/api/v1/spaces/${open.slug}/documents/secret-draft`, write, "PUT", { lang: "en", title: "Taken", body: "## A\n\nTaken." }), [403]],
      ["DELETE open's guide", api(`/api/v1/spaces/${open.slug}/documents/secret-draft`, write, "DELETE"), [403]],
      ["GET enquiry through own queue", api(`/api/v1/spaces/${other.slug}/enquiries/${enquiry}`, write), [404]],
      ["GET open's enquiry", api(`/api/v1/spaces/${open.slug}/enquiries/${enquiry}`, write), [403]],
      ["GET platform enquiry", api(`/api/v1/enquiries/${platformEnquiry}`, write), [403]],
      ["GET practice through own space", api(`/api/v1/spaces/${other.slug}/practices/${practice}`, write), [404]],
    ];
    for (const [label, pending, expected] of apiAttempts) {
      const response = await pending;
      if (!expected.includes(response.statusCode)) failures.push(`${label}: ${response.statusCode} ${response.body.slice(0, 120)}`);
      if (response.body.includes(ENQUIRY) || response.body.includes(PENDING) || response.body.includes(RESOURCE)) failures.push(`${label}: shows what it must not`);
    }
    // Nothing changed: the draft is still a draft, the practice waits, the enquiry has no answer.
    const coordinator = browsers.coordinator;
    if (!(await coordinator.get(`/spaces/${open.slug}/knowledge/resources/${resource}`)).body.includes(RESOURCE)) failures.push("the resource changed");
    if ((await browsers.visitor.get(`/spaces/${open.slug}/knowledge/resources/${resource}`)).statusCode !== 404) failures.push("the resource was published");
    if ((await browsers.visitor.get(`/spaces/${open.slug}/knowledge/practices/${practice}`)).statusCode !== 404) failures.push("the practice was published");
    if ((await coordinator.get(`/spaces/${open.slug}/knowledge/enquiries/${enquiry}`)).body.includes("Taken over")) failures.push("the enquiry was answered");
    assert.deepEqual(failures, []);
  });
});
