import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { buildCommitment } from "../../src/modules/commitments/factories";
import { commitments } from "../../src/modules/commitments/schema";
import { buildSpace } from "../../src/modules/spaces/factories";
import { XSS } from "../../src/testing/factories";
import { assertFitsPhone, assertPageChecks, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

/** A partner's web page on another origin (127.0.0.2) that embeds both widgets from Convene. */
function partnerPage(conveneUrl: string, space: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner site</title>
<script src="${conveneUrl}/widgets/convene.js" defer></script></head>
<body>
<h1>Our partners' commitments</h1>
<convene-commitments space="${space}" limit="5"><a id="list-fallback" href="${conveneUrl}/spaces/${space}/commitments">See the commitments on Convene</a></convene-commitments>
<convene-commitments space="${space}" country="UZ" lang="ru"><a href="${conveneUrl}/spaces/${space}/commitments">Обязательства</a></convene-commitments>
<convene-stats space="${space}" lang="ru"><a id="stats-fallback" href="${conveneUrl}/spaces/${space}/commitments">Figures</a></convene-stats>
</body>
</html>`;
}

/** The same widgets with wording="memorandum", as the snippet page of a memorandum space writes them. */
function memorandumPartnerPage(conveneUrl: string, space: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner site</title>
<script src="${conveneUrl}/widgets/convene.js" defer></script></head>
<body>
<h1>Programme activities of the memorandum</h1>
<convene-commitments space="${space}" lang="ru" wording="memorandum"><a href="${conveneUrl}/spaces/${space}/commitments">Мероприятия программы</a></convene-commitments>
<convene-stats space="${space}" wording="memorandum"><a href="${conveneUrl}/spaces/${space}/commitments">Figures</a></convene-stats>
</body>
</html>`;
}

describe("widgets on a partner site in Chromium", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let partner: Server;
  let partnerUrl: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    convene = await startConvene({ isDemoSeeded: false });
    const services = convene.app.services;
    const space = await buildSpace(services, { slug: "partner-agenda", frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS"], enabledModules: ["commitments"] });
    const shared = { spaceId: space.id, spaceSlug: space.slug, status: "published" as const };
    const forest = await buildCommitment(services, { ...shared, title: { en: `${XSS} Restore the Ili floodplain forest`, ru: `${XSS} Восстановить пойменный лес Или` }, countries: ["KZ"] });
    const wetlands = await buildCommitment(services, { ...shared, title: { en: "Protect Aral wetlands", ru: "Защитить водно-болотные угодья Арала" }, countries: ["UZ", "KZ"], stage: "implementation" });
    // Published, but its owner did not agree to appear on partner sites: counted, never listed there.
    await buildCommitment(services, { ...shared, title: { en: "Quiet commitment" }, countries: ["KG"] });
    for (const built of [forest, wetlands]) await services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, built.id));

    partner = createServer((request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(request.url === "/memorandum" ? memorandumPartnerPage(convene.baseUrl, space.slug) : partnerPage(convene.baseUrl, space.slug));
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.2", resolve));
    partnerUrl = `http://127.0.0.2:${(partner.address() as AddressInfo).port}/`;
    ({ browser, page } = await launchChromium());
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => partner?.close(resolve));
    await convene?.stop();
  });

  it("renders the commitments list and the counters from Convene's origin, escaped, in shadow DOM", async () => {
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(partnerUrl);
    assert.notEqual(new URL(page.url()).origin, convene.baseUrl, "the partner page is on another origin");

    const list = page.locator("convene-commitments").first();
    const titles = list.locator(".cv-title");
    await titles.first().waitFor();
    assert.deepEqual(await titles.allTextContents(), ["Protect Aral wetlands", `${XSS} Restore the Ili floodplain forest`]);
    assert.match((await titles.first().getAttribute("href")) ?? "", new RegExp(`^${convene.baseUrl}/spaces/partner-agenda/commitments/\\d+$`));
    assert.match(await list.locator(".cv-meta").first().textContent() ?? "", /Implementation · Uzbekistan, Kazakhstan$/, "countries are named in the widget's language");
    // The fallback link is not shown once the widget has rendered.
    assert.equal(await page.locator("#list-fallback").isVisible(), false);

    const russian = page.locator("convene-commitments").nth(1);
    await russian.locator(".cv-title").first().waitFor();
    assert.deepEqual(await russian.locator(".cv-title").allTextContents(), ["Защитить водно-болотные угодья Арала"]);
    assert.equal(await russian.locator(".cv-more").textContent(), "Все обязательства");
    assert.match(await russian.locator(".cv-meta").first().textContent() ?? "", /Реализация · Узбекистан, Казахстан$/);

    const stats = page.locator("convene-stats");
    await stats.locator("[data-stat=commitments]").waitFor();
    assert.equal(await stats.locator("[data-stat=commitments]").textContent(), "3");
    assert.equal(await stats.locator("[data-stat=actors]").textContent(), "3");
    assert.equal(await stats.locator("[data-stat=countries]").textContent(), "3");
    assert.deepEqual(await stats.locator("dt").allTextContents(), ["Обязательства", "Участники", "Страны"]);

    // Styles stay inside the shadow root: the partner page's own elements are untouched.
    const hasShadow = await page.evaluate(() => Boolean(document.querySelector("convene-commitments")?.shadowRoot));
    assert.equal(hasShadow, true);
    assert.equal(dialogs, 0, "no script from the data ran");
    // the partner page is not Convene's, but the widgets in it are: they must not widen a phone's page
    await assertFitsPhone(page, "partner page with the widgets");
  });

  it("names programme activities and signatories with wording=\"memorandum\"", async () => {
    await page.goto(`${partnerUrl}memorandum`);
    const list = page.locator("convene-commitments");
    await list.locator(".cv-title").first().waitFor();
    assert.equal(await list.locator(".cv-more").textContent(), "Все мероприятия программы");
    const stats = page.locator("convene-stats");
    await stats.locator("[data-stat=commitments]").waitFor();
    assert.deepEqual(await stats.locator("dt").allTextContents(), ["Programme activities", "Signatories", "Countries"]);
  });

  it("offers the snippets on a page that passes axe (the code boxes scroll, so they take focus) and fits a phone", async () => {
    await page.goto(`${convene.baseUrl}/spaces/partner-agenda/commitments/embed`);
    await assertPageChecks(page, "the snippet page");
  });

  it("shows the element's own fallback link when JavaScript is off", async () => {
    const noScript = await launchChromium({ isJavaScriptEnabled: false });
    try {
      await noScript.page.goto(partnerUrl);
      assert.equal(await noScript.page.locator("#list-fallback").isVisible(), true);
      assert.equal(await noScript.page.locator("#stats-fallback").isVisible(), true);
      assert.equal(await noScript.page.locator("#list-fallback").getAttribute("href"), `${convene.baseUrl}/spaces/partner-agenda/commitments`);
    } finally {
      await noScript.browser.close();
    }
  });
});
