import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import assert from "node:assert/strict";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { linkFromOutbox } from "../../src/testing/outbox";
import { buildApp } from "../../src/app";
import { connectDatabase } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";
import { seedDemo, seedReference } from "../../src/platform/demo";
import type { FastifyInstance, RouteOptions } from "fastify";
import { createScratchDatabase } from "../../src/db/scratch-database";
import { testServerUrl, testTemplate } from "../../src/testing/test-server";
import { demoTemplate, seedingConfig } from "../../src/testing/demo-template";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Browser journeys need Debian's Chromium; without it they skip with this reason instead of failing. */
export const skipReason = existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;

export type RunningConvene = {
  app: FastifyInstance;
  baseUrl: string;
  outboxDir: string;
  /** The pattern of the GET route that serves `path` ("/spaces/:slug/news/:id"), as the router picks it; undefined when none does. */
  routeOf(path: string): string | undefined;
  stop(): Promise<void>;
};

/**
 * Matches paths to GET route patterns the way the router ranks them: at the first segment where two patterns
 * differ, a fixed segment wins over a parameter, and a parameter over a wildcard.
 */
function routeMatcher(patterns: Set<string>): (path: string) => string | undefined {
  const rank = (segment: string) => (segment === "*" ? 0 : segment.includes(":") ? 1 : 2);
  const compiled = [...patterns].map((pattern) => {
    const segments = pattern.split("/");
    const source = segments.map((segment) => (segment === "*" ? ".*" : segment.includes(":") ? "[^/]+" : segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))).join("/");
    return { pattern, ranks: segments.map(rank), regex: new RegExp(`^${source}/?$`) };
  });
  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
    return a.length > b.length;
  };
  return (path) => {
    let best: (typeof compiled)[number] | undefined;
    for (const route of compiled) if (route.regex.test(path) && (!best || better(route.ranks, best.ranks))) best = route;
    return best?.pattern;
  };
}

/**
 * Starts a real Convene on a loopback port with its own database on the test server and demo content: a clone of
 * the run's demo template (seeded once per run, see src/testing/demo-template.ts), or seeded here when the file runs alone.
 */
export async function startConvene(options: { isDemoSeeded?: boolean } = {}): Promise<RunningConvene> {
  const dataDir = mkdtempSync(join(tmpdir(), "convene-e2e-"));
  const outboxDir = join(dataDir, "outbox");
  const isDemoSeeded = options.isDemoSeeded !== false;
  const seeded = isDemoSeeded ? await demoTemplate() : undefined;
  const scratch = await createScratchDatabase(await testServerUrl(), "convene_e2e", { template: seeded ?? testTemplate() });
  const database = await connectDatabase({ databaseUrl: scratch.url });
  await migrate(database);
  const getRoutes = new Set<string>();
  const onRoute = (route: RouteOptions) => {
    if ([route.method].flat().includes("GET")) getRoutes.add(route.url);
  };
  const app = await buildApp({ config: seedingConfig(dataDir), database, logger: false, onRoute });
  await seedReference(app.services);
  if (isDemoSeeded && !seeded) await seedDemo(app.services);
  app.services.jobs.start(200);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  (app.services.config as { publicUrl: string }).publicUrl = baseUrl;
  return {
    app,
    baseUrl,
    outboxDir,
    routeOf: routeMatcher(getRoutes),
    stop: async () => {
      await app.close();
      await database.close();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(options: { isJavaScriptEnabled?: boolean } = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  // bypassCSP lets axe-core be injected; the pages themselves never need it.
  const context = await browser.newContext({ javaScriptEnabled: options.isJavaScriptEnabled ?? true, bypassCSP: true, locale: "en-GB" });
  const page = await context.newPage();
  return { browser, page };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core (WCAG 2.x A/AA rules) on the current page and returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    // Only violations are read: axe then skips describing every passing and inapplicable node (~35% of a run).
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
  });
  return result.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** Fails with every serious or critical axe violation on the page, named by rule and element. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(
    violations.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
    [],
    `${label} has serious accessibility violations`,
  );
}

/** tsx compiles the functions passed to page.evaluate with esbuild's keepNames, which calls a `__name` helper the page lacks. */
async function definePageNameHelper(page: Page): Promise<void> {
  await page.evaluate("globalThis.__name ??= (target) => target");
}

/**
 * WCAG 1.4.3 for controls, which axe skips when it cannot tell the background (it missed white-on-white
 * reaction buttons): the contrast ratio of every visible button, link-styled button and submit input, text
 * colour against the background that shows through (each ancestor's background composited until opaque,
 * white at the root). Returns one line per control below 4.5:1 (3:1 for large text).
 */
export async function lowContrastControls(page: Page): Promise<string[]> {
  await definePageNameHelper(page);
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba | undefined => {
      const match = /^rgba?\(([^)]+)\)$/.exec(value.trim());
      if (!match) return undefined;
      const parts = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    // "over" compositing: the top colour at its alpha over an opaque bottom colour.
    const over = (top: Rgba, bottom: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + bottom[i]! * (1 - top[3])).concat(1) as Rgba;
    const luminance = (colour: Rgba): number => {
      const [r, g, b] = [0, 1, 2].map((i) => {
        const channel = colour[i]! / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const backgroundBehind = (element: Element): Rgba | undefined => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage !== "none") return undefined;
        const colour = parse(style.backgroundColor);
        if (colour === undefined) return undefined;
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const describe = (element: Element): string => {
      const text = (element.textContent?.trim() || (element as HTMLInputElement).value || "").replace(/\s+/g, " ").slice(0, 40);
      return `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).trim().split(/\s+/).join(".")}` : ""} "${text}"`;
    };
    const failures: string[] = [];
    const controls = document.querySelectorAll("button, input[type=submit], input[type=button], input[type=reset], .button, .button-small, .link-button, [role=button]");
    for (const element of Array.from(controls)) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      // Disabled controls are exempt from 1.4.3; hidden ones are not seen.
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || (element as HTMLButtonElement).disabled) continue;
      const text = parse(style.color);
      const background = backgroundBehind(element);
      if (!text || !background) {
        failures.push(`${describe(element)}: colour ${style.color} on a background that cannot be computed`);
        continue;
      }
      const foreground = over(text, background);
      const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
      const ratio = (lighter! + 0.05) / (darker! + 0.05);
      const size = parseFloat(style.fontSize);
      const isLarge = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const required = isLarge ? 3 : 4.5;
      if (ratio < required) failures.push(`${describe(element)}: ${ratio.toFixed(2)}:1 (${style.color} on rgb(${background.slice(0, 3).map(Math.round).join(", ")})), needs ${required}:1`);
    }
    return failures;
  });
}

/** Fails when a visible control's text does not meet the WCAG AA contrast ratio. */
export async function assertReadableControls(page: Page, label: string): Promise<void> {
  assert.deepEqual(await lowContrastControls(page), [], `${label} has controls whose text is too faint to read`);
}

export const PHONE_VIEWPORT = { width: 375, height: 667 };

/** Runs `check` with the page laid out at `viewport`, then gives the page back its previous size. */
async function atViewport<T>(page: Page, viewport: { width: number; height: number }, check: () => Promise<T>): Promise<T> {
  const previous = page.viewportSize();
  await page.setViewportSize(viewport);
  try {
    await definePageNameHelper(page);
    return await check();
  } finally {
    if (previous) await page.setViewportSize(previous);
  }
}

/**
 * Lays the current page out at a 375×667 phone viewport and fails when it scrolls sideways
 * (document wider than the screen), naming the elements that stick out; restores the viewport after.
 */
export async function assertFitsPhone(page: Page, label: string): Promise<void> {
  await atViewport(page, PHONE_VIEWPORT, async () => {
    const overflow = await page.evaluate((width) => {
      const scrollWidth = document.documentElement.scrollWidth;
      if (scrollWidth <= width) return undefined;
      const culprits = Array.from(document.querySelectorAll("body *"))
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .filter((element) => !element.parentElement || element.parentElement.getBoundingClientRect().right <= width + 0.5)
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${element.className ? `.${String(element.className).trim().split(/\s+/).join(".")}` : ""}`);
      return { scrollWidth, culprits };
    }, PHONE_VIEWPORT.width);
    assert.equal(overflow, undefined, `${label} scrolls sideways on a ${PHONE_VIEWPORT.width}px phone: ${JSON.stringify(overflow)}`);
  });
}

const withoutFragment = (url: string): string => url.replace(/#.*$/, "");

/** Addresses the page checks ran on in this test file (each file runs in its own process). */
const checkedUrls = new Set<string>();

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

/**
 * Fails when the header does not fit one row on a 1280 px screen: the brand, the navigation, the account
 * links and the language switcher must share a line (Russian labels are long; a wrapped row pushed the
 * switcher under the navigation). Restores the viewport after.
 */
export async function assertHeaderOnOneRow(page: Page, label: string): Promise<void> {
  await atViewport(page, DESKTOP_VIEWPORT, async () => {
    const boxes = await page.evaluate(() =>
      [".header-row .brand", ".site-menu-content > nav:not(.lang-switcher)", ".site-menu-content .account-nav", ".site-menu-content .lang-menu > summary"].map((selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        return { selector, top: box ? box.top : NaN, bottom: box ? box.bottom : NaN };
      }),
    );
    const sharedTop = Math.max(...boxes.map((box) => box.top));
    const sharedBottom = Math.min(...boxes.map((box) => box.bottom));
    assert.ok(sharedTop < sharedBottom, `${label}: the header wraps onto a second row at ${DESKTOP_VIEWPORT.width}px: ${JSON.stringify(boxes)}`);
  });
}

/**
 * Follows a link and waits until the next page has loaded: a check run right after `click()` may otherwise find
 * the old page, or a document that is being replaced (axe then fails on a null documentElement).
 */
export async function followLink(page: Page, link: Locator): Promise<void> {
  const from = page.url();
  await link.click();
  await page.waitForURL((url) => url.href !== from);
  await page.waitForLoadState("load");
}

/** Every page check the journeys run: axe and control contrast at the desktop size, then the 375 px phone layout. */
export async function assertPageChecks(page: Page, label: string): Promise<void> {
  await page.waitForLoadState("load");
  await assertAccessible(page, label);
  await assertReadableControls(page, label);
  await assertFitsPhone(page, label);
  checkedUrls.add(withoutFragment(page.url()));
}

/**
 * axe-core needs JavaScript, which a JavaScript-off journey's pages have off: the very document the person sees
 * (a form's answer to a POST included) is audited (axe, control contrast, phone width) in a JavaScript-on context
 * carrying the same cookies, served at the same address so its stylesheet loads (no page here has a script of its own).
 */
export async function assertPageAccessible(browser: Browser, page: Page, label: string): Promise<void> {
  const auditPage = await auditorPage(browser);
  const auditor = auditPage.context();
  // the person's cookies, as they are now (the pages have no scripts, so nothing else of their state matters)
  await auditor.clearCookies();
  await auditor.addCookies(await page.context().cookies());
  const [address, markup] = [page.url(), await page.content()];
  await auditPage.route((url) => url.href === address, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: markup }), { times: 1 });
  // the same address but for its fragment would be a jump within the page, not a load of the new markup
  if (withoutFragment(auditPage.url()) === withoutFragment(address)) await auditPage.goto("about:blank");
  await auditPage.goto(address);
  await assertPageChecks(auditPage, label);
}

/** One JavaScript-on auditing tab per browser, reused for every audit: a new context starts a renderer, ~1 s of CPU. */
const auditorPages = new WeakMap<Browser, Promise<Page>>();
function auditorPage(browser: Browser): Promise<Page> {
  let found = auditorPages.get(browser);
  if (!found) {
    found = browser.newContext({ bypassCSP: true, locale: "en-GB" }).then((context) => context.newPage());
    auditorPages.set(browser, found);
  }
  return found;
}

/**
 * Notes every page Convene serves into the context's tabs (each main-frame navigation on `origin`), so a
 * journey can prove at its end that it ran the page checks on each of them: a page added to a journey
 * without `assertPageChecks` fails the journey instead of going unmeasured on a phone.
 */
export function trackVisitedPages(context: BrowserContext, origin: string): { unchecked(): string[] } {
  const visited = new Set<string>();
  const watch = (page: Page) =>
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).origin === origin) visited.add(withoutFragment(frame.url()));
    });
  context.pages().forEach(watch);
  context.on("page", watch);
  return { unchecked: () => [...visited].filter((url) => !checkedUrls.has(url)).map((url) => url.slice(origin.length)) };
}

/** Fails naming the pages the journey visited without running the page checks on them. */
export function assertEveryPageChecked(tracker: { unchecked(): string[] }, journey: string): void {
  assert.deepEqual(tracker.unchecked(), [], `${journey} visited pages without the page checks (axe, contrast, 375 px phone)`);
}

/**
 * A person's tab with JavaScript off (the journeys prove every step works on plain HTML forms), logged in when an
 * account is given; the pages visited from then on are noted, so the journey can prove each was audited.
 */
export async function javaScriptOffPerson(
  browser: Browser,
  baseUrl: string,
  options: { locale: string; account?: { email: string; password: string } },
): Promise<{ page: Page; visited: ReturnType<typeof trackVisitedPages> }> {
  const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: options.locale });
  // bounded waits, so a missing element fails the step instead of hanging the suite
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  if (options.account) await logInThroughForm(page, baseUrl, options.account);
  return { page, visited: trackVisitedPages(context, baseUrl) };
}

/** Waits for the job worker to deliver a mail; bounded, and a wait for an event, not a timing assertion. */
export async function waitForLink(outboxDir: string, email: string, pathPart: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return await linkFromOutbox(outboxDir, email, pathPart);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no mail for ${email}`);
}

/** Logs a person in through the login form (English labels) and waits until the form is left behind. */
export async function logInThroughForm(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login?lang=en`);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/**
 * Opens every closed "more languages" part of the page's multilingual fields, as a person who wants to write in a
 * language other than the page's and English clicks it (a <details>: no JavaScript needed).
 */
export async function openMoreLanguages(page: Page): Promise<void> {
  const closed = page.locator("details.more-languages:not([open]) > summary");
  // Each click opens one, so the set of closed ones shrinks: always click the first still closed.
  for (let left = await closed.count(); left > 0; left -= 1) await closed.first().click();
}
