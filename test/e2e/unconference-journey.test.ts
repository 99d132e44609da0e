import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { queryRows } from "../../src/db/sql";
import { buildUser } from "../../src/testing/factories";
import { buildEvent } from "../../src/modules/events/factories";
import { wallClock } from "../../src/modules/events/inputs";
import { addSpaceRole } from "../../src/modules/spaces/factories";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";
const HOUR = 3_600_000;

describe("an unconference in Russian, JavaScript off: propose → vote → build the schedule → publish", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let organiser: Page;
  let hosts: Page[];
  let voters: Page[];
  let eventId = "";
  let eventPath = "";
  let startsAt = new Date();
  const timeZone = "Asia/Almaty";
  const trackers: { unchecked(): string[] }[] = [];

  const person = async (account: { email: string; password: string }): Promise<Page> => {
    const { page, visited } = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", account });
    trackers.push(visited);
    return page;
  };
  const base = () => `${convene.baseUrl}${eventPath}/unconference`;
  /** Submits a form by its button and waits for the answer (a redirect to a page, or the page again with errors). */
  /** A field by its whole label (a required one's label ends in an asterisk hidden from screen readers). */
  const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));
  const press = async (page: Page, name: string, label: string) => {
    await page.getByRole("button", { name, exact: true }).first().click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, label);
  };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const services = convene.app.services;
    const space = (await findSpaceBySlug(services.db, SPACE))!;
    const coordinator = await buildUser(services, { displayName: "Гульнара Ахметова", locale: "ru" });
    await addSpaceRole(services, space.id, coordinator.id, "coordinator");
    // A whole afternoon in a week, on the hour, in Almaty time: two one-hour slots fit in it.
    startsAt = new Date(Math.ceil((Date.now() + 7 * 24 * HOUR) / HOUR) * HOUR);
    const event = await buildEvent(services, {
      space: { id: space.id, slug: space.slug, title: space.title, createdBy: coordinator.id },
      title: { ru: "Открытый форум по участию общественности" },
      summary: { ru: "Участники сами составляют программу второй половины дня." },
      timeZone,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * HOUR),
    });
    eventId = event.id;
    eventPath = `/spaces/${SPACE}/events/${event.slug}`;
    organiser = await person(coordinator);
    hosts = [
      await person(await buildUser(services, { displayName: "Айдана Серикова", locale: "ru" })),
      await person(await buildUser(services, { displayName: "Ержан Касымов", locale: "ru" })),
    ];
    voters = [];
    for (const name of ["Мария Ким", "Асель Нурланова", "Дмитрий Орлов"]) voters.push(await person(await buildUser(services, { displayName: name, locale: "ru" })));
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("lets the organiser open proposals, with two rooms and two slots", async () => {
    // Logging in went through the English form: ?lang=ru switches the interface back to Russian.
    await organiser.goto(`${convene.baseUrl}${eventPath}?lang=ru`);
    await assertPageAccessible(browser, organiser, "event page (organiser)");
    await organiser.goto(`${base()}/manage`);
    await assertPageAccessible(browser, organiser, "unconference set-up");
    assert.match(await organiser.locator("h1").innerText(), /Проведение анконференции/);
    await field(organiser, "Этап").selectOption("proposals");
    await organiser.getByLabel("Голосов у каждого участника").fill("2");
    await press(organiser, "Сохранить", "after saving the stage");
    for (const [name, capacity] of [["Большой зал", "40"], ["Переговорная", "8"]]) {
      await organiser.getByLabel("Название зала").fill(name);
      await field(organiser, "Мест").fill(capacity);
      await press(organiser, "Добавить зал", `after adding the room ${name}`);
    }
    for (const hour of [1, 2]) {
      await field(organiser, "Начало").fill(wallClock(new Date(startsAt.getTime() + hour * HOUR), timeZone));
      await field(organiser, "Окончание").fill(wallClock(new Date(startsAt.getTime() + (hour + 1) * HOUR), timeZone));
      await press(organiser, "Добавить слот", `after adding slot ${hour}`);
    }
    const main = await organiser.locator("main").innerText();
    assert.match(main, /Большой зал/);
    assert.match(main, /Переговорная/);
  });

  it("takes proposals from two hosts (through the moderation gate) and votes from others, within their limit", async () => {
    const proposals = [
      { title: "Доступ к экологической информации", description: "Как писать запросы и что делать при отказе.", format: "discussion" },
      { title: "Карта общественных слушаний", description: "Соберём вместе карту слушаний по региону.", format: "workshop" },
    ];
    for (const [index, host] of hosts.entries()) {
      await host.goto(`${base()}?lang=ru`);
      await assertPageAccessible(browser, host, `unconference page (host ${index + 1})`);
      await field(host, "Название").fill(proposals[index].title);
      await host.getByLabel("Что будет происходить").fill(proposals[index].description);
      await host.getByLabel("Формат").selectOption(proposals[index].format);
      await press(host, "Отправить предложение", `after proposing (host ${index + 1})`);
    }
    // Newcomers' proposals may wait for a moderator: the organiser lets them through on the set-up page.
    await organiser.goto(`${base()}/manage`);
    await assertPageAccessible(browser, organiser, "set-up with proposals");
    for (let round = 0; round < 2 && (await organiser.getByRole("button", { name: "Одобрить", exact: true }).count()) > 0; round++) {
      await press(organiser, "Одобрить", `after approving a proposal (${round + 1})`);
    }
    const [{ published }] = await queryRows<{ published: number }>(convene.app.services.db, sql`select count(*)::int as published from event_proposals where event_id = ${eventId} and status = 'published'`);
    assert.equal(published, 2);

    // Three people vote for the discussion, one of them also for the workshop.
    for (const [index, voter] of voters.entries()) {
      await voter.goto(`${base()}?lang=ru`);
      await assertPageAccessible(browser, voter, `unconference page (voter ${index + 1})`);
      assert.match(await voter.locator("main").innerText(), /У вас осталось голосов: 2 из 2/);
      const card = (title: string) => voter.locator("li.card", { has: voter.getByRole("heading", { name: title }) });
      await card(proposals[0].title).getByRole("button", { name: "Голосовать" }).click();
      await voter.waitForLoadState("load");
      await assertPageAccessible(browser, voter, `after voting (voter ${index + 1})`);
      assert.match(await voter.locator("main").innerText(), /У вас осталось голосов: 1 из 2/);
      if (index === 0) {
        await card(proposals[1].title).getByRole("button", { name: "Голосовать" }).click();
        await voter.waitForLoadState("load");
        await assertPageAccessible(browser, voter, "after a second vote");
        assert.match(await voter.locator("main").innerText(), /У вас осталось голосов: 0 из 2/);
      }
    }
    const votes = await queryRows<{ title: string; votes: number }>(
      convene.app.services.db,
      sql`select p.title, count(v.*)::int as votes from event_proposals p left join event_proposal_votes v on v.proposal_id = p.id where p.event_id = ${eventId} group by p.title order by votes desc`,
    );
    assert.deepEqual(votes, [{ title: proposals[0].title, votes: 3 }, { title: proposals[1].title, votes: 1 }]);
  });

  it("builds the schedule from the votes and publishes it into the event's agenda", async () => {
    await organiser.goto(`${base()}/manage`);
    await assertPageAccessible(browser, organiser, "set-up before building");
    await press(organiser, "Составить по голосам", "after building the schedule");
    const report = await organiser.locator("main").innerText();
    assert.match(report, /Место нашлось для каждого предложения/);
    // The two share a voter: they must not run at the same time.
    assert.match(report, /100 % голосов приходится на сессии без накладок/);
    await press(organiser, "Опубликовать расписание", "after publishing");

    const sessions = await queryRows<{ title: string; room: string; starts_at: Date; type: string }>(
      convene.app.services.db,
      sql`select s.title->>'ru' as title, s.room, s.starts_at, s.type from event_sessions s where s.event_id = ${eventId} order by s.starts_at`,
    );
    assert.equal(sessions.length, 2);
    assert.ok(sessions.every((session) => session.type === "unconference"));
    assert.equal(sessions.find((session) => session.title === "Доступ к экологической информации")?.room, "Большой зал", "the most voted gets the biggest room");
    assert.notEqual(new Date(sessions[0].starts_at).getTime(), new Date(sessions[1].starts_at).getTime(), "sessions sharing a voter are at different times");

    // Anyone now reads the published schedule, and the sessions are on the event's agenda.
    const reader = voters[2];
    await reader.goto(`${base()}?lang=ru`);
    await assertPageAccessible(browser, reader, "published unconference");
    const page = await reader.locator("main").innerText();
    assert.match(page, /Расписание готово/);
    assert.match(page, /Большой зал/);
    await reader.goto(`${convene.baseUrl}${eventPath}/agenda`);
    await assertPageAccessible(browser, reader, "agenda with the unconference sessions");
    const agenda = await reader.locator("main").innerText();
    assert.match(agenda, /Доступ к экологической информации/);
    assert.match(agenda, /Карта общественных слушаний/);
    trackers.forEach((tracker) => assertEveryPageChecked(tracker, "the unconference journey"));
  });
});
