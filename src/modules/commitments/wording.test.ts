import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { findOrganisationById } from "../organisations/queries";
import { sendReportingReminders } from "./commands/send-reporting-reminders";
import { buildCommitment, type BuiltCommitment } from "./factories";
import { buildReviewScene, queuedMails, type ReviewScene } from "./factories-review";
import { importCommitmentsCli } from "./import";
import { commitmentsModule } from "./manifest";
import { commitmentSpaceSettings } from "./schema";
import { DASHBOARD_CHARTS } from "./views/stats-dashboard";

/** The noun of the other mode, in either language. "Необязательно" (optional) is not one of them. */
const COMMITMENT_WORDS = /commitment|committ|\bcommits?\b|pledge|обязательств|обязуетс/i;
/** The memorandum's own words. */
const MEMORANDUM_WORDS = /programme activit|signator|memorandum|мероприяти|подписант|меморандум/i;

/** What a reader sees of a page: its text and the attributes read aloud or shown, without code samples and URLs. */
function readableText(body: string): string {
  return body
    .replace(/<(script|style|pre|code)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*?\b(?:title|aria-label|placeholder|alt|value)="([^"]*)"[^>]*>/gi, " $1 ")
    .replace(/<[^>]+>/g, " ")
    .replace(/https?:\/\/\S+|\/spaces\/\S+/g, " ")
    .replace(/\s+/g, " ");
}

function assertNoCommitmentWording(text: string, where: string): void {
  const found = COMMITMENT_WORDS.exec(text);
  assert.equal(found, null, `${where} says “${found ? text.slice(Math.max(0, found.index - 60), found.index + 60) : ""}”`);
}

/** The parts of an ICU message tree read here: text, and the options of selects and plurals, and tags. */
type MessageNode = { type: number; value?: unknown; options?: Record<string, { value: MessageNode[] }>; children?: MessageNode[] };

/** All the text a memorandum space can be shown by a message: every branch except those of `mode` other than memorandum. */
function memorandumText(nodes: MessageNode[]): string {
  return nodes
    .map((node) => {
      if (typeof node.value === "string" && !node.options && !node.children) return node.type === 0 ? node.value : " ";
      if (node.options) {
        const branches = node.value === "mode" ? [node.options.memorandum ?? node.options.other] : Object.values(node.options);
        return branches.map((branch) => memorandumText(branch.value)).join(" ");
      }
      return node.children ? memorandumText(node.children) : " ";
    })
    .join("");
}

/**
 * Messages that must name the other mode: the settings page offers it as a choice, and site-wide search and the
 * content pickers (newsletters, showcases) cover spaces of both modes, so their kind labels name both.
 */
const NAMES_THE_OTHER_MODE = new Set(["commitment.form.settings.mode.commitments", "search.type.commitment", "content.kind.commitment"]);

describe("commitments: every message has the memorandum's words", () => {
  it("has no message that says commitment to a memorandum space, in any branch, in English or Russian", () => {
    const found: string[] = [];
    for (const [locale, messages] of Object.entries(commitmentsModule.messages ?? {})) {
      for (const [key, message] of Object.entries(messages)) {
        if (NAMES_THE_OTHER_MODE.has(key)) continue;
        const text = memorandumText(new IntlMessageFormat(message, locale).getAst() as MessageNode[]);
        if (COMMITMENT_WORDS.test(text)) found.push(`${locale} ${key}: ${text}`);
      }
    }
    assert.deepEqual(found, []);
  });
});

describe("commitments: one noun per mode (a memorandum's programme activities)", () => {
  let t: TestApp;
  let scene: ReviewScene;
  let published: BuiltCommitment;
  let base: string;
  const visited: string[] = [];

  /**
   * Fetches a page in both languages and checks its wording. `allowOnce` names text the page may hold once
   * (the settings page offers the other mode by its name); `status` is the answer expected (error pages too);
   * `isNamed: false` for the few pages that name neither (a CSV of targets).
   */
  const check = async (browser: Browser, path: string, options: { status?: number; allowOnce?: Record<string, string[]>; isNamed?: boolean } = {}) => {
    for (const lang of ["en", "ru"]) {
      const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
      const response = await browser.get(url);
      assert.equal(response.statusCode, options.status ?? 200, `${url}: ${response.statusCode}`);
      const body = (options.allowOnce?.[lang] ?? []).reduce((text, allowed) => text.replace(allowed, " "), response.body);
      assertNoCommitmentWording(readableText(body), `${url} (${lang})`);
      // A page that names the thing names it in the memorandum's words (so an empty page cannot pass unnoticed).
      if (options.isNamed ?? true) assert.match(readableText(body), MEMORANDUM_WORDS, `${url} names no programme activity`);
      visited.push(url);
    }
  };

  before(async () => {
    t = await createTestApp();
    scene = await buildReviewScene(t.services, { status: "draft", countries: ["KZ"] });
    const { commitment } = scene;
    await t.services.db.insert(commitmentSpaceSettings).values({ spaceId: commitment.spaceId, mode: "memorandum" });
    published = await buildCommitment(t.services, { spaceId: commitment.spaceId, spaceSlug: commitment.spaceSlug, ownerUserId: scene.owner.id, status: "published", countries: ["KZ"] });
    base = `/spaces/${commitment.spaceSlug}/commitments`;
  });
  after(async () => t?.close());

  it("never says commitment on the pages of a memorandum space, in English or Russian", async () => {
    const owner = await new Browser(t.app).logIn(scene.owner.email, scene.owner.password);
    const coordinator = await new Browser(t.app).logIn(scene.coordinator.email, scene.coordinator.password);
    const number = scene.commitment.number;
    const slug = scene.commitment.spaceSlug;
    // Browse, stats and open data, as anyone sees them.
    await check(new Browser(t.app), base);
    await check(new Browser(t.app), `${base}?q=nothing-is-called-this`);
    await check(new Browser(t.app), `${base}/dashboard`);
    for (const chart of DASHBOARD_CHARTS) await check(new Browser(t.app), `${base}/dashboard/${chart}.csv`, { isNamed: chart !== "targets" });
    await check(new Browser(t.app), `${base}/embed`);
    // The widgets' labels are JavaScript: the snippet to copy and the preview ask them for the memorandum's words.
    const embed = (await new Browser(t.app).get(`${base}/embed`)).body;
    assert.equal(embed.match(/wording=&quot;memorandum&quot;/g)?.length, 2, "both snippets");
    assert.equal(embed.match(/ wording="memorandum"/g)?.length, 2, "both previews");
    await check(new Browser(t.app), `${base}/feed.atom`);
    await check(new Browser(t.app), `${base}/${published.number}`);
    await check(new Browser(t.app), `${base}/${published.number}/history`);
    await check(new Browser(t.app), `${base}/${published.number}/progress`);
    await check(new Browser(t.app), `/spaces/${slug}`);
    // The form, as its owner sees it.
    await check(owner, `${base}/new`);
    await check(owner, `${base}/${number}`);
    for (let step = 1; step <= 6; step++) await check(owner, `${base}/${number}/edit?step=${step}`);
    await check(owner, `${base}/${published.number}/progress/new`);
    await check(owner, `${base}/${published.number}/edit?step=1`);
    // Error pages: no progress on a draft, no review of a draft.
    await check(owner, `${base}/${number}/progress/new`, { status: 409 });
    // The coordinator's pages: the queue, the countries that skip review, the settings (which name the other mode once).
    await check(coordinator, `${base}/countries`);
    await check(coordinator, `${base}/settings`, { allowOnce: { en: ['value="commitments"', "Commitments"], ru: ['value="commitments"', "Обязательства"] } });
    const notSubmitted = await coordinator.post(`${base}/${number}/review/start`, {});
    assert.ok(notSubmitted.statusCode >= 400 && notSubmitted.statusCode < 500, `starting the review of a draft: ${notSubmitted.statusCode}`);
    assertNoCommitmentWording(readableText(notSubmitted.body), "starting the review of a draft");

    // Submitting, reviewing and returning: each step's page and its flash notice.
    assert.equal((await owner.post(`${base}/${number}/submit`, {})).statusCode, 303);
    await check(owner, `${base}/${number}`);
    await check(coordinator, `${base}/review`);
    await check(coordinator, `${base}/${number}/review`);
    assert.equal((await coordinator.post(`${base}/${number}/review/start`, {})).statusCode, 303);
    await check(coordinator, `${base}/${number}/review`);
    assert.equal((await coordinator.post(`${base}/${number}/review/return`, { comment: "Name the Aarhus centre." })).statusCode, 303);
    await check(coordinator, `${base}/${number}/review`);
    await check(owner, `${base}/${number}`);
    assert.equal((await owner.post(`${base}/${number}/submit`, {})).statusCode, 303);
    assert.equal((await coordinator.post(`${base}/${number}/review/publish`, {})).statusCode, 303);
    await check(coordinator, `${base}/${number}/review`);
    await check(owner, `${base}/${number}`);

    // A progress report (its flash), after which the organisation reports on track: its page and certificate.
    const report = { report_date: "2026-02-20", stage: "implementation", percent_complete: "25", "narrative.en": "Trained the staff of two Aarhus centres." };
    assert.equal((await owner.post(`${base}/${published.number}/progress/new`, report)).statusCode, 303);
    await check(owner, `${base}/${published.number}/progress`);
    const organisation = await findOrganisationById(t.services.db, published.organisationId ?? "");
    assert.ok(organisation);
    await check(new Browser(t.app), `/organisations/${organisation.slug}`);
    await check(new Browser(t.app), `${base}/certificates/${organisation.slug}`);

    // The API's messages (not its field names) speak the space's wording too.
    const notFound = await new Browser(t.app).get(`/api/v1/spaces/${slug}/commitments/${number + 1000}`);
    assert.equal(notFound.statusCode, 404);
    assertNoCommitmentWording(String((notFound.json() as { message?: unknown }).message), "API 404");
    assert.ok(visited.length > 60);
  });

  it("never says commitment in what the import reports for a memorandum space", async () => {
    const folder = mkdtempSync(join(tmpdir(), "convene-wording-"));
    try {
      let stdout = "";
      for (const [name, text] of [["not-a-list.json", '{"title": "x"}'], ["no-rows.json", "[]"], ["not-objects.json", "[1, 2]"]]) {
        writeFileSync(join(folder, name), text);
        const io = { stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: () => true } };
        assert.equal(await importCommitmentsCli(t.services, ["--space", scene.commitment.spaceSlug, "--file", join(folder, name), "--format", "json"], io), 1);
      }
      const good = join(folder, "good.csv");
      writeFileSync(good, "title_en,primary_target\nTrain the staff of the Aarhus centres,GBF-TARGET-01\n");
      const io = { stdout: { write: (chunk: string) => (stdout += chunk) }, stderr: { write: () => true } };
      const organisation = await findOrganisationById(t.services.db, published.organisationId ?? "");
      assert.ok(organisation);
      assert.equal(await importCommitmentsCli(t.services, ["--space", scene.commitment.spaceSlug, "--file", good, "--organisation", organisation.slug], io), 0, stdout);
      assert.match(stdout, /programme activit/);
      assert.match(stdout, /^Imported 1 programme activity/m);
      assertNoCommitmentWording(stdout, "the import report");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("never says commitment in the mail of a memorandum space", async () => {
    // Reminders too: one report due within two weeks, one overdue.
    for (const publishedAt of ["2025-03-10T12:00:00Z", "2024-12-01T12:00:00Z"]) {
      await buildCommitment(t.services, { spaceId: scene.commitment.spaceId, spaceSlug: scene.commitment.spaceSlug, ownerUserId: scene.owner.id, status: "published", publishedAt: new Date(publishedAt) });
    }
    assert.equal(await sendReportingReminders(t.services), 2);
    const mails = await queuedMails(t.services);
    const kinds = new Set(mails.map((mail) => mail.locale));
    assert.ok(mails.length >= 6, `review started, window opened, returned, published, report due, report overdue (${mails.length})`);
    assert.ok(kinds.has("ru"), "Russian mail was checked");
    for (const mail of mails) assertNoCommitmentWording(`${mail.subject}\n${mail.text.replace(/https?:\/\/\S+/g, " ")}`, `mail “${mail.subject}” (${mail.locale})`);
  });

  it("still says commitment in a space of commitments", async () => {
    const other = await buildCommitment(t.services, { status: "published" });
    const response = await new Browser(t.app, "ru").get(`/spaces/${other.spaceSlug}/commitments/${other.number}`);
    assert.match(readableText(response.body), COMMITMENT_WORDS);
  });
});
