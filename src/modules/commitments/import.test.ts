import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/harness";
import { auditLog } from "../../platform/schema";
import { buildOrganisation } from "../organisations/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { buildCommitment } from "./factories";
import { csvLine, IMPORT_COLUMNS } from "./export";
import { importCommitments, importCommitmentsCli, ImportSpaceError, progressBar } from "./import";
import { commitmentIndicators, commitmentPartners, commitments, commitmentTargets } from "./schema";

/** A CSV file in the export's columns; cells not given are empty. */
function csvFile(rows: Record<string, string>[]): string {
  return `\uFEFF${csvLine(IMPORT_COLUMNS)}${rows.map((row) => csvLine(IMPORT_COLUMNS.map((column) => row[column] ?? ""))).join("")}`;
}

const indicatorCell = JSON.stringify([{ name: { en: "Schools reached", ru: "Охвачено школ" }, unit: "schools", baseline_value: 0, target_value: 40, target_date: "2028-06-30", direction: "increase" }]);

const goodRows: Record<string, string>[] = [
  {
    title_en: 'Teach "water literacy", in 40 schools',
    title_ru: "Водная грамотность в 40 школах",
    description_en: "Lessons on saving water.\nWith field trips.",
    primary_target: "GBF-TARGET-21",
    other_targets: "SDG-06;SDG-04",
    countries: "kz;UZ",
    coverage: "multi_country",
    start_date: "2026-04-01",
    end_date: "2028-06-30",
    stage: "development",
    indicators: indicatorCell,
    partners: "Lake Keepers;City Schools Office",
    links: JSON.stringify([{ url: "https://example.org/water", label: "Plan" }]),
    funding_amount: "1 500,50",
    funding_currency: "usd",
    is_partner_display_allowed: "true",
  },
  { title_en: "Plant shelter belts", primary_target: "GBF-TARGET-02", funding_source: "'=Grants" },
];

describe("importing commitments", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let organisationSlug: string;
  const spaceCount = async (spaceId: string) => Number((await t.services.db.select({ value: count() }).from(commitments).where(eq(commitments.spaceId, spaceId)))[0].value);

  before(async () => {
    t = await createTestApp();
    space = await buildSpace(t.services, { slug: "import-agenda", frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    const organisation = await buildOrganisation(t.services, {});
    organisationSlug = organisation.slug;
  });
  after(async () => {
    await t?.close();
  });

  it("imports good CSV rows as drafts, with targets, indicators, partners and an audit entry", async () => {
    const progress: [number, number][] = [];
    const report = await importCommitments(t.services, { spaceSlug: space.slug, text: csvFile(goodRows), organisationSlug, isPublished: false, onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(report.problems, []);
    assert.equal(report.isImported, true);
    assert.equal(report.numbers.length, 2);
    assert.deepEqual(progress, [[1, 2], [2, 2]]);
    const [first] = await t.services.db.select().from(commitments).where(eq(commitments.number, report.numbers[0]));
    assert.equal(first.status, "draft");
    assert.equal(first.publishedAt, null);
    assert.deepEqual(first.title, { en: 'Teach "water literacy", in 40 schools', ru: "Водная грамотность в 40 школах" });
    assert.equal(first.description.en, "Lessons on saving water.\nWith field trips.");
    assert.deepEqual(first.countries, ["KZ", "UZ"]);
    assert.equal(first.stage, "development");
    assert.equal(first.fundingAmount, "1500.50");
    assert.equal(first.fundingCurrency, "USD");
    assert.equal(first.isPartnerDisplayAllowed, true);
    assert.deepEqual(first.links, [{ url: "https://example.org/water", label: "Plan" }]);
    assert.match(first.searchText, /water literacy/);
    const targets = await t.services.db.select().from(commitmentTargets).where(eq(commitmentTargets.commitmentId, first.id));
    assert.equal(targets.length, 3);
    assert.equal(targets.filter((target) => target.isPrimary).length, 1);
    const indicators = await t.services.db.select().from(commitmentIndicators).where(eq(commitmentIndicators.commitmentId, first.id));
    assert.deepEqual(indicators.map((indicator) => [indicator.name.ru, indicator.targetValue, indicator.unit]), [["Охвачено школ", "40", "schools"]]);
    const partners = await t.services.db.select().from(commitmentPartners).where(eq(commitmentPartners.commitmentId, first.id));
    assert.deepEqual(partners.map((partner) => partner.name).sort(), ["City Schools Office", "Lake Keepers"]);
    const [second] = await t.services.db.select().from(commitments).where(eq(commitments.number, report.numbers[1]));
    assert.equal(second.fundingSource, "=Grants", "the export's formula guard is taken off again");
    const audits = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "commitments.imported"), eq(auditLog.subjectId, space.id)));
    assert.equal(audits.length, 1);
    assert.deepEqual(audits[0].details, { count: 2, isPublished: false, format: "csv" });
  });

  it("writes nothing when any row is bad, and reports each problem with its line and field", async () => {
    const before = await spaceCount(space.id);
    const rows = [
      goodRows[1],
      { title_en: "", description_en: "A row without a title" },
      { title_en: "Bad geography", countries: "KZ;XX", regions: "999", primary_target: "GBF-TARGET-99", start_date: "2027-01-01", end_date: "2026-01-01" },
      { title_en: "Bad numbers", funding_amount: "lots", indicators: '[{"name":"x","target_value":"ten"}]', stage: "dreaming", links: "javascript:alert(1)", organisation: "no-such-organisation" },
    ];
    const report = await importCommitments(t.services, { spaceSlug: space.slug, text: csvFile(rows), organisationSlug, isPublished: true });
    assert.equal(report.isImported, false);
    assert.equal(await spaceCount(space.id), before, "nothing half-imported");
    const found = report.problems.map((item) => `${item.line}:${item.field}:${item.key.split(".").pop()}`);
    assert.deepEqual(found, [
      "3:title_en:required",
      "4:primary_target:unknown_target",
      "4:countries:invalid_country",
      "4:regions:invalid_region",
      "4:end_date:end_before_start",
      "5:organisation:unknown_organisation",
      "5:indicators:invalid_indicator",
      "5:links:invalid_link",
      "5:funding_amount:invalid_number",
      "5:stage:invalid_choice",
    ]);
  });

  it("rolls back every row when writing fails part-way", async () => {
    const before = await spaceCount(space.id);
    // The first row is written, then something fails (here: the progress callback) before the second.
    const failing = importCommitments(t.services, {
      spaceSlug: space.slug,
      text: csvFile([goodRows[1], { ...goodRows[1], title_en: "Second" }]),
      organisationSlug,
      isPublished: true,
      onProgress: (done) => {
        if (done === 1) throw new Error("disk full");
      },
    });
    await assert.rejects(failing, /disk full/);
    assert.equal(await spaceCount(space.id), before);
  });

  it("reports unknown columns and files that are not commitments", async () => {
    const unknown = await importCommitments(t.services, { spaceSlug: space.slug, text: "title_en,colour\nA,red\n", organisationSlug, isPublished: false });
    assert.deepEqual(unknown.problems.map((item) => `${item.line}:${item.field}`), ["1:colour"]);
    const notJson = await importCommitments(t.services, { spaceSlug: space.slug, text: "{ broken", format: "json", organisationSlug, isPublished: false });
    assert.equal(notJson.problems[0].key, "commitment.open_data.import.error.unreadable");
    const notList = await importCommitments(t.services, { spaceSlug: space.slug, text: '{"title": "x"}', format: "json", organisationSlug, isPublished: false });
    assert.equal(notList.problems[0].key, "commitment.open_data.import.error.not_a_list");
    await assert.rejects(importCommitments(t.services, { spaceSlug: "nowhere", text: "", organisationSlug, isPublished: false }), ImportSpaceError);
  });

  it("imports the JSON export of one space into another as published commitments", async () => {
    const source = await buildCommitment(t.services, {
      status: "published",
      title: { en: "Clean the Ural river banks", ru: "Очистить берега Урала" },
      otherItemKeys: [["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-14"]],
      indicators: [{ name: { en: "Tonnes collected" }, unit: "t", baselineValue: 0, targetValue: 12 }],
    });
    const exported = await t.app.inject({ method: "GET", url: `/spaces/${source.spaceSlug}/commitments/export.json` });
    assert.equal(exported.statusCode, 200);
    const report = await importCommitments(t.services, { spaceSlug: space.slug, text: exported.body, isPublished: true });
    assert.deepEqual(report.problems, []);
    const api = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/commitments/${report.numbers[0]}` });
    assert.equal(api.statusCode, 200, "published imports are open data");
    const record = api.json() as { title: Record<string, string>; targets: { key: string; is_primary: boolean }[]; indicators: { unit: string; target_value: number }[]; owner: { slug: string } };
    assert.deepEqual(record.title, { en: "Clean the Ural river banks", ru: "Очистить берега Урала" });
    assert.deepEqual(record.targets.map((target) => [target.key, target.is_primary]), [["GBF-TARGET-17", true], ["SDG-14", false]]);
    assert.deepEqual(record.indicators.map((indicator) => [indicator.unit, indicator.target_value]), [["t", 12]]);
    const original = (await t.app.inject({ method: "GET", url: `/api/v1/spaces/${source.spaceSlug}/commitments/${source.number}` })).json() as { owner: { slug: string } };
    assert.equal(record.owner.slug, original.owner.slug, "the owner is taken from the export");
  });

  it("imports its own CSV export back unchanged", async () => {
    const target = await buildSpace(t.services, { frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    const exported = await t.app.inject({ method: "GET", url: `/api/v1/spaces/${space.slug}/commitments` });
    const before = (exported.json() as { data: { title: Record<string, string> }[] }).data.map((item) => item.title);
    const csv = await t.app.inject({ method: "GET", url: `/spaces/${space.slug}/commitments/export.csv` });
    const report = await importCommitments(t.services, { spaceSlug: target.slug, text: csv.body, isPublished: true });
    assert.deepEqual(report.problems, []);
    const after = (await t.app.inject({ method: "GET", url: `/api/v1/spaces/${target.slug}/commitments` })).json() as { data: { title: Record<string, string> }[] };
    assert.deepEqual(after.data.map((item) => item.title), before);
  });

  describe("the import-commitments command", () => {
    let folder: string;
    before(() => {
      folder = mkdtempSync(join(tmpdir(), "convene-import-"));
    });
    after(() => rmSync(folder, { recursive: true, force: true }));

    const run = async (args: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await importCommitmentsCli(t.services, args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
      return { code, stdout, stderr };
    };

    it("draws a progress bar on stderr and prints the report", async () => {
      const file = join(folder, "good.csv");
      const many = Array.from({ length: 120 }, (_, index) => ({ title_en: `Commitment ${index + 1}`, primary_target: "GBF-TARGET-01" }));
      writeFileSync(file, csvFile(many));
      const result = await run(["--space", space.slug, "--file", file, "--organisation", organisationSlug, "--publish"]);
      assert.equal(result.code, 0, result.stderr);
      const frames = result.stderr.split("\r").filter(Boolean);
      assert.ok(frames.length >= 100 && frames.length <= 120, `one frame per percent, got ${frames.length}`);
      assert.equal(frames[0], progressBar(1, 120));
      assert.equal(frames.at(-1), `${progressBar(120, 120)}\n`);
      assert.match(frames.at(-1) ?? "", /^\[#{30}\] 120\/120\n$/);
      assert.match(result.stdout, /^Imported 120 commitment\(s\) into import-agenda as published: #\d+/);
    });

    it("prints every problem with its line and exits non-zero without writing", async () => {
      const before = await spaceCount(space.id);
      const file = join(folder, "bad.csv");
      writeFileSync(file, csvFile([{ title_en: "Fine", primary_target: "GBF-TARGET-01" }, { title_en: "Wrong", countries: "Atlantis" }]));
      const result = await run(["--space", space.slug, "--file", file, "--organisation", organisationSlug]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, "", "no progress when nothing is written");
      assert.match(result.stdout, /^Nothing imported: 1 problem\(s\) in 2 row\(s\)\.\n {2}line 3, countries: “ATLANTIS” is not an ISO 3166-1 alpha-2 country code\.\n$/);
      assert.equal(await spaceCount(space.id), before);
    });

    it("explains its arguments when one is missing", async () => {
      const result = await run(["--space", space.slug]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /needs --space SLUG and --file F/);
    });
  });

  it("draws bars of a fixed width", () => {
    assert.equal(progressBar(512, 1000, 10), "[#####-----] 512/1000");
    assert.equal(progressBar(0, 0, 4), "[####] 0/0");
  });
});
