import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { queryRows } from "../../src/db/sql";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { newsletterSubscribers } from "../../src/modules/newsletters/schema";
import { findSpaceBySlug } from "../../src/modules/spaces/queries";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, waitForLink, type RunningConvene, openMoreLanguages } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";
const READER = "chitatelnica@example.org";
const STORY = { en: "Schoolchildren measured the river's water", ru: "Школьники измерили воду в реке" };
const SUBJECT = { en: "River news from the Aarhus centres", ru: "Новости о реках от Орхусских центров" };

/** The newest mail to an address in the outbox, parsed whole (headers included). */
async function newestMailTo(outboxDir: string, email: string) {
  const names = readdirSync(outboxDir).filter((name) => name.endsWith(".eml")).sort().reverse();
  for (const name of names) {
    const parsed = await simpleParser(readFileSync(join(outboxDir, name)));
    const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(", ") : (parsed.to?.text ?? "");
    if (to.includes(email)) return parsed;
  }
  throw new Error(`no mail to ${email}`);
}

describe("a story with a picture, published, then a newsletter to one segment; the Russian reader leaves with one click (JavaScript off)", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let coordinator: Page;
  let reader: Page;
  let postPath = "";
  const trackers: { unchecked(): string[] }[] = [];

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const space = (await findSpaceBySlug(convene.app.services.db, SPACE))!;
    // A confirmed subscriber without an account who reads Russian: the segment below is exactly the Russian-reading
    // subscribers without an account.
    await convene.app.services.db
      .insert(newsletterSubscribers)
      .values({ spaceId: space.id, email: READER, locale: "ru", status: "active", source: "form", confirmedAt: new Date() });
    const admin = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "en-GB", account: DEMO_ACCOUNTS.admin });
    coordinator = admin.page;
    trackers.push(admin.visited);
    const anonymous = await javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU" });
    reader = anonymous.page;
    trackers.push(anonymous.visited);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("the coordinator writes a story, adds a picture with its description, and publishes it", async () => {
    await coordinator.goto(`${convene.baseUrl}/spaces/${SPACE}/news/new?lang=en`);
    await assertPageAccessible(browser, coordinator, "new post");
    await coordinator.selectOption('select[name="kind"]', "story");
    await openMoreLanguages(coordinator);
    await coordinator.fill('input[name="title.en"]', STORY.en);
    await coordinator.fill('input[name="title.ru"]', STORY.ru);
    await coordinator.fill('textarea[name="lead.en"]', "Pupils in Pavlodar took samples every week for a term.");
    await coordinator.fill('textarea[name="lead.ru"]', "Школьники Павлодара брали пробы каждую неделю целую четверть.");
    await coordinator.fill('textarea[name="body.en"]', "They shared the **results** with the regional environment department.");
    await coordinator.getByRole("button", { name: "Save the draft" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "draft saved: the edit page");
    assert.match(await coordinator.locator("main").innerText(), /The draft is saved/);

    // a photo with a camera's metadata, as phones make them
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#4a7fa8" } })
      .jpeg()
      .withExif({ IFD0: { Make: "PhoneMaker", Model: "Journey 1" } })
      .toBuffer();
    await coordinator.setInputFiles('input[name="image"]', { name: "river.jpg", mimeType: "image/jpeg", buffer: photo });
    await openMoreLanguages(coordinator);
    await coordinator.fill('input[name="alt.en"]', "Two pupils fill a sample bottle at the river bank");
    await coordinator.fill('input[name="alt.ru"]', "Двое школьников набирают пробу воды у берега реки");
    await coordinator.getByRole("button", { name: "Add the picture" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "picture added");
    assert.match(await coordinator.locator("main").innerText(), /The picture is added/);

    const [post] = await queryRows<{ slug: string }>(convene.app.services.db, sql`select slug from news_posts where title->>'en' = ${STORY.en}`);
    postPath = `/spaces/${SPACE}/news/${post!.slug}`;
    await coordinator.goto(`${convene.baseUrl}${postPath}?lang=en`);
    await assertPageAccessible(browser, coordinator, "the draft's page");
    await coordinator.getByRole("button", { name: "Publish" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "published");

    await reader.goto(`${convene.baseUrl}${postPath}?lang=ru`);
    await assertPageAccessible(browser, reader, "the story, in Russian, for anyone");
    assert.match(await reader.locator("h1").innerText(), new RegExp(STORY.ru));
    const picture = reader.locator("main img").first();
    assert.equal(await picture.getAttribute("alt"), "Двое школьников набирают пробу воды у берега реки");
    const served = await (await fetch(new URL((await picture.getAttribute("src"))!, convene.baseUrl))).arrayBuffer();
    assert.equal((await sharp(Buffer.from(served)).metadata()).exif, undefined, "the camera's metadata is gone");
    assert.match(await reader.content(), /<meta property="og:image" content="http/);
  });

  it("composes a newsletter for Russian-reading subscribers, previews the audience, adds the story and sends it", async () => {
    await coordinator.goto(`${convene.baseUrl}/spaces/${SPACE}/newsletters/new?lang=en`);
    await assertPageAccessible(browser, coordinator, "compose");
    await openMoreLanguages(coordinator);
    await coordinator.fill('input[name="subject.en"]', SUBJECT.en);
    await coordinator.fill('input[name="subject.ru"]', SUBJECT.ru);
    await coordinator.fill('textarea[name="intro.en"]', "What the Aarhus centres did for rivers this month.");
    await coordinator.fill('textarea[name="intro.ru"]', "Что Орхусские центры сделали для рек в этом месяце.");
    await coordinator.uncheck('input[name="audiences"][value="members"]');
    await coordinator.uncheck('input[name="audiences"][value="followers"]');
    await coordinator.check('input[name="audiences"][value="subscribers"]');
    await coordinator.check('input[name="locales"][value="ru"]');
    await coordinator.getByRole("button", { name: "Preview audience" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "audience preview");
    const [expected] = await queryRows<{ count: number }>(
      convene.app.services.db,
      sql`select count(*)::int as count from newsletter_subscribers ns join spaces s on s.id = ns.space_id
        where s.slug = ${SPACE} and ns.user_id is null and ns.status = 'active' and ns.newsletters and ns.locale = 'ru'
          and not exists (select 1 from mail_suppressions m where m.email = ns.email)`,
    );
    assert.ok(expected!.count >= 1);
    assert.match(await coordinator.locator("main").innerText(), new RegExp(`${expected!.count} recipients?`), "the live count is the segment's size");
    assert.equal(await coordinator.inputValue('input[name="subject.ru"]'), SUBJECT.ru, "what was typed stays after the preview");

    await coordinator.getByRole("button", { name: "Save draft" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "draft newsletter");
    await coordinator.selectOption("#find-kind", "news");
    await coordinator.fill("#find-query", "river");
    await coordinator.getByRole("button", { name: "Find items" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "items found");
    await coordinator.getByRole("button", { name: `Add “${STORY.en}”` }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "story added as a block");
    await coordinator.getByRole("button", { name: "Send now" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "sending");
  });

  it("the reader's mail is in Russian with the story, and its one-click unsubscribe works on POST only", async () => {
    const unsubscribe = await waitForLink(convene.outboxDir, READER, "/newsletters/unsubscribe/");
    const mail = await newestMailTo(convene.outboxDir, READER);
    assert.equal(mail.subject, SUBJECT.ru);
    assert.match(mail.text ?? "", new RegExp(STORY.ru));
    const header = (key: string) => mail.headerLines.find((line) => line.key === key)?.line ?? "";
    assert.match(header("list-unsubscribe-post"), /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/i);
    assert.match(header("list-unsubscribe"), /<http[^>]+\/newsletters\/unsubscribe\/[^>]+>/);
    const statusOf = async () => (await queryRows<{ status: string }>(convene.app.services.db, sql`select status from newsletter_subscribers where email = ${READER}`))[0]!.status;

    // what a link scanner does: a GET shows a page and changes nothing
    await reader.goto(unsubscribe);
    await assertPageAccessible(browser, reader, "unsubscribe page");
    assert.equal(await statusOf(), "active");

    // what the mail program does (RFC 8058): a POST with the one-click body, no cookies, no form token
    const oneClick = await fetch(unsubscribe, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    assert.ok(oneClick.status < 400, `one-click answered ${oneClick.status}`);
    assert.equal(await statusOf(), "unsubscribed");
  });

  it("checked every page it visited", () => {
    for (const tracker of trackers) assertEveryPageChecked(tracker, "story and newsletter");
  });
});
