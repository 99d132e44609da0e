import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
const axe = readFileSync("node_modules/axe-core/axe.min.js", "utf8");
const base = "http://localhost:3423";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const page = await (await browser.newContext({ javaScriptEnabled: true, bypassCSP: true })).newPage();
await page.goto(`${base}/login`);
await page.fill("input[name=email]", "admin@convene.localhost");
await page.fill("input[name=password]", "convene-admin-2026");
await page.click("button[type=submit]");
await page.waitForLoadState();
await page.goto(`${base}/spaces/aarhus-kazakhstan-2018-2020/knowledge/practices/review`);
const pending = await page.locator("table a").first().getAttribute("href");
const paths = [];
for (const lang of ["en", "ru"]) for (const path of paths) {
  await page.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
  await page.addScriptTag({ content: axe });
  const result = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"] })).violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`));
  console.log(lang, path, result.length ? result : "clean");
}
// the new-practice form with errors
await page.goto(`${base}/spaces/nature-action-agenda/knowledge/practices/new`);
await page.click("main form[method=post] button[type=submit]");
await page.waitForLoadState();
await page.addScriptTag({ content: axe });
console.log("errors", await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`)));
await page.screenshot({ path: "/tmp/practices-shot-errors.png", fullPage: false });
await browser.close();
