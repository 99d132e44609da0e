import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { html } from "../../src/platform/html";
import { ASSET_CSS_PATH } from "../../src/platform/http/assets";
import { scrollableTable } from "../../src/platform/views/table";
import { assertAccessible, assertEveryPageChecked, assertFitsPhone, assertHeaderOnOneRow, assertPageChecks, followLink, launchChromium, PHONE_VIEWPORT, type RunningConvene, skipReason, startConvene, trackVisitedPages, waitForLink, openMoreLanguages } from "./support";


describe("newcomer journey in Chromium", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  let visited: ReturnType<typeof trackVisitedPages>;

  before(async () => {
    convene = await startConvene();
    ({ browser, page } = await launchChromium());
    visited = trackVisitedPages(page.context(), convene.baseUrl);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("registers, confirms the email from the outbox, logs in, creates an organisation and switches to Russian", async () => {
    const email = "newcomer@example.org";
    await page.goto(`${convene.baseUrl}/`);
    await assertPageChecks(page, "home page");
    await assertHeaderOnOneRow(page, "home page");
    await page.goto(`${convene.baseUrl}/?lang=ru`);
    await assertPageChecks(page, "home page in Russian");
    await assertHeaderOnOneRow(page, "home page in Russian");
    await page.goto(`${convene.baseUrl}/?lang=en`);
    await assertPageChecks(page, "home page back in English");
    await followLink(page, page.getByRole("link", { name: "Create account" }).first());
    await assertPageChecks(page, "registration page");

    // A failed submission keeps what was typed.
    await page.getByLabel("Your name").fill("Gulnara <script>alert(1)</script>");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    assert.equal(await page.getByLabel("Your name").inputValue(), "Gulnara <script>alert(1)</script>");
    await assertPageChecks(page, "registration page with errors");
    await page.getByLabel("Password").fill("a long and memorable password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    const link = await waitForLink(convene.outboxDir, email, "/verify-email?token=");
    await page.goto(link.replace(/^https?:\/\/[^/]+/, convene.baseUrl));
    await assertPageChecks(page, "email confirmation page");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await assertPageChecks(page, "login page");

    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("a long and memorable password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "Gulnara <script>alert(1)</script>" }).waitFor();
    await assertHeaderOnOneRow(page, "page after logging in, with a long display name");

    await createOrganisation(page);
    await assertPageChecks(page, "organisation page");

    // The language menu names the page's language; opening it offers the other five.
    await page.locator(".lang-menu > summary").click();
    await page.getByRole("link", { name: "Русский" }).click();
    assert.equal(await page.getAttribute("html", "lang"), "ru");
    await page.getByRole("heading", { name: "Степной водный дозор" }).waitFor();
    await assertPageChecks(page, "organisation page in Russian");
    await assertHeaderOnOneRow(page, "organisation page in Russian, signed in");
    await page.screenshot({ path: process.env.E2E_SCREENSHOT ?? "/tmp/convene-journey.png", fullPage: true });
  });

  it("shows the API reference as an accessible page, without Swagger UI's unreadable controls", async () => {
    await page.goto(`${convene.baseUrl}/api/docs?lang=en`);
    await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();
    await assertPageChecks(page, "API reference");
    await page.goto(`${convene.baseUrl}/api/docs?lang=ru`);
    await assertPageChecks(page, "API reference in Russian");
  });

  it("keeps a table wider than a phone scrolling inside its own named box, hidden texts included, with the page still", async () => {
    const cells = Array.from({ length: 8 }, (_, index) => html`<th scope="col">Organisations ${index}<span class="sr-only"> hidden text for screen readers</span></th>`);
    const table = scrollableTable("Organisations by country", html`<table><caption class="sr-only">Organisations by country</caption><thead><tr>${cells}</tr></thead><tbody><tr>${cells.map(() => html`<td>Kazakhstan</td>`)}</tr></tbody></table>`);
    await page.setViewportSize(PHONE_VIEWPORT);
    try {
      await page.setContent(`<!doctype html><html lang="en"><head><title>Wide table</title><link rel="stylesheet" href="${convene.baseUrl}${ASSET_CSS_PATH}"></head><body><main class="wrap"><h1>Wide table</h1>${table}</main></body></html>`);
      const box = await page.locator(".table-scroll").evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
      assert.ok(box.scrollWidth > box.clientWidth, "the table is wider than the phone and scrolls in its box");
      await assertFitsPhone(page, "page with a wide table");
      await assertAccessible(page, "page with a wide table");
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it("ran the page checks, 375 px phone included, on every page it visited", () => {
    assertEveryPageChecked(visited, "the newcomer journey");
  });
});

/** Fills in the organisation form the way an NGO would, first with a mistake, and lands on its new page. */
async function createOrganisation(page: Page): Promise<void> {
  await followLink(page, page.getByRole("link", { name: "Organisations" }).first());
  await assertPageChecks(page, "organisation list");
  await followLink(page, page.getByRole("link", { name: "Register an organisation" }));
  await assertPageChecks(page, "organisation form");
  await page.locator("#field-name-en").fill("Steppe Water Watch");
  await openMoreLanguages(page);
  await page.locator("#field-name-ru").fill("Степной водный дозор");
  await page.getByLabel("Type of actor").selectOption("ngo");
  await page.getByLabel("Country", { exact: true }).selectOption("KZ");
  await page.getByLabel("Website").fill("not a web address");
  await page.getByRole("button", { name: "Register organisation" }).click();
  // The error is shown beside the field and nothing typed is lost.
  assert.equal(await page.locator("#field-name-ru").inputValue(), "Степной водный дозор");
  await assertPageChecks(page, "organisation form with errors");
  await page.getByLabel("Website").fill("https://steppe-water.example.org");
  await page.getByRole("button", { name: "Register organisation" }).click();
  await page.getByRole("heading", { name: "Steppe Water Watch" }).waitFor();
  assert.match(page.url(), /\/organisations\/steppe-water-watch$/);
}
