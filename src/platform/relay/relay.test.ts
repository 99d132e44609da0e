import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS, type BuiltUser } from "../../testing/factories";
import { outboxMessages } from "../../testing/outbox";
import { auditLog } from "../schema";
import { registerRelayKind } from "./kinds";
import { RELAY_MESSAGES_PER_HOUR } from "./send-message";

// A kind only this test registers: "person" ids are user ids listed in `listed`; a hidden address stands in for
// a contact a module keeps server-side.
const listed = new Map<string, { userId: string; label: string }>();
const HIDDEN_ADDRESS = "hidden-desk@secret.example";
registerRelayKind({
  kind: "test-person",
  async resolve(_services, id) {
    const entry = listed.get(id);
    if (!entry) return null;
    return { recipients: [{ userId: entry.userId }, { email: HIDDEN_ADDRESS, locale: "en" }], label: entry.label, backUrl: "/", canContact: (viewer) => viewer?.id !== entry.userId };
  },
});

const message = (overrides: Record<string, string> = {}) => ({
  name: "Aigerim Sender",
  email: "aigerim@example.net",
  subject: "Wetland monitoring",
  message: "Could we talk about the wetland monitoring in the Ili delta next month?",
  consent: "yes",
  ...overrides,
});

describe("contact relay", () => {
  let t: TestApp;
  let recipient: BuiltUser;
  before(async () => {
    t = await createTestApp();
    recipient = await buildUser(t.services, { locale: "ru", displayName: "Expert" });
    listed.set("r1", { userId: recipient.id, label: `Dr ${XSS}` });
  });
  after(async () => t.close());

  const assertNoAddress = (body: string) => {
    assert.ok(!body.includes(recipient.email), "the recipient's address is not in the response");
    assert.ok(!body.includes(HIDDEN_ADDRESS), "a server-side address is not in the response");
  };

  it("relays a message by mail in the recipient's language with Reply-To the sender, never showing an address", async () => {
    const browser = new Browser(t.app);
    const form = await browser.get("/contact/test-person/r1");
    assert.equal(form.statusCode, 200);
    assert.ok(!form.body.includes(XSS), "the label is escaped");
    assertNoAddress(form.body);
    const sent = await browser.post("/contact/test-person/r1", message());
    assert.equal(sent.statusCode, 303);
    assertNoAddress(sent.body + JSON.stringify(sent.headers));
    const confirmation = await browser.get(String(sent.headers.location));
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Message sent/);
    assertNoAddress(confirmation.body);

    await t.services.jobs.drain();
    const mails = await outboxMessages(t.outboxDir);
    const toRecipient = mails.find((mail) => mail.to.includes(recipient.email));
    assert.ok(toRecipient, "the recipient got the message");
    assert.equal(toRecipient.language, "ru");
    assert.match(toRecipient.subject, /сообщение через Convene/);
    assert.match(toRecipient.text, /Ili delta/);
    assert.match(toRecipient.replyTo, /aigerim@example\.net/);
    assert.ok(mails.some((mail) => mail.to.includes(HIDDEN_ADDRESS)), "server-side addresses get it too");

    const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "relay.message_sent"), eq(auditLog.subjectId, "r1")));
    assert.ok(audit, "the send is audited");
    const recorded = JSON.stringify(audit);
    assert.ok(!recorded.includes("Ili delta") && !recorded.includes("Wetland") && !recorded.includes(recipient.email), "without body, subject or address");
  });

  it("prefills a signed-in sender's name and address", async () => {
    const sender = await buildUser(t.services, { displayName: "Nurlan Sender" });
    const browser = await new Browser(t.app).logIn(sender.email, TEST_PASSWORD);
    const form = await browser.get("/contact/test-person/r1");
    assert.match(form.body, /value="Nurlan Sender"/);
    assert.ok(form.body.includes(`value="${sender.email}"`));
  });

  it("answers 404 for an unknown kind or id, and 403 when the viewer may not write (oneself)", async () => {
    const browser = new Browser(t.app);
    assert.equal((await browser.get("/contact/nothing/r1")).statusCode, 404);
    assert.equal((await browser.get("/contact/test-person/missing")).statusCode, 404);
    assert.equal((await browser.post("/contact/test-person/missing", message())).statusCode, 404);
    assert.equal((await browser.get("/contact/Bad%20Kind/x")).statusCode, 404);
    const self = await new Browser(t.app).logIn(recipient.email, TEST_PASSWORD);
    assert.equal((await self.get("/contact/test-person/r1")).statusCode, 403);
  });

  it("re-renders the form with input kept and translated errors beside fields", async () => {
    const browser = new Browser(t.app, "ru");
    const response = await browser.post("/contact/test-person/r1", message({ email: "not-an-address", consent: "", message: `short ${XSS}`.slice(0, 6) }));
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Подтвердите согласие/);
    assert.match(response.body, /value="not-an-address"/);
    assertNoAddress(response.body);
    const header = await browser.post("/contact/test-person/r1", message({ subject: "Hi\r\nBcc: victim@example.org" }));
    assert.equal(header.statusCode, 422, "no line breaks reach mail headers");
  });

  it("refuses without the CSRF token", async () => {
    const response = await new Browser(t.app).post("/contact/test-person/r1", message(), { isCsrfOmitted: true });
    assert.equal(response.statusCode, 403);
  });

  it("refuses abusive language instead of passing it on", async () => {
    const response = await new Browser(t.app).post("/contact/test-person/r1", message({ message: "You are a fucking idiot and should quit" }));
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /rephrase/);
  });

  it("limits a sender to a few messages an hour with a translated 429 that keeps the input", async () => {
    const sender = await buildUser(t.services, { locale: "ru" });
    const browser = await new Browser(t.app, "ru").logIn(sender.email, TEST_PASSWORD);
    for (let index = 0; index < RELAY_MESSAGES_PER_HOUR; index++) {
      assert.equal((await browser.post("/contact/test-person/r1", message({ subject: `Note ${index}` }))).statusCode, 303);
    }
    const refused = await browser.post("/contact/test-person/r1", message({ subject: "One too many" }));
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /За последний час вы отправили 5 сообщений/);
    assert.match(refused.body, /value="One too many"/);
    const other = await buildUser(t.services);
    const otherBrowser = await new Browser(t.app).logIn(other.email, TEST_PASSWORD);
    assert.equal((await otherBrowser.post("/contact/test-person/r1", message())).statusCode, 303, "another sender is not affected");
  });
});
