import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApiToken, type ApiScope } from "../../platform/api/tokens";
import { buildUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../spaces/factories";
import { eq } from "drizzle-orm";
import { frameworkItemId } from "./factories";
import { commitmentIndicators, commitments } from "./schema";

describe("commitments write API", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let ownerToken: string;
  let readOnlyToken: string;
  let organisationToken: string;
  let otherOrganisationId: string;
  let reviewToken: string;
  let organisationId: string;
  let ownerId: string;
  let ownerLogin: { email: string; password: string };
  let coordinatorId: string;

  const call = (method: "POST" | "PATCH" | "GET", url: string, token: string | null, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: token ? { authorization: `Bearer ${token}` } : {} });

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { slug: "write-agenda", frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    const owner = await buildUser(t.services);
    ownerId = owner.id;
    ownerLogin = owner;
    const organisation = await buildOrganisation(t.services, { ownerId: owner.id });
    organisationId = organisation.id;
    const other = await buildOrganisation(t.services, { ownerId: owner.id });
    otherOrganisationId = other.id;
    const token = async (userId: string, scopes: ApiScope[], boundTo: string | null = null) => (await createApiToken(t.services.db, { userId, name: "test", scopes, organisationId: boundTo })).secret;
    ownerToken = await token(owner.id, ["commitments:write"]);
    readOnlyToken = await token(owner.id, ["account:read"]);
    organisationToken = await token(owner.id, ["commitments:write"], organisation.id);
    const coordinator = await buildUser(t.services);
    coordinatorId = coordinator.id;
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
    reviewToken = await token(coordinator.id, ["review"]);
  });
  after(async () => {
    await t?.close();
  });

  it("refuses writes without a token (401) or without the scope (403)", async () => {
    assert.equal((await call("POST", `/api/v1/spaces/${space.slug}/commitments`, null, { title: { en: "x" } })).statusCode, 401);
    const refused = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, readOnlyToken, { organisationId, title: { en: "x" } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, "forbidden");
  });

  it("keeps an organisation token to its own organisation", async () => {
    const elsewhere = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, organisationToken, { organisationId: otherOrganisationId, title: { en: "x" } });
    assert.equal(elsewhere.statusCode, 403);
    const implied = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, organisationToken, { title: { en: "Organisation token pledge" } });
    assert.equal(implied.statusCode, 201, implied.body);
    const created = implied.json() as { number: number; status: string };
    assert.equal(created.status, "draft");
  });

  it("takes a commitment from draft to published to a green light through the API", async () => {
    const itemId = await frameworkItemId(t.services, "GBF", "GBF-TARGET-08");
    const created = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, ownerToken, {
      organisationId,
      title: { en: "Monitor glacier melt", ru: "Наблюдать за таянием ледников" },
      primaryItemId: itemId,
      countries: ["KG"],
      indicators: [{ name: { en: "Stations" }, unit: "stations", baselineValue: 0, targetValue: 6 }],
      isPartnerDisplayAllowed: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    const { number, url } = created.json() as { number: number; url: string };
    assert.equal(url, `http://convene.test/spaces/write-agenda/commitments/${number}`);
    assert.equal((await call("GET", `/api/v1/spaces/${space.slug}/commitments/${number}`, null)).statusCode, 404, "drafts are not open data");

    const invalid = await call("PATCH", `/api/v1/spaces/${space.slug}/commitments/${number}`, ownerToken, { stage: "dreaming" });
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.json().error.fields.stage);
    const patched = await call("PATCH", `/api/v1/spaces/${space.slug}/commitments/${number}`, ownerToken, { stage: "development" });
    assert.equal(patched.statusCode, 200, patched.body);

    const submitted = await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/submit`, ownerToken);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, "submitted");
    assert.equal((await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/start`, ownerToken)).statusCode, 403, "the author's token has no review scope");

    const started = await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/start`, reviewToken);
    assert.equal(started.statusCode, 200, started.body);
    const published = await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/publish`, reviewToken);
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().status, "published");

    const record = await call("GET", `/api/v1/spaces/${space.slug}/commitments/${number}`, null);
    assert.equal(record.statusCode, 200);
    assert.equal(record.json().status_light, "grey");
    assert.equal(record.json().status, "published");
    const [row] = await t.services.db.select({ id: commitmentIndicators.id }).from(commitmentIndicators).innerJoin(commitments, eq(commitments.id, commitmentIndicators.commitmentId)).where(eq(commitments.number, number));
    const report = await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/progress-reports`, ownerToken, {
      report_date: "2026-03-01",
      stage: "implementation",
      values: { [row.id]: 2 },
      percent_complete: 30,
      narrative: { en: "Two stations installed." },
    });
    assert.equal(report.statusCode, 201, report.body);
    const after = (await call("GET", `/api/v1/spaces/${space.slug}/commitments/${number}`, null)).json() as { status_light: string; indicators: { latest_value: number }[] };
    assert.equal(after.status_light, "green");
    assert.equal(after.indicators[0].latest_value, 2);
  });

  it("lets a coordinator return a submission with a comment, and answers 404 for commitments the caller cannot see", async () => {
    const created = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, ownerToken, { organisationId, title: { en: "Needs work" } });
    const { number } = created.json() as { number: number };
    assert.equal((await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/start`, reviewToken)).statusCode, 409, "a draft cannot be reviewed yet");
    const outsider = await buildUser(t.services);
    const outsiderToken = (await createApiToken(t.services.db, { userId: outsider.id, name: "outsider", scopes: ["review", "commitments:write"] })).secret;
    assert.equal((await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/submit`, outsiderToken)).statusCode, 404, "someone else's draft does not exist for an outsider");
    await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/submit`, ownerToken);
    assert.equal((await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/return`, reviewToken, {})).statusCode, 422);
    const returned = await call("POST", `/api/v1/spaces/${space.slug}/commitments/${number}/review/return`, reviewToken, { comment: "Please add an indicator." });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, "returned");
  });

  it("lets owners and reviewers read back an unpublished commitment with its review status, and nobody else", async () => {
    const token = async (userId: string, scopes: ApiScope[], boundTo: string | null = null) => (await createApiToken(t.services.db, { userId, name: "reader", scopes, organisationId: boundTo })).secret;
    const ownerReader = await token(ownerId, ["commitments:read", "commitments:write"]);
    const coordinatorReader = await token(coordinatorId, ["commitments:read", "review"]);
    const focalPoint = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, focalPoint.id, "focal_point", "KG");
    const focalReader = await token(focalPoint.id, ["commitments:read"]);
    const outsider = await buildUser(t.services);
    const outsiderReader = await token(outsider.id, ["commitments:read", "commitments:write", "review"]);
    const otherOrganisationReader = await token(ownerId, ["commitments:read"], otherOrganisationId);

    const created = await call("POST", `/api/v1/spaces/${space.slug}/commitments`, ownerReader, { organisationId, title: { en: "Count snow leopards" }, countries: ["KG"] });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/api/v1/spaces/${space.slug}/commitments/${(created.json() as { number: number }).number}`;
    await call("PATCH", url, ownerReader, { stage: "development" });

    const draft = await call("GET", url, ownerReader);
    assert.equal(draft.statusCode, 200, draft.body);
    const draftBody = draft.json();
    assert.equal(draftBody.status, "draft");
    assert.equal(draftBody.stage, "development", "what was written is read back");
    assert.equal(draftBody.title.en, "Count snow leopards");
    assert.equal(draftBody.published_at, null);
    assert.deepEqual(draftBody.review, { submitted_at: null, review_deadline: null, returned_at: null, return_comment: null });

    assert.equal((await call("GET", url, null)).statusCode, 404, "anonymous callers do not see drafts");
    assert.equal((await call("GET", url, outsiderReader)).statusCode, 404, "someone with no part in it does not see it");
    assert.equal((await call("GET", url, focalReader)).statusCode, 404, "a focal point sees it only while it is in review");
    const unscoped = await call("GET", url, ownerToken);
    assert.equal(unscoped.statusCode, 404, "without the read scope a token reads what an anonymous caller reads");
    assert.equal((await call("GET", url, otherOrganisationReader)).statusCode, 403, "a token bound to another organisation reads only its own");
    assert.equal((await call("GET", url, coordinatorReader)).json().status, "draft", "the space's coordinators see drafts, as on the page");

    await call("POST", `${url}/submit`, ownerReader);
    const inReview = await call("GET", url, focalReader);
    assert.equal(inReview.statusCode, 200, inReview.body);
    assert.equal(inReview.json().status, "submitted");
    assert.equal(inReview.json().review, null, "a focal point sees the commitment in review, not its review trail");

    await call("POST", `${url}/review/return`, coordinatorReader, { comment: "Name the valleys." });
    const returned = (await call("GET", url, ownerReader)).json();
    assert.equal(returned.status, "returned");
    assert.equal(returned.review.return_comment, "Name the valleys.");
    assert.ok(returned.review.returned_at);
    assert.equal((await call("GET", url, focalReader)).statusCode, 404, "once returned it leaves the focal point's view");

    const ownerSession = await new Browser(t.app).logIn(ownerLogin.email, ownerLogin.password);
    assert.equal((await ownerSession.get(url)).json().status, "returned", "a browser session needs no scope");
    const session = await new Browser(t.app).logIn(outsider.email, outsider.password);
    assert.equal((await session.get(url)).statusCode, 404, "a browser session follows the same rule");
  });
});
