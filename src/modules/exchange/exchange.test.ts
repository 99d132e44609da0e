import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { createTestApp, Browser, type TestApp } from "../../testing/harness";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { buildCommitment } from "../commitments/factories";
import { commitments } from "../commitments/schema";
import { openStats } from "../commitments/queries-open-data";
import { buildEvent } from "../events/factories";
import { buildPost } from "../news/factories";
import { knowledgeDocuments } from "../knowledge/schema";
import { organisations } from "../organisations/schema";
import { importUpload, runHarvest } from "./commands/harvest";
import { exchangeExporters, eachExported, type ExchangeExporter } from "./exporters";
import { assertFetchable, fetchDocument, FetchRefused, isPrivateAddress, DEFAULT_FETCH_LIMITS } from "./fetch-source";
import { exchangeRecords, exchangeRuns } from "./schema";
import { EXCHANGE_FORMATS, type ExchangeFormat } from "./shapes";
import { getSpaceForViewer } from "../spaces/queries";
import { createApiToken } from "../../platform/api/tokens";

/** A free loopback port, for an app whose PUBLIC_URL must name the address it will listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The multipart body a browser sends for the import form, serialised by the platform's own FormData. */
async function uploadBody(csrf: string, fileName: string, content: string): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new Blob([content], { type: "application/json" }), fileName);
  const request = new Request("http://local/", { method: "POST", body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

describe("clearing-house exchange", () => {
  let t: TestApp;
  let partner: TestApp;
  let partnerUrl: string;
  let space: BuiltSpace;
  let privateSpace: BuiltSpace;
  let coordinator: BuiltUser;
  let browser: Browser;
  let fixture: Server;
  let fixtureUrl: string;

  before(async () => {
    t = await createTestApp({ env: { CONVENE_HARVEST_ALLOW_PRIVATE: "true" } });
    const port = await freePort();
    partnerUrl = `http://127.0.0.1:${port}`;
    // A second Convene, on its own database, serving its public API over loopback.
    partner = await createTestApp({ env: { PUBLIC_URL: partnerUrl } });
    await partner.app.listen({ port, host: "127.0.0.1" });

    space = await buildSpace(t.services, { slug: "agenda", frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments", "events", "knowledge", "news"] });
    privateSpace = await buildSpace(t.services, { slug: "closed", visibility: "private", enabledModules: ["commitments", "events"] });
    const consenting = await buildCommitment(t.services, {
      spaceId: space.id,
      spaceSlug: space.slug,
      status: "published",
      title: { en: `${XSS} Restore the Ili floodplain`, ru: `${XSS} Восстановить пойму Или` },
      description: { en: "Five hundred hectares.", ru: "Пятьсот гектаров." },
      countries: ["KZ", "KG"],
      coverage: "multi_country",
      primaryItemKey: ["GBF", "GBF-TARGET-02"],
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]],
      publishedAt: new Date("2026-02-01T10:00:00Z"),
    });
    const withoutConsent = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "published", title: { en: "No consent given" } });
    const draft = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, status: "draft", title: { en: "A draft" } });
    const secret = await buildCommitment(t.services, { spaceId: privateSpace.id, spaceSlug: privateSpace.slug, status: "published", title: { en: "Private space" } });
    await t.services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, consenting.id));
    await t.services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, draft.id));
    await t.services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, secret.id));
    await t.services.db.update(commitments).set({ isPartnerDisplayAllowed: false }).where(eq(commitments.id, withoutConsent.id));
    // The owner's organisation: a public email, a private phone.
    await t.services.db
      .update(organisations)
      .set({ contacts: { email: { value: "office@example.org", visibility: "public" }, phone: { value: "+7 700 000 0000", visibility: "private" } }, country: "KZ" })
      .where(eq(organisations.id, consenting.organisationId!));

    await buildEvent(t.services, { space, title: { en: `${XSS} Round table`, ru: "Круглый стол" } });
    await buildEvent(t.services, { space, title: { en: "Draft event" }, status: "draft" });
    await buildEvent(t.services, { space, title: { en: "Members only" }, visibility: "members" });
    await buildPost(t.services, { space, title: { en: "Wetlands mapped", ru: "Угодья нанесены на карту" }, topics: ["wetlands"] });
    await buildPost(t.services, { space, title: { en: "Unreleased story" }, status: "draft" });
    await t.services.db.insert(knowledgeDocuments).values([
      { spaceId: space.id, slug: "observer-guide", language: "en", title: "Guide for observers", tags: ["observers"], status: "published" },
      { spaceId: space.id, slug: "draft-guide", language: "en", title: "Draft guide", status: "draft" },
    ]);

    coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    browser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);

    // Fixtures served over loopback for the URL limits: a big body, a slow answer, a redirect into a private address.
    fixture = createServer((request, response) => {
      if (request.url === "/big") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(`{"records":[${"0,".repeat(5000)}0]}`);
      } else if (request.url === "/slow") {
        setTimeout(() => response.end("{}"), 2000).unref();
      } else if (request.url === "/redirect") {
        response.writeHead(302, { location: "http://10.0.0.1/inside" });
        response.end();
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => fixture.listen(0, "127.0.0.1", resolve));
    fixtureUrl = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}`;

    // The partner Convene's own public commitments, for the harvest over HTTP.
    const partnerSpace = await buildSpace(partner.services, { slug: "partner-agenda", enabledModules: ["commitments"] });
    for (const title of ["Clean rivers pledge", "Urban trees pledge", "Wetland watch pledge"]) {
      const made = await buildCommitment(partner.services, { spaceId: partnerSpace.id, spaceSlug: partnerSpace.slug, status: "published", title: { en: title, ru: `${title} (ru)` }, countries: ["UZ"] });
      await partner.services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, made.id));
    }
  });

  after(async () => {
    await new Promise<void>((resolve) => fixture.close(() => resolve()));
    await partner?.close();
    await t?.close();
  });

  const exportOf = async (kind: string, format: ExchangeFormat, slug = "agenda", extra = "") => {
    const response = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${slug}/exchange/${kind}?format=${format}${extra}` });
    return response;
  };
  const recordsOf = async (spaceId: string) => t.services.db.select().from(exchangeRecords).where(eq(exchangeRecords.spaceId, spaceId));

  it("exports only published, consenting commitments of public spaces, in the CBD shape with language maps", async () => {
    const response = await exportOf("commitments", "cbd");
    assert.equal(response.statusCode, 200, response.body);
    const document = response.json() as { records: { header: { identifier: string }; title: Record<string, string> }[] };
    assert.deepEqual(
      document.records.map((record) => record.title.en),
      [`${XSS} Restore the Ili floodplain`],
    );
    assert.equal(document.records[0]!.title.ru, `${XSS} Восстановить пойму Или`);
    assert.match(document.records[0]!.header.identifier, /^convene\.test:agenda:\d+$/);
    assert.ok(!response.body.includes("No consent given") && !response.body.includes("A draft"));
    assert.equal((await exportOf("commitments", "cbd", "closed")).statusCode, 404);
    assert.equal((await exportOf("commitments", "informea", "closed")).statusCode, 404);
    // A member of the private space gets no more: exports read as an anonymous visitor.
    assert.equal((await exportOf("nothing", "cbd")).statusCode, 404);
  });

  it("writes InforMEA localised strings as arrays of { language, value } in an OData envelope, paged with @odata.nextLink", async () => {
    const response = await exportOf("events", "informea", "agenda", "&limit=1");
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json() as { "@odata.context": string; value: { title: unknown; entityType: string }[]; "@odata.nextLink"?: string };
    assert.match(page["@odata.context"], /\$metadata#Meetings$/);
    assert.equal(page.value.length, 1);
    assert.ok(Array.isArray(page.value[0]!.title));
    for (const entry of page.value[0]!.title as { language: string; value: string }[]) assert.deepEqual(Object.keys(entry).sort(), ["language", "value"]);
    // Only one public, published event exists: no further page.
    assert.equal(page["@odata.nextLink"], undefined);
    const metadata = (await exportOf("$metadata", "informea")).json() as { Convene: { Exchange: Record<string, unknown> } };
    assert.deepEqual(Object.keys(metadata.Convene.Exchange).sort(), ["$Kind", "Commitments", "Contacts", "Documents", "Meetings", "News"]);
    const all = (await exportOf("commitments", "informea")).json() as { value: { title: { language: string; value: string }[] }[] };
    assert.deepEqual(all.value[0]!.title.map((entry) => entry.language).sort(), ["en", "ru"]);
  });

  it("never exports drafts, members-only events, meeting links, unpublished documents or private contact details", async () => {
    const events = (await exportOf("events", "jsonld")).body;
    assert.ok(events.includes("Round table"));
    assert.ok(!events.includes("Draft event") && !events.includes("Members only") && !events.includes("secret-room"));
    const documents = (await exportOf("documents", "cbd")).body;
    assert.ok(documents.includes("Guide for observers") && !documents.includes("Draft guide"));
    const news = (await exportOf("news", "informea")).body;
    assert.ok(news.includes("Wetlands mapped") && !news.includes("Unreleased story"));
    const contacts = (await exportOf("contacts", "cbd")).body;
    assert.ok(contacts.includes("office@example.org"));
    assert.ok(!contacts.includes("+7 700"));
    const feed = (await exportOf("commitments", "jsonld")).json() as { "@type": string; dataFeedElement: { item: { "@type": string; name: { "@language": string }[] } }[] };
    assert.equal(feed["@type"], "DataFeed");
    assert.equal(feed.dataFeedElement[0]!.item["@type"], "Project");
  });

  it("round-trips every export shape of every kind through the importer: same records, then unchanged", async () => {
    const viewed = { ...(await getSpaceForViewer(t.services.db, "agenda", null)), now: t.services.clock.now() };
    for (const exporter of exchangeExporters().filter((entry: ExchangeExporter) => entry.isEnabled(viewed))) {
      const exported: Awaited<ReturnType<typeof eachExported>> extends AsyncGenerator<infer T> ? T[] : never = [];
      for await (const item of eachExported(exporter, t.services.db, viewed, t.services.config.publicUrl)) exported.push(item);
      assert.ok(exported.length > 0, `${exporter.kind} exports something`);
      for (const format of EXCHANGE_FORMATS) {
        const target = await buildSpace(t.services, { enabledModules: ["commitments"] });
        const body = (await exportOf(exporter.path, format, "agenda", "&limit=1000")).body;
        const first = await importUpload(t.services, { spaceId: target.id, userId: coordinator.id, fileName: `${exporter.path}.${format}.json`, body });
        assert.deepEqual(first.report.map((line) => line.outcome), exported.map(() => "created"), `${exporter.kind} ${format}: ${JSON.stringify(first.report)}`);
        const stored = await recordsOf(target.id);
        for (const item of exported) {
          const record = stored.find((row) => row.sourceIdentifier === item.identifier);
          assert.ok(record, `${exporter.kind} ${format} ${item.identifier}`);
          const label = `${exporter.kind} ${format}`;
          assert.equal(record.kind, item.kind, label);
          assert.deepEqual(record.title, item.title, label);
          assert.deepEqual(record.description, Object.fromEntries(Object.entries(item.description).filter(([, text]) => text?.trim())), label);
          assert.deepEqual(record.actorName, Object.fromEntries(Object.entries(item.actorName).filter(([, text]) => text?.trim())), label);
          assert.deepEqual(record.countries, item.countries, label);
          assert.deepEqual(record.keywords, item.keywords, label);
          assert.equal(record.stage, item.stage, label);
          assert.equal(record.recordUrl, item.url, label);
          assert.deepEqual(record.contact, item.contact, label);
          assert.equal(record.sourceUpdatedAt?.toISOString() ?? null, item.updatedAt, label);
        }
        const again = await importUpload(t.services, { spaceId: target.id, userId: coordinator.id, fileName: `${exporter.path}.${format}.json`, body });
        assert.deepEqual(again.report.map((line) => line.outcome), exported.map(() => "unchanged"), `${exporter.kind} ${format} re-import`);
        assert.equal((await recordsOf(target.id)).length, exported.length);
      }
    }
  });

  it("reports a malformed document record by record and stores only the valid records", async () => {
    const target = await buildSpace(t.services, { enabledModules: ["commitments"] });
    const good = { header: { identifier: "chm:1", schema: "convene/stakeholder-commitment/1" }, title: { en: "Good one" }, coverage: { countries: [{ identifier: "kz" }] } };
    const body = JSON.stringify({
      schema: "cbd",
      records: [
        good,
        { header: { identifier: "chm:2", schema: "convene/stakeholder-commitment/1" }, title: {} },
        { header: { identifier: "chm:3", schema: "convene/stakeholder-commitment/1" }, title: { en: "Bad country" }, coverage: { countries: [{ identifier: "Kazakhstan" }] } },
        { header: { identifier: "chm:4", schema: "something/else" }, title: { en: "Unknown type" } },
        "not a record",
        { ...good, title: { en: "Repeated" } },
        { header: { identifier: "chm:7", schema: "convene/stakeholder-commitment/1" }, title: { en: "Link" }, source: { url: "javascript:alert(1)" } },
      ],
    });
    const { report } = await importUpload(t.services, { spaceId: target.id, userId: coordinator.id, fileName: "mixed.json", body });
    assert.deepEqual(report.map((line) => line.outcome), ["created", "skipped", "skipped", "skipped", "skipped", "skipped", "skipped"]);
    assert.match(report[1]!.reason!, /title/);
    assert.match(report[2]!.reason!, /coverage\.countries\.0\.identifier/);
    assert.match(report[3]!.reason!, /unknown record type/);
    assert.match(report[5]!.reason!, /duplicate/);
    assert.match(report[6]!.reason!, /source\.url/);
    const stored = await recordsOf(target.id);
    assert.deepEqual(stored.map((row) => row.sourceIdentifier), ["chm:1"]);
    assert.deepEqual(stored[0]!.countries, ["kz"]);
  });

  it("answers one clear 422 for a file that is not JSON or in no known shape, storing nothing", async () => {
    await browser.get(`/spaces/agenda/exchange`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(`/spaces/agenda/exchange`)).body)![1]!;
    const runsBefore = (await t.services.db.select().from(exchangeRuns).where(eq(exchangeRuns.spaceId, space.id))).length;
    for (const [content, message] of [
      ["this is <not> json", "The file is not JSON"],
      [JSON.stringify({ hello: "world" }), "neither a CBD clearing-house document"],
    ] as const) {
      const upload = await uploadBody(csrf, "broken.json", content);
      const response = await t.app.inject({ method: "POST", url: "/spaces/agenda/exchange/import", payload: upload.payload, headers: { "content-type": upload.contentType, cookie: browser.cookieHeader(), accept: "text/html" } });
      assert.equal(response.statusCode, 422);
      assert.ok(response.body.includes(message), response.body.slice(0, 500));
    }
    assert.equal((await t.services.db.select().from(exchangeRuns).where(eq(exchangeRuns.spaceId, space.id))).length, runsBefore);
    assert.equal((await recordsOf(space.id)).length, 0);
  });

  it("imports an uploaded file through the page for coordinators only, and shows the report", async () => {
    const body = (await exportOf("commitments", "cbd")).body;
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(`/spaces/agenda/exchange`)).body)![1]!;
    const upload = await uploadBody(csrf, "ours.json", body);
    const response = await t.app.inject({ method: "POST", url: "/spaces/agenda/exchange/import", payload: upload.payload, headers: { "content-type": upload.contentType, cookie: browser.cookieHeader(), accept: "text/html" } });
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    const report = await browser.get(response.headers.location as string);
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /1 created, 0 updated, 0 unchanged, 0 skipped/);
    assert.ok(!report.body.includes("<script>alert(1)"));
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const outsider = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await outsider.post("/spaces/agenda/exchange/harvest", { url: `${partnerUrl}/x` })).statusCode, 403);
    assert.equal((await outsider.get(response.headers.location as string)).statusCode, 403);
    assert.ok(!(await outsider.get("/spaces/agenda/exchange")).body.includes("exchange/import"));
    await t.services.db.delete(exchangeRecords).where(eq(exchangeRecords.spaceId, space.id));
  });

  it("imports through the API with a spaces:write token of a coordinator, reporting per record; 422 for a body in no known shape", async () => {
    const target = await buildSpace(t.services, { slug: "api-target", enabledModules: ["commitments"] });
    await addSpaceRole(t.services, target.id, coordinator.id, "coordinator");
    const token = (await createApiToken(t.services.db, { userId: coordinator.id, name: "import", scopes: ["spaces:write"] })).secret;
    const readOnly = (await createApiToken(t.services.db, { userId: coordinator.id, name: "read", scopes: ["private:read"] })).secret;
    const post = (payload: string, headers: Record<string, string>) => t.app.inject({ method: "POST", url: "/api/v1/spaces/api-target/exchange/import", payload, headers });
    const document = JSON.stringify({ records: [{ header: { identifier: "x:1", schema: "convene/event/1" }, title: { ru: "Вебинар" } }, { header: { identifier: "x:2", schema: "convene/event/1" }, title: { en: 5 } }] });
    const response = await post(document, { authorization: `Bearer ${token}`, "content-type": "application/json" });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { format: string; counts: Record<string, number>; records: { outcome: string; reason: string | null }[] };
    assert.equal(body.format, "cbd");
    assert.deepEqual(body.counts, { created: 1, updated: 0, unchanged: 0, skipped: 1 });
    assert.match(body.records[1]!.reason!, /^title\.en: /);
    const broken = await post("definitely not json", { authorization: `Bearer ${token}`, "content-type": "text/plain" });
    assert.equal(broken.statusCode, 422);
    assert.ok((broken.json() as { error: { fields: Record<string, string> } }).error.fields.document);
    assert.equal((await post(document, { authorization: `Bearer ${readOnly}`, "content-type": "application/json" })).statusCode, 403);
    assert.equal((await post(document, { "content-type": "application/json" })).statusCode, 401);
    assert.deepEqual((await recordsOf(target.id)).map((row) => row.title), [{ ru: "Вебинар" }]);
  });

  it("harvests a second Convene's public API as a job, shows its commitments beside ours marked with their source, and never counts them", async () => {
    const statsBefore = await openStats(t.services.db, space.id);
    const url = `${partnerUrl}/api/v1/spaces/partner-agenda/exchange/commitments?format=informea&limit=2`;
    const posted = await browser.post("/spaces/agenda/exchange/harvest", { url, name: "Partner Convene" });
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
    await t.services.jobs.drain();
    const runPage = await browser.get(posted.headers.location as string);
    assert.match(runPage.body, /3 created, 0 updated, 0 unchanged, 0 skipped/);
    const stored = await t.services.db.select().from(exchangeRecords).where(and(eq(exchangeRecords.spaceId, space.id), eq(exchangeRecords.kind, "commitment")));
    assert.equal(stored.length, 3);
    assert.ok(stored.every((row) => row.sourceOrigin === url && row.sourceIdentifier.startsWith(`127.0.0.1:${new URL(partnerUrl).port}:partner-agenda:`) && row.rawHash.length === 64));

    const list = await new Browser(t.app).get("/spaces/agenda/commitments");
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes("Commitments from partner platforms"));
    assert.ok(list.body.includes(`From 127.0.0.1:${new URL(partnerUrl).port}`));
    assert.ok(list.body.includes("Clean rivers pledge"));
    assert.deepEqual(await openStats(t.services.db, space.id), statsBefore);

    const api = await t.app.inject({ method: "GET", url: "/api/v1/spaces/agenda/partner-commitments?limit=2" });
    const page = api.json() as { data: { id: string; source: { origin: string } }[]; next_cursor: string | null };
    assert.equal(page.data.length, 2);
    assert.ok(page.next_cursor);
    const detail = await new Browser(t.app, "ru").get(`/spaces/agenda/partner-commitments/${page.data[0]!.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.body.includes("Происхождение") && detail.body.includes(url.replace(/&/g, "&amp;")));
    // Our own commitments API never includes them.
    assert.ok(!(await t.app.inject({ method: "GET", url: "/api/v1/spaces/agenda/commitments" })).body.includes("Clean rivers pledge"));

    // The saved source runs again: nothing changed at the partner, so everything is unchanged.
    const sourceList = await browser.get("/spaces/agenda/exchange");
    const sourceId = /\/exchange\/sources\/([0-9a-f-]{36})\/run/.exec(sourceList.body)![1]!;
    const rerun = await browser.post(`/spaces/agenda/exchange/sources/${sourceId}/run`, {});
    assert.equal(rerun.statusCode, 303);
    await t.services.jobs.drain();
    assert.match((await browser.get(rerun.headers.location as string)).body, /0 created, 0 updated, 3 unchanged, 0 skipped/);

    // The CBD shape of the same Convene names the same records: they are updated in place, never duplicated.
    const cbd = await browser.post("/spaces/agenda/exchange/harvest", { url: `${partnerUrl}/api/v1/spaces/partner-agenda/exchange/commitments?format=cbd` });
    await t.services.jobs.drain();
    assert.match((await browser.get(cbd.headers.location as string)).body, /0 created, 3 updated, 0 unchanged, 0 skipped/);
    assert.equal((await t.services.db.select().from(exchangeRecords).where(eq(exchangeRecords.spaceId, space.id))).length, 3);
  });

  it("refuses URLs outside http(s), private addresses unless allowed, oversized documents and slow servers", async () => {
    const strict = { ...DEFAULT_FETCH_LIMITS, isPrivateAllowed: false };
    const reason = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return "accepted";
      } catch (error) {
        assert.ok(error instanceof FetchRefused, String(error));
        return error.reasonKey;
      }
    };
    assert.equal(await reason(assertFetchable("ftp://example.org/file.json", strict)), "exchange.error.scheme");
    assert.equal(await reason(assertFetchable("file:///etc/passwd", strict)), "exchange.error.scheme");
    for (const address of ["http://127.0.0.1:1/x", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/", "http://192.168.0.10/", "http://localhost/"]) {
      assert.equal(await reason(assertFetchable(address, strict)), "exchange.error.private_address", address);
    }
    assert.ok(isPrivateAddress("::ffff:127.0.0.1") && !isPrivateAddress("93.184.216.34"));
    assert.equal(await reason(fetchDocument(`${fixtureUrl}/big`, { ...DEFAULT_FETCH_LIMITS, isPrivateAllowed: true, maxBytes: 1000 })), "exchange.error.too_large");
    assert.equal(await reason(fetchDocument(`${fixtureUrl}/slow`, { ...DEFAULT_FETCH_LIMITS, isPrivateAllowed: true, timeoutMs: 200 })), "exchange.error.timeout");
    // A redirect is checked like the first address: an allowed loopback fixture cannot bounce into the private network.
    assert.equal(await reason(fetchDocument(`${fixtureUrl}/redirect`, { ...DEFAULT_FETCH_LIMITS, isPrivateAllowed: false })), "exchange.error.private_address");

    // Through the form: a bad scheme is a 422 naming the field, with what was typed kept.
    const response = await browser.post("/spaces/agenda/exchange/harvest", { url: "ftp://example.org/records.json", name: "FTP" });
    assert.equal(response.statusCode, 422);
    assert.ok(response.body.includes("Only http and https addresses can be harvested."));
    assert.ok(response.body.includes('value="ftp://example.org/records.json"'));

    // A run whose fetch is refused fails with its reason and stores nothing.
    const target = await buildSpace(t.services, { enabledModules: ["commitments"] });
    const [run] = await t.services.db.insert(exchangeRuns).values({ spaceId: target.id, origin: `${partnerUrl}/api/v1/spaces/partner-agenda/exchange/commitments`, status: "queued" }).returning();
    await runHarvest(t.services, run!.id, strict);
    const [failed] = await t.services.db.select().from(exchangeRuns).where(eq(exchangeRuns.id, run!.id));
    assert.equal(failed!.status, "failed");
    assert.match(failed!.error!, /^exchange\.error\.private_address/);
    assert.equal((await recordsOf(target.id)).length, 0);
  });
});
