import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { buildSurvey, questionInput } from "../../src/modules/surveys/factories";
import { DEMO_SURVEY_SLUG, DEMO_SURVEY_SPACE } from "../../src/modules/surveys/seed";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

describe("a needs survey in Russian, JavaScript off: answering, then the results with charts and a cross-tab", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  let surveyPath = "";
  let tracker: { unchecked(): string[] };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const services = convene.app.services;
    const space = (await findSpaceBySlug(services.db, DEMO_SURVEY_SPACE))!;
    const survey = await buildSurvey(services, {
      space: { id: space.id, slug: space.slug, title: space.title, createdBy: space.createdBy! },
      questions: [
        questionInput("single", { text: { ru: "Проводит ли ваша организация обучение?" }, options: { ru: "Да\nНет" } }),
        questionInput("multiple", { text: { ru: "Какие темы вам нужны?" }, options: { ru: "Сбор средств\nАдвокация\nБезопасность" } }),
        questionInput("long_text", { text: { ru: "Что ещё?" }, isRequired: false }),
      ],
    });
    surveyPath = `/spaces/${space.slug}/surveys/${survey.slug}`;
    const person = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", account: DEMO_ACCOUNTS.member });
    page = person.page;
    tracker = person.visited;
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("answers in Russian (a missing answer comes back with the typed text kept) and lands on the results", async () => {
    await page.goto(`${convene.baseUrl}${surveyPath}?lang=ru`);
    await assertPageAccessible(browser, page, "survey form");
    await page.getByLabel("Что ещё?").fill("Наставник по онлайн-кампаниям");
    await page.getByRole("button", { name: "Отправить ответы" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "survey form with errors");
    assert.match(await page.locator("main").innerText(), /Ответьте на этот вопрос/);
    assert.equal(await page.getByLabel("Что ещё?").inputValue(), "Наставник по онлайн-кампаниям");
    await page.getByLabel("Да").check();
    await page.getByLabel("Сбор средств").check();
    await page.getByLabel("Безопасность").check();
    await page.getByRole("button", { name: "Отправить ответы" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "results after answering");
    const text = await page.locator("main").innerText();
    assert.match(text, /Спасибо, ваши ответы сохранены/);
    // One respondent: the figures are hidden, the count too (a survey of one would give every answer away).
    assert.match(text, /Меньше 3 ответов/);
    assert.match(text, /Ответили: —\./);
    assert.ok((await page.locator("main svg").count()) > 0, "charts are drawn");
  });

  it("shows the demo needs assessment with percentages and suppressed cells in the cross-tab", async () => {
    await page.goto(`${convene.baseUrl}/spaces/${DEMO_SURVEY_SPACE}/surveys/${DEMO_SURVEY_SLUG}/results?by=country&lang=ru`);
    await assertPageAccessible(browser, page, "demo results by country");
    const text = await page.locator("main").innerText();
    assert.match(text, /40 ответов/);
    assert.match(text, /% ответивших/);
    assert.match(await page.locator("section:has(#cross-tab)").innerText(), /—/);
    assertEveryPageChecked(tracker, "survey journey");
  });
});
