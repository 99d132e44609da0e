import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { knowledgeDocuments } from "../../src/modules/knowledge/schema";
import { knowledgeEnquiries } from "../../src/modules/knowledge/enquiries/schema";
import { DEMO_ACCOUNTS } from "../../src/platform/demo";
import { outboxMessages } from "../../src/testing/outbox";
import { assertEveryPageChecked, assertPageAccessible, followLink, javaScriptOffPerson, launchChromium, skipReason, startConvene, type RunningConvene } from "./support";

const SPACE = "aarhus-kazakhstan-2018-2020";
// The demo guidance answers this one: "Пригласите коллег" in the platform's Russian guide to registering an organisation.
const ANSWERED = "Как пригласить коллег в свою организацию?";
// …and says nothing about travel costs.
const UNANSWERED = "Компенсируют ли участникам расходы на дорогу до Алматы?";
const ANSWER = "Да, секретариат возмещает билеты эконом-класса докладчикам онлайн-конференций. Сохраните билеты и посадочные талоны и пришлите их копии после поездки.";
const VISITOR = { name: "Динара", email: "dinara@example.org" };

/**
 * Issue 10's journey in Russian with JavaScript off: a newcomer asks the hub, reads cited passages, follows a
 * citation to its heading, asks what the guidance does not cover, sends it to the secretariat; the coordinator
 * answers from the queue and publishes the answer as a FAQ entry; the newcomer finds it by site search and on
 * the FAQ page. Every page either person sees is audited (axe, control contrast, 375 px phone).
 */
describe("a newcomer's question from the knowledge hub to a published FAQ entry, in Russian, JavaScript off", { skip: skipReason }, () => {
  let convene: RunningConvene;
  let browser: Browser;
  let hub = "";
  let number = 0;
  let visitor: Page;
  let coordinator: Page;
  let visited: { unchecked(): string[] }[] = [];

  const submitAndWait = async (page: Page, name: string): Promise<void> => {
    const from = page.url();
    await page.getByRole("button", { name, exact: true }).click();
    await page.waitForURL((url) => url.href !== from);
    await page.waitForLoadState("load");
  };

  before(async () => {
    convene = await startConvene();
    ({ browser } = await launchChromium({ isJavaScriptEnabled: false }));
    const people = await Promise.all([undefined, DEMO_ACCOUNTS.admin].map((account) => javaScriptOffPerson(browser, convene.baseUrl, { locale: "ru-RU", ...(account ? { account } : {}) })));
    [visitor, coordinator] = people.map((person) => person.page) as [Page, Page];
    visited = people.map((person) => person.visited);
    hub = `${convene.baseUrl}/spaces/${SPACE}/knowledge`;
  });
  after(async () => {
    await browser?.close();
    await convene?.stop();
  });

  it("answers a question the guidance covers with cited passages, the question's words marked, each linking to its heading", async () => {
    await visitor.goto(`${hub}?lang=ru`);
    await assertPageAccessible(browser, visitor, "knowledge hub");
    assert.equal(await visitor.locator("html").getAttribute("lang"), "ru");
    await visitor.getByLabel("Задать вопрос", { exact: true }).fill(ANSWERED);
    await submitAndWait(visitor, "Спросить");
    assert.match(new URL(visitor.url()).pathname, new RegExp(`/spaces/${SPACE}/knowledge/ask$`));
    await assertPageAccessible(browser, visitor, "cited answer");

    await visitor.getByRole("heading", { name: "Что говорится в руководствах" }).waitFor();
    const passages = visitor.locator("ol.answer-list > li");
    assert.ok((await passages.count()) >= 1 && (await passages.count()) <= 3, "one to three passages");
    const marked = (await visitor.locator("ol.answer-list mark").allInnerTexts()).map((word) => word.toLowerCase());
    assert.ok(marked.includes("коллег"), `the question's words are highlighted in the passage (marked: ${marked.join(", ")})`);

    const citation = passages.first().getByRole("heading").getByRole("link");
    const heading = (await citation.innerText()).trim();
    assert.equal(heading, "Пригласите коллег");
    await followLink(visitor, citation);
    await assertPageAccessible(browser, visitor, "cited guidance document");
    const target = new URL(visitor.url());
    assert.match(target.pathname, /\/knowledge\/guidance\/register-organisation-ru$/);
    const anchor = decodeURIComponent(target.hash.slice(1));
    assert.ok(anchor, "the citation links to a heading's anchor");
    const anchored = visitor.locator(`[id="${anchor.replace(/"/g, '\\"')}"]`);
    assert.equal(await anchored.count(), 1, `the page has the heading #${anchor}`);
    assert.equal((await anchored.innerText()).trim(), heading, "the anchor is the cited heading");
  });

  it("says plainly when the guidance has no answer and lets the visitor send the question to the secretariat", async () => {
    await visitor.goto(hub);
    await assertPageAccessible(browser, visitor, "knowledge hub, second question");
    await visitor.getByLabel("Задать вопрос", { exact: true }).fill(UNANSWERED);
    await submitAndWait(visitor, "Спросить");
    await assertPageAccessible(browser, visitor, "no answer");
    await visitor.getByRole("heading", { name: "В руководствах нет ответа" }).waitFor();
    assert.equal(await visitor.locator("ol.answer-list").count(), 0, "no passage is offered as an answer");

    await followLink(visitor, visitor.getByRole("link", { name: "Отправить вопрос в секретариат" }));
    assert.match(new URL(visitor.url()).pathname, new RegExp(`/spaces/${SPACE}/knowledge/enquiries/new$`));
    await assertPageAccessible(browser, visitor, "enquiry form");
    assert.equal(await visitor.getByLabel("Ваш вопрос").inputValue(), UNANSWERED, "the question arrives prefilled");
    await visitor.getByLabel("Ваше имя").fill(VISITOR.name);
    await visitor.getByLabel("Ваш адрес электронной почты").fill(VISITOR.email);
    await visitor.getByLabel(/Я согласен/).check();
    await submitAndWait(visitor, "Отправить вопрос");
    assert.match(visitor.url(), /\/enquiries\/sent/);
    await assertPageAccessible(browser, visitor, "enquiry sent");

    const [row] = await convene.app.services.db.select().from(knowledgeEnquiries).where(eq(knowledgeEnquiries.question, UNANSWERED));
    assert.ok(row, "the enquiry is stored");
    assert.equal(row.askerLanguage, "ru");
    number = row.number;
    assert.match(await visitor.locator("main").innerText(), new RegExp(`ENQ-${number}`));
  });

  it("lets the coordinator answer it from the hub's queue, mailing the visitor in Russian, and publish the answer as a FAQ entry", async () => {
    await coordinator.goto(`${hub}?lang=ru`);
    await assertPageAccessible(browser, coordinator, "knowledge hub as coordinator");
    await followLink(coordinator, coordinator.getByRole("navigation", { name: "Разделы базы знаний" }).getByRole("link", { name: "Обращения" }));
    await assertPageAccessible(browser, coordinator, "enquiry queue");
    await followLink(coordinator, coordinator.getByRole("link", { name: `ENQ-${number}` }));
    assert.match(coordinator.url(), new RegExp(`/enquiries/${number}$`));
    await assertPageAccessible(browser, coordinator, "enquiry page");
    await coordinator.getByRole("textbox", { name: "Ответ", exact: true }).fill(ANSWER);
    await coordinator.getByRole("button", { name: "Отправить ответ" }).click();
    await coordinator.getByText("Ответ сохранён и отправлен автору.").waitFor();
    await assertPageAccessible(browser, coordinator, "answered enquiry");

    await convene.app.services.jobs.drain();
    const mail = (await outboxMessages(convene.outboxDir)).filter((message) => message.to.includes(VISITOR.email));
    assert.deepEqual(mail.map((message) => message.subject), [`Мы получили ваш вопрос (ENQ-${number})`, `Ответ на ваш вопрос (ENQ-${number})`]);
    assert.match(mail[1]!.text, /Здравствуйте, Динара!/);
    assert.ok(mail[1]!.text.includes(ANSWER), "the answer is mailed as written");

    await followLink(coordinator, coordinator.getByRole("link", { name: "Опубликовать в FAQ" }));
    await assertPageAccessible(browser, coordinator, "publish as FAQ form");
    await coordinator.getByRole("button", { name: "Опубликовать запись FAQ" }).click();
    await coordinator.getByText("Ответ опубликован в FAQ.").waitFor();
    await assertPageAccessible(browser, coordinator, "published enquiry");

    const [enquiry] = await convene.app.services.db.select().from(knowledgeEnquiries).where(eq(knowledgeEnquiries.number, number));
    const [faq] = await convene.app.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, enquiry!.faqDocumentId!));
    assert.deepEqual([faq!.kind, faq!.status, faq!.language, faq!.title, faq!.bodyMd], ["faq", "published", "ru", UNANSWERED, ANSWER]);
    assert.ok(!faq!.bodyMd.includes(VISITOR.email) && !faq!.title.includes(VISITOR.name), "the entry does not say who asked");
  });

  it("lets the visitor find the published entry through site search and on the FAQ page", async () => {
    await visitor.goto(hub);
    await assertPageAccessible(browser, visitor, "knowledge hub, looking for the answer");
    await followLink(visitor, visitor.locator("ul.cards").getByRole("link", { name: "Поиск", exact: true }));
    await assertPageAccessible(browser, visitor, "search page");
    // another word form than the entry's ("расходы на дорогу"): morphology, not string matching
    await visitor.getByLabel("Что найти").fill("расходов на дорогу");
    await submitAndWait(visitor, "Найти");
    await assertPageAccessible(browser, visitor, "search results");
    const found = visitor.getByRole("link", { name: UNANSWERED });
    assert.equal(await found.count(), 1, "the FAQ entry is a search result");
    await followLink(visitor, found);
    await assertPageAccessible(browser, visitor, "FAQ entry from search");
    const entry = new URL(visitor.url());
    assert.match(entry.pathname, /\/knowledge\/faq$/);
    const entryId = decodeURIComponent(entry.hash.slice(1));
    assert.equal(entryId, `enquiry-${number}`);
    assert.match(await visitor.locator(`[id="${entryId}"]`).innerText(), /Компенсируют ли участникам расходы на дорогу/);
    assert.ok((await visitor.locator("main").innerText()).includes(ANSWER.slice(0, 40)), "the answer is on the FAQ page");

    await visitor.goto(hub);
    await assertPageAccessible(browser, visitor, "knowledge hub, to the FAQ");
    await followLink(visitor, visitor.locator("ul.cards").getByRole("link", { name: "Частые вопросы", exact: true }));
    await assertPageAccessible(browser, visitor, "FAQ page");
    assert.match(await visitor.locator(`[id="enquiry-${number}"]`).innerText(), /Компенсируют ли участникам расходы на дорогу/, "the FAQ page lists the entry");
    assert.ok(!(await visitor.locator("main").innerText()).includes(VISITOR.email), "nobody learns who asked");

    for (const [index, person] of ["the visitor", "the coordinator"].entries()) assertEveryPageChecked(visited[index]!, person);
  });
});
