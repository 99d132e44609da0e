import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq, inArray } from "drizzle-orm";
import { DAY_MS } from "../../platform/clock";
import { XSS, type BuiltUser } from "../../testing/factories";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { primaryAction } from "../../testing/page-header";
import { outboxMessages } from "../../testing/outbox";
import { indicatorChart } from "./charts/indicator-chart";
import { postProgressReport } from "./commands/post-progress-report";
import { REPORTING_REMINDERS_JOB, sendReportingReminders } from "./commands/send-reporting-reminders";
import { buildCommitment, buildProgressReport } from "./factories";
import { auditRowsOf, buildReviewScene, queuedMails, type ReviewScene } from "./factories-review";
import { commitments, commitmentSpaceSettings, progressReports, progressValues } from "./schema";
import { monthsBefore, statusLight, statusLightSql, type StatusLight } from "./status-light";

const logIn = (t: TestApp, user: BuiltUser) => new Browser(t.app).logIn(user.email, user.password);
const indicators = [
  { name: { en: `${XSS} Hectares restored`, ru: `${XSS} Восстановлено гектаров` }, unit: "ha", baselineValue: 0, targetValue: 500 },
  { name: { en: `${XSS} Volunteers trained` }, unit: "people", baselineValue: 10, targetValue: 200 },
];

function reportForm(scene: ReviewScene, overrides: Record<string, string> = {}): Record<string, string> {
  const [hectares, volunteers] = scene.commitment.indicatorIds;
  return {
    report_date: "2026-02-20",
    stage: "implementation",
    [`value.${hectares}`]: "120",
    [`value.${volunteers}`]: "45.5",
    percent_complete: "25",
    "narrative.en": "Planted alders along 3 km of the river bank",
    evidence_links: "https://example.org/photos\nhttps://example.org/report.pdf",
    ...overrides,
  };
}

describe("progress reports", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const newUrl = (scene: ReviewScene) => `/spaces/${scene.commitment.spaceSlug}/commitments/${scene.commitment.number}/progress/new`;

  it("lets the owner report progress: the report, its values, the stage and last report date change together, audited", async () => {
    const scene = await buildReviewScene(t.services, { status: "published", indicators });
    const browser = await logIn(t, scene.owner);
    const form = await browser.get(newUrl(scene));
    assert.equal(form.statusCode, 200);
    assert.ok(!form.body.includes(XSS), "indicator names are escaped in the form");
    const response = await browser.post(newUrl(scene), reportForm(scene));
    assert.equal(response.statusCode, 303);
    const [report] = await t.services.db.select().from(progressReports).where(eq(progressReports.commitmentId, scene.commitment.id));
    assert.deepEqual([report.reportDate, report.stage, report.percentComplete, report.createdBy], ["2026-02-20", "implementation", 25, scene.owner.id]);
    assert.deepEqual(report.narrative, { en: "Planted alders along 3 km of the river bank" });
    assert.deepEqual(
      report.evidenceLinks.map((link) => link.url),
      ["https://example.org/photos", "https://example.org/report.pdf"],
    );
    const values = await t.services.db.select().from(progressValues).where(eq(progressValues.reportId, report.id));
    assert.deepEqual(values.map((value) => Number(value.value)).sort((a, b) => a - b), [45.5, 120]);
    const [row] = await t.services.db.select().from(commitments).where(eq(commitments.id, scene.commitment.id));
    assert.deepEqual([row.stage, row.lastReportAt], ["implementation", "2026-02-20"]);
    const audit = (await auditRowsOf(t.services, scene.commitment.id)).at(-1);
    assert.deepEqual(audit && [audit.action, audit.actor_user_id, audit.space_id], ["commitment.progress_reported", scene.owner.id, scene.commitment.spaceId]);

    // An older report fills in the timeline without moving the stage or the last report date back.
    await postProgressReport(t.services, { id: scene.orgMember.id, isPlatformAdmin: false }, scene.commitment.id, {
      reportDate: "2026-01-10",
      stage: "development",
      values: { [scene.commitment.indicatorIds[0]]: 60, [scene.commitment.indicatorIds[1]]: "20" },
      narrative: { ru: "Подготовили саженцы" },
      evidenceLinks: [],
    });
    const [after] = await t.services.db.select().from(commitments).where(eq(commitments.id, scene.commitment.id));
    assert.deepEqual([after.stage, after.lastReportAt], ["implementation", "2026-02-20"]);

    const page = await new Browser(t.app).get(`/spaces/${scene.commitment.spaceSlug}/commitments/${scene.commitment.number}/progress`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "the public page escapes indicator names");
    assert.match(page.body, /<svg[^>]+role="img"/);
    assert.match(page.body, /On track/, "the status light has a text label");
    const newest = page.body.indexOf("Planted alders");
    const oldest = page.body.indexOf("Подготовили саженцы");
    assert.ok(newest > 0 && oldest > newest, "the timeline lists the newest report first");
    assert.match(page.body, /shown in Russian<\/p><div lang="ru">/, "a report written only in Russian is marked as such");
    assert.match(page.body, /<td>120<\/td>/, "the chart's data table carries the values");
  });

  it("offers the owner 'Report progress' as the header's one primary action; others and unpublished drafts are not offered it", async () => {
    const scene = await buildReviewScene(t.services, { status: "published", indicators });
    const page = `/spaces/${scene.commitment.spaceSlug}/commitments/${scene.commitment.number}`;
    assert.equal(primaryAction((await (await logIn(t, scene.owner)).get(page)).body), newUrl(scene));
    assert.equal(primaryAction((await (await logIn(t, scene.stranger)).get(page)).body), undefined);
    assert.equal(primaryAction((await new Browser(t.app).get(page)).body), undefined);
    // A draft's owner is offered to go on editing instead.
    const draft = await buildReviewScene(t.services, { status: "draft", indicators });
    const draftAction = primaryAction((await (await logIn(t, draft.owner)).get(`/spaces/${draft.commitment.spaceSlug}/commitments/${draft.commitment.number}`)).body);
    assert.match(draftAction ?? "", /\/edit\?step=\d+$/);
  });

  it("lets any member of the owning organisation report; coordinators, focal points and strangers may not", async () => {
    const scene = await buildReviewScene(t.services, { status: "published", indicators });
    assert.equal((await (await logIn(t, scene.orgMember)).post(newUrl(scene), reportForm(scene))).statusCode, 303);
    assert.equal((await (await logIn(t, scene.coordinator)).post(newUrl(scene), reportForm(scene))).statusCode, 403);
    assert.equal((await (await logIn(t, scene.focalPoint)).post(newUrl(scene), reportForm(scene))).statusCode, 403);
    assert.equal((await (await logIn(t, scene.stranger)).get(newUrl(scene))).statusCode, 403);
    assert.equal((await new Browser(t.app).post(newUrl(scene), reportForm(scene))).statusCode, 401);
    const reports = await t.services.db.select().from(progressReports).where(eq(progressReports.commitmentId, scene.commitment.id));
    assert.equal(reports.length, 1);
  });

  it("reports only on published commitments: 409 for the owner of a draft, 404 for others", async () => {
    const scene = await buildReviewScene(t.services, { status: "draft", indicators });
    assert.equal((await (await logIn(t, scene.owner)).post(newUrl(scene), reportForm(scene))).statusCode, 409);
    assert.equal((await (await logIn(t, scene.stranger)).post(newUrl(scene), reportForm(scene))).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`/spaces/${scene.commitment.spaceSlug}/commitments/${scene.commitment.number}/progress`)).statusCode, 404);
  });

  it("rejects a future date, missing or non-numeric values, a bad percentage and links that are not web addresses, keeping what was typed", async () => {
    const scene = await buildReviewScene(t.services, { status: "published", indicators });
    const browser = await logIn(t, scene.orgMember);
    const [hectares, volunteers] = scene.commitment.indicatorIds;
    const response = await browser.post(
      newUrl(scene),
      reportForm(scene, {
        report_date: "2026-03-03",
        [`value.${hectares}`]: "a lot",
        [`value.${volunteers}`]: "",
        percent_complete: "150",
        evidence_links: "javascript:alert(1)",
        "narrative.en": `${XSS} kept text`,
      }),
    );
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /The date cannot be in the future/);
    assert.match(response.body, /Enter a number/);
    assert.match(response.body, /This field is required/);
    assert.match(response.body, /Enter a whole number from 0 to 100/);
    assert.match(response.body, /Each link must be a full web address/);
    assert.match(response.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; kept text/, "the narrative is kept, escaped");
    assert.ok(!response.body.includes(XSS));
    const reports = await t.services.db.select().from(progressReports).where(eq(progressReports.commitmentId, scene.commitment.id));
    assert.equal(reports.length, 0, "nothing is saved");
    await assert.rejects(
      postProgressReport(t.services, { id: scene.owner.id, isPlatformAdmin: false }, scene.commitment.id, {
        reportDate: "2026-02-01",
        stage: "finished",
        values: { [hectares]: 1, [volunteers]: 2 },
        narrative: {},
        evidenceLinks: [],
      }),
      (error: { code: string; fields: Record<string, unknown> }) => error.code === "validation_failed" && Object.keys(error.fields).sort().join() === "narrative,stage",
    );
  });
});

describe("status light", () => {
  const now = new Date("2026-03-02T09:00:00Z");
  const thresholds = { greenMonths: 12, redMonths: 24 };
  const fixture: { name: string; publishedAt: Date | null; lastReportAt: string | null; expected: StatusLight }[] = [
    { name: "not published", publishedAt: null, lastReportAt: null, expected: "grey" },
    { name: "published lately, no report", publishedAt: new Date("2026-01-01T10:00:00Z"), lastReportAt: null, expected: "grey" },
    { name: "published exactly 24 months ago, no report", publishedAt: new Date("2024-03-02T23:00:00Z"), lastReportAt: null, expected: "grey" },
    { name: "published more than 24 months ago, no report", publishedAt: new Date("2024-03-01T08:00:00Z"), lastReportAt: null, expected: "red" },
    { name: "report exactly 12 months ago", publishedAt: new Date("2024-01-01T00:00:00Z"), lastReportAt: "2025-03-02", expected: "green" },
    { name: "report a day over 12 months", publishedAt: new Date("2024-01-01T00:00:00Z"), lastReportAt: "2025-03-01", expected: "yellow" },
    { name: "report exactly 24 months ago", publishedAt: new Date("2023-01-01T00:00:00Z"), lastReportAt: "2024-03-02", expected: "yellow" },
    { name: "report more than 24 months ago", publishedAt: new Date("2023-01-01T00:00:00Z"), lastReportAt: "2024-03-01", expected: "red" },
    { name: "report today", publishedAt: new Date("2026-02-01T00:00:00Z"), lastReportAt: "2026-03-02", expected: "green" },
  ];

  it("follows the thresholds at their edges", () => {
    for (const row of fixture) assert.equal(statusLight(row, now, thresholds), row.expected, row.name);
    assert.equal(statusLight({ publishedAt: new Date("2025-01-01T00:00:00Z"), lastReportAt: "2025-10-01" }, now, { greenMonths: 3, redMonths: 6 }), "yellow", "thresholds come from the space");
  });

  it("subtracts calendar months the way PostgreSQL does", () => {
    assert.equal(monthsBefore("2026-03-31", 1), "2026-02-28");
    assert.equal(monthsBefore("2024-02-29", 12), "2023-02-28");
    assert.equal(monthsBefore("2026-01-15", 13), "2024-12-15");
  });

  it("gives the same answer in SQL, with fixed thresholds and with each space's own", async () => {
    const t = await createTestApp();
    try {
      const built = [];
      const first = await buildCommitment(t.services, { status: "draft" });
      for (const row of fixture) {
        const commitment = await buildCommitment(t.services, {
          spaceId: first.spaceId,
          spaceSlug: first.spaceSlug,
          status: row.publishedAt ? "published" : "submitted",
          publishedAt: row.publishedAt ?? undefined,
          lastReportAt: row.lastReportAt,
        });
        built.push({ id: commitment.id, expected: row.expected, name: row.name });
      }
      const ids = built.map((row) => row.id);
      for (const light of [statusLightSql(t.clock.now(), { greenMonths: 12, redMonths: 24 }), statusLightSql(t.clock.now())]) {
        const rows = await t.services.db.select({ id: commitments.id, light }).from(commitments).where(inArray(commitments.id, ids));
        const byId = new Map(rows.map((row) => [row.id, row.light]));
        for (const row of built) assert.equal(byId.get(row.id), row.expected, row.name);
      }
      await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: first.spaceId, greenMonths: 6, redMonths: 12 });
      const rows = await t.services.db.select({ id: commitments.id, light: statusLightSql(t.clock.now()) }).from(commitments).where(inArray(commitments.id, ids));
      const byId = new Map(rows.map((row) => [row.id, row.light]));
      for (const [index, row] of fixture.entries()) assert.equal(byId.get(built[index].id), statusLight(row, t.clock.now(), { greenMonths: 6, redMonths: 12 }), `${row.name}, space thresholds`);
      assert.deepEqual([byId.get(built[4].id), byId.get(built[5].id)], ["yellow", "red"], "the space's own thresholds apply");
    } finally {
      await t.close();
    }
  });

  it("draws an escaped, accessible SVG chart with the values and a data table", () => {
    const svg = indicatorChart({
      id: "i1",
      title: `${XSS} Hectares`,
      description: "Two values",
      baseline: { date: "2025-12-31", value: 0 },
      target: { date: "2030-12-31", value: 500 },
      reported: [
        { date: "2026-06-30", value: 120 },
        { date: "2027-06-30", value: 310 },
      ],
      labels: { baseline: "Baseline", target: "Target", reported: "Reported", date: "Date", value: "Value", series: "Kind", caption: `${XSS} values` },
      formatNumber: (value) => String(value),
      formatDate: (day) => day,
    }).toString();
    assert.ok(!svg.includes(XSS));
    assert.match(svg, /<title id="chart-i1-title">&lt;script&gt;/);
    assert.match(svg, /<desc id="chart-i1-desc">Two values<\/desc>/);
    assert.match(svg, /aria-labelledby="chart-i1-title chart-i1-desc"/);
    assert.match(svg, /<polyline[^>]+points="[\d., ]+"/);
    assert.match(svg, /stroke-dasharray/, "the target is a dashed line");
    for (const value of ["120", "310", "500"]) assert.match(svg, new RegExp(`<td>${value}</td>`));
    assert.match(svg, /<caption>&lt;script&gt;/);
    // the scale and the dates are HTML text at the page's size (text inside the scaled SVG was a few pixels high on a phone)
    assert.doesNotMatch(/<svg[\s\S]*<\/svg>/.exec(svg)?.[0] ?? "", /<text/);
    assert.match(svg, /<span class="line-scale" aria-hidden="true"><span>500<\/span><span>250<\/span><span>0<\/span><\/span>/);
    assert.match(svg, /<span class="line-axis" aria-hidden="true"><span>2025-12-31<\/span><span>2030-12-31<\/span><\/span>/);
    assert.match(svg, /<div class="table-scroll" role="region" tabindex="0" aria-label="&lt;script&gt;[^"]*"><table class="chart-data">/);
  });
});

describe("reporting reminders", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("mails the owner once per due period when a report is due within 14 days, and again for the next period", async () => {
    // Published 2025-03-10 without a report: due 2026-03-10, eight days after the test clock's date.
    const due = await buildReviewScene(t.services, { status: "published", publishedAt: new Date("2025-03-10T12:00:00Z") });
    const notYet = await buildReviewScene(t.services, { status: "published", publishedAt: new Date("2025-01-01T12:00:00Z") });
    await buildProgressReport(t.services, notYet.commitment, { reportDate: "2026-01-15" });
    const completed = await buildReviewScene(t.services, { status: "published", stage: "completed", publishedAt: new Date("2023-01-01T12:00:00Z") });
    const draft = await buildReviewScene(t.services, { status: "draft" });

    await t.services.jobs.enqueue(REPORTING_REMINDERS_JOB, {});
    await t.services.jobs.drain();
    const mailsTo = async (email: string) => (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(email));
    const first = await mailsTo(due.owner.email);
    assert.equal(first.length, 1);
    assert.match(first[0].subject, /Скоро срок отчёта/, "in the owner's language");
    assert.match(first[0].text, new RegExp(`/commitments/${due.commitment.number}/progress/new`));
    for (const scene of [notYet, completed, draft]) assert.equal((await mailsTo(scene.owner.email)).length, 0);
    assert.equal((await mailsTo(due.orgMember.email)).length, 0, "plain members are not mailed");

    assert.equal(await sendReportingReminders(t.services), 0, "not twice for the same due date");
    t.clock.advance(10 * DAY_MS);
    assert.equal(await sendReportingReminders(t.services), 0, "not again when the same report becomes overdue");

    await postProgressReport(t.services, { id: due.owner.id, isPlatformAdmin: false }, due.commitment.id, {
      reportDate: "2026-03-12",
      stage: "implementation",
      values: {},
      narrative: { en: "Work goes on" },
      evidenceLinks: [],
    });
    t.clock.set(new Date("2027-03-01T09:00:00Z"));
    assert.ok((await sendReportingReminders(t.services)) >= 1);
    const mails = (await queuedMails(t.services)).filter((mail) => mail.to === due.owner.email);
    assert.equal(mails.length, 1, "the next period gets its own reminder");
  });
});
