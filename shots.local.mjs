import { chromium } from "playwright-core";
const base = "http://localhost:3423";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const shots = [];
for (const lang of ["en", "ru"]) {
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang });
    const page = await context.newPage();
    await page.goto(`${base}/login?lang=${lang}`);
    await page.fill("input[name=email]", "admin@convene.localhost");
    await page.fill("input[name=password]", "convene-admin-2026");
    await page.click("button[type=submit]");
    await page.waitForLoadState();
    for (const [name, path] of [["list", "/spaces/nature-action-agenda/knowledge/practices"], ["platform", "/knowledge/practices"], ["new", "/spaces/nature-action-agenda/knowledge/practices/new"], ["queue", "/spaces/aarhus-kazakhstan-2018-2020/knowledge/practices/review"]]) {
      await page.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      const file = `/tmp/practices-shot-${name}-${lang}-${width}.png`;
      await page.screenshot({ path: file, fullPage: name !== "new" });
      shots.push(`${file} sideways-scroll=${scroll}`);
    }
    await page.goto(`${base}/spaces/nature-action-agenda/knowledge/practices?lang=${lang}`);
    const detail = await page.locator("ul.cards li.card h3 a[href*='/knowledge/practices/']").first().getAttribute("href");
    await page.goto(`${base}${detail}?lang=${lang}`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    await page.screenshot({ path: `/tmp/practices-shot-detail-${lang}-${width}.png`, fullPage: true });
    shots.push(`detail ${detail} sideways-scroll=${scroll}`);
    await context.close();
  }
}
console.log(shots.join("\n"));
await browser.close();
