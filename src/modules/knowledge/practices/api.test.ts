import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken, type ApiScope } from "../../../platform/api/tokens";
import { analyseQuery } from "../../../platform/search/query";
import { buildUser } from "../../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildConsultation, buildContribution } from "../../consultations/factories";
import { goodPractices } from "../../consultations/schema";
import { buildOrganisation } from "../../organisations/factories";
import { findFrameworkItemId } from "../../spaces/queries";
import { shippedGlossary } from "../glossary/load";
import { PRACTICE_CSV_COLUMNS } from "./export";
import { buildPractice, buildPracticeScene, practiceFields, practiceStatus, type PracticeScene } from "./factories";
import { practiceRelayTarget } from "./queries";
import { practiceSearchProvider } from "./search-provider";

type PracticeJson = { id: string; title: Record<string, string>; countries: string[]; targets: { framework: string; key: string }[]; contact_url: string | null };

describe("good practices: API, exports and search", () => {
  let t: TestApp;
  let scene: PracticeScene;
  let publishedId: string;
  let pendingId: string;
  const call = (method: "GET" | "POST", url: string, token: string | null = null, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "accept-language": "en" } });
  const token = async (userId: string, scopes: ApiScope[], organisationId: string | null = null) => (await createApiToken(t.services.db, { userId, name: "test", scopes, organisationId })).secret;

  before(async () => {
    t = await createTestApp();
    scene = await buildPracticeScene(t.services);
    const target = await findFrameworkItemId(t.services.db, "GBF", "GBF-TARGET-11");
    publishedId = await buildPractice(t.services, scene, { fields: { title: { en: "Wetland restoration by volunteers" }, targetItemIds: [target!] } });
    pendingId = await buildPractice(t.services, scene, { status: "submitted", fields: { title: { en: "Pending wetland secret" } } });
  });
  after(async () => t.close());

  it("lists published practices only, with public fields, in the space and platform-wide", async () => {
    for (const url of [`/api/v1/spaces/${scene.spaceSlug}/practices`, "/api/v1/practices"]) {
      const response = await call("GET", url);
      assert.equal(response.statusCode, 200, url);
      const body = response.json() as { data: PracticeJson[]; next_cursor: string | null };
      const ids = body.data.map((item) => item.id);
      assert.ok(ids.includes(publishedId), url);
      assert.ok(!ids.includes(pendingId), `${url}: a practice waiting for review is not open data`);
      const item = body.data.find((entry) => entry.id === publishedId)!;
      assert.deepEqual(item.targets.map((target) => `${target.framework}:${target.key}`), ["GBF:GBF-TARGET-11"]);
      assert.match(item.contact_url!, new RegExp(`/contact/practice/${publishedId}$`));
      assert.ok(!response.body.includes(scene.submitter.email) && !response.body.includes("review_reason") && !response.body.includes("screening"));
    }
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices/${publishedId}`)).statusCode, 200);
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices/${pendingId}`)).statusCode, 404);
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices/not-a-uuid`)).statusCode, 422);
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices?kind=sideways`)).statusCode, 422);
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices?cursor=abc`)).statusCode, 400);
    const byTarget = (await call("GET", `/api/v1/practices?target=GBF:GBF-TARGET-11`)).json() as { data: PracticeJson[] };
    assert.deepEqual(byTarget.data.map((item) => item.id), [publishedId]);
  });

  it("pages through a list with a keyset cursor", async () => {
    const other = await buildPracticeScene(t.services);
    for (let index = 0; index < 3; index += 1) {
      t.clock.advance(60_000);
      await buildPractice(t.services, other, { fields: { title: { en: `Paged practice ${index}` } } });
    }
    const first = (await call("GET", `/api/v1/spaces/${other.spaceSlug}/practices?limit=2`)).json() as { data: PracticeJson[]; next_cursor: string };
    assert.deepEqual(first.data.map((item) => item.title.en), ["Paged practice 2", "Paged practice 1"]);
    const second = (await call("GET", `/api/v1/spaces/${other.spaceSlug}/practices?limit=2&cursor=${first.next_cursor}`)).json() as { data: PracticeJson[]; next_cursor: string | null };
    assert.deepEqual(second.data.map((item) => item.title.en), ["Paged practice 0"]);
    assert.equal(second.next_cursor, null);
  });

  it("pages through practices tagged in consultations and submitted ones alike, none lost or repeated", async () => {
    const other = await buildPracticeScene(t.services);
    const consultation = await buildConsultation(t.services, { spaceId: other.spaceId, spaceSlug: other.spaceSlug });
    const expected: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      t.clock.advance(60_000);
      if (index % 3 === 0) {
        expected.push(await buildPractice(t.services, other, { fields: { title: { en: `Submitted ${index}` } } }));
        continue;
      }
      const contribution = await buildContribution(t.services, { consultationId: consultation.id, topicId: consultation.groups[0]!.topics[0]!.id });
      const [tagged] = await t.services.db
        .insert(goodPractices)
        .values({ spaceId: other.spaceId, sourceType: "consultation_contribution", sourceId: contribution.id, kind: "project", title: { en: `Tagged ${index}` }, language: "en", createdAt: t.clock.now() })
        .returning({ id: goodPractices.id });
      expected.push(tagged!.id);
    }
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = (await call("GET", `/api/v1/spaces/${other.spaceSlug}/practices?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).json() as { data: PracticeJson[]; next_cursor: string | null };
      assert.ok(page.data.length <= 2);
      seen.push(...page.data.map((item) => item.id));
      cursor = page.next_cursor ?? "";
    } while (cursor);
    assert.deepEqual(seen, expected.reverse(), "newest first across both sources");
  });

  it("submits for review with a knowledge:write token of a member; refuses other scopes, other organisations and bad fields", async () => {
    const url = `/api/v1/spaces/${scene.spaceSlug}/practices`;
    const writer = await token(scene.submitter.id, ["knowledge:write"]);
    const created = await call("POST", url, writer, practiceFields(scene, { title: { en: "Submitted by API" } }));
    assert.equal(created.statusCode, 201, created.body);
    const { id, status } = created.json() as { id: string; status: string };
    assert.equal(status, "submitted");
    assert.equal(await practiceStatus(t.services, id), "submitted");
    assert.equal((await call("GET", `/api/v1/spaces/${scene.spaceSlug}/practices/${id}`)).statusCode, 404, "not visible before review");

    assert.equal((await call("POST", url, null, practiceFields(scene))).statusCode, 401);
    assert.equal((await call("POST", url, await token(scene.submitter.id, ["commitments:write"]), practiceFields(scene))).statusCode, 403);
    const stranger = await buildUser(t.services);
    assert.equal((await call("POST", url, await token(stranger.id, ["knowledge:write"]), practiceFields(scene))).statusCode, 403, "not a member of the organisation");
    const otherOrganisation = await buildOrganisation(t.services, { ownerId: scene.submitter.id });
    const bound = await token(scene.submitter.id, ["knowledge:write"], otherOrganisation.id);
    assert.equal((await call("POST", url, bound, practiceFields(scene))).statusCode, 403, "an organisation token acts only for its organisation");
    const { organisationId: _ignored, ...withoutOrganisation } = practiceFields(scene, { title: { en: "By organisation token" } });
    assert.equal((await call("POST", url, bound, withoutOrganisation)).statusCode, 201, "an organisation token submits for its organisation by default");
    const invalid = await call("POST", url, writer, { ...practiceFields(scene), kind: "sideways", countries: ["XX"], summary: {} });
    assert.equal(invalid.statusCode, 422);
    const fields = (invalid.json() as { error: { fields: Record<string, string> } }).error.fields;
    assert.deepEqual(Object.keys(fields).sort(), ["countries", "kind", "summary"]);
    assert.equal((await call("POST", "/api/v1/spaces/no-such-space/practices", writer, practiceFields(scene))).statusCode, 404);
  });

  it("exports the filtered list as CSV, JSON and clearing-house (VLR) records, published practices only", async () => {
    const base = `/spaces/${scene.spaceSlug}/knowledge/practices`;
    const csv = await new Browser(t.app).get(`${base}/export.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.equal(lines[0], PRACTICE_CSV_COLUMNS.join(","));
    assert.ok(lines.some((line) => line.includes(publishedId)));
    assert.ok(!csv.body.includes("Pending wetland secret"));
    assert.ok(!csv.body.includes("<script>alert(1)</script>,") && csv.body.includes("Wetland restoration"));

    const json = JSON.parse((await new Browser(t.app).get(`${base}/export.json?country=KZ`)).body) as PracticeJson[];
    assert.ok(json.some((item) => item.id === publishedId));
    assert.ok(json.every((item) => item.countries.includes("KZ")));
    const none = JSON.parse((await new Browser(t.app).get(`${base}/export.json?country=BR`)).body) as PracticeJson[];
    assert.deepEqual(none, []);

    const vlr = JSON.parse((await new Browser(t.app).get(`${base}/export.clearing-house.json`)).body) as {
      schema: string;
      recordSchema: string;
      records: { header: { identifier: string; schema: string; languages: string[] }; title: Record<string, string>; countries: { identifier: string }[]; gbfTargets: { identifier: string }[]; resourceTypes: { identifier: string }[] }[];
    };
    assert.equal(vlr.recordSchema, "resource");
    const record = vlr.records.find((entry) => entry.header.identifier.endsWith(publishedId))!;
    assert.equal(record.header.schema, "resource");
    assert.deepEqual(record.countries, [{ identifier: "kz" }]);
    assert.deepEqual(record.gbfTargets, [{ identifier: "GBF-TARGET-11" }]);
    assert.deepEqual(record.resourceTypes[0], { identifier: "good-practice" });
    assert.ok(!JSON.stringify(vlr).includes("Pending wetland secret"));
  });

  it("search finds a published English practice from a Russian query through the glossary, never an unpublished one", async () => {
    const query = await analyseQuery(t.services.db, "болото", { locale: "ru", glossary: shippedGlossary() });
    const found = await practiceSearchProvider.search(t.services, query, undefined, 10);
    assert.ok(found.hits.some((hit) => hit.id === publishedId), "cross-language match");
    const direct = await practiceSearchProvider.search(t.services, await analyseQuery(t.services.db, "wetlands secret", { locale: "en", glossary: shippedGlossary() }), { id: scene.stranger.id, email: "", displayName: "", locale: "en", isPlatformAdmin: false, isEmailVerified: true }, 10);
    assert.ok(!direct.hits.some((hit) => hit.id === pendingId));
    const coordinatorView = await practiceSearchProvider.search(t.services, await analyseQuery(t.services.db, "pending", { locale: "en", glossary: shippedGlossary() }), { id: scene.coordinator.id, email: "", displayName: "", locale: "en", isPlatformAdmin: false, isEmailVerified: true }, 10);
    assert.ok(!coordinatorView.hits.some((hit) => hit.id === pendingId), "search lists only published practices, whoever asks");
    const hidden = await buildPracticeScene(t.services, { visibility: "private" });
    await buildPractice(t.services, hidden, { fields: { title: { en: "Hidden wetland practice" } } });
    const scoped = await practiceSearchProvider.search(t.services, { ...(await analyseQuery(t.services.db, "wetland", { locale: "en", glossary: shippedGlossary() })), spaceId: hidden.spaceId }, undefined, 10);
    assert.deepEqual(scoped.hits, [], "a private space's practices are not found even when the search names the space");
  });

  it("the relay target of a practice is its contact person, only once published and only for those who see the space", async () => {
    const target = await practiceRelayTarget(t.services.db, null, publishedId);
    assert.deepEqual(target?.recipientUserIds, [scene.submitter.id]);
    assert.equal(await practiceRelayTarget(t.services.db, null, pendingId), undefined);
    assert.equal(await practiceRelayTarget(t.services.db, null, "nonsense"), undefined);
    const hidden = await buildPracticeScene(t.services, { visibility: "private" });
    const secretId = await buildPractice(t.services, hidden);
    assert.equal(await practiceRelayTarget(t.services.db, null, secretId), undefined);
    assert.deepEqual((await practiceRelayTarget(t.services.db, { id: hidden.submitter.id, isPlatformAdmin: false }, secretId))?.recipientUserIds, [hidden.submitter.id]);
  });
});
