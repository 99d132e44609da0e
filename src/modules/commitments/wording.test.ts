import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildCommitment, type BuiltCommitment } from "./factories";
import { buildReviewScene, queuedMails, type ReviewScene } from "./factories-review";
import { commitmentSpaceSettings } from "./schema";

/** The noun of the other mode, in either language. "Необязательно" (optional) is not one of them. */
const COMMITMENT_WORDS = /commitment|committ|обязательств|обязуетс/i;

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

// The first two checks are marked todo: the hook and the mail pass the mode to every message, but most
// messages of browse, review, progress, stats and open data have no memorandum variant yet (issue 8, item 17).
const MESSAGES_TODO = "messages still need their {mode, select, memorandum {…} other {…}} variants";

describe("commitments: one noun per mode (a memorandum's programme activities)", () => {
  let t: TestApp;
  let scene: ReviewScene;
  let published: BuiltCommitment;
  let base: string;
  const visited: string[] = [];

  /** Fetches a page in both languages and checks its wording. */
  const check = async (browser: Browser, path: string) => {
    for (const lang of ["en", "ru"]) {
      const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
      const response = await browser.get(url);
      assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
      assertNoCommitmentWording(readableText(response.body), `${url} (${lang})`);
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

  it("never says commitment on the pages of a memorandum space, in English or Russian", { todo: MESSAGES_TODO }, async () => {
    const owner = await new Browser(t.app).logIn(scene.owner.email, scene.owner.password);
    const coordinator = await new Browser(t.app).logIn(scene.coordinator.email, scene.coordinator.password);
    const number = scene.commitment.number;
    await check(new Browser(t.app), base);
    await check(new Browser(t.app), `${base}/dashboard`);
    await check(new Browser(t.app), `${base}/embed`);
    await check(new Browser(t.app), `${base}/${published.number}`);
    await check(new Browser(t.app), `${base}/${published.number}/history`);
    await check(new Browser(t.app), `${base}/${published.number}/progress`);
    await check(owner, `${base}/new`);
    await check(owner, `${base}/${number}`);
    for (let step = 1; step <= 6; step++) await check(owner, `${base}/${number}/edit?step=${step}`);
    await check(owner, `${base}/${published.number}/progress/new`);
    await check(owner, `${base}/${published.number}/edit?step=1`);

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
    assert.ok(visited.length > 40);
  });

  it("never says commitment in the mail of a memorandum space", { todo: MESSAGES_TODO }, async () => {
    const mails = await queuedMails(t.services);
    const kinds = new Set(mails.map((mail) => mail.locale));
    assert.ok(mails.length >= 4, `review started, window opened, returned, published (${mails.length})`);
    assert.ok(kinds.has("ru"), "Russian mail was checked");
    for (const mail of mails) assertNoCommitmentWording(`${mail.subject}\n${mail.text.replace(/https?:\/\/\S+/g, " ")}`, `mail “${mail.subject}” (${mail.locale})`);
  });

  it("still says commitment in a space of commitments", async () => {
    const other = await buildCommitment(t.services, { status: "published" });
    const response = await new Browser(t.app, "ru").get(`/spaces/${other.spaceSlug}/commitments/${other.number}`);
    assert.match(readableText(response.body), COMMITMENT_WORDS);
  });
});
