import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { knowledgeDocuments } from "../../src/modules/knowledge/schema";
import { knowledgeEnquiries } from "../../src/modules/knowledge/enquiries/schema";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { outboxMessages } from "../../src/testing/outbox";
import { assertEveryPageChecked, assertPageAccessible, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";
const QUESTION = "Как общественной организации получить статус наблюдателя на совещании?";
const ANSWER = "Подайте заявку на аккредитацию через секретариат не позднее чем за месяц до совещания.";

describe("an enquiry from a Russian-speaking visitor to a published FAQ entry, JavaScript off", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let visitor: Page;
  let coordinator: Page;
  const trackers: { unchecked(): string[] }[] = [];
  let number = 0;

  const person = async (locale: string, account?: { email: string; password: string }): Promise<Page> => {
    const { page, visited } = await javaScriptOffPerson(browser, convene.baseUrl, { locale, ...(account ? { account } : {}) });
    trackers.push(visited);
    return page;
  };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    visitor = await person("ru-RU");
    coordinator = await person("en-GB", DEMO_ACCOUNTS.admin);
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("lets a visitor without an account send the question the hub could not answer, in Russian, and tells them their reference", async () => {
    await visitor.goto(`${convene.baseUrl}/spaces/${SPACE}/knowledge/enquiries/new?lang=ru&q=${encodeURIComponent(QUESTION)}`);
    await assertPageAccessible(browser, visitor, "enquiry form");
    assert.equal(await visitor.getByLabel("Ваш вопрос").inputValue(), QUESTION, "the question arrives prefilled");
    await visitor.getByLabel("Ваше имя").fill("Айгерим");
    await visitor.getByRole("button", { name: "Отправить вопрос" }).click();
    await visitor.waitForLoadState("load");
    await assertPageAccessible(browser, visitor, "enquiry form with errors");
    assert.equal(await visitor.getByLabel("Ваш вопрос").inputValue(), QUESTION, "nothing typed is lost");
    await visitor.getByLabel("Ваш адрес электронной почты").fill("aigerim@example.org");
    await visitor.getByLabel(/Я согласен/).check();
    await visitor.getByRole("button", { name: "Отправить вопрос" }).click();
    await visitor.waitForURL(/\/enquiries\/sent/);
    await assertPageAccessible(browser, visitor, "enquiry sent");
    const [row] = await convene.app.services.db.select().from(knowledgeEnquiries).where(eq(knowledgeEnquiries.question, QUESTION));
    assert.ok(row);
    number = row.number;
    assert.match(await visitor.locator("main").innerText(), new RegExp(`ENQ-${number}`));
  });

  it("lets the coordinator find it in the queue, answer it by mail in Russian and publish the answer as a FAQ entry", async () => {
    await coordinator.goto(`${convene.baseUrl}/spaces/${SPACE}/knowledge/enquiries?status=new`);
    await assertPageAccessible(browser, coordinator, "enquiry queue");
    await coordinator.getByRole("link", { name: `ENQ-${number}` }).click();
    await coordinator.waitForURL(new RegExp(`/enquiries/${number}$`));
    await assertPageAccessible(browser, coordinator, "enquiry page");
    await coordinator.getByRole("textbox", { name: "Answer", exact: true }).fill(ANSWER);
    await coordinator.getByRole("button", { name: "Send the answer" }).click();
    await coordinator.waitForLoadState("load");
    await assertPageAccessible(browser, coordinator, "answered enquiry");
    await coordinator.getByRole("link", { name: "Publish as FAQ" }).click();
    await coordinator.waitForURL(/\/faq$/);
    await assertPageAccessible(browser, coordinator, "publish as FAQ form");
    await coordinator.getByRole("button", { name: "Publish the FAQ entry" }).click();
    await coordinator.waitForURL(new RegExp(`/enquiries/${number}$`));
    await assertPageAccessible(browser, coordinator, "published enquiry");

    const [enquiry] = await convene.app.services.db.select().from(knowledgeEnquiries).where(eq(knowledgeEnquiries.number, number));
    assert.equal(enquiry.status, "answered");
    const [faq] = await convene.app.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, enquiry.faqDocumentId!));
    assert.deepEqual([faq.kind, faq.status, faq.source, faq.language, faq.title, faq.bodyMd], ["faq", "published", "enquiry", "ru", QUESTION, ANSWER]);

    await convene.app.services.jobs.drain();
    const mail = (await outboxMessages(convene.outboxDir)).filter((message) => message.to.includes("aigerim@example.org"));
    assert.deepEqual(mail.map((message) => message.subject), [`Мы получили ваш вопрос (ENQ-${number})`, `Ответ на ваш вопрос (ENQ-${number})`]);
    assert.ok(mail[1]!.text.includes(ANSWER));
    trackers.forEach((tracker) => assertEveryPageChecked(tracker, "the enquiry journey"));
  });
});
