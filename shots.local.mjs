import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3411";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync"] });
const [,, who, widthArg, ...paths] = process.argv;
const width = Number(widthArg);
const context = await browser.newContext({ viewport: { width, height: 1000 } });
const page = await context.newPage();
if (who === "admin") {
  await page.goto(base + "/login");
  await page.fill("input[name=email]", "admin@convene.localhost");
  await page.fill("input[name=password]", "convene-admin-2026");
  await page.click("form button[type=submit]");
  await page.waitForLoadState();
}
for (const p of paths) {
  const r = await page.goto(base + p);
  const name = `/tmp/s-${who}-${width}-${p.replace(/[^a-z0-9]+/gi, "_").slice(0,60)}.png`;
  await page.screenshot({ path: name, fullPage: process.env.FULL !== "0" });
  console.log(r.status(), name, await page.evaluate(() => document.documentElement.scrollWidth));
}
await browser.close();
