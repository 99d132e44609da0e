import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { assertAccessible, assertFitsPhone, assertReadableControls, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

// The component page in Chromium, in a left-to-right and a right-to-left language and in Chinese: axe finds nothing
// serious, every button's text is readable, nothing scrolls sideways on a phone, and in Arabic the layout mirrors
// (the bars of a chart grow from the right, the steps start on the right).

describe("the design system page in a browser", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;

  before(async () => {
    convene = await startConvene({ isDemoSeeded: false });
    ({ browser, page } = await launchChromium());
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  for (const locale of ["en", "fr", "ar", "zh"]) {
    it(`is accessible, readable and fits a phone in ${locale}`, async () => {
      await page.goto(`${convene.baseUrl}/design?lang=${locale}`);
      await assertAccessible(page, `/design in ${locale}`);
      await assertReadableControls(page, `/design in ${locale}`);
      await assertFitsPhone(page, `/design in ${locale}`);
    });
  }

  it("mirrors in Arabic: the first step and a bar's start are on the right", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const positions = async () =>
      page.evaluate(() => {
        const steps = Array.from(document.querySelectorAll(".steps li")).map((step) => step.getBoundingClientRect().left);
        const bar = document.querySelector("#design-bars .bar-track svg rect")!.getBoundingClientRect();
        const track = document.querySelector("#design-bars .bar-track")!.getBoundingClientRect();
        return { firstStepLeft: steps[0]!, lastStepLeft: steps[steps.length - 1]!, barStartsAtLeft: Math.abs(bar.left - track.left) < 2, barStartsAtRight: Math.abs(bar.right - track.right) < 2 };
      });
    await page.goto(`${convene.baseUrl}/design?lang=en`);
    const english = await positions();
    assert.ok(english.firstStepLeft < english.lastStepLeft && english.barStartsAtLeft, JSON.stringify(english));
    await page.goto(`${convene.baseUrl}/design?lang=ar`);
    const arabic = await positions();
    assert.ok(arabic.firstStepLeft > arabic.lastStepLeft && arabic.barStartsAtRight, JSON.stringify(arabic));
  });
});
