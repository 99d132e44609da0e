import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
await page.goto("http://127.0.0.1:3425/organisations/aarhus-centre-pavlodar");
console.log(await page.evaluate(() => [...document.querySelectorAll("main section > *, main section table, main ul.tags")].map((el) => `${el.tagName}.${el.className} ${Math.round(el.scrollWidth)} ${el.textContent.slice(0, 30).replace(/\s+/g," ")}`).join("\n")));
await browser.close();
