import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const base = "http://localhost:3424";
const out = "/tmp/resources-shots";
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto(`${base}/login`);
await page.fill("#field-email", "admin@convene.localhost");
await page.fill("#field-password", "convene-admin-2026");
await Promise.all([page.waitForNavigation(), page.click("form[action='/login'] button[type=submit]")]);
const slug = "aarhus-kazakhstan-2018-2020";
const first = await (await page.goto(`${base}/spaces/${slug}/knowledge/resources`)).text();
const id = /knowledge\/resources\/([0-9a-f-]{36})"/.exec(first)?.[1];
const pages = { list: `/spaces/${slug}/knowledge/resources`, closing: `/spaces/${slug}/knowledge/resources/closing-soon`, detail: `/spaces/${slug}/knowledge/resources/${id}`, platform: "/knowledge/resources", form: `/spaces/${slug}/knowledge/resources/new` };
for (const width of [375, 1280]) {
  await page.setViewportSize({ width, height: 900 });
  for (const lang of ["en", "ru"]) {
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (overflow) console.log("OVERFLOW", width, lang, name);
      await page.screenshot({ path: `${out}/${name}-${lang}-${width}.png`, fullPage: name !== "form" });
    }
  }
}
await browser.close();
