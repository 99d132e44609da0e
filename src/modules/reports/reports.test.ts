import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { buildCommitment, buildProgressReport } from "../commitments/factories";
import { changeStatus, createItem } from "../followup/commands/save-item";
import { buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";

type Snapshot = { number: number; symbol: string; documents: Record<string, { title: string; parts: { kind: string; section?: { key: string; blocks: { kind: string; key?: string; rows?: unknown[][]; items?: { label: string; value: unknown }[] }[] } }[] }> };

const PERIOD = { period_from: "2020-01-01", period_to: "2099-12-31" };

describe("reports: drafts, narratives, freezing, exports and permissions", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: true });
  });
  after(() => t.close());

  /** A public space with commitments, consultations and events, a coordinator, a member, and two published commitments. */
  const scene = async (visibility: "public" | "private" = "public") => {
    const space = await buildSpace(t.services, { enabledModules: ["commitments", "consultations", "events", "surveys"], frameworkKeys: ["GBF"], visibility });
    const coordinatorUser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinatorUser.id, "coordinator");
    const memberUser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, memberUser.id, "member");
    const organisation = await buildOrganisation(t.services, { ownerId: coordinatorUser.id });
    for (let count = 0; count < 2; count++) await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, ownerUserId: coordinatorUser.id, status: "published", countries: ["KZ"] });
    const coordinator = await new Browser(t.app).logIn(coordinatorUser.email, coordinatorUser.password);
    const member = await new Browser(t.app).logIn(memberUser.email, memberUser.password);
    return { space, organisation, coordinatorUser, coordinator, member };
  };

  /** Creates a report through the form and saves sections and narratives; returns its path. */
  const draft = async (coordinator: Browser, slug: string, extra: Record<string, string | string[]> = {}) => {
    const created = await coordinator.post(`/spaces/${slug}/reports/new`, { "title.en": `${XSS} Progress report`, "title.ru": "Доклад о ходе работы", ...PERIOD, symbol: "UNEP/MC/COP.6/INF/12" });
    assert.equal(created.statusCode, 303, created.body.slice(0, 400));
    const path = String(created.headers.location).replace(/\/edit$/, "");
    const saved = await coordinator.post(`${path}/edit`, {
      "title.en": `${XSS} Progress report`, "title.ru": "Доклад о ходе работы", ...PERIOD, symbol: "UNEP/MC/COP.6/INF/12", sections: ["commitments", "events"],
      "narrative_start.en": `## Introduction\n\nThe secretariat **reports** ${XSS} [link](javascript:alert(1))`, "narrative_start.ru": "## Введение\n\nСекретариат **докладывает**.",
      "narrative_after:commitments.en": "Between the sections.", "narrative_end.en": "In closing.", ...extra,
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 600));
    return path;
  };

  it("a frozen version never changes when data changes afterwards; the draft does, and freezing again makes version 2", async () => {
    const { space, organisation, coordinatorUser, coordinator } = await scene();
    const path = await draft(coordinator, space.slug);
    const live = await coordinator.get(path);
    assert.equal(live.statusCode, 200);
    assert.match(live.body, /Commitments published in the period/);
    const frozen = await coordinator.post(`${path}/freeze`, {});
    assert.equal(frozen.statusCode, 303);
    assert.equal(frozen.headers.location, `${path}/versions/1`);
    const anonymous = new Browser(t.app);
    const before = await anonymous.get(`${path}/versions/1`);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /UNEP\/MC\/COP\.6\/INF\/12/);
    const beforeRu = await new Browser(t.app).get(`${path}/versions/1?lang=ru`);
    assert.match(beforeRu.body, /Секретариат <strong>докладывает<\/strong>/, "the Russian narrative is frozen too");
    const beforeApi = JSON.parse((await anonymous.get(`/api/v1/spaces/${space.slug}/reports/${path.split("/").pop()}/versions/1`, { accept: "application/json" })).body) as Snapshot;
    const publishedFigure = (snapshot: Snapshot) => snapshot.documents.en!.parts.find((part) => part.section?.key === "commitments")!.section!.blocks[0]!.items!.find((item) => item.label === "Published in the period")!.value;
    assert.equal(publishedFigure(beforeApi), 2);

    for (let count = 0; count < 3; count++) await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, ownerUserId: coordinatorUser.id, status: "published" });
    const after = await anonymous.get(`${path}/versions/1`);
    assert.equal(after.body, before.body, "the version page is identical byte for byte");
    assert.equal((await new Browser(t.app).get(`${path}/versions/1?lang=ru`)).body, beforeRu.body);
    const afterApi = JSON.parse((await anonymous.get(`/api/v1/spaces/${space.slug}/reports/${path.split("/").pop()}/versions/1`, { accept: "application/json" })).body) as Snapshot;
    assert.equal(publishedFigure(afterApi), 2, "the API serves the snapshot");
    const csvBefore = await anonymous.get(`${path}/versions/1/tables/commitments-by-status.csv`);
    assert.equal(csvBefore.statusCode, 200);
    assert.match(csvBefore.body, /Published,2\r\n/);

    const liveAfter = await coordinator.get(`${path}/tables/commitments-by-status.csv`);
    assert.match(liveAfter.body, /Published,5\r\n/, "the draft's figures are live");
    assert.equal((await coordinator.post(`${path}/freeze`, {})).headers.location, `${path}/versions/2`);
    assert.match((await anonymous.get(`${path}/versions/2/tables/commitments-by-status.csv`)).body, /Published,5\r\n/);
    assert.equal((await anonymous.get(`${path}/versions/1`)).body, before.body, "version 1 stays");
    const list = JSON.parse((await anonymous.get(`/api/v1/spaces/${space.slug}/reports`, { accept: "application/json" })).body) as { data: { versions: { number: number }[] }[] };
    assert.deepEqual(list.data[0]!.versions.map((version) => version.number), [2, 1]);
  });

  it("a live draft of a past period shows follow-up statuses, overdue items and reporting lights as they were at its end, not today", async () => {
    t.clock.set(new Date("2025-06-01T09:00:00Z"));
    try {
      const { space, organisation, coordinatorUser, coordinator } = await scene();
      const item = await createItem(t.services, { id: coordinatorUser.id }, space, {
        title: { en: "Publish the permits register" }, description: {}, recommendationId: "", actorOrganisationIds: [organisation.id], actorText: "", dueOn: "2025-09-30", evidenceText: "", evidenceLinks: "",
      });
      const reporting = await buildCommitment(t.services, { spaceId: space.id, spaceSlug: space.slug, organisationId: organisation.id, ownerUserId: coordinatorUser.id, status: "published" });
      await buildProgressReport(t.services, reporting, { reportDate: "2025-07-01" });
      const created = await coordinator.post(`/spaces/${space.slug}/reports/new`, { "title.en": "Report for 2025", period_from: "2025-01-01", period_to: "2025-12-31", symbol: "X/2025/1" });
      const path = String(created.headers.location).replace(/\/edit$/, "");
      assert.equal((await coordinator.post(`${path}/edit`, { "title.en": "Report for 2025", period_from: "2025-01-01", period_to: "2025-12-31", symbol: "X/2025/1", sections: ["commitments", "follow-up"] })).statusCode, 303);

      // After the period: the item is done and another is made.
      t.clock.set(new Date("2026-02-10T09:00:00Z"));
      await changeStatus(t.services, { id: coordinatorUser.id }, item.id, { status: "done", note: "Register online" });
      await createItem(t.services, { id: coordinatorUser.id }, space, {
        title: { en: "Made after the period" }, description: {}, recommendationId: "", actorOrganisationIds: [], actorText: "The secretariat", dueOn: "", evidenceText: "", evidenceLinks: "",
      });
      // Read in March 2027: judged today the July 2025 report would be 20 months old ("Report overdue"); judged on
      // the period's last day it was 6 months old ("Reporting on time"). The two without a report are grey either way.
      t.clock.set(new Date("2027-03-01T09:00:00Z"));
      const reader = await new Browser(t.app).logIn(coordinatorUser.email, coordinatorUser.password);
      const byStatus = (await reader.get(`${path}/tables/follow-up-by-status.csv`)).body;
      assert.match(byStatus, /Planned,1\r\n/, "the item was still planned when the period ended");
      assert.match(byStatus, /Done,0\r\n/, "its completion after the period does not show");
      const page = await reader.get(path);
      assert.ok(!page.body.includes("Made after the period"), "an item made after the period is not in it");
      assert.match(page.body, /Publish the permits register — Planned, due [^<]*\(Overdue\)/, "overdue at the period's end (due 30 September)");
      const lights = (await reader.get(`${path}/tables/commitments-lights.csv`)).body;
      assert.match(lights, /Reporting on time,1\r\n/, "judged on 31 December 2025, the July report is recent");
      assert.match(lights, /Report overdue,0\r\n/, "not judged today");
      assert.match(lights, /No report yet,2\r\n/);
      assert.match(page.body, /As of 31 Dec[a-z]* 2025/, "the lights' note names the period's last day");
      const frozen = await reader.post(`${path}/freeze`, {});
      assert.equal(frozen.statusCode, 303);
      const version = (await reader.get(`${path}/versions/1/tables/follow-up-by-status.csv`)).body;
      assert.equal(version, byStatus, "the frozen version holds the period-end state");
    } finally {
      t.clock.set(new Date("2026-03-02T09:00:00Z"));
    }
  });

  it("members and visitors cannot see drafts or build; a private space's versions are 404 outside it", async () => {
    const { space, coordinator, member } = await scene();
    const path = await draft(coordinator, space.slug);
    const anonymous = new Browser(t.app);
    assert.equal((await anonymous.get(path)).statusCode, 404, "a draft without versions is not there for visitors");
    assert.equal((await member.get(path)).statusCode, 404);
    assert.doesNotMatch((await member.get(`/spaces/${space.slug}/reports`)).body, /Progress report/, "a draft's title does not leak");
    assert.equal((await member.post(`/spaces/${space.slug}/reports/new`, { "title.en": "Mine", ...PERIOD })).statusCode, 403);
    assert.equal((await member.post(`${path}/freeze`, {})).statusCode, 404);
    assert.equal((await anonymous.get(`${path}/report.md`)).statusCode, 404);
    assert.equal((await coordinator.post(`${path}/freeze`, {})).statusCode, 303);
    const memberView = await member.get(path);
    assert.equal(memberView.statusCode, 200, "once frozen, the report's page lists its versions");
    assert.doesNotMatch(memberView.body, /Freeze as version/);
    assert.equal((await member.get(`${path}/edit`)).statusCode, 403);
    assert.equal((await member.get(`${path}/tables/commitments-by-status.csv`)).statusCode, 403, "live tables are for builders");
    assert.equal((await anonymous.get(`${path}/versions/9`)).statusCode, 404);
    assert.equal((await anonymous.get(`${path}/versions/x`)).statusCode, 404);
    assert.equal((await anonymous.get(`/spaces/${space.slug}/reports/not-a-uuid`)).statusCode, 404);

    const closed = await scene("private");
    const closedPath = await draft(closed.coordinator, closed.space.slug);
    await closed.coordinator.post(`${closedPath}/freeze`, {});
    assert.equal((await anonymous.get(`${closedPath}/versions/1`)).statusCode, 404);
    assert.equal((await anonymous.get(`/api/v1/spaces/${closed.space.slug}/reports`, { accept: "application/json" })).statusCode, 404);
    assert.equal((await closed.member.get(`${closedPath}/versions/1`)).statusCode, 200);
  });

  it("escapes titles and narratives, renders the narrative's Markdown, and writes Markdown and formula-safe CSV", async () => {
    const { space, coordinator } = await scene();
    const path = await draft(coordinator, space.slug);
    const page = await coordinator.get(path);
    assert.ok(!page.body.includes(XSS), "no raw script anywhere");
    assert.match(page.body, /<h2>Introduction<\/h2>/);
    assert.match(page.body, /The secretariat <strong>reports<\/strong>/);
    assert.doesNotMatch(page.body, /href="javascript:/);
    const order = ["Introduction", "Commitments published in the period", "Between the sections.", "Events held in the period", "In closing."].map((text) => page.body.indexOf(text));
    assert.deepEqual([...order].sort((a, b) => a - b), order, "narratives sit where they were put");
    const markdown = await coordinator.get(`${path}/report.md`);
    assert.equal(markdown.statusCode, 200);
    assert.match(String(markdown.headers["content-type"]), /text\/markdown/);
    assert.match(markdown.body, /^UNEP\/MC\/COP\.6\/INF\/12\n\n# \\<script\\>alert\(1\)\\<\/script\\> Progress report/);
    assert.match(markdown.body, /## Commitments\n/);
    assert.match(markdown.body, /\| Status \| Commitments \|\n\| --- \| ---: \|/);
    const ru = await coordinator.get(`${path}/report.md?lang=ru`);
    assert.match(ru.body, /Опубликовано за период/);

    // a table cell a spreadsheet would run: a framework target label is not user input, so put a formula into a title the events table shows
    const eventTitle = "=HYPERLINK(\"http://evil\")";
    const { buildEvent } = await import("../events/factories");
    await buildEvent(t.services, { space, title: { en: eventTitle } });
    const csv = await coordinator.get(`${path}/tables/events-top-events.csv?lang=en`);
    assert.equal(csv.statusCode, 200, csv.body.slice(0, 300));
    assert.match(csv.body, /^\uFEFFEvent,Date,Registrations,Attended\r\n/);
    assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil""\)"/, "a formula is neutralised");
    assert.equal((await coordinator.get(`${path}/tables/nothing-here.csv`)).statusCode, 404);
    assert.equal((await coordinator.get(`${path}/tables/..%2Fetc.csv`)).statusCode, 404);
  });

  it("includes consultations and surveys of the period, public ones only, with links and no small respondent counts", async () => {
    const { space, coordinator } = await scene();
    const { buildConsultation, buildContribution } = await import("../consultations/factories");
    const { buildSurvey } = await import("../surveys/factories");
    const open = await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, title: { en: "Open talk" } });
    await buildContribution(t.services, { consultationId: open.id, topicId: open.groups[0]!.topics[0]!.id }, {});
    await buildConsultation(t.services, { spaceId: space.id, spaceSlug: space.slug, title: { en: "Members-only talk" }, visibility: "members" });
    await buildSurvey(t.services, { space: { id: space.id, slug: space.slug, title: space.title, createdBy: space.createdBy }, status: "closed", resultsPublic: true });
    const path = await draft(coordinator, space.slug, { sections: ["commitments", "consultations", "events", "surveys"] });
    const page = await coordinator.get(`${path}?lang=en`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.match(page.body, /Open talk/);
    assert.doesNotMatch(page.body, /Members-only talk/, "a members-only consultation stays out of the report");
    assert.match(page.body, new RegExp(`href="/spaces/${space.slug}/consultations/${open.slug}/report"`));
    assert.match(page.body, /Surveys closed in the period/);
    assert.match(page.body, /\/results"/, "a survey's public results are linked");
    const surveysCsv = await coordinator.get(`${path}/tables/surveys-surveys.csv?lang=en`);
    assert.match(surveysCsv.body, /^\uFEFFSurvey,Closed,Respondents\r\n.+,0\r\n$/s, "the closed survey is listed with its respondents");
  });

  it("two freezes at once take versions 1 and 2, each audited", async () => {
    const { space, coordinator, coordinatorUser } = await scene();
    const path = await draft(coordinator, space.slug);
    const id = path.split("/").pop()!;
    const { freezeReport } = await import("./commands/freeze-report");
    const { findReport } = await import("./queries");
    const report = (await findReport(t.services.db, space.id, id))!;
    const actor = { id: coordinatorUser.id, ip: "127.0.0.1" };
    const numbers = await Promise.all([freezeReport(t.services, actor, report, space), freezeReport(t.services, actor, report, space)]);
    assert.deepEqual([...numbers].sort(), [1, 2]);
    const rows = await queryRows<{ action: string; details: { version: number } }>(t.services.db, sql`select action, details from audit_log where subject_id = ${id} order by created_at, id`);
    assert.deepEqual(rows.map((row) => row.action), ["report.created", "report.updated", "report.frozen", "report.frozen"]);
    assert.deepEqual(rows.slice(2).map((row) => row.details.version).sort(), [1, 2]);
    assert.equal((await findReport(t.services.db, space.id, id))!.versionCount, 2);
  });

  it("keeps the typed input and names the field when the form is wrong", async () => {
    const { space, coordinator } = await scene();
    const missing = await coordinator.post(`/spaces/${space.slug}/reports/new`, { "title.en": "", period_from: "2026-13-40", period_to: "2025-01-01", symbol: "kept symbol" });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /kept symbol/);
    assert.match(missing.body, /Give the report a title/);
    assert.match(missing.body, /Enter a date as YYYY-MM-DD/);
    assert.match(missing.body, /Title: Give the report a title/, "the error summary names the field");
    assert.match(missing.body, /Period: first day: Enter a date as YYYY-MM-DD/);
    const path = await draft(coordinator, space.slug);
    const reversed = await coordinator.post(`${path}/edit`, { "title.en": "Report", period_from: "2026-05-01", period_to: "2026-04-01", sections: ["no-such-section"], "narrative_end.en": "my closing words" });
    assert.equal(reversed.statusCode, 422);
    assert.match(reversed.body, /The last day cannot come before the first/);
    assert.match(reversed.body, /Choose sections from the list/);
    assert.match(reversed.body, /Sections: Choose sections from the list/);
    assert.match(reversed.body, /my closing words/);
    const ru = await coordinator.post(`${path}/edit?lang=ru`, { "title.en": "", ...PERIOD });
    assert.match(ru.body, /Укажите название доклада/);
  });
});
