import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD } from "../../testing/factories";
import { linkFromOutbox, outboxMessages } from "../../testing/outbox";
import { auditLog, users } from "../schema";

describe("changing the email address", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const mailsTo = async (email: string) => (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(email));
  const emailOf = async (userId: string) => (await t.services.db.select({ email: users.email }).from(users).where(eq(users.id, userId)))[0].email;

  it("refuses a wrong password or an address another account uses, keeping the typed address and mailing nothing", async () => {
    const user = await buildUser(t.services);
    const other = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const wrong = await browser.post("/account/email", { newEmail: "wrong-pw@example.org", password: "not the password" });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /id="field-password-error"/);
    assert.match(wrong.body, /value="wrong-pw@example.org"/, "the typed address is kept");
    assert.ok(!wrong.body.includes("not the password"), "the password is not echoed");
    const taken = await browser.post("/account/email", { newEmail: other.email.toUpperCase(), password: TEST_PASSWORD });
    assert.equal(taken.statusCode, 422);
    assert.match(taken.body, /id="field-newEmail-error"/);
    assert.match(taken.body, /An account with this email already exists/, "the wording registration gives");
    const invalid = await browser.post("/account/email", { newEmail: "not-an-email", password: TEST_PASSWORD });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /id="field-newEmail-error"/);
    const russian = await buildUser(t.services, { locale: "ru" });
    const ru = await (await new Browser(t.app).logIn(russian.email, TEST_PASSWORD)).post("/account/email", { newEmail: "x@example.org", password: "nope nope" });
    assert.equal(ru.statusCode, 422);
    assert.match(ru.body, /Неверный пароль/);
    assert.match(ru.body, /Сменить адрес электронной почты/);
    await t.services.jobs.drain();
    assert.equal((await mailsTo("wrong-pw@example.org")).length, 0);
    assert.equal((await mailsTo(other.email)).length, 0);
    assert.equal(await emailOf(user.id), user.email);
  });

  it("mails a link to the new address only, changes the email when the link is confirmed, once, and tells the old address", async () => {
    const user = await buildUser(t.services);
    const newEmail = `moved-${user.id.slice(0, 8)}@example.org`;
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const mailsToOldBefore = (await mailsTo(user.email)).length;
    const requested = await browser.post("/account/email", { newEmail: newEmail.toUpperCase(), password: TEST_PASSWORD });
    assert.equal(requested.statusCode, 303);
    await t.services.jobs.drain();
    const link = await linkFromOutbox(t.outboxDir, newEmail, "/account/email/confirm?token=");
    assert.equal((await mailsTo(user.email)).length, mailsToOldBefore, "nothing went to the old address yet");

    // Until the link is used, nothing changes.
    assert.equal(await emailOf(user.id), user.email);
    await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    assert.equal((await new Browser(t.app).post("/login", { email: newEmail, password: TEST_PASSWORD })).statusCode, 401);

    // Opening the link (as a mail scanner would) only shows the button.
    const token = new URL(link).searchParams.get("token") ?? "";
    const page = await new Browser(t.app).get(`/account/email/confirm?token=${encodeURIComponent(token)}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Confirm the new address/);
    assert.equal(await emailOf(user.id), user.email, "GET changes nothing");

    const confirmed = await new Browser(t.app).post("/account/email/confirm", { token });
    assert.equal(confirmed.statusCode, 303);
    const [row] = await t.services.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row.email, newEmail);
    assert.ok(row.emailVerifiedAt);
    await new Browser(t.app).logIn(newEmail, TEST_PASSWORD);
    assert.equal((await new Browser(t.app).post("/login", { email: user.email, password: TEST_PASSWORD })).statusCode, 401, "the old address no longer logs in");
    const [entry] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "account.email_changed"), eq(auditLog.subjectId, user.id)));
    assert.deepEqual(entry.details, { from: user.email, to: newEmail });

    await t.services.jobs.drain();
    const notice = (await mailsTo(user.email)).at(-1);
    assert.match(notice?.subject ?? "", /was changed/);
    assert.ok(notice?.text.includes(newEmail), "the notice names the new address");
    assert.ok(!notice?.text.includes("/account/email/confirm"), "the old address never gets the link");

    const again = await new Browser(t.app).post("/account/email/confirm", { token });
    assert.equal(again.statusCode, 400, "the link works once");
    assert.match(again.body, /invalid or has expired/);
    assert.equal((await new Browser(t.app).get(`/account/email/confirm?token=${encodeURIComponent(token)}`)).statusCode, 400);
  });

  it("voids other pending changes when one is confirmed, and refuses an expired link", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const first = `first-${user.id.slice(0, 8)}@example.org`;
    const second = `second-${user.id.slice(0, 8)}@example.org`;
    await browser.post("/account/email", { newEmail: first, password: TEST_PASSWORD });
    await browser.post("/account/email", { newEmail: second, password: TEST_PASSWORD });
    await t.services.jobs.drain();
    const tokenOf = async (email: string) => new URL(await linkFromOutbox(t.outboxDir, email, "/account/email/confirm?token=")).searchParams.get("token") ?? "";
    const firstToken = await tokenOf(first);
    assert.equal((await new Browser(t.app).post("/account/email/confirm", { token: await tokenOf(second) })).statusCode, 303);
    assert.equal((await new Browser(t.app).post("/account/email/confirm", { token: firstToken })).statusCode, 400, "the other pending link is void");
    assert.equal(await emailOf(user.id), second);

    const third = `third-${user.id.slice(0, 8)}@example.org`;
    await browser.post("/account/email", { newEmail: third, password: TEST_PASSWORD });
    await t.services.jobs.drain();
    const late = await tokenOf(third);
    t.clock.advance(25 * 3_600_000);
    assert.equal((await new Browser(t.app).get(`/account/email/confirm?token=${encodeURIComponent(late)}`)).statusCode, 400);
    assert.equal((await new Browser(t.app).post("/account/email/confirm", { token: late })).statusCode, 400);
    assert.equal(await emailOf(user.id), second);
  });

  it("refuses to confirm an address someone registered after the link was sent, with a translated 409", async () => {
    const user = await buildUser(t.services);
    const target = `race-${user.id.slice(0, 8)}@example.org`;
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    await browser.post("/account/email", { newEmail: target, password: TEST_PASSWORD });
    await t.services.jobs.drain();
    const token = new URL(await linkFromOutbox(t.outboxDir, target, "/account/email/confirm?token=")).searchParams.get("token") ?? "";
    await buildUser(t.services, { email: target });
    const refused = await new Browser(t.app).post("/account/email/confirm", { token });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /already exists/);
    assert.equal(await emailOf(user.id), user.email);
  });
});
