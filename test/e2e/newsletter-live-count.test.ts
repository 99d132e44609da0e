import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { countSegment } from "../../src/modules/newsletters/issues/segments";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { launchChromium, logInThroughForm, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";

describe("the newsletter compose page counts the audience as the coordinator ticks (JavaScript on)", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium());
    // the page's own Content-Security-Policy applies here (no bypass): the script must be a file of ours
    const context = await browser.newContext({ locale: "en-GB" });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    await logInThroughForm(page, convene.baseUrl, DEMO_ACCOUNTS.admin);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  const recipients = (count: number) => `${count} recipient${count === 1 ? "" : "s"}`;
  const headingSays = (text: string) =>
    page.waitForFunction((expected) => document.querySelector("#audience-heading")?.textContent?.trim() === expected, text);

  it("shows the count on opening and follows each change of the recipient fields, with no button pressed", async () => {
    const space = (await findSpaceBySlug(convene.app.services.db, SPACE))!;
    const everyone = await countSegment(convene.app.services.db, space.id, { audiences: ["members", "followers", "subscribers"] });
    const russianSubscribers = await countSegment(convene.app.services.db, space.id, { audiences: ["subscribers"], locales: ["ru"] });
    assert.notEqual(everyone, russianSubscribers, "the two segments differ, so the change is visible");

    await page.goto(`${convene.baseUrl}/spaces/${SPACE}/newsletters/new?lang=en`);
    await headingSays(recipients(everyone));
    await page.uncheck('input[name="audiences"][value="members"]');
    await page.uncheck('input[name="audiences"][value="followers"]');
    await page.check('input[name="locales"][value="ru"]');
    await headingSays(recipients(russianSubscribers));
    assert.equal(await page.getAttribute("#audience", "aria-live"), "polite");
    const sample = await page.locator("#audience li").allInnerTexts();
    assert.ok(sample.length > 0 && sample.every((line) => line.includes("•••@") && line.endsWith("· ru")), sample.join("\n"));
    assert.equal(await page.inputValue('input[name="subject.en"]'), "", "nothing was submitted: the form is as it was");
    assert.deepEqual(blocked, [], "the Content-Security-Policy let the script run");
  });
});
