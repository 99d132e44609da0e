import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { buildCommitment, type BuiltCommitment } from "../../src/modules/commitments/factories";
import { commitments } from "../../src/modules/commitments/schema";
import { addSpaceRole, buildSpace } from "../../src/modules/spaces/factories";
import { buildUser, XSS, type BuiltUser } from "../../src/testing/factories";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene, openMoreLanguages } from "./support";

const SPACE = "showcase-agenda";

/** A partner's page on another origin embedding the showcase and the events widgets. */
function partnerPage(conveneUrl: string, showcase: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner site</title>
<script src="${conveneUrl}/widgets/convene-showcase.js" defer></script>
<script src="${conveneUrl}/widgets/convene-events.js" defer></script></head>
<body>
<h1>At COP17</h1>
<convene-showcase space="${SPACE}" showcase="${showcase}" lang="ru"><a id="showcase-fallback" href="${conveneUrl}/spaces/${SPACE}/showcases/${showcase}">Подборка</a></convene-showcase>
<convene-events space="${SPACE}"><a href="${conveneUrl}/spaces/${SPACE}/events">Events</a></convene-events>
</body>
</html>`;
}

describe("showcases in Chromium: a coordinator curates with JavaScript off, a partner site embeds the result", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let coordinator: BuiltUser;
  let consenting: BuiltCommitment;
  let partner: Server;
  let partnerUrl: string;

  before(async () => {
    convene = await startConvene({ isDemoSeeded: false });
    const services = convene.app.services;
    const space = await buildSpace(services, { slug: SPACE, frameworkKeys: ["GBF"], enabledModules: ["commitments", "events"] });
    coordinator = await buildUser(services);
    await addSpaceRole(services, space.id, coordinator.id, "coordinator");
    const shared = { spaceId: space.id, spaceSlug: space.slug, status: "published" as const, primaryItemKey: ["GBF", "GBF-TARGET-02"] as [string, string] };
    consenting = await buildCommitment(services, { ...shared, title: { en: `${XSS} Restore the Ili floodplain forest`, ru: `${XSS} Восстановить пойменный лес Или` } });
    // Published, but its owner did not agree to appear on partner sites: on Convene's page, never in the widget.
    await buildCommitment(services, { ...shared, title: { en: "Quiet commitment", ru: "Тихое обязательство" } });
    await services.db.update(commitments).set({ isPartnerDisplayAllowed: true }).where(eq(commitments.id, consenting.id));
    partner = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(partnerPage(convene.baseUrl, "cop17"));
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.2", resolve));
    partnerUrl = `http://127.0.0.2:${(partner.address() as AddressInfo).port}/`;
    ({ browser } = await launchChromium());
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => partner?.close(resolve));
    await convene?.stop();
  });

  it("creates, fills through the picker, reorders and publishes a showcase on plain HTML forms; every page passes the checks", async () => {
    const { page, visited } = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "en-GB", account: coordinator });
    await page.goto(`${convene.baseUrl}/spaces/${SPACE}/showcases`);
    await assertPageAccessible(browser, page, "showcase list");
    await page.getByRole("link", { name: "New showcase" }).click();
    await assertPageAccessible(browser, page, "new showcase form");
    await page.locator("#field-title-en").fill(`${XSS} COP17`);
    await openMoreLanguages(page);
    await page.locator("#field-title-ru").fill("КС-17");
    await page.locator("#field-occasion-en").fill("COP17 high-level segment");
    await page.locator("#field-slug").fill("cop17");
    await page.getByRole("button", { name: "Create and start curating" }).click();
    await page.waitForURL(/\/showcases\/cop17\/edit$/);
    await assertPageAccessible(browser, page, "curate page");

    await page.getByRole("button", { name: "Find" }).click();
    await page.waitForURL(/kind=commitment/);
    await assertPageAccessible(browser, page, "curate page with picker results");
    for (let added = 0; added < 2; added++) {
      await page.getByRole("button", { name: "Add" }).first().click();
      await page.waitForURL(/\/edit$/);
      await page.goto(`${convene.baseUrl}/spaces/${SPACE}/showcases/cop17/edit?kind=commitment&q=`);
    }
    await page.goto(`${convene.baseUrl}/spaces/${SPACE}/showcases/cop17/edit`);
    await page.getByRole("button", { name: "Move down" }).first().click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/\/edit$/);
    await assertPageAccessible(browser, page, "curate page, published, after a flash");
    await page.getByRole("link", { name: "View the page" }).click();
    await page.waitForURL(/\/showcases\/cop17$/);
    await assertPageAccessible(browser, page, "showcase page");
    const titles = await page.locator(".card h2").allTextContents();
    assert.equal(titles.length, 2);
    assert.ok(titles.some((title) => title.includes(XSS)), "the title is text on the page");
    assert.equal(await page.locator("h1").textContent(), `${XSS} COP17`);
    await page.context().close();
    assertEveryPageChecked(visited, "showcase curation");
  });

  it("the partner site shows the showcase's consenting items in Russian and the events widget, in shadow DOM, with no script from the data run", async () => {
    const { page } = await launchChromium();
    try {
      let dialogs = 0;
      page.on("dialog", (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await page.goto(partnerUrl);
      const showcase = page.locator("convene-showcase");
      await showcase.locator(".cv-title").first().waitFor();
      assert.deepEqual(await showcase.locator(".cv-title").allTextContents(), [`${XSS} Восстановить пойменный лес Или`], "only the commitment whose owner agreed");
      assert.match(await showcase.locator(".cv-meta").first().textContent() ?? "", /^Обязательство · /);
      assert.equal(await showcase.locator(".cv-more").textContent(), "Вся подборка");
      assert.equal(await showcase.locator(".cv-more").getAttribute("href"), `${convene.baseUrl}/spaces/${SPACE}/showcases/cop17`);
      assert.equal(await page.locator("#showcase-fallback").isVisible(), false);
      const events = page.locator("convene-events");
      await events.locator(".cv-more").waitFor();
      assert.equal(await events.locator(".cv-note").textContent(), "No upcoming events.");
      assert.equal(dialogs, 0);
      assert.ok(!(await showcase.locator(".cv-title").allTextContents()).includes("Тихое обязательство"));
    } finally {
      await page.context().browser()?.close();
    }
  });
});
