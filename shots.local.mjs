import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
const axe = readFileSync("node_modules/axe-core/axe.min.js", "utf8");
const base = "http://127.0.0.1:3425";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
const page = await context.newPage();
const list = await (await fetch(`${base}/api/v1/experts`)).json();
const id = list.data[0].id;
const marina = list.data.find((e) => e.display_name.includes("Марина"))?.id ?? id;
const pages = [
  ["experts", "/experts"],
  ["experts-q", "/experts?q=" + encodeURIComponent("водно-болотные угодья")],
  ["expert", `/experts/${marina}`],
  ["contact", `/contact/expert/${marina}`],
  ["org", "/organisations/aarhus-centre-pavlodar"],
  ["orgs", "/organisations?theme=seed%20banks"],
];
const results = [];
for (const [name, path] of pages) {
  for (const lang of ["en", "ru"]) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (width === 375 || lang === "en") await page.screenshot({ path: `/tmp/experts-shot-${name}-${lang}-${width}.png`, fullPage: true });
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`));
      results.push(`${name} ${lang} ${width} scroll=${scroll} axe=${JSON.stringify(violations)}`);
    }
  }
}
// logged-in: profile form, and a failed contact post
await page.goto(`${base}/login`);
await page.fill("#field-email", "admin@convene.localhost");
await page.fill("#field-password", "convene-admin-2026");
await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
for (const lang of ["en", "ru"]) {
  await page.setViewportSize({ width: 375, height: 900 });
  await page.goto(`${base}/experts/profile?lang=${lang}`);
  await page.screenshot({ path: `/tmp/experts-shot-form-${lang}-375.png`, fullPage: true });
  await page.addScriptTag({ content: axe });
  results.push(`form ${lang} axe=${JSON.stringify(await page.evaluate(async () => (await window.axe.run()).violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`)))}`);
  await page.goto(`${base}/contact/expert/${marina}?lang=${lang}`);
  await page.fill("#field-subject", "Hi");
  await page.click("main button[type=submit]");
  await page.screenshot({ path: `/tmp/experts-shot-contact-error-${lang}-375.png`, fullPage: true });
  await page.addScriptTag({ content: axe });
  results.push(`contact-error ${lang} axe=${JSON.stringify(await page.evaluate(async () => (await window.axe.run()).violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`)))}`);
  await page.fill("#field-message", "Could you advise on a public hearing next month?");
  await page.check("#field-consent");
  await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
  await page.screenshot({ path: `/tmp/experts-shot-sent-${lang}-375.png`, fullPage: true });
  results.push(`sent ${lang} ${page.url()}`);
}
console.log(results.join("\n"));
await browser.close();
