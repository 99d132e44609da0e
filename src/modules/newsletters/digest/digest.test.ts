import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { simpleParser, type ParsedMail } from "mailparser";
import { contentSource, registerContentSource, type ContentCard } from "../../../platform/content/sources";
import { queryRows } from "../../../db/sql";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, XSS } from "../../../testing/factories";
import { buildCommitment, buildProgressReport } from "../../commitments/factories";
import { buildConsultation } from "../../consultations/factories";
import { buildSpace, type BuiltSpace } from "../../spaces/factories";
import { suppressAddress } from "../audience/suppression";
import { newsletterDigestDeliveries, newsletterSubscribers } from "../schema";
import { sendDigests } from "./commands";
import { DIGEST_JOB } from "./jobs";
import { lastDigestPeriod } from "./period";

const DAY = 86_400_000;

/** Every message in the outbox, parsed with its headers (mailparser, an independent reader). */
async function parsedMails(outboxDir: string): Promise<ParsedMail[]> {
  let names: string[];
  try {
    names = readdirSync(outboxDir).filter((name) => name.endsWith(".eml")).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map((name) => simpleParser(readFileSync(join(outboxDir, name)))));
}
const recipientOf = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? "";

describe("newsletters: programme digest", () => {
  let t: TestApp;
  let space: BuiltSpace;
  // What the fake source knows: cards per space, dated; `recent` answers those in the range, as a real source does.
  const fakeCards: ContentCard[] = [];
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: true });
    registerContentSource({
      kind: "fake-story",
      labelKey: "newsletters.digest.unsubscribe",
      cards: async (_db, ids) => fakeCards.filter((card) => ids.includes(card.id)),
      recent: async (_db, spaceId, range, limit) =>
        fakeCards
          .filter((card) => card.spaceId === spaceId && card.date >= range.since && card.date < range.until)
          .sort((a, b) => b.date.getTime() - a.date.getTime())
          .slice(0, limit),
      find: async () => [],
    });
    space = await buildSpace(t.services, { enabledModules: ["news"] });
  });
  after(() => t.close());

  const addCard = (spaceId: string, date: Date, title: Record<string, string>) =>
    fakeCards.push({ kind: "fake-story", id: `card-${fakeCards.length}`, spaceId, title, summary: { en: `${XSS} summary` }, path: `/spaces/x/news/${fakeCards.length}`, date });

  it("computes the last finished week (Monday to Monday) and month in UTC", () => {
    const now = new Date("2026-03-04T10:00:00Z"); // a Wednesday
    const week = lastDigestPeriod("weekly", now);
    assert.deepEqual([week.key, week.since.toISOString(), week.until.toISOString()], ["weekly:2026-02-23", "2026-02-23T00:00:00.000Z", "2026-03-02T00:00:00.000Z"]);
    const month = lastDigestPeriod("monthly", now);
    assert.deepEqual([month.key, month.since.toISOString(), month.until.toISOString()], ["monthly:2026-02-01", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    assert.equal(lastDigestPeriod("monthly", new Date("2026-01-15T00:00:00Z")).key, "monthly:2025-12-01");
  });

  it("mails each opted-in recipient once per period, in their language, with list headers and both parts; skips when nothing happened", async () => {
    const { db } = t.services;
    const russianUser = await buildUser(t.services, { locale: "ru" });
    const englishUser = await buildUser(t.services, { locale: "en" });
    const noDigest = await buildUser(t.services);
    const now = t.clock.now();
    await db.insert(newsletterSubscribers).values([
      { spaceId: space.id, email: "ru.reader@example.org", status: "active", digest: "weekly", locale: "ru", confirmedAt: now },
      { spaceId: space.id, email: "monthly@example.org", status: "active", digest: "monthly", locale: "en", confirmedAt: now },
      { spaceId: space.id, email: "pending@example.org", status: "pending", digest: "weekly", locale: "en" },
      { spaceId: space.id, email: "left@example.org", status: "unsubscribed", digest: "weekly", locale: "en", confirmedAt: now },
      { spaceId: space.id, email: "bounced@example.org", status: "active", digest: "weekly", locale: "en", confirmedAt: now },
      { spaceId: space.id, userId: russianUser.id, status: "active", digest: "weekly", locale: "ru", source: "account" },
      { spaceId: space.id, userId: englishUser.id, status: "active", digest: "weekly", locale: "en", source: "account" },
      { spaceId: space.id, userId: noDigest.id, status: "active", digest: "none", locale: "en", source: "account" },
    ]);
    await suppressAddress(db, "bounced@example.org", "hard_bounce");
    // Nothing happened yet: no mail, no delivery rows.
    assert.equal(await sendDigests(t.services), 0);
    assert.equal((await db.select().from(newsletterDigestDeliveries).where(eq(newsletterDigestDeliveries.spaceId, space.id))).length, 0);

    // The clock is Monday 2 March 2026: last week is 23 Feb – 1 Mar, last month February.
    addCard(space.id, new Date("2026-02-25T12:00:00Z"), { en: "Tree planting in Almaty", ru: "Посадка деревьев в Алматы" });
    addCard(space.id, new Date("2026-02-26T12:00:00Z"), { en: "Only in English" });
    addCard(space.id, new Date("2026-02-10T12:00:00Z"), { en: "Early February", ru: "Начало февраля" });
    addCard(space.id, new Date("2026-03-02T08:00:00Z"), { en: "This week, not yet", ru: "Эта неделя" });

    assert.equal(await sendDigests(t.services), 3 + 1, "three weekly recipients (pending, unsubscribed, suppressed and digest-less left out) and one monthly");
    await t.services.jobs.drain();
    const mails = await parsedMails(t.outboxDir);
    const byAddress = new Map(mails.map((mail) => [recipientOf(mail), mail]));
    assert.deepEqual([...byAddress.keys()].sort(), ["monthly@example.org", "ru.reader@example.org", englishUser.email, russianUser.email].sort());
    assert.equal(mails.length, 4, "one mail per recipient");

    const russian = byAddress.get("ru.reader@example.org")!;
    assert.match(russian.subject ?? "", /^Неделя в пространстве/);
    assert.equal(russian.headers.get("content-language"), "ru");
    assert.match(russian.text ?? "", /Посадка деревьев в Алматы/);
    assert.match(russian.text ?? "", /Only in English/, "content missing in Russian falls back to another language");
    assert.doesNotMatch(russian.text ?? "", /Early February|Эта неделя/, "only the week's items");
    assert.match(String(russian.html), /<span lang="en">Only in English<\/span>/, "a fallback is marked with its language");
    assert.ok(!String(russian.html).includes(XSS), "content is escaped in the HTML part");
    assert.ok(russian.headerLines.some((line) => line.key === "list-unsubscribe-post" && /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/i.test(line.line)));
    const unsubscribe = /<(http[^>]+)>/.exec(russian.headerLines.find((line) => line.key === "list-unsubscribe")?.line ?? "")?.[1];
    assert.ok(unsubscribe?.startsWith("http://convene.test/newsletters/unsubscribe/"));
    assert.ok(russian.headerLines.some((line) => line.key === "list-id" && line.line.includes(`<${space.slug}.newsletters.convene.test>`)));

    // The one-click link in the digest works without cookies.
    const oneClick = await t.app.inject({ method: "POST", url: new URL(unsubscribe!).pathname, payload: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(oneClick.statusCode, 200);
    const [left] = await db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, "ru.reader@example.org"));
    assert.equal(left.status, "unsubscribed");

    const english = byAddress.get(englishUser.email)!;
    assert.match(english.subject ?? "", /^This week in/);
    const monthly = byAddress.get("monthly@example.org")!;
    assert.match(monthly.subject ?? "", /^This month in/);
    assert.match(monthly.text ?? "", /Early February/);

    // A second run in the same period (a retried job, another worker) sends nobody anything.
    assert.equal(await sendDigests(t.services), 0);
    await t.services.jobs.drain();
    assert.equal((await parsedMails(t.outboxDir)).length, mails.length);

    // Next week: what happened since Monday 2 March goes once, to those still subscribed; a quiet week sends nothing.
    t.clock.advance(7 * DAY);
    assert.equal(await sendDigests(t.services), 2, "the Russian subscriber left; two weekly recipients remain");
    assert.equal(await sendDigests(t.services), 0);
    t.clock.advance(7 * DAY);
    assert.equal(await sendDigests(t.services), 0, "nothing happened that week");
  });

  it("runs as a periodic job that queues its next run", async () => {
    await t.services.jobs.enqueue(DIGEST_JOB, {});
    await t.services.jobs.runDue();
    const [next] = await queryRows<{ run_at: Date }>(t.services.db, sql`select run_at from jobs where kind = ${DIGEST_JOB} and status = 'pending'`);
    assert.ok(next && new Date(next.run_at).getTime() > t.clock.now().getTime());
  });

  it("consultation and progress-report sources give public items of the period only", async () => {
    const consultationSource = contentSource("consultation")!;
    const reportSource = contentSource("commitment-report")!;
    const range = { since: new Date("2026-02-01T00:00:00Z"), until: new Date("2026-03-01T00:00:00Z") };
    const opened = await buildConsultation(t.services, { opensAt: new Date("2026-02-03T00:00:00Z"), closesAt: new Date("2026-04-01T00:00:00Z") });
    const closed = await buildConsultation(t.services, { spaceId: opened.spaceId, spaceSlug: opened.spaceSlug, opensAt: new Date("2026-01-03T00:00:00Z"), closesAt: new Date("2026-02-20T00:00:00Z") });
    await buildConsultation(t.services, { spaceId: opened.spaceId, spaceSlug: opened.spaceSlug, visibility: "members", opensAt: new Date("2026-02-04T00:00:00Z") });
    await buildConsultation(t.services, { spaceId: opened.spaceId, spaceSlug: opened.spaceSlug, status: "draft", opensAt: new Date("2026-02-05T00:00:00Z") });
    const cards = await consultationSource.recent(t.services.db, opened.spaceId, range, 10);
    assert.deepEqual(cards.map((card) => card.id), [closed.id, opened.id]);
    assert.match(cards[0].meta?.ru ?? "", /^Закрыта/);
    assert.match(cards[1].meta?.en ?? "", /^Opened/);

    const commitment = await buildCommitment(t.services, { status: "published" });
    const reportId = await buildProgressReport(t.services, commitment, { reportDate: "2026-02-10", percentComplete: 40 });
    await t.services.db.execute(sql`update progress_reports set created_at = '2026-02-10T10:00:00Z' where id = ${reportId}`);
    const draft = await buildCommitment(t.services, { spaceId: commitment.spaceId, spaceSlug: commitment.spaceSlug, status: "draft" });
    const hidden = await buildProgressReport(t.services, draft, { reportDate: "2026-02-11" });
    await t.services.db.execute(sql`update progress_reports set created_at = '2026-02-11T10:00:00Z' where id = ${hidden}`);
    const reports = await reportSource.recent(t.services.db, commitment.spaceId, range, 10);
    assert.deepEqual(reports.map((card) => card.id), [reportId]);
    assert.equal(reports[0].path, `/spaces/${commitment.spaceSlug}/commitments/${commitment.number}`);
    assert.match(reports[0].meta?.en ?? "", /40% done/);
  });
});
