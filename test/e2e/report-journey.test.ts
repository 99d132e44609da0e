import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";

describe("a coordinator builds a report to the governing body with JavaScript off, freezes it and opens its permalink", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  let tracker: { unchecked(): string[] };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const person = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "en-GB", account: DEMO_ACCOUNTS.admin });
    page = person.page;
    tracker = person.visited;
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("creates a draft, writes a narrative, reads the live draft, freezes it and opens version 1", async () => {
    await page.goto(`${convene.baseUrl}/spaces/${SPACE}/reports?lang=en`);
    await assertPageAccessible(browser, page, "reports list");
    assert.match(await page.locator("main").innerText(), /Latest version: 1/, "the demo report is frozen");
    await page.locator("#field-title-en").fill("Report to the second session");
    await page.getByLabel("Period: first day").fill("2018-01-01");
    await page.getByLabel("Period: last day").fill("2030-12-31");
    await page.getByLabel("Document symbol").fill("ECE/MP.PP/2030/INF/2");
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "report edit form");
    assert.match(await page.locator("main").innerText(), /The draft report was created/);
    await page.locator("#field-narrative_start-en").fill("## Overview\n\nThe partners **kept** their pledges.");
    await page.getByRole("button", { name: "Save the draft" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "live draft");
    const draft = await page.locator("main").innerText();
    assert.match(draft, /This is the live draft/);
    assert.match(draft, /Overview/);
    assert.match(draft, /Published in the period/);
    assert.equal(await page.locator("main strong", { hasText: "kept" }).count(), 1, "the narrative's Markdown is rendered");
    await page.getByRole("button", { name: "Freeze as version 1" }).click();
    await page.waitForLoadState("load");
    await assertPageAccessible(browser, page, "frozen version");
    assert.match(page.url(), /\/versions\/1$/);
    const version = await page.locator("main").innerText();
    assert.match(version, /ECE\/MP\.PP\/2030\/INF\/2/);
    assert.match(version, /Frozen version 1/);
    const permalink = page.url();

    const visitor = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU" });
    await visitor.page.goto(`${permalink}?lang=ru`);
    await assertPageAccessible(browser, visitor.page, "frozen version in Russian, signed out");
    assert.match(await visitor.page.locator("main").innerText(), /Закреплённая версия 1/);
    assertEveryPageChecked(tracker, "report journey");
    assertEveryPageChecked(visitor.visited, "report journey (visitor)");
    await visitor.page.context().close();
  });
});
