import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { assertEveryPageChecked, assertPageChecks, type RunningConvene, launchChromium, skipReason, startConvene, trackVisitedPages } from "./support";

// A newcomer's walk in Arabic (right to left) and in French, the two languages whose layout and length differ most
// from English: every page is checked with axe (contrast included), the controls' contrast and a 375 px phone, and
// says its language and direction on <html>; the language switch leads to the same page in the other language.

const SPACE = "nature-action-agenda";
const PROGRAMME_SPACE = "aarhus-kazakhstan-2018-2020";
const WALKS = [
  { locale: "ar", dir: "rtl", other: "fr" },
  { locale: "fr", dir: "ltr", other: "ar" },
] as const;

/** The first link on the page whose address matches `pattern` (the demo's slugs are not known in advance). */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.$$eval("main a[href]", (links) => links.map((link) => link.getAttribute("href") ?? ""));
  const found = hrefs.find((href) => pattern.test(href.replace(/[?#].*$/, "")));
  assert.ok(found, `no link matching ${pattern} on ${page.url()}`);
  return new URL(found, page.url()).pathname;
}

/** Logs in through the form in the page's language (labels are not English here: the fields are found by name). */
async function logIn(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await assertPageChecks(page, "the login page");
  await page.locator("main input[name=email]").fill(account.email);
  await page.locator("main input[name=password]").fill(account.password);
  await page.locator("main form[action='/login'] button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await assertPageChecks(page, "the page after logging in");
}

for (const walk of WALKS) {
  describe(`a newcomer's walk in ${walk.locale}`, { skip: skipReason }, () => {
    let convene: RunningConvene;
    let browser: Browser;
    let page: Page;
    let visited: ReturnType<typeof trackVisitedPages>;

    before(async () => {
      convene = await startConvene();
      ({ browser, page } = await launchChromium());
      page.context().setDefaultTimeout(20_000);
      visited = trackVisitedPages(page.context(), convene.baseUrl);
    });
    after(async () => {
      await browser?.close();
      await convene?.stop();
    });

    /** Opens a page and runs every check on it, the language and direction of <html> included. */
    const visit = async (path: string, label: string): Promise<void> => {
      const response = await page.goto(`${convene.baseUrl}${path}`);
      assert.equal(response?.status(), 200, `${label} (${path}) answers 200`);
      assert.equal(await page.getAttribute("html", "lang"), walk.locale, `${label} says its language`);
      assert.equal(await page.getAttribute("html", "dir"), walk.dir, `${label} says its direction`);
      await assertPageChecks(page, `${label} in ${walk.locale}`);
    };

    it("reads the home page, the spaces, a consultation and its topic, and switches language on the same page", async () => {
      await visit(`/?lang=${walk.locale}`, "home page");
      await visit("/spaces", "spaces");
      await visit(`/spaces/${SPACE}`, "a space");
      await visit(`/spaces/${SPACE}/consultations`, "consultations");
      const consultation = await firstLink(page, new RegExp(`^/spaces/${SPACE}/consultations/[^/]+$`));
      await visit(consultation, "a consultation");
      const topic = await firstLink(page, /\/topics\/\d+$/);
      await visit(topic, "a topic");

      // the switch names the other language in that language and leads to the same page, then back
      await page.locator(".lang-menu > summary").click();
      await page.locator(`.lang-switcher a[hreflang=${walk.other}]`).click();
      await page.waitForURL((url) => url.searchParams.get("lang") === walk.other);
      assert.equal(new URL(page.url()).pathname, topic, "the language switch keeps the page");
      assert.equal(await page.getAttribute("html", "lang"), walk.other);
      await assertPageChecks(page, `a topic switched to ${walk.other}`);
      await page.locator(".lang-menu > summary").click();
      await page.locator(`.lang-switcher a[hreflang=${walk.locale}]`).click();
      await page.waitForURL((url) => url.searchParams.get("lang") === walk.locale);
      assert.equal(new URL(page.url()).pathname, topic, "and back");
      await assertPageChecks(page, `a topic switched back to ${walk.locale}`);
    });

    it("signs in and contributes to the topic", async () => {
      await logIn(page, convene.baseUrl, DEMO_ACCOUNTS.member);
      assert.equal(await page.getAttribute("html", "lang"), walk.locale, "signing in keeps the chosen language");
      await visit(`/spaces/${SPACE}/consultations`, "consultations, signed in");
      await visit(await firstLink(page, new RegExp(`^/spaces/${SPACE}/consultations/[^/]+$`)), "a consultation, signed in");
      await visit(await firstLink(page, /\/topics\/\d+$/), "a topic, signed in");
      const text = `Contribution written in ${walk.locale}: ${walk.locale === "ar" ? "نحتاج إلى خرائط للأراضي الرطبة" : "il faut cartographier les zones humides"}`;
      await page.locator("#contribute textarea[name=body]").fill(text);
      await page.locator("#contribute button[type=submit]").click();
      await page.waitForLoadState("load");
      await page.getByText(text).first().waitFor();
      await assertPageChecks(page, `the topic with the new contribution in ${walk.locale}`);
    });

    it("browses commitments, events, the knowledge hub, news and a programme", async () => {
      await visit(`/spaces/${SPACE}/commitments`, "commitments");
      await visit(await firstLink(page, new RegExp(`^/spaces/${SPACE}/commitments/\\d+$`)), "a commitment");
      await visit("/events", "events");
      await visit(await firstLink(page, /^\/spaces\/[^/]+\/events\/[^/]+$/), "an event");
      await visit("/knowledge", "knowledge hub");
      await visit(`/knowledge/ask?q=${encodeURIComponent("How do I take part in a consultation?")}`, "knowledge search");
      await visit(await firstLink(page, /\/knowledge\/(guidance|faq)\/[^/]+$/), "an answer");
      await visit(`/spaces/${SPACE}/news`, "news");
      await visit(await firstLink(page, new RegExp(`^/spaces/${SPACE}/news/[^/]+$`)), "a news post");
      await visit(`/spaces/${PROGRAMME_SPACE}/programmes`, "programmes");
      await visit(await firstLink(page, new RegExp(`^/spaces/${PROGRAMME_SPACE}/programmes/[^/]+$`)), "a programme");
    });

    it("shows the administrators the languages page", async () => {
      await page.context().clearCookies();
      await page.goto(`${convene.baseUrl}/?lang=${walk.locale}`);
      await logIn(page, convene.baseUrl, DEMO_ACCOUNTS.admin);
      await visit("/admin/languages", "the languages page");
      assertEveryPageChecked(visited, `the walk in ${walk.locale}`);
    });
  });
}
