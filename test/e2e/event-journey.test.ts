import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import nodeIcal from "node-ical";
import type { Browser, Page } from "playwright-core";
import { queryRows } from "../../src/db/sql";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { buildUser } from "../../src/testing/factories";
import { outboxMessages } from "../../src/testing/outbox";
import { buildEvent } from "../../src/modules/events/factories";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";
const MEETING = "https://meet.example.org/journey-room-2718";

describe("a full event in Russian, JavaScript off: waitlist, a seat freed, an offer with .ics, joining online, a certificate", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let first: Page;
  let second: Page;
  let eventPath = "";
  let secondEmail = "";
  const trackers: { unchecked(): string[] }[] = [];

  const person = async (account: { email: string; password: string }): Promise<Page> => {
    const { page, visited } = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", account });
    trackers.push(visited);
    return page;
  };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const services = convene.app.services;
    const space = (await findSpaceBySlug(services.db, SPACE))!;
    // One seat, starting in half an hour (so joining online counts as attendance), online with a meeting link.
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const event = await buildEvent(services, {
      space: { id: space.id, slug: space.slug, title: space.title, createdBy: (await buildUser(services, { isPlatformAdmin: true })).id },
      title: { ru: "Онлайн-семинар о доступе к экологической информации" },
      summary: { ru: "Как писать запросы и что делать при отказе." },
      kind: "online",
      venueName: "",
      venueAddress: "",
      meetingUrl: MEETING,
      timeZone: "Asia/Almaty",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      capacity: 1,
    });
    eventPath = `/spaces/${SPACE}/events/${event.slug}`;
    const newcomer = await buildUser(services, { displayName: "Айгерим Новикова", locale: "ru" });
    secondEmail = newcomer.email;
    first = await person(DEMO_ACCOUNTS.member);
    second = await person(newcomer);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  const register = async (page: Page, label: string) => {
    // Logging in went through the English form: ?lang=ru switches the interface back to Russian.
    await page.goto(`${convene.baseUrl}${eventPath}?lang=ru`);
    await assertPageAccessible(browser, page, `event page (${label})`);
    await page.getByRole("link", { name: "Зарегистрироваться" }).first().click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, `registration form (${label})`);
    await page.getByRole("button", { name: "Отправить регистрацию" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, `after registering (${label})`);
  };

  it("confirms the first person and puts the second on the waitlist", async () => {
    await register(first, "first");
    assert.match(await first.locator("main").innerText(), /Вы зарегистрированы/);
    await register(second, "second");
    assert.match(await second.locator("main").innerText(), /Вы в листе ожидания, номер 1/);
    assert.ok(!(await second.content()).includes(MEETING), "the meeting link is not shown to someone waiting");
  });

  it("offers the freed seat to the next person by mail with a calendar file, and lets them take it", async () => {
    await first.goto(`${convene.baseUrl}${eventPath}`);
    await first.getByRole("button", { name: "Отменить регистрацию" }).click();
    await first.waitForLoadState("load");
    await assertPageAccessible(browser, first, "after cancelling");
    await convene.app.services.jobs.drain();
    const mails = await outboxMessages(convene.outboxDir);
    const offer = mails.filter((message) => message.to.includes(secondEmail) && message.subject.startsWith("Для вас освободилось место"));
    assert.equal(offer.length, 1, `one offer mail, in Russian (mail to them: ${JSON.stringify(mails.filter((message) => message.to.includes(secondEmail)).map((message) => message.subject))})`);
    const calendar = offer[0]!.attachments.find((attachment) => attachment.filename.endsWith(".ics"));
    assert.ok(calendar, "the offer carries an .ics");
    const events = Object.values(nodeIcal.sync.parseICS(calendar.content)).filter((item) => item?.type === "VEVENT") as nodeIcal.VEvent[];
    assert.equal(events.length, 1);
    assert.ok(!calendar.content.includes(MEETING), "no meeting link in the calendar file");

    await second.goto(`${convene.baseUrl}${eventPath}`);
    assert.match(await second.locator("main").innerText(), /Для вас освободилось место/);
    await second.getByRole("button", { name: "Занять место" }).click();
    await second.waitForLoadState("load");
    await assertPageAccessible(browser, second, "after taking the seat");
    assert.match(await second.locator("main").innerText(), /Вы зарегистрированы/);
  });

  it("records online attendance through the personal join link, and issues a certificate that verifies", async () => {
    await second.goto(`${convene.baseUrl}${eventPath}`);
    const join = second.getByRole("link", { name: "Войти во встречу" });
    const href = (await join.getAttribute("href"))!;
    assert.match(href, /\/events\/join\//);
    const response = await second.request.get(new URL(href, convene.baseUrl).href, { maxRedirects: 0 });
    assert.equal(response.status(), 302);
    assert.equal(response.headers().location, MEETING);
    const [row] = await queryRows<{ attended_online_at: Date | null }>(
      convene.app.services.db,
      sql`select r.attended_online_at from event_registrations r join users u on u.id = r.user_id where u.email = ${secondEmail}`,
    );
    assert.ok(row?.attended_online_at, "attendance recorded");

    await second.goto(`${convene.baseUrl}${eventPath}`);
    await second.getByRole("link", { name: "Ваш сертификат участия" }).click();
    await second.waitForLoadState("load");
    await assertPageAccessible(browser, second, "certificate");
    assert.match(await second.locator("main").innerText(), /Айгерим Новикова/);
    const verifyLink = second.locator("main a[href*='/events/certificates/']").first();
    await verifyLink.click();
    await second.waitForLoadState("load");
    await assertPageAccessible(browser, second, "certificate check");
    assert.match(await second.locator("main").innerText(), /Подлинный: Айгерим Новикова/);
    trackers.forEach((tracker) => assertEveryPageChecked(tracker, "the event journey"));
  });
});
