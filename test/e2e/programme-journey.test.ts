import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { questionInput } from "../../src/modules/surveys/factories";
import { buildProgramme } from "../../src/modules/programmes/factories";
import { cohortPath } from "../../src/modules/programmes/queries";
import { DEMO_PROGRAMME_SPACE } from "../../src/modules/programmes/seed";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

describe("a programme, JavaScript off: apply in Russian → the organiser accepts, records attendance, completes → the certificate verifies", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let applicant: Page;
  let organiser: Page;
  let path = "";
  let trackers: { unchecked(): string[] }[] = [];

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const services = convene.app.services;
    const space = (await findSpaceBySlug(services.db, DEMO_PROGRAMME_SPACE))!;
    const built = await buildProgramme(services, {
      space: { id: space.id, slug: space.slug, title: space.title, createdBy: space.createdBy! },
      questions: [
        questionInput("single", { text: { ru: "Ведёт ли ваша организация группы в интернете?" }, options: { ru: "Да\nНет" } }),
        questionInput("long_text", { text: { ru: "Чего вы ждёте от программы?" }, isRequired: false }),
      ],
    });
    path = cohortPath(space.slug, built.programme.slug, built.cohort.id);
    const person = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", account: DEMO_ACCOUNTS.member });
    const secretariat = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "en-GB", account: DEMO_ACCOUNTS.admin });
    applicant = person.page;
    organiser = secretariat.page;
    trackers = [person.visited, secretariat.visited];
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("applies in Russian; a missing answer comes back with the typed text kept", async () => {
    await applicant.goto(`${convene.baseUrl}${path}?lang=ru`);
    await assertPageAccessible(browser, applicant, "cohort page with the application form");
    await applicant.getByLabel("Чего вы ждёте от программы?").fill("Научиться модерировать обсуждения");
    await applicant.getByRole("button", { name: "Отправить заявку" }).click();
    await applicant.waitForLoadState("load");
    await assertPageAccessible(browser, applicant, "application form with errors");
    assert.equal(await applicant.getByLabel("Чего вы ждёте от программы?").inputValue(), "Научиться модерировать обсуждения");
    await applicant.getByRole("radio", { name: "Да", exact: true }).check();
    await applicant.getByRole("button", { name: "Отправить заявку" }).click();
    await applicant.waitForLoadState("load");
    await assertPageAccessible(browser, applicant, "cohort page after applying");
    assert.match(await applicant.locator("main").innerText(), /Ждёт решения/);
  });

  it("the organiser reads the answers, accepts, marks every session and completes", async () => {
    await organiser.goto(`${convene.baseUrl}${path}`);
    await assertPageAccessible(browser, organiser, "cohort page for organisers");
    assert.match(await organiser.locator("main").innerText(), /Научиться модерировать обсуждения/);
    await organiser.getByRole("button", { name: `Accept ${DEMO_ACCOUNTS.member.displayName}` }).click();
    await organiser.waitForLoadState("load");
    await assertPageAccessible(browser, organiser, "cohort page after accepting");
    for (let round = 0; round < 2; round += 1) {
      await organiser.getByRole("button", { name: new RegExp(`^Mark .* done for ${DEMO_ACCOUNTS.member.displayName}$`) }).first().click();
      await organiser.waitForLoadState("load");
      await assertPageAccessible(browser, organiser, `cohort page after marking session ${round + 1}`);
    }
    await organiser.getByRole("button", { name: `Mark as completed: ${DEMO_ACCOUNTS.member.displayName}` }).click();
    await organiser.waitForLoadState("load");
    await assertPageAccessible(browser, organiser, "cohort page after completing");
    assert.match(await organiser.locator("main").innerText(), /Marked as completed/);
  });

  it("the participant prints the certificate and its verification page says it is genuine", async () => {
    await applicant.goto(`${convene.baseUrl}/account/programmes?lang=ru`);
    await assertPageAccessible(browser, applicant, "my programmes");
    await applicant.getByRole("link", { name: "Сертификат о прохождении программы" }).first().click();
    await applicant.waitForLoadState("load");
    await assertPageAccessible(browser, applicant, "printable certificate");
    const verification = (await applicant.locator("article a").first().getAttribute("href"))!;
    assert.match(verification, /\/programmes\/certificates\//);
    await applicant.goto(`${convene.baseUrl}${new URL(verification).pathname}?lang=ru`);
    await assertPageAccessible(browser, applicant, "certificate verification");
    assert.match(await applicant.locator("main").innerText(), /Подлинный/);
    for (const tracker of trackers) assertEveryPageChecked(tracker, "programme journey");
  });
});
