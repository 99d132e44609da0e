import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { jobs } from "../../platform/schema";
import { buildUser, XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { startReview } from "./commands/start-review";
import { REVIEW_WINDOWS_JOB } from "./commands/expire-review-windows";
import { buildCommitment } from "./factories";
import { auditRowsOf, buildReviewScene, queuedMails, type ReviewScene } from "./factories-review";
import { REPORTING_REMINDERS_JOB } from "./commands/send-reporting-reminders";
import { scheduleCommitmentJobs } from "./jobs";
import { commitmentCountrySettings, commitmentReviewEvents, commitments, commitmentSpaceSettings } from "./schema";

async function stateOf(t: TestApp, id: string) {
  const [row] = await t.services.db.select().from(commitments).where(eq(commitments.id, id));
  return row;
}

async function eventsOf(t: TestApp, id: string) {
  return t.services.db
    .select({ action: commitmentReviewEvents.action, role: commitmentReviewEvents.role, country: commitmentReviewEvents.country, comment: commitmentReviewEvents.comment, actorUserId: commitmentReviewEvents.actorUserId })
    .from(commitmentReviewEvents)
    .where(eq(commitmentReviewEvents.commitmentId, id))
    .orderBy(commitmentReviewEvents.createdAt, commitmentReviewEvents.action);
}

const logIn = (t: TestApp, user: BuiltUser) => new Browser(t.app).logIn(user.email, user.password);
const reviewUrl = (scene: ReviewScene) => `/spaces/${scene.commitment.spaceSlug}/commitments/${scene.commitment.number}/review`;

describe("commitment review", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("lists submitted commitments for the coordinator and the focal point of a covered country only", async () => {
    const scene = await buildReviewScene(t.services);
    const queue = `/spaces/${scene.commitment.spaceSlug}/commitments/review`;
    const coordinatorPage = await (await logIn(t, scene.coordinator)).get(queue);
    assert.equal(coordinatorPage.statusCode, 200);
    assert.match(coordinatorPage.body, new RegExp(`/commitments/${scene.commitment.number}/review`));
    assert.ok(!coordinatorPage.body.includes(XSS), "titles are escaped");
    const focalPage = await (await logIn(t, scene.focalPoint)).get(queue);
    assert.match(focalPage.body, new RegExp(`/commitments/${scene.commitment.number}/review`));
    const otherFocalPage = await (await logIn(t, scene.otherFocalPoint)).get(queue);
    assert.equal(otherFocalPage.statusCode, 200);
    assert.doesNotMatch(otherFocalPage.body, new RegExp(`/commitments/${scene.commitment.number}/review`));
    assert.equal((await (await logIn(t, scene.owner)).get(queue)).statusCode, 403);
    assert.equal((await new Browser(t.app).get(queue)).statusCode, 401);
    assert.equal((await (await logIn(t, scene.focalPoint)).get(reviewUrl(scene))).statusCode, 200, "the focal point may open the review page");
    assert.equal((await (await logIn(t, scene.otherFocalPoint)).get(reviewUrl(scene))).statusCode, 404);
    assert.equal((await (await logIn(t, scene.stranger)).get(reviewUrl(scene))).statusCode, 404);
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const adminPage = await (await logIn(t, admin)).get(reviewUrl(scene));
    assert.match(adminPage.body, /Start the review/, "platform admins act as coordinators");
  });

  it("starts the review: opens the window for covered countries, records events and audit, mails author and focal points in their language", async () => {
    const scene = await buildReviewScene(t.services, { countries: ["KZ"] });
    await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: scene.commitment.spaceId, reviewWindowDays: 10 });
    const browser = await logIn(t, scene.coordinator);
    const response = await browser.post(`${reviewUrl(scene)}/start`, {});
    assert.equal(response.statusCode, 303);
    const row = await stateOf(t, scene.commitment.id);
    assert.equal(row.status, "under_review");
    assert.equal(row.reviewDeadline?.getTime(), t.clock.now().getTime() + 10 * DAY_MS);
    assert.deepEqual(
      (await eventsOf(t, scene.commitment.id)).map((event) => [event.action, event.role, event.country]),
      [
        ["review_started", "coordinator", ""],
        ["window_opened", "coordinator", "KZ"],
      ],
    );
    const [audit] = await auditRowsOf(t.services, scene.commitment.id);
    assert.equal(audit.action, "commitment.review_started");
    assert.equal(audit.space_id, scene.commitment.spaceId);
    assert.equal(audit.actor_user_id, scene.coordinator.id);
    const mails = await queuedMails(t.services);
    const toOwner = mails.filter((mail) => mail.to === scene.owner.email);
    assert.equal(toOwner.length, 1);
    assert.match(toOwner[0].subject, /на рассмотрении/, "the author's mail is in Russian, their language");
    assert.equal(toOwner[0].locale, "ru");
    const toFocal = mails.filter((mail) => mail.to === scene.focalPoint.email);
    assert.equal(toFocal.length, 1);
    assert.match(toFocal[0].subject, /ваша страна/);
    assert.match(toFocal[0].text, new RegExp(`/commitments/${scene.commitment.number}/review`));
    assert.equal(mails.filter((mail) => mail.to === scene.otherFocalPoint.email).length, 0, "a focal point of another country is not told");
    assert.equal(mails.filter((mail) => mail.to === scene.orgMember.email).length, 0, "plain members of the organisation are not mailed");
    const page = await browser.get(reviewUrl(scene));
    assert.match(page.body, /Review window opened/);
  });

  it("lets only coordinators start a review; others get 403, those who cannot see it 404, anonymous 401", async () => {
    const scene = await buildReviewScene(t.services);
    const url = `${reviewUrl(scene)}/start`;
    assert.equal((await (await logIn(t, scene.owner)).post(url, {})).statusCode, 403);
    assert.equal((await (await logIn(t, scene.orgMember)).post(url, {})).statusCode, 403);
    assert.equal((await (await logIn(t, scene.focalPoint)).post(url, {})).statusCode, 403);
    assert.equal((await (await logIn(t, scene.otherFocalPoint)).post(url, {})).statusCode, 404);
    assert.equal((await (await logIn(t, scene.stranger)).post(url, {})).statusCode, 404);
    assert.equal((await new Browser(t.app).post(url, {})).statusCode, 401);
    assert.equal((await stateOf(t, scene.commitment.id)).status, "submitted");
    await assert.rejects(startReview(t.services, { id: scene.owner.id, isPlatformAdmin: false }, scene.commitment.id), { code: "forbidden" });
  });

  it("answers 409 when a coordinator starts the review of a draft", async () => {
    const scene = await buildReviewScene(t.services, { status: "draft" });
    assert.equal((await (await logIn(t, scene.coordinator)).post(`${reviewUrl(scene)}/start`, {})).statusCode, 409);
  });

  it("lets the focal point of a covered country return it with a comment during the window; the author's contacts are mailed", async () => {
    const scene = await buildReviewScene(t.services);
    await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, scene.commitment.id);
    const browser = await logIn(t, scene.focalPoint);
    const empty = await browser.post(`${reviewUrl(scene)}/return`, { comment: "   " });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /field-error/);
    const response = await browser.post(`${reviewUrl(scene)}/return`, { comment: "Name the districts <b>please</b>" });
    assert.equal(response.statusCode, 303);
    const row = await stateOf(t, scene.commitment.id);
    assert.equal(row.status, "returned");
    assert.equal(row.returnComment, "Name the districts <b>please</b>");
    assert.equal(row.returnedAt?.getTime(), t.clock.now().getTime());
    assert.equal(row.reviewDeadline, null);
    const returned = (await eventsOf(t, scene.commitment.id)).find((event) => event.action === "returned");
    assert.deepEqual(returned && [returned.role, returned.country, returned.actorUserId], ["focal_point", "KZ", scene.focalPoint.id]);
    const audits = (await auditRowsOf(t.services, scene.commitment.id)).map((row) => row.action);
    assert.deepEqual(audits, ["commitment.review_started", "commitment.returned"]);
    const mails = (await queuedMails(t.services)).filter((mail) => mail.subject.includes("возвращено"));
    assert.deepEqual(
      mails.map((mail) => mail.to),
      [scene.owner.email],
    );
    assert.match(mails[0].text, /Name the districts <b>please<\/b>/);
    const ownerPage = await (await logIn(t, scene.owner)).get(reviewUrl(scene));
    assert.equal(ownerPage.statusCode, 200);
    assert.match(ownerPage.body, /Name the districts &lt;b&gt;please&lt;\/b&gt;/, "the comment is shown to the author, escaped");
  });

  it("refuses returns from the wrong people and outside the window", async () => {
    const scene = await buildReviewScene(t.services);
    const url = `${reviewUrl(scene)}/return`;
    const form = { comment: "Not like this" };
    assert.equal((await (await logIn(t, scene.focalPoint)).post(url, form)).statusCode, 409, "before the coordinator opens the window");
    await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, scene.commitment.id);
    assert.equal((await (await logIn(t, scene.owner)).post(url, form)).statusCode, 403);
    assert.equal((await (await logIn(t, scene.orgMember)).post(url, form)).statusCode, 403);
    assert.equal((await (await logIn(t, scene.otherFocalPoint)).post(url, form)).statusCode, 404);
    assert.equal((await (await logIn(t, scene.stranger)).post(url, form)).statusCode, 404);
    assert.equal((await new Browser(t.app).post(url, form)).statusCode, 401);
    assert.equal((await stateOf(t, scene.commitment.id)).status, "under_review");
  });

  it("lets the coordinator return a submitted commitment and publish another at once", async () => {
    const returned = await buildReviewScene(t.services);
    const coordinator = await logIn(t, returned.coordinator);
    assert.equal((await coordinator.post(`${reviewUrl(returned)}/return`, { comment: "Add an indicator" })).statusCode, 303);
    assert.equal((await stateOf(t, returned.commitment.id)).status, "returned");
    assert.equal((await coordinator.post(`${reviewUrl(returned)}/publish`, {})).statusCode, 409, "a returned commitment waits for its author");

    const published = await buildReviewScene(t.services);
    await startReview(t.services, { id: published.coordinator.id, isPlatformAdmin: false }, published.commitment.id);
    assert.equal((await (await logIn(t, published.focalPoint)).post(`${reviewUrl(published)}/publish`, {})).statusCode, 403, "focal points may only return");
    assert.equal((await (await logIn(t, published.owner)).post(`${reviewUrl(published)}/publish`, {})).statusCode, 403);
    assert.equal((await (await logIn(t, published.coordinator)).post(`${reviewUrl(published)}/publish`, {})).statusCode, 303);
    const row = await stateOf(t, published.commitment.id);
    assert.equal(row.status, "published");
    assert.equal(row.publishedAt?.getTime(), t.clock.now().getTime());
    const audit = (await auditRowsOf(t.services, published.commitment.id)).at(-1);
    assert.equal(audit?.action, "commitment.published");
    assert.equal(audit?.actor_user_id, published.coordinator.id);
    assert.equal((await queuedMails(t.services)).filter((mail) => mail.to === published.owner.email && /опубликовано/.test(mail.subject)).length, 1);
  });

  it("publishes at once when every covered country auto-publishes, or when it covers none", async () => {
    const scene = await buildReviewScene(t.services, { countries: ["KZ"] });
    const focal = await logIn(t, scene.focalPoint);
    const countriesUrl = `/spaces/${scene.commitment.spaceSlug}/commitments/countries`;
    assert.equal((await focal.post(countriesUrl, { country: "FR", is_auto_publish: "true" })).statusCode, 403, "only for their own country");
    assert.equal((await focal.post(countriesUrl, { country: "KZ", is_auto_publish: "true" })).statusCode, 303);
    const [setting] = await t.services.db.select().from(commitmentCountrySettings).where(eq(commitmentCountrySettings.spaceId, scene.commitment.spaceId));
    assert.deepEqual([setting.country, setting.isAutoPublish, setting.updatedBy], ["KZ", true, scene.focalPoint.id]);
    assert.match((await focal.get(countriesUrl)).body, /Снова рассматривать: Казахстан/, "the focal point's page is in their language");
    assert.equal((await (await logIn(t, scene.owner)).get(countriesUrl)).statusCode, 403);

    const result = await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, scene.commitment.id);
    assert.equal(result.status, "published");
    assert.equal((await stateOf(t, scene.commitment.id)).status, "published");
    assert.deepEqual(
      (await eventsOf(t, scene.commitment.id)).map((event) => event.action),
      ["auto_published", "review_started"],
    );
    assert.ok((await auditRowsOf(t.services, scene.commitment.id)).some((row) => row.action === "commitment.auto_published"));
    assert.ok((await auditRowsOf(t.services, scene.commitment.spaceId)).some((row) => row.action === "commitment.country_auto_publish"));

    const mixed = await buildCommitment(t.services, { spaceId: scene.commitment.spaceId, spaceSlug: scene.commitment.spaceSlug, status: "submitted", countries: ["KZ", "UZ"] });
    assert.equal((await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, mixed.id)).status, "under_review");
    assert.deepEqual(
      (await eventsOf(t, mixed.id)).filter((event) => event.action === "window_opened").map((event) => event.country),
      ["UZ"],
      "the auto-publishing country gets no window",
    );

    const global = await buildCommitment(t.services, { spaceId: scene.commitment.spaceId, spaceSlug: scene.commitment.spaceSlug, status: "submitted", coverage: "global", countries: [] });
    assert.equal((await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, global.id)).status, "published");
  });

  it("lets a coordinator set any country's choice, and hides a private space's review pages from outsiders", async () => {
    const space = await buildSpace(t.services, { visibility: "private", frameworkKeys: ["GBF"], enabledModules: ["commitments"] });
    const scene = await buildReviewScene(t.services, { spaceId: space.id, spaceSlug: space.slug });
    const coordinator = await logIn(t, scene.coordinator);
    assert.equal((await coordinator.post(`/spaces/${space.slug}/commitments/countries`, { country: "BR", is_auto_publish: "true" })).statusCode, 303);
    assert.equal((await coordinator.post(`/spaces/${space.slug}/commitments/countries`, { country: "XX", is_auto_publish: "true" })).statusCode, 422);
    const outsider = await logIn(t, scene.stranger);
    assert.equal((await outsider.get(`/spaces/${space.slug}/commitments/review`)).statusCode, 404);
    assert.equal((await outsider.get(`/spaces/${space.slug}/commitments/countries`)).statusCode, 404);
    assert.equal((await outsider.get(reviewUrl(scene))).statusCode, 404);
  });
});

describe("review windows expiring", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("publishes an unreturned commitment when its window ends, not before", async () => {
    const scene = await buildReviewScene(t.services);
    await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, scene.commitment.id);
    t.clock.advance(28 * DAY_MS - 60_000);
    await t.services.jobs.drain();
    assert.equal((await stateOf(t, scene.commitment.id)).status, "under_review", "a minute before the deadline nothing happens");
    const focal = await logIn(t, scene.focalPoint);
    t.clock.advance(2 * 60_000);
    assert.equal((await focal.post(`${reviewUrl(scene)}/return`, { comment: "Too late" })).statusCode, 409, "the window has closed");
    await t.services.jobs.drain();
    const row = await stateOf(t, scene.commitment.id);
    assert.equal(row.status, "published");
    assert.equal(row.reviewDeadline, null);
    const published = (await eventsOf(t, scene.commitment.id)).find((event) => event.action === "published");
    assert.deepEqual(published && [published.role, published.actorUserId], ["system", null]);
    const audit = (await auditRowsOf(t.services, scene.commitment.id)).at(-1);
    assert.deepEqual(audit && [audit.action, audit.actor_user_id, audit.space_id], ["commitment.published", null, scene.commitment.spaceId]);
  });

  it("leaves a returned commitment alone when its old deadline passes", async () => {
    const scene = await buildReviewScene(t.services);
    await startReview(t.services, { id: scene.coordinator.id, isPlatformAdmin: false }, scene.commitment.id);
    assert.equal((await (await logIn(t, scene.focalPoint)).post(`${reviewUrl(scene)}/return`, { comment: "Please add partners" })).statusCode, 303);
    t.clock.advance(29 * DAY_MS);
    await t.services.jobs.drain();
    assert.equal((await stateOf(t, scene.commitment.id)).status, "returned");
  });

  it("keeps one hourly sweep and one daily reminder run queued, and the sweep publishes expired windows", async () => {
    await scheduleCommitmentJobs(t.services);
    await scheduleCommitmentJobs(t.services);
    const pendingOf = async (kind: string) =>
      (await t.services.db.select({ payload: jobs.payload }).from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.status, "pending")))).filter((job) => !Object.keys(job.payload).length);
    assert.equal((await pendingOf(REVIEW_WINDOWS_JOB)).length, 1);
    assert.equal((await pendingOf(REPORTING_REMINDERS_JOB)).length, 1);
    // A window whose own deadline job was lost is still closed by the hourly sweep.
    const coordinator = await buildUser(t.services);
    const scene = await buildReviewScene(t.services);
    await addSpaceRole(t.services, scene.commitment.spaceId, coordinator.id, "coordinator");
    await t.services.db.update(commitments).set({ status: "under_review", reviewDeadline: new Date(t.clock.now().getTime() + 30 * 60_000) }).where(eq(commitments.id, scene.commitment.id));
    t.clock.advance(3_600_000);
    await t.services.jobs.drain();
    assert.equal((await stateOf(t, scene.commitment.id)).status, "published");
    assert.equal((await pendingOf(REVIEW_WINDOWS_JOB)).length, 1, "the sweep queued its next run");
  });
});

describe("recurring commitment jobs", () => {
  it("are queued when a process that works the job queue starts", async () => {
    const t = await createTestApp({ env: { CONVENE_JOBS: "true" } });
    try {
      const pending = await t.services.db.select({ kind: jobs.kind }).from(jobs).where(eq(jobs.status, "pending"));
      // Only this module's jobs: other modules queue their own recurring jobs at start-up too.
      const ours = pending.map((job) => job.kind).filter((kind) => kind.startsWith("commitments."));
      assert.deepEqual(ours.sort(), [REPORTING_REMINDERS_JOB, REVIEW_WINDOWS_JOB].sort());
    } finally {
      await t.close();
    }
  });
});
