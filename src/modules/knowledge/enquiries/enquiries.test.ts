import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { rmSync, mkdirSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { createApiToken } from "../../../platform/api/tokens";
import { DAY_MS } from "../../../platform/clock";
import { auditLog } from "../../../platform/schema";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../../testing/factories";
import { outboxMessages } from "../../../testing/outbox";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { knowledgeDocuments } from "../schema";
import { eraseEnquiryAddresses } from "./commands/erase-enquiry-addresses";
import { ENQUIRIES_PER_HOUR } from "./commands/submit-enquiry";
import { knowledgeEnquiries } from "./schema";

const QUESTION = `Как аккредитовать организацию наблюдателем? ${XSS}`;

describe("enquiries to the secretariat", () => {
  let t: TestApp;
  let space: BuiltSpace;
  let coordinator: Awaited<ReturnType<typeof buildUser>>;
  let admin: Awaited<ReturnType<typeof buildUser>>;
  before(async () => {
    t = await createTestApp();
    admin = await buildUser(t.services, { isPlatformAdmin: true, locale: "en" });
    space = await buildSpace(t.services, { enabledModules: ["knowledge"], createdBy: admin.id });
    coordinator = await buildUser(t.services, { locale: "en", displayName: "Dana Coordinator" });
    await addSpaceRole(t.services, space.id, coordinator.id, "coordinator");
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.services.jobs.drain();
    rmSync(t.outboxDir, { recursive: true, force: true });
    mkdirSync(t.outboxDir, { recursive: true });
  });

  const mails = async () => {
    await t.services.jobs.drain();
    return outboxMessages(t.outboxDir);
  };
  const latestEnquiry = async () => (await t.services.db.select().from(knowledgeEnquiries).orderBy(knowledgeEnquiries.number)).at(-1)!;
  const visitorAsks = async (browser: Browser, overrides: Record<string, string> = {}, base = `/spaces/${space.slug}/knowledge`) =>
    browser.post(`${base}/enquiries`, { question: QUESTION, details: "Мы НКО из Алматы.", tags: "аккредитация, наблюдатели", name: "Айгерим Садыкова", email: `aigerim-${Math.random().toString(36).slice(2, 8)}@example.org`, consent: "yes", ...overrides });

  test("a visitor asks on a Russian page without an account, gets a reference and an acknowledgement in Russian; the coordinators are told in their language", async () => {
    const visitor = new Browser(t.app, "ru");
    const form = await visitor.get(`/spaces/${space.slug}/knowledge/enquiries/new?q=${encodeURIComponent("Когда открывается регистрация?")}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Когда открывается регистрация\?<\/textarea>/);
    assert.match(form.body, /name="email"/, "a visitor gives an address");
    assert.ok(!form.body.includes(`${XSS} Space`), "the space title is escaped");

    const sent = await visitorAsks(visitor, { email: "aigerim@example.org" });
    assert.equal(sent.statusCode, 303);
    const enquiry = await latestEnquiry();
    assert.equal(sent.headers.location, `/spaces/${space.slug}/knowledge/enquiries/sent?ref=${enquiry.number}`);
    const confirmation = await visitor.get(String(sent.headers.location));
    assert.match(confirmation.body, new RegExp(`ENQ-${enquiry.number}`));
    assert.equal(enquiry.askerLanguage, "ru", "the page language is the visitor's");
    assert.equal(enquiry.askerEmail, "aigerim@example.org");
    assert.equal(enquiry.status, "new");
    assert.deepEqual(enquiry.tags, ["аккредитация", "наблюдатели"]);

    const outbox = await mails();
    const ack = outbox.find((mail) => mail.to.includes("aigerim@example.org"));
    assert.ok(ack, "the visitor is acknowledged");
    assert.equal(ack.subject, `Мы получили ваш вопрос (ENQ-${enquiry.number})`);
    assert.match(ack.text, /Здравствуйте, Айгерим Садыкова!/);
    assert.ok(ack.text.includes(QUESTION), "the question is quoted as written");
    const notice = outbox.find((mail) => mail.to.includes(coordinator.email));
    assert.ok(notice, "the coordinator is told");
    assert.equal(notice.subject, `New enquiry ENQ-${enquiry.number}`);
    assert.ok(notice.text.includes(`http://convene.test/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}`));
    assert.ok(!outbox.some((mail) => mail.to.includes(admin.email)), "platform admins are not mailed when the space has coordinators");
  });

  test("a signed-in member asks the platform secretariat: their account's name, address and language are used and never copied into the enquiry", async () => {
    const member = await buildUser(t.services, { locale: "ru", displayName: "Тимур" });
    const browser = await new Browser(t.app, "en").logIn(member.email, TEST_PASSWORD);
    const form = await browser.get("/knowledge/enquiries/new?q=observer");
    assert.ok(!form.body.includes('name="email"'), "no address is asked of a member");
    const sent = await browser.post("/knowledge/enquiries", { question: "How do observers register?", details: "", tags: "" });
    assert.equal(sent.statusCode, 303);
    const enquiry = await latestEnquiry();
    assert.equal(enquiry.spaceId, null);
    assert.equal(enquiry.askerUserId, member.id);
    assert.equal(enquiry.askerEmail, null);
    assert.equal(enquiry.askerName, "");
    assert.equal(enquiry.askerLanguage, "ru", "the account's language");
    const outbox = await mails();
    assert.equal(outbox.find((mail) => mail.to.includes(member.email))?.subject, `Мы получили ваш вопрос (ENQ-${enquiry.number})`);
    assert.ok(outbox.some((mail) => mail.to.includes(admin.email) && mail.subject === `New enquiry ENQ-${enquiry.number}`), "platform admins are the platform's secretariat");

    const mine = await browser.get("/account/enquiries");
    assert.equal(mine.statusCode, 200);
    assert.ok(mine.body.includes("How do observers register?"));
    const other = await new Browser(t.app).logIn((await buildUser(t.services)).email, TEST_PASSWORD);
    assert.ok(!(await other.get("/account/enquiries")).body.includes("How do observers register?"), "nobody sees another person's enquiries");
  });

  test("bad input is refused with translated errors beside the fields and the typed text kept; without CSRF nothing is stored", async () => {
    const visitor = new Browser(t.app, "ru");
    const before = (await t.services.db.select().from(knowledgeEnquiries)).length;
    const refused = await visitor.post(`/spaces/${space.slug}/knowledge/enquiries`, { question: "Вопрос о грантах для молодёжи", details: "Подробно", name: "", email: "not-an-address", tags: "" });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Вопрос о грантах для молодёжи<\/textarea>/);
    assert.match(refused.body, /Отметьте согласие/);
    assert.match(refused.body, /aria-invalid="true"/);
    assert.ok(refused.body.includes('value="not-an-address"'));
    const tooLong = await visitor.post(`/spaces/${space.slug}/knowledge/enquiries`, { question: "x".repeat(5000), name: "A", email: "a@example.org", consent: "yes" });
    assert.equal(tooLong.statusCode, 422);
    const noCsrf = await new Browser(t.app).post(`/spaces/${space.slug}/knowledge/enquiries`, { question: "Question?", name: "A", email: "a@example.org", consent: "yes" }, { isCsrfOmitted: true });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await t.services.db.select().from(knowledgeEnquiries)).length, before);
    const json = await t.app.inject({ method: "POST", url: "/knowledge/enquiries", payload: "question[]=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.ok(json.statusCode >= 400 && json.statusCode < 500);
  });

  test("a space without the knowledge hub, or a private one, has no enquiry form", async () => {
    const plain = await buildSpace(t.services, { enabledModules: [] });
    assert.equal((await new Browser(t.app).get(`/spaces/${plain.slug}/knowledge/enquiries/new`)).statusCode, 404);
    const hidden = await buildSpace(t.services, { enabledModules: ["knowledge"], visibility: "private" });
    assert.equal((await new Browser(t.app).get(`/spaces/${hidden.slug}/knowledge/enquiries/new`)).statusCode, 404);
  });

  test("only the space's coordinators and platform admins see the queue and its enquiries; another queue's number is not found", async () => {
    await visitorAsks(new Browser(t.app, "en"));
    const enquiry = await latestEnquiry();
    const queue = `/spaces/${space.slug}/knowledge/enquiries`;
    assert.equal((await new Browser(t.app).get(queue)).statusCode, 401);
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    assert.equal((await memberBrowser.get(queue)).statusCode, 403);
    assert.equal((await memberBrowser.get(`${queue}/${enquiry.number}`)).statusCode, 403);
    assert.equal((await memberBrowser.post(`${queue}/${enquiry.number}/answer`, { answer: "Hijack" })).statusCode, 403);
    assert.equal((await memberBrowser.get("/knowledge/enquiries")).statusCode, 403, "only platform admins work the platform's queue");

    const coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, TEST_PASSWORD);
    const list = await coordinatorBrowser.get(queue);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`ENQ-${enquiry.number}`));
    assert.ok(!list.body.includes(XSS), "the question is escaped");
    assert.equal((await coordinatorBrowser.get(`/knowledge/enquiries/${enquiry.number}`)).statusCode, 403);

    const other = await buildSpace(t.services, { enabledModules: ["knowledge"], createdBy: admin.id });
    await addSpaceRole(t.services, other.id, coordinator.id, "coordinator");
    assert.equal((await coordinatorBrowser.get(`/spaces/${other.slug}/knowledge/enquiries/${enquiry.number}`)).statusCode, 404, "a number from another space is not found here");
    assert.equal((await coordinatorBrowser.get(`${queue}/not-a-number`)).statusCode, 404);

    const filtered = await coordinatorBrowser.get(`${queue}?status=answered&language=xx&assignee=bogus`);
    assert.equal(filtered.statusCode, 200);
    assert.ok(!filtered.body.includes(`ENQ-${enquiry.number}<`), "the status filter applies; unknown values are ignored");
  });

  test("a coordinator assigns, notes and answers: the answer is mailed in the asker's language as written, the status becomes answered, each step is audited", async () => {
    await visitorAsks(new Browser(t.app, "ru"), { email: "asker-ru@example.org" });
    const enquiry = await latestEnquiry();
    await mails();
    rmSync(t.outboxDir, { recursive: true, force: true });
    const browser = await new Browser(t.app, "en").logIn(coordinator.email, TEST_PASSWORD);
    const base = `/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}`;
    const page = await browser.get(base);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("asker-ru@example.org"));

    const outsider = await buildUser(t.services);
    const refused = await browser.post(`${base}/assign`, { assignee: outsider.id });
    assert.equal(refused.statusCode, 422, "only a coordinator of the queue can be assigned");
    assert.match(refused.body, /Choose one of the coordinators/);
    assert.equal((await browser.post(`${base}/assign`, { assignee: coordinator.id })).statusCode, 303);
    assert.equal((await latestEnquiry()).status, "assigned");
    assert.equal((await browser.post(`${base}/notes`, { note: `Check with the legal team ${XSS}` })).statusCode, 303);
    const empty = await browser.post(`${base}/answer`, { answer: "  " });
    assert.equal(empty.statusCode, 422);

    const answer = "Подайте заявку через форму аккредитации до 1 марта.\n\nСпасибо!";
    assert.equal((await browser.post(`${base}/answer`, { answer })).statusCode, 303);
    const answered = await latestEnquiry();
    assert.equal(answered.status, "answered");
    assert.equal(answered.answer, answer);
    assert.equal(answered.answeredBy, coordinator.id);
    const mail = (await mails()).find((message) => message.to.includes("asker-ru@example.org"));
    assert.ok(mail, "the answer is mailed");
    assert.equal(mail.subject, `Ответ на ваш вопрос (ENQ-${enquiry.number})`);
    assert.ok(mail.text.includes(answer), "the answer as written");
    assert.match(mail.text, /Здравствуйте, Айгерим Садыкова!/);
    assert.equal((await browser.post(`${base}/answer`, { answer: "again" })).statusCode, 409, "an enquiry is answered once");

    const actions = (await t.services.db.select().from(auditLog).where(eq(auditLog.subjectId, enquiry.id))).map((row) => row.action).sort();
    assert.deepEqual(actions, ["knowledge.enquiry_answered", "knowledge.enquiry_assigned", "knowledge.enquiry_noted", "knowledge.enquiry_submitted"]);
    const detail = await browser.get(base);
    assert.ok(!detail.body.includes(XSS), "notes are escaped");
  });

  test("two coordinators answering at once: one answer is mailed, the other gets a 409", async () => {
    await visitorAsks(new Browser(t.app), { email: "race@example.org" });
    const enquiry = await latestEnquiry();
    const second = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, second.id, "coordinator");
    const [one, two] = await Promise.all([new Browser(t.app).logIn(coordinator.email, TEST_PASSWORD), new Browser(t.app).logIn(second.email, TEST_PASSWORD)]);
    const url = `/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}/answer`;
    const statuses = (await Promise.all([one.post(url, { answer: "First answer" }), two.post(url, { answer: "Second answer" })])).map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [303, 409]);
    const answers = (await mails()).filter((mail) => mail.to.includes("race@example.org") && mail.subject.startsWith("The answer"));
    assert.equal(answers.length, 1);
  });

  test("publish as FAQ: one step makes a published faq document in the enquiry's space whose text is the answer, without the asker's name or address", async () => {
    await visitorAsks(new Browser(t.app, "en"), { email: "private.person@example.org", name: "Zhanar Private" });
    const enquiry = await latestEnquiry();
    const browser = await new Browser(t.app, "en").logIn(coordinator.email, TEST_PASSWORD);
    const base = `/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}`;
    assert.equal((await browser.get(`${base}/faq`)).statusCode, 409, "not before it is answered");
    const answer = "Observers register through the accreditation form.";
    await browser.post(`${base}/answer`, { answer });
    const form = await browser.get(`${base}/faq`);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(answer));
    assert.ok(!form.body.includes("private.person@example.org"));

    const leaking = await browser.post(`${base}/faq`, { title: "How do observers register?", body: `${answer} Write to private.person@example.org`, language: "en", tags: "observers", collection: "" });
    assert.equal(leaking.statusCode, 422, "the asker's address may not go into the entry");
    assert.match(leaking.body, /must not say who asked/);
    assert.equal((await browser.post(`${base}/faq`, { title: "", body: answer, language: "xx" })).statusCode, 422);

    const published = await browser.post(`${base}/faq`, { title: "How do observers register?", body: answer, language: "en", tags: "observers", collection: "" });
    assert.equal(published.statusCode, 303);
    const linked = await latestEnquiry();
    assert.ok(linked.faqDocumentId);
    const [document] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, linked.faqDocumentId!));
    assert.equal(document.kind, "faq");
    assert.equal(document.source, "enquiry");
    assert.equal(document.status, "published");
    assert.equal(document.spaceId, space.id);
    assert.equal(document.bodyMd, answer);
    assert.equal(document.title, "How do observers register?");
    const stored = JSON.stringify(document);
    assert.ok(!stored.includes("private.person@example.org") && !stored.includes("Zhanar"), "nothing of the asker's identity");
    assert.equal((await browser.post(`${base}/faq`, { title: "Again", body: answer, language: "en" })).statusCode, 409, "published once");
    assert.equal((await t.services.db.select().from(auditLog).where(and(eq(auditLog.subjectId, enquiry.id), eq(auditLog.action, "knowledge.enquiry_published_as_faq")))).length, 1);
  });

  test("a platform-level enquiry published as FAQ belongs to the platform (space null)", async () => {
    const visitor = new Browser(t.app, "en");
    await visitorAsks(visitor, {}, "/knowledge");
    const enquiry = await latestEnquiry();
    const browser = await new Browser(t.app).logIn(admin.email, TEST_PASSWORD);
    await browser.post(`/knowledge/enquiries/${enquiry.number}/answer`, { answer: "Platform answer." });
    const published = await browser.post(`/knowledge/enquiries/${enquiry.number}/faq`, { title: "Platform question", body: "Platform answer.", language: "en", tags: "" });
    assert.equal(published.statusCode, 303);
    const [document] = await t.services.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, (await latestEnquiry()).faqDocumentId!));
    assert.equal(document.spaceId, null);
  });

  test("a member's enquiries are in their data export, and deleting the account removes who asked but keeps the answer", async () => {
    const member = await buildUser(t.services, { locale: "en" });
    const browser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    await browser.post(`/spaces/${space.slug}/knowledge/enquiries`, { question: "What is the deadline for reports?", tags: "" });
    const enquiry = await latestEnquiry();
    const coordinatorBrowser = await new Browser(t.app).logIn(coordinator.email, TEST_PASSWORD);
    await coordinatorBrowser.post(`/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}/answer`, { answer: "The first of March." });
    const exported = JSON.parse((await browser.get("/account/export")).body) as { enquiries: { reference: string; question: string; answer: string; space: string }[] };
    assert.deepEqual(
      exported.enquiries.map((entry) => [entry.reference, entry.question, entry.answer, entry.space]),
      [[`ENQ-${enquiry.number}`, "What is the deadline for reports?", "The first of March.", space.slug]],
    );
    assert.equal((await browser.post("/account/delete", { password: TEST_PASSWORD })).statusCode, 303);
    const [kept] = await t.services.db.select().from(knowledgeEnquiries).where(eq(knowledgeEnquiries.id, enquiry.id));
    assert.equal(kept.askerUserId, null);
    assert.equal(kept.askerEmail, null);
    assert.equal(kept.answer, "The first of March.");
    const page = await coordinatorBrowser.get(`/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}`);
    assert.ok(!page.body.includes(member.email));
    assert.match(page.body, /identity removed/);
  });

  test("visitors' addresses are erased 90 days after the enquiry was answered or closed, not before", async () => {
    await visitorAsks(new Browser(t.app), { email: "forget-me@example.org" });
    const enquiry = await latestEnquiry();
    const browser = await new Browser(t.app).logIn(coordinator.email, TEST_PASSWORD);
    await browser.post(`/spaces/${space.slug}/knowledge/enquiries/${enquiry.number}/close`, {});
    assert.equal((await latestEnquiry()).status, "closed");
    t.clock.advance(89 * DAY_MS);
    await eraseEnquiryAddresses(t.services);
    assert.equal((await latestEnquiry()).askerEmail, "forget-me@example.org");
    t.clock.advance(2 * DAY_MS);
    assert.ok((await eraseEnquiryAddresses(t.services)) >= 1);
    const erased = await latestEnquiry();
    assert.equal(erased.askerEmail, null);
    assert.equal(erased.askerName, "");
    assert.ok(erased.addressErasedAt);
  });

  test(`one address may send ${ENQUIRIES_PER_HOUR} enquiries an hour; the next is a translated 429 that keeps the text`, async () => {
    const visitor = new Browser(t.app, "ru");
    for (let index = 0; index < ENQUIRIES_PER_HOUR; index++) assert.equal((await visitorAsks(visitor, { email: "busy@example.org" })).statusCode, 303);
    const limited = await visitorAsks(visitor, { email: "BUSY@example.org", question: "Ещё один вопрос о сроках" });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /За последний час вы отправили 5 вопросов/);
    assert.match(limited.body, /Ещё один вопрос о сроках<\/textarea>/);
    t.clock.advance(61 * 60_000);
    assert.equal((await visitorAsks(visitor, { email: "busy@example.org" })).statusCode, 303);
  });

  test("the queue API answers coordinators with a token carrying enquiries:read, and refuses everyone else", async () => {
    await visitorAsks(new Browser(t.app), { email: "api-asker@example.org" });
    const enquiry = await latestEnquiry();
    const url = `/api/v1/spaces/${space.slug}/enquiries`;
    const withToken = async (userId: string, scopes: Parameters<typeof createApiToken>[1]["scopes"], path = url) => {
      const { secret } = await createApiToken(t.services.db, { userId, name: "t", scopes });
      return t.app.inject({ method: "GET", url: path, headers: { authorization: `Bearer ${secret}` } });
    };
    const listed = await withToken(coordinator.id, ["enquiries:read"]);
    assert.equal(listed.statusCode, 200);
    const body = listed.json() as { data: { reference: string; status: string; language: string }[]; next_after: number | null };
    assert.ok(body.data.some((item) => item.reference === `ENQ-${enquiry.number}`));
    const one = await withToken(coordinator.id, ["enquiries:read"], `${url}/${enquiry.number}`);
    assert.equal(one.statusCode, 200);
    assert.equal((one.json() as { reply_address: string }).reply_address, "api-asker@example.org");
    assert.equal((await withToken(coordinator.id, ["private:read"])).statusCode, 403, "another scope is not enough");
    const member = await buildUser(t.services);
    assert.equal((await withToken(member.id, ["enquiries:read"])).statusCode, 403, "a non-coordinator's token is refused");
    assert.equal((await t.app.inject({ method: "GET", url })).statusCode, 401);
    assert.equal((await withToken(coordinator.id, ["enquiries:read"], `${url}?status=bogus`)).statusCode, 422);
    assert.equal((await withToken(admin.id, ["enquiries:read"], "/api/v1/enquiries")).statusCode, 200);
    assert.equal((await withToken(coordinator.id, ["enquiries:read"], "/api/v1/enquiries")).statusCode, 403);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, unknown> };
    assert.ok(openapi.paths["/api/v1/spaces/{slug}/enquiries"]);
  });
});

describe("enquiries: per-IP limit", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT: "2" } });
  });
  after(() => t.close());

  test("more posts from one IP than the per-minute limit get a translated 429", async () => {
    const visitor = new Browser(t.app, "ru");
    const post = (index: number) => visitor.post("/knowledge/enquiries", { question: `Вопрос номер ${index}`, name: "A", email: `ip-${index}@example.org`, consent: "yes" });
    assert.equal((await post(1)).statusCode, 303);
    assert.equal((await post(2)).statusCode, 303);
    const limited = await post(3);
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /Слишком много/);
  });
});
