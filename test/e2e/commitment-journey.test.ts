import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, count, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { commitments } from "../../src/modules/commitments/schema";
import { spaces } from "../../src/modules/spaces/schema";
import { assertAccessible, assertEveryPageChecked, assertFitsPhone, assertPageChecks, followLink, launchChromium, type RunningConvene, skipReason, startConvene, trackVisitedPages, waitForLink, openMoreLanguages } from "./support";

const SPACE = "nature-action-agenda";
const TITLE = "Replant saxaul along the Aral shore";
const PASSWORD = "a long and memorable password";


/** A partner's page on another loopback origin that embeds the commitments list widget from Convene. */
function partnerPage(conveneUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner site</title>
<script src="${conveneUrl}/widgets/convene.js" defer></script></head>
<body>
<h1>Commitments of our partners</h1>
<convene-commitments space="${SPACE}" limit="50"><a href="${conveneUrl}/spaces/${SPACE}/commitments">See the commitments on Convene</a></convene-commitments>
</body>
</html>`;
}

describe("a commitment's journey from draft to green light in Chromium", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  let partner: Server;
  let partnerUrl: string;
  let commitmentPath = "";
  let visited: ReturnType<typeof trackVisitedPages>;

  before(async () => {
    convene = await startConvene();
    ({ browser, page } = await launchChromium());
    visited = trackVisitedPages(page.context(), convene.baseUrl);
    partner = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(partnerPage(convene.baseUrl));
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.2", resolve));
    partnerUrl = `http://127.0.0.2:${(partner.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => partner?.close(resolve));
    await convene?.stop();
  });

  it("lets a newcomer register, confirm the email, log in and register an organisation", async () => {
    const email = "saxaul@example.org";
    await page.goto(`${convene.baseUrl}/`);
    await assertPageChecks(page, "home page");
    await followLink(page, page.getByRole("link", { name: "Create account" }).first());
    await assertPageChecks(page, "registration page");
    await page.getByLabel("Your name").fill("Dilnoza Karimova");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    const link = await waitForLink(convene.outboxDir, email, "/verify-email?token=");
    await page.goto(link.replace(/^https?:\/\/[^/]+/, convene.baseUrl));
    await assertPageChecks(page, "email confirmation page");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await assertPageChecks(page, "login page");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "Dilnoza Karimova" }).waitFor();

    await followLink(page, page.getByRole("link", { name: "Organisations" }).first());
    await assertPageChecks(page, "organisation list");
    await followLink(page, page.getByRole("link", { name: "Register an organisation" }));
    await assertPageChecks(page, "organisation form");
    await page.locator("#field-name-en").fill("Aral Green Belt");
    await openMoreLanguages(page);
    await page.locator("#field-name-ru").fill("Зелёный пояс Арала");
    await page.getByLabel("Type of actor").selectOption("ngo");
    await page.getByLabel("Country", { exact: true }).selectOption("UZ");
    await page.getByLabel("Website").fill("https://aral-green-belt.example.org");
    await page.getByRole("button", { name: "Register organisation" }).click();
    await page.getByRole("heading", { name: "Aral Green Belt" }).waitFor();
    await assertPageChecks(page, "organisation page");
  });

  it("walks the six steps, saving the draft, and submits a commitment that meets the space's criteria", async () => {
    await page.goto(`${convene.baseUrl}/spaces/${SPACE}/commitments`);
    await followLink(page, page.getByRole("link", { name: "Make a commitment" }));
    await assertPageChecks(page, "new commitment page");
    await page.getByLabel("Who commits").selectOption({ label: "Aral Green Belt" });
    await page.getByRole("button", { name: "Start the draft" }).click();
    await page.getByRole("heading", { name: "Step 1 of 6: " }).waitFor();
    const url = new URL(page.url());
    assert.match(url.pathname, new RegExp(`^/spaces/${SPACE}/commitments/\\d+/edit$`));
    commitmentPath = url.pathname.replace(/\/edit$/, "");

    // Step 1: basics.
    await assertPageChecks(page, "form step 1");
    await page.locator("#field-title-en").fill(TITLE);
    await openMoreLanguages(page);
    await page.locator("#field-title-ru").fill("Высадить саксаул вдоль берега Арала");
    await page.locator("#field-description-en").fill("Volunteers plant saxaul seedlings on the dried seabed to hold the sand.");
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Step 2: alignment — a primary target (criterion) and a country.
    await page.getByRole("heading", { name: "Step 2 of 6: " }).waitFor();
    await assertPageChecks(page, "form step 2");
    await page.getByLabel("Primary target").selectOption({ index: 1 });
    // Countries: a checkbox list; typing in the filter box narrows it and says how many are shown.
    const countries = page.getByRole("group", { name: "Countries", exact: true });
    await countries.getByLabel("Find a country").fill("uzbek");
    await countries.getByRole("status").filter({ hasText: /^Shown: 1 of \d+$/ }).waitFor();
    assert.equal(await countries.getByRole("checkbox").filter({ visible: true }).count(), 1, "only Uzbekistan is left");
    await countries.getByLabel("Uzbekistan").check();
    await countries.getByText("Selected (1): Uzbekistan").waitFor();
    await countries.getByLabel("Find a country").fill("kaz");
    await countries.getByLabel("Kazakhstan").check();
    assert.ok(await countries.getByLabel("Uzbekistan").isVisible(), "a ticked country stays in view while filtering");
    await assertAccessible(page, "form step 2, filtered");
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Step 3: timeline.
    await page.getByRole("heading", { name: "Step 3 of 6: " }).waitFor();
    await assertPageChecks(page, "form step 3");
    await page.getByLabel("Start date", { exact: true }).fill("2026-03-01");
    await page.getByLabel("End date", { exact: true }).fill("2030-12-31");
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Step 4: measures — an indicator with a target value (criterion); first saved as a draft without leaving the step.
    await page.getByRole("heading", { name: "Step 4 of 6: " }).waitFor();
    await assertPageChecks(page, "form step 4");
    await page.locator("#field-indicators-0-name-en").fill("Hectares planted");
    await page.getByLabel("Unit", { exact: true }).fill("ha");
    await page.getByLabel("Baseline value", { exact: true }).fill("0");
    await page.getByLabel("Target value", { exact: true }).fill("500");
    await page.getByLabel("Target date", { exact: true }).fill("2030-12-31");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("heading", { name: "Step 4 of 6: " }).waitFor();
    assert.equal(await page.locator("#field-indicators-0-name-en").inputValue(), "Hectares planted", "the saved draft keeps the indicator");
    assert.equal(await page.getByLabel("Target value", { exact: true }).inputValue(), "500");
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Step 5: people — the owner lets partner sites show it and intends to report.
    await page.getByRole("heading", { name: "Step 5 of 6: " }).waitFor();
    await assertPageChecks(page, "form step 5");
    await page.getByLabel("Partner sites may show this commitment").check();
    await page.getByLabel("We will report progress on this commitment").check();
    await page.getByRole("button", { name: "Save and continue" }).click();

    // Step 6: review and submit.
    await page.getByRole("heading", { name: "Step 6 of 6: " }).waitFor();
    await assertPageChecks(page, "form step 6");
    assert.equal(await page.getByText("Hectares planted").count(), 1);
    await page.getByRole("button", { name: "Submit the commitment for review" }).click();
    await page.waitForURL(`${convene.baseUrl}${commitmentPath}`);
    await page.getByText("Submitted", { exact: true }).first().waitFor();
    await page.getByText(/Kazakhstan, Uzbekistan|Uzbekistan, Kazakhstan/).first().waitFor();
    await assertPageChecks(page, "submitted commitment page");
  });

  it("is published by the demo coordinator from the review page", async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: "en-GB" });
    const coordinatorVisits = trackVisitedPages(context, convene.baseUrl);
    try {
      const coordinator = await context.newPage();
      await coordinator.goto(`${convene.baseUrl}/login`);
      await assertPageChecks(coordinator, "login page");
      await coordinator.getByLabel("Email address").fill("admin@convene.localhost");
      await coordinator.getByLabel("Password").fill("convene-admin-2026");
      await coordinator.getByRole("button", { name: "Log in" }).click();
      await coordinator.getByRole("link", { name: "Aigerim Sadykova (secretariat)" }).waitFor();
      await assertPageChecks(coordinator, "home page of the coordinator");

      await coordinator.goto(`${convene.baseUrl}${commitmentPath}/review`);
      await coordinator.getByRole("heading", { name: TITLE }).waitFor();
      await coordinator.getByRole("button", { name: "Start the review" }).click();
      await coordinator.getByRole("button", { name: "Publish now" }).click();
      await coordinator.getByText("The commitment is published.").waitFor();
      await assertPageChecks(coordinator, "review page");
      const number = Number(commitmentPath.split("/").pop());
      const [row] = await convene.app.services.db
        .select({ status: commitments.status, isPartnerDisplayAllowed: commitments.isPartnerDisplayAllowed, intendsToReport: commitments.intendsToReport })
        .from(commitments)
        .where(eq(commitments.number, number));
      assert.deepEqual(row, { status: "published", isPartnerDisplayAllowed: true, intendsToReport: true });
      assertEveryPageChecked(coordinatorVisits, "the coordinator");
    } finally {
      await context.close();
    }
  });

  it("appears in the public list, the dashboard totals and the partner widget", async () => {
    const { db } = convene.app.services;
    const [space] = await db.select({ id: spaces.id }).from(spaces).where(eq(spaces.slug, SPACE));
    const [published] = await db.select({ total: count() }).from(commitments).where(and(eq(commitments.spaceId, space.id), eq(commitments.status, "published")));

    const context = await browser.newContext({ bypassCSP: true, locale: "en-GB" });
    const visitorVisits = trackVisitedPages(context, convene.baseUrl);
    try {
      const visitor = await context.newPage();
      await visitor.goto(`${convene.baseUrl}/spaces/${SPACE}/commitments`);
      await visitor.getByRole("link", { name: TITLE }).waitFor();
      await assertPageChecks(visitor, "commitment list");

      await visitor.goto(`${convene.baseUrl}/spaces/${SPACE}/commitments/dashboard`);
      const totals = visitor.locator("ul.totals li");
      assert.match((await totals.first().textContent()) ?? "", new RegExp(`^\\s*${published.total}\\s+commitments`));
      await assertPageChecks(visitor, "dashboard");

      await visitor.goto(partnerUrl);
      assert.notEqual(new URL(visitor.url()).origin, convene.baseUrl, "the partner page is on another origin");
      const widgetTitle = visitor.locator("convene-commitments .cv-title", { hasText: TITLE });
      await widgetTitle.waitFor();
      assert.equal(await widgetTitle.getAttribute("href"), `${convene.baseUrl}${commitmentPath}`);
      await assertFitsPhone(visitor, "partner page with the widget");
      assertEveryPageChecked(visitorVisits, "the visitor");
    } finally {
      await context.close();
    }
  });

  it("turns the status light green once the owner reports progress", async () => {
    await page.goto(`${convene.baseUrl}${commitmentPath}`);
    await page.getByText("No report yet").waitFor();
    await followLink(page, page.getByRole("link", { name: "Report progress" }).first());
    await assertPageChecks(page, "progress report form");
    await page.getByLabel("Date of the report").fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel("Stage reached").selectOption("implementation");
    await page.getByLabel("Hectares planted (ha)").fill("120");
    await page.locator("#field-narrative-en").fill("The first 120 hectares were planted with local volunteers.");
    await page.getByRole("button", { name: "Publish the report" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/progress"));
    await assertPageChecks(page, "progress reports page");

    await page.goto(`${convene.baseUrl}${commitmentPath}`);
    await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await page.getByText("On track: reported within the period").waitFor();
    assert.equal(await page.locator(".status-light-green").count(), 1);
    await assertPageChecks(page, "commitment page with a progress report");
  });

  it("ran the page checks, 375 px phone included, on every page the owner visited", () => {
    assertEveryPageChecked(visited, "the owner's journey");
  });
});
