import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { DEMO_MENTORING_SPACE } from "../../src/modules/mentoring/seed";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

describe("mentoring with JavaScript off: an organiser confirms a suggested pair, a mentee in Russian logs a meeting", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let organiser: { page: Page; visited: { unchecked(): string[] } };
  let mentee: { page: Page; visited: { unchecked(): string[] } };
  const path = `/spaces/${DEMO_MENTORING_SPACE}/mentoring`;

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    organiser = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "en-GB", account: DEMO_ACCOUNTS.admin });
    mentee = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", account: DEMO_ACCOUNTS.member });
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("the organiser sees who waits with explained suggestions and confirms one", async () => {
    const { page } = organiser;
    await page.goto(`${convene.baseUrl}${path}?lang=en`);
    await assertPageAccessible(browser, page, "mentoring overview");
    await page.goto(`${convene.baseUrl}${path}/organise`);
    await assertPageAccessible(browser, page, "organise mentoring");
    const main = await page.locator("main").innerText();
    assert.match(main, /2 people waiting/);
    assert.match(main, /Shared topics:/);
    await page.getByRole("button", { name: "Confirm this pair" }).first().click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "confirmed pair");
    assert.match(await page.locator("main").innerText(), /Tomás Rivera and Dilnoza Karimova/);
    assertEveryPageChecked(organiser.visited, "organiser's mentoring journey");
  });

  it("the mentee opens her pair, logs a meeting (a wrong date comes back with the notes kept) and sees her request form", async () => {
    const { page } = mentee;
    await page.goto(`${convene.baseUrl}${path}?lang=ru`);
    await assertPageAccessible(browser, page, "mentoring overview in Russian");
    await page.getByRole("link", { name: /Ваш наставник/ }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "the mentee's pair");
    await page.getByLabel("Дата встречи").fill("");
    await page.getByLabel("Заметки").fill("Обсудили письмо в акимат");
    await page.getByRole("button", { name: "Добавить в журнал" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "meeting form with an error");
    assert.equal(await page.getByLabel("Заметки").inputValue(), "Обсудили письмо в акимат");
    await page.getByLabel("Дата встречи").fill("2026-12-01");
    await page.getByRole("button", { name: "Добавить в журнал" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "pair after logging");
    assert.match(await page.locator("main").innerText(), /Встреча записана в журнал|Обсудили письмо в акимат/);
    await page.goto(`${convene.baseUrl}${path}/request?lang=ru`);
    await assertPageAccessible(browser, page, "request form");
    await page.goto(`${convene.baseUrl}${path}/offer?lang=ru`);
    await assertPageAccessible(browser, page, "offer form");
    assertEveryPageChecked(mentee.visited, "mentee's mentoring journey");
  });
});
