import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import assert from "node:assert/strict";
import { chromium, type Browser, type Page } from "playwright-core";
import { linkFromOutbox } from "../../src/testing/outbox";
import { buildApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { connectDatabase } from "../../src/db/client";
import { migrate } from "../../src/db/migrate";
import { seedDemo, seedReference } from "../../src/platform/demo";
import type { FastifyInstance } from "fastify";
import { createScratchDatabase } from "../../src/db/scratch-database";
import { testServerUrl, testTemplate } from "../../src/testing/test-server";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Browser journeys need Debian's Chromium; without it they skip with this reason instead of failing. */
export const skipReason = existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;

export type RunningConvene = { app: FastifyInstance; baseUrl: string; outboxDir: string; stop(): Promise<void> };

/** Starts a real Convene on a loopback port with its own database on the test server and demo content. */
export async function startConvene(options: { isDemoSeeded?: boolean } = {}): Promise<RunningConvene> {
  const dataDir = mkdtempSync(join(tmpdir(), "convene-e2e-"));
  const outboxDir = join(dataDir, "outbox");
  const scratch = await createScratchDatabase(await testServerUrl(), "convene_e2e", { template: testTemplate() });
  const database = await connectDatabase({ databaseUrl: scratch.url });
  await migrate(database);
  const config = loadConfig({ CONVENE_DATA_DIR: dataDir, CONVENE_OUTBOX_DIR: outboxDir, LOG_LEVEL: "silent", AUTH_RATE_LIMIT: "1000", PORT: "0" });
  const app = await buildApp({ config, database, logger: false });
  await seedReference(app.services);
  if (options.isDemoSeeded !== false) await seedDemo(app.services);
  app.services.jobs.start(200);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  (app.services.config as { publicUrl: string }).publicUrl = baseUrl;
  return {
    app,
    baseUrl,
    outboxDir,
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
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
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
