import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { queryRows } from "../../src/db/sql";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { DEMO_SURVEY_SLUG, DEMO_SURVEY_SPACE } from "../../src/modules/surveys/seed";
import { applyToCohort, decideApplication } from "../../src/modules/programmes/commands/apply";
import { completeParticipant, markProgress } from "../../src/modules/programmes/commands/record-progress";
import { buildProgramme } from "../../src/modules/programmes/factories";
import { findApplication } from "../../src/modules/programmes/queries";
import { buildUser } from "../../src/testing/factories";
import { buildEvent } from "../../src/modules/events/factories";
import { buildRegistration } from "../../src/modules/events/attendance/factories";
import { launchChromium, logInThroughForm, skipReason, startConvene, type RunningConvene } from "./support";

const AARHUS = "aarhus-kazakhstan-2018-2020";
const NATURE = "nature-action-agenda";

/** Pages in a PDF: each page is one `/Type /Page` object (`/Type /Pages` is the tree above them). */
const pdfPageCount = (pdf: Buffer): number => pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;

/** What print media shows of the page: header and navigation, and any form control still visible. */
async function printedChrome(page: Page): Promise<{ headerShown: boolean; navShown: boolean; visibleControls: number }> {
  await page.emulateMedia({ media: "print" });
  // A string, not a function: tsx would wrap a function's inner helpers in a `__name` the page does not have.
  return page.evaluate(`(() => {
    const isShown = (element) => !!element && getComputedStyle(element).display !== "none" && element.offsetParent !== null;
    return {
      headerShown: isShown(document.querySelector(".site-header")),
      navShown: [...document.querySelectorAll(".site-header nav, .breadcrumbs")].some(isShown),
      visibleControls: [...document.querySelectorAll("main form, main button, main input, main select, main textarea")].filter(isShown).length,
    };
  })()`);
}

// Reports and certificates are printed (or saved as PDF) from the browser: on A4, without the site's chrome and
// forms, charts with their bars, certificates on one sheet. Set PRINT_SHOTS=<dir> to keep screenshots and PDFs.
describe("printing reports and certificates (A4, Chromium's PDF)", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let page: Page;
  const shots = process.env.PRINT_SHOTS;

  before(async () => {
    convene = await startConvene();
    ({ browser, page } = await launchChromium({ isJavaScriptEnabled: false }));
    await logInThroughForm(page, convene.baseUrl, DEMO_ACCOUNTS.admin);
    if (shots) mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  async function print(path: string, name: string): Promise<{ pages: number; chrome: Awaited<ReturnType<typeof printedChrome>> }> {
    await page.emulateMedia({ media: "screen" });
    const response = await page.goto(`${convene.baseUrl}${path}`);
    assert.equal(response?.status(), 200, `${name}: ${path}`);
    const chrome = await printedChrome(page);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
    if (shots) {
      writeFileSync(join(shots, `${name}.pdf`), pdf);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }
    return { pages: pdfPageCount(pdf), chrome };
  }

  /** The first link on a page whose href matches. */
  async function firstLink(path: string, pattern: RegExp): Promise<string> {
    await page.emulateMedia({ media: "screen" });
    await page.goto(`${convene.baseUrl}${path}`);
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const href = hrefs.find((candidate) => pattern.test(candidate));
    assert.ok(href, `a link matching ${pattern} on ${path}`);
    return href.replace(/^https?:\/\/[^/]+/, "");
  }

  /** Prints a certificate as its holder (signed in in a browser of their own): one sheet, without chrome or controls. */
  async function printCertificateAs(holder: { email: string; password: string }, path: string, name: string): Promise<void> {
    const { browser: holderBrowser, page: holderPage } = await launchChromium({ isJavaScriptEnabled: false });
    try {
      await logInThroughForm(holderPage, convene.baseUrl, holder);
      const previous = page;
      page = holderPage;
      try {
        const { pages, chrome } = await print(path, name);
        assert.equal(chrome.headerShown, false, name);
        assert.equal(chrome.navShown, false, name);
        assert.equal(chrome.visibleControls, 0, name);
        assert.equal(pages, 1, `${name}: the certificate fits one sheet`);
      } finally {
        page = previous;
      }
    } finally {
      await holderBrowser.close();
    }
  }

  it("reports print without the site's chrome or forms, their sections on A4 pages", async () => {
    const reports = [
      { name: "governing-body-report", path: await firstLink(`/spaces/${AARHUS}/reports`, /\/reports\/[^/]+(\/versions\/\d+)?$/) },
      { name: "consultation-report", path: `${await firstLink(`/spaces/${NATURE}/consultations`, /\/consultations\/(?!new$)[^/?#]+$/)}/report` },
      { name: "survey-results", path: `/spaces/${DEMO_SURVEY_SPACE}/surveys/${DEMO_SURVEY_SLUG}/results` },
      { name: "memorandum-roster", path: `/spaces/${AARHUS}/memorandum/signatories` },
      { name: "survey-results-ar", path: `/spaces/${DEMO_SURVEY_SPACE}/surveys/${DEMO_SURVEY_SLUG}/results?lang=ar` },
      { name: "governing-body-report-ru", path: `${await firstLink(`/spaces/${AARHUS}/reports`, /\/reports\/[^/]+(\/versions\/\d+)?$/)}?lang=ru` },
    ];
    for (const report of reports) {
      const { pages, chrome } = await print(report.path, report.name);
      assert.equal(chrome.headerShown, false, `${report.name}: no site header on paper`);
      assert.equal(chrome.navShown, false, `${report.name}: no navigation or breadcrumbs on paper`);
      assert.equal(chrome.visibleControls, 0, `${report.name}: no forms or buttons on paper`);
      assert.ok(pages >= 1, `${report.name}: printed (${pages} pages)`);
    }
  });

  it("survey results print their bars (colours kept on paper)", async () => {
    await page.goto(`${convene.baseUrl}/spaces/${DEMO_SURVEY_SPACE}/surveys/${DEMO_SURVEY_SLUG}/results`);
    await page.emulateMedia({ media: "print" });
    const adjust = await page.evaluate(`(() => {
      const bar = document.querySelector(".survey-bars svg *, .bar-chart .bars *, .bar-track *") || document.body;
      return getComputedStyle(bar).getPropertyValue("print-color-adjust") || getComputedStyle(bar).getPropertyValue("-webkit-print-color-adjust");
    })()`);
    assert.equal(adjust, "exact");
  });

  it("a commitments certificate prints on one page", async () => {
    // An organisation whose commitments are on track has a certificate; try the demo's organisations in turn.
    const rows = await queryRows<{ slug: string }>(convene.app.services.db, sql`select distinct o.slug from commitments c join organisations o on o.id = c.organisation_id join spaces s on s.id = c.space_id where s.slug = ${NATURE} and c.status = 'published'`);
    let path = "";
    for (const { slug } of rows) {
      const candidate = `/spaces/${NATURE}/commitments/certificates/${slug}`;
      if ((await convene.app.inject({ method: "GET", url: candidate })).statusCode === 200) {
        path = candidate;
        break;
      }
    }
    assert.ok(path, "the demo has an organisation on track");
    const { pages, chrome } = await print(path, "commitments-certificate");
    assert.equal(chrome.headerShown, false);
    assert.equal(chrome.visibleControls, 0);
    assert.equal(pages, 1, "the certificate fits one sheet");
  });

  it("an event attendance certificate prints on one page", async () => {
    const { services } = convene.app;
    const event = await buildEvent(services, {});
    const holder = await buildUser(services, { displayName: "Aigerim Nurlanovna Sadykova-Petrova" });
    const registration = await buildRegistration(services, event, { user: holder });
    await services.db.execute(sql`update event_registrations set checked_in_at = now() where id = ${registration.id}`);
    await printCertificateAs(holder, `/spaces/${event.space.slug}/events/${event.slug}/certificate`, "event-attendance-certificate");
  });

  it("a programme's completion certificate prints on one page", async () => {
    const { services } = convene.app;
    const built = await buildProgramme(services, { questions: [], sessions: 1, requiredSessions: 1 });
    const holder = await buildUser(services, { displayName: "Aigerim Nurlanovna Sadykova-Petrova" });
    const applied = await applyToCohort(services, { id: holder.id }, built.programme, built.cohort, { answers: {}, organisationId: null, trackId: null, locale: "en" });
    await decideApplication(services, { id: built.organiserId }, applied.id, "accept");
    await markProgress(services, { id: built.organiserId }, built.programme, (await findApplication(services.db, applied.id))!, built.sessions[0]!.id, true);
    await completeParticipant(services, { id: built.organiserId }, built.programme, applied.id);
    await printCertificateAs(holder, `/account/programmes/${applied.id}/certificate`, "programme-certificate");
  });
});
