import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../testing/factories";
import { linkFromOutbox, outboxMessages } from "../../testing/outbox";
import { users, sessions, jobs } from "../schema";

describe("accounts", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it("registers, mails a verification link through the job queue, verifies and logs in", async () => {
    const browser = new Browser(t.app);
    const response = await browser.post("/register", { displayName: `${XSS} Ana`, email: "Ana@Example.org", password: "a long enough password", locale: "ru" });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /ana@example\.org/);
    // The request queued the mail; nothing was sent inside it.
    assert.equal((await outboxMessages(t.outboxDir)).length, 0);
    const [job] = await t.services.db.select().from(jobs).where(eq(jobs.kind, "mail.send"));
    assert.equal(job.status, "pending");
    await t.services.jobs.drain();
    const link = await linkFromOutbox(t.outboxDir, "ana@example.org", "/verify-email?token=");
    const mail = (await outboxMessages(t.outboxDir)).at(-1);
    assert.match(mail?.subject ?? "", /Подтвердите/, "the mail is in the user's language (Russian)");

    const blocked = await browser.post("/login", { email: "ana@example.org", password: "a long enough password" });
    assert.equal(blocked.statusCode, 403);
    assert.match(blocked.body, /confirm your email|подтвердите/i);

    const token = new URL(link).searchParams.get("token") ?? "";
    const confirmPage = await browser.get(`/verify-email?token=${encodeURIComponent(token)}`);
    assert.equal(confirmPage.statusCode, 200);
    const verified = await browser.post("/verify-email", { token });
    assert.equal(verified.statusCode, 303);
    await browser.logIn("ana@example.org", "a long enough password");
    const account = await browser.get("/account");
    assert.equal(account.statusCode, 200);
    assert.ok(!account.body.includes(XSS), "the display name is escaped");
    assert.ok(account.body.includes("&lt;script&gt;alert(1)&lt;/script&gt; Ana"));
  });

  it("keeps what the user typed and shows each error beside its field when registration fails", async () => {
    const browser = new Browser(t.app);
    const response = await browser.post("/register", { displayName: "Bo", email: "not-an-email", password: "short", locale: "en" });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /id="field-email-error"/);
    assert.match(response.body, /id="field-password-error"/);
    assert.match(response.body, /value="not-an-email"/);
    assert.match(response.body, /value="Bo"/);
    assert.ok(!response.body.includes('value="short"'), "passwords are never echoed back");
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const existing = await buildUser(t.services, { email: "same@example.org" });
    const response = await new Browser(t.app).post("/register", { displayName: "X", email: "SAME@example.org", password: "another long password", locale: "en" });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /already exists/);
    assert.ok(existing.id);
  });

  it("rejects a form post without the CSRF token", async () => {
    const response = await new Browser(t.app).post("/login", { email: "a@b.org", password: "whatever" }, { isCsrfOmitted: true });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /form expired/);
  });

  it("locks the account after five wrong passwords and tells the user for how long", async () => {
    const user = await buildUser(t.services);
    const browser = new Browser(t.app);
    for (let attempt = 1; attempt <= 4; attempt++) assert.equal((await browser.post("/login", { email: user.email, password: "wrong password" })).statusCode, 401);
    const locked = await browser.post("/login", { email: user.email, password: "wrong password" });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /locked for 15 minutes/);
    assert.equal((await browser.post("/login", { email: user.email, password: TEST_PASSWORD })).statusCode, 429, "even the right password waits");
    t.clock.advance(16 * 60_000);
    await browser.logIn(user.email, TEST_PASSWORD);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, and logout ends the session", async () => {
    const user = await buildUser(t.services);
    const browser = new Browser(t.app);
    await browser.get("/healthz");
    const response = await browser.post("/login", { email: user.email, password: TEST_PASSWORD });
    const header = ([] as string[]).concat(response.headers["set-cookie"] ?? []).find((cookie) => cookie.startsWith("convene_session="));
    assert.ok(header);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Lax/);
    assert.equal((await t.services.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 1);
    await browser.post("/logout", {});
    assert.equal((await t.services.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
    assert.equal((await browser.get("/account")).statusCode, 401);
  });

  it("resets a forgotten password by mail and signs out other sessions", async () => {
    const user = await buildUser(t.services);
    const other = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const browser = new Browser(t.app);
    const unknown = await browser.post("/forgot-password", { email: "nobody@example.org" });
    const known = await browser.post("/forgot-password", { email: user.email });
    assert.equal(unknown.body.replace(/convene_csrf=[^;]*/g, ""), known.body.replace(/convene_csrf=[^;]*/g, ""), "no account enumeration");
    await t.services.jobs.drain();
    const token = new URL(await linkFromOutbox(t.outboxDir, user.email, "/reset-password?token=")).searchParams.get("token") ?? "";
    const weak = await browser.post("/reset-password", { token, password: "short" });
    assert.equal(weak.statusCode, 422);
    const done = await browser.post("/reset-password", { token, password: "a brand new password" });
    assert.equal(done.statusCode, 303);
    assert.equal((await other.get("/account")).statusCode, 401, "the old session ended");
    await browser.logIn(user.email, "a brand new password");
    const reused = await browser.post("/reset-password", { token, password: "yet another password" });
    assert.equal(reused.statusCode, 400, "a reset link works once");
  });

  it("changing the password ends the account's other sessions and its outstanding reset links, keeping this one", async () => {
    const user = await buildUser(t.services);
    const other = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    await new Browser(t.app).post("/forgot-password", { email: user.email });
    await t.services.jobs.drain();
    const token = new URL(await linkFromOutbox(t.outboxDir, user.email, "/reset-password?token=")).searchParams.get("token") ?? "";
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const wrong = await browser.post("/account/password", { currentPassword: "not the password", newPassword: "a completely new secret" });
    assert.equal(wrong.statusCode, 422);
    assert.equal((await other.get("/account")).statusCode, 200, "a refused change ends nothing");
    const changed = await browser.post("/account/password", { currentPassword: TEST_PASSWORD, newPassword: "a completely new secret" });
    assert.equal(changed.statusCode, 303);
    assert.equal((await browser.get("/account")).statusCode, 200, "the session that changed it stays");
    assert.equal((await other.get("/account")).statusCode, 401, "every other session ended");
    const late = await new Browser(t.app).post("/reset-password", { token, password: "an attacker's password" });
    assert.equal(late.statusCode, 400, "a reset link sent before the change no longer works");
    await new Browser(t.app).logIn(user.email, "a completely new secret");
  });

  it("updates name, language and notification settings from the account page", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const invalid = await browser.post("/account", { displayName: "", locale: "ru", notificationEmail: "weekly" });
    assert.equal(invalid.statusCode, 422);
    const saved = await browser.post("/account", { displayName: "New Name", locale: "ru", notificationEmail: "weekly", notificationNews: "on" });
    assert.equal(saved.statusCode, 303);
    const [row] = await t.services.db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row.displayName, "New Name");
    assert.equal(row.locale, "ru");
    assert.deepEqual(row.notificationSettings, { email: "weekly", news: true });
    const page = await browser.get("/account");
    assert.match(page.body, /<html lang="ru"/);
  });

  it("exports the account as JSON and deletes it, keeping a tombstone", async () => {
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, TEST_PASSWORD);
    const exported = await browser.get("/account/export");
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers["content-disposition"]), /attachment/);
    const data = JSON.parse(exported.body) as { account: { email: string } };
    assert.equal(data.account.email, user.email);
    const wrong = await browser.post("/account/delete", { password: "not my password" });
    assert.equal(wrong.statusCode, 422);
    const deleted = await browser.post("/account/delete", { password: TEST_PASSWORD });
    assert.equal(deleted.statusCode, 303);
    const [row] = await t.services.db.select().from(users).where(eq(users.id, user.id));
    assert.ok(row.deletedAt);
    assert.equal(row.passwordHash, null);
    assert.notEqual(row.email, user.email);
    assert.equal((await new Browser(t.app).post("/login", { email: user.email, password: TEST_PASSWORD })).statusCode, 401);
  });
});

describe("rate limits on authentication endpoints", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT: "3" } });
  });
  after(async () => t.close());

  it("answers 429 with a translated page once an IP exceeds the per-minute limit", async () => {
    const browser = new Browser(t.app, "ru");
    for (let attempt = 0; attempt < 3; attempt++) assert.notEqual((await browser.post("/forgot-password", { email: "x@example.org" })).statusCode, 429);
    const limited = await browser.post("/forgot-password", { email: "x@example.org" });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /Слишком много/);
  });
});
