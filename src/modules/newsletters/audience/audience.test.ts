import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { createApiToken } from "../../../platform/api/tokens";
import { exportAccount } from "../../../platform/auth/commands/export-account";
import { deleteAccount } from "../../../platform/auth/commands/delete-account";
import { Browser, createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS } from "../../../testing/factories";
import { linkFromOutbox, outboxMessages } from "../../../testing/outbox";
import { addSpaceRole, buildSpace, type BuiltSpace } from "../../spaces/factories";
import { mailBounces, mailSuppressions, newsletterSubscribers } from "../schema";
import { PREFERENCES_PREFIX, recipientToken, unsubscribePath, type Recipient } from "../tokens";
import { startBounceListener } from "./bounces";
import { listMailFor } from "./list-headers";
import { isSuppressed, suppressAddress, suppressedAmong } from "./suppression";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name));

describe("newsletters: audience — subscribing, preferences, unsubscribe, suppression and bounces", () => {
  let t: TestApp;
  let space: BuiltSpace;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    space = await buildSpace(t.services, { enabledModules: ["news"] });
  });
  after(() => t.close());

  const rowsFor = (email: string) => t.services.db.select().from(newsletterSubscribers).where(and(eq(newsletterSubscribers.spaceId, space.id), eq(newsletterSubscribers.email, email)));
  const mailsTo = async (email: string) => {
    await t.services.jobs.drain();
    return (await outboxMessages(t.outboxDir)).filter((mail) => mail.to.includes(email));
  };

  it("double opt-in: the same answer for new and subscribed addresses, a confirmation mail, GET changes nothing, POST confirms", async () => {
    const visitor = new Browser(t.app);
    const page = await visitor.get(`/spaces/${space.slug}/newsletter`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(XSS), "the space title is escaped");
    const bad = await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "not-an-address", locale: "en", country: "", actor_type: "" });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /value="not-an-address"/, "what was typed is kept");

    const first = await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "New.Reader@Example.org", locale: "ru", country: "KZ", actor_type: "ngo" });
    assert.equal(first.statusCode, 200);
    const [pending] = await rowsFor("new.reader@example.org");
    assert.equal(pending.status, "pending");
    assert.equal(pending.country, "KZ");
    assert.ok(pending.confirmTokenHash && pending.confirmTokenHash.length > 20, "only the token's hash is stored");
    const mails = await mailsTo("new.reader@example.org");
    assert.equal(mails.length, 1);
    assert.equal(mails[0].language, "ru", "the confirmation is in the chosen language");
    const link = await linkFromOutbox(t.outboxDir, "new.reader@example.org", "/newsletters/confirm/");
    assert.ok(!link.includes(pending.confirmTokenHash!), "the link carries the token, not its hash");

    // Asking again at once: the same page, no second mail (resend limit).
    const again = await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "new.reader@example.org", locale: "ru", country: "", actor_type: "" });
    assert.equal(again.body.replace(/convene_csrf=[^;]+/g, ""), first.body.replace(/convene_csrf=[^;]+/g, ""));
    assert.equal((await mailsTo("new.reader@example.org")).length, 1);

    const path = new URL(link).pathname;
    const confirmPage = await visitor.get(path);
    assert.equal(confirmPage.statusCode, 200);
    assert.equal((await rowsFor("new.reader@example.org"))[0].status, "pending", "opening the link changes nothing");
    const confirmed = await visitor.post(path, {});
    assert.equal(confirmed.statusCode, 200);
    const [active] = await rowsFor("new.reader@example.org");
    assert.equal(active.status, "active");
    assert.equal(active.confirmTokenHash, null);
    assert.equal((await visitor.post(path, {})).statusCode, 404, "a used link is dead");

    // Subscribed already, later: the same page as for a new address; the mail says so and links the preferences.
    t.clock.advance(20 * 60_000);
    const known = await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "new.reader@example.org", locale: "en", country: "", actor_type: "" });
    assert.equal(known.statusCode, 200);
    const fresh = await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "someone.else@example.org", locale: "en", country: "", actor_type: "" });
    assert.equal(known.body, fresh.body, "the answer does not reveal who is subscribed");
    const latest = (await mailsTo("new.reader@example.org")).at(-1)!;
    assert.match(latest.text, new RegExp(PREFERENCES_PREFIX));
    assert.equal((await rowsFor("new.reader@example.org"))[0].status, "active");
  });

  it("a confirmation link expires after a week", async () => {
    const visitor = new Browser(t.app);
    await visitor.post(`/spaces/${space.slug}/newsletter`, { email: "slow@example.org", locale: "en", country: "", actor_type: "" });
    await t.services.jobs.drain();
    const path = new URL(await linkFromOutbox(t.outboxDir, "slow@example.org", "/newsletters/confirm/")).pathname;
    t.clock.advance(8 * 86_400_000);
    assert.equal((await visitor.get(path)).statusCode, 404);
    assert.equal((await visitor.post(path, {})).statusCode, 404);
    assert.equal((await rowsFor("slow@example.org"))[0].status, "pending");
  });

  it("suppressed addresses get no mail, and the form answers the same", async () => {
    await suppressAddress(t.services.db, "Blocked@Example.org", "manual");
    assert.ok(await isSuppressed(t.services.db, "blocked@example.org"));
    assert.deepEqual([...(await suppressedAmong(t.services.db, ["BLOCKED@example.org", "free@example.org"]))], ["blocked@example.org"]);
    const response = await new Browser(t.app).post(`/spaces/${space.slug}/newsletter`, { email: "blocked@example.org", locale: "en", country: "", actor_type: "" });
    assert.equal(response.statusCode, 200);
    assert.equal((await mailsTo("blocked@example.org")).length, 0);
    assert.equal((await rowsFor("blocked@example.org")).length, 0);
  });

  it("private spaces: people without an account cannot even see the page; members follow with their account", async () => {
    const closed = await buildSpace(t.services, { visibility: "private", enabledModules: ["news"] });
    assert.equal((await new Browser(t.app).get(`/spaces/${closed.slug}/newsletter`)).statusCode, 404);
    const member = await buildUser(t.services, { locale: "ru" });
    await addSpaceRole(t.services, closed.id, member.id, "member");
    const browser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    const followed = await browser.post(`/spaces/${closed.slug}/newsletter`, { newsletters: "on", digest: "weekly", locale: "ru" });
    assert.equal(followed.statusCode, 303);
    const [row] = await t.services.db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.userId, member.id));
    assert.deepEqual([row.status, row.digest, row.locale, row.email], ["active", "weekly", "ru", null]);
    const account = await browser.get("/account/newsletters");
    assert.equal(account.statusCode, 200);
    assert.ok(account.body.includes(`/spaces/${closed.slug}`));
    const noNews = await buildSpace(t.services, { enabledModules: [] });
    assert.equal((await browser.get(`/spaces/${noNews.slug}/newsletter`)).statusCode, 404, "no news feature, no newsletter");
  });

  it("unsubscribe: GET only asks, POST one-click works without cookies (urlencoded and multipart), a member without a row gets an unsubscribed row", async () => {
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const recipient: Recipient = { kind: "user", userId: member.id };
    const token = await recipientToken(t.services.db, space.id, recipient);
    const userRows = () => t.services.db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.userId, member.id));

    const page = await t.app.inject({ method: "GET", url: unsubscribePath(token) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post"/);
    assert.equal((await userRows()).length, 0, "GET changes nothing (link scanners)");

    const oneClick = await t.app.inject({ method: "POST", url: unsubscribePath(token), payload: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(oneClick.statusCode, 200);
    const [row] = await userRows();
    assert.equal(row.status, "unsubscribed");
    assert.ok(row.unsubscribedAt);

    // A subscriber, through a multipart one-click (RFC 8058 allows either encoding).
    const [subscriber] = await t.services.db.insert(newsletterSubscribers).values({ spaceId: space.id, email: "multi@example.org", status: "active", confirmedAt: t.clock.now() }).returning();
    const subscriberToken = await recipientToken(t.services.db, space.id, { kind: "subscriber", subscriberId: subscriber.id });
    const boundary = "----one-click";
    const multipart = await t.app.inject({
      method: "POST",
      url: unsubscribePath(subscriberToken),
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(multipart.statusCode, 200);
    assert.equal((await rowsFor("multi@example.org"))[0].status, "unsubscribed");

    // Tampered codes name nobody.
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    assert.equal((await t.app.inject({ method: "POST", url: unsubscribePath(tampered), payload: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } })).statusCode, 404);
    assert.equal((await t.app.inject({ method: "GET", url: `${PREFERENCES_PREFIX}${tampered}` })).statusCode, 404);
    // Other writes still need the CSRF token.
    const preferencesWithoutCsrf = await t.app.inject({ method: "POST", url: `${PREFERENCES_PREFIX}${token}`, payload: "newsletters=on&digest=weekly&locale=en", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(preferencesWithoutCsrf.statusCode, 403);
  });

  it("the preferences page changes frequency and language without login, and leaving is choosing nothing", async () => {
    const [subscriber] = await t.services.db.insert(newsletterSubscribers).values({ spaceId: space.id, email: "prefs@example.org", status: "active", confirmedAt: t.clock.now() }).returning();
    const token = await recipientToken(t.services.db, space.id, { kind: "subscriber", subscriberId: subscriber.id });
    const browser = new Browser(t.app, "ru");
    const page = await browser.get(`${PREFERENCES_PREFIX}${token}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("prefs@example.org"));
    const bad = await browser.post(`${PREFERENCES_PREFIX}${token}`, { newsletters: "on", digest: "daily", locale: "ru" });
    assert.equal(bad.statusCode, 422);
    const saved = await browser.post(`${PREFERENCES_PREFIX}${token}`, { newsletters: "on", digest: "monthly", locale: "ru" });
    assert.equal(saved.statusCode, 303);
    let [row] = await rowsFor("prefs@example.org");
    assert.deepEqual([row.status, row.digest, row.locale, row.newsletters], ["active", "monthly", "ru", true]);
    await browser.post(`${PREFERENCES_PREFIX}${token}`, { digest: "none", locale: "ru" });
    [row] = await rowsFor("prefs@example.org");
    assert.equal(row.status, "unsubscribed");
  });

  it("builds the three list headers with the recipient's one-click URL", async () => {
    const user = await buildUser(t.services);
    const list = await listMailFor(t.services.db, t.services.config.publicUrl, space, { kind: "user", userId: user.id });
    assert.equal(list.headers["List-Id"], `<${space.slug}.newsletters.convene.test>`);
    assert.match(list.headers["List-Unsubscribe"], /^<http:\/\/convene\.test\/newsletters\/unsubscribe\/[^>]+>$/);
    assert.equal(list.headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    assert.equal(`<${list.unsubscribeUrl}>`, list.headers["List-Unsubscribe"]);
  });

  it("API: subscribe starts double opt-in with the same answer every time; DELETE with the token unsubscribes", async () => {
    const post = (email: string) => t.app.inject({ method: "POST", url: `/api/v1/spaces/${space.slug}/newsletter/subscribers`, payload: { email, locale: "en" } });
    const first = await post("api.reader@example.org");
    assert.equal(first.statusCode, 202);
    assert.deepEqual(first.json(), { status: "confirmation_sent" });
    assert.equal((await rowsFor("api.reader@example.org"))[0].source, "api");
    assert.equal((await post("api.reader@example.org")).body, first.body);
    const invalid = await post("nope");
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.json().error.fields.email);
    const closed = await buildSpace(t.services, { visibility: "private", enabledModules: ["news"] });
    assert.equal((await t.app.inject({ method: "POST", url: `/api/v1/spaces/${closed.slug}/newsletter/subscribers`, payload: { email: "x@example.org" } })).statusCode, 404);

    const [row] = await t.services.db.insert(newsletterSubscribers).values({ spaceId: space.id, email: "api.leaver@example.org", status: "active", confirmedAt: t.clock.now() }).returning();
    const token = await recipientToken(t.services.db, space.id, { kind: "subscriber", subscriberId: row.id });
    const other = await buildSpace(t.services, { enabledModules: ["news"] });
    assert.equal((await t.app.inject({ method: "DELETE", url: `/api/v1/spaces/${other.slug}/newsletter/subscribers`, payload: { token } })).statusCode, 404, "the token belongs to another space");
    const deleted = await t.app.inject({ method: "DELETE", url: `/api/v1/spaces/${space.slug}/newsletter/subscribers`, payload: { token } });
    assert.equal(deleted.statusCode, 200);
    assert.equal((await rowsFor("api.leaver@example.org"))[0].status, "unsubscribed");
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.ok(spec.paths["/api/v1/spaces/{slug}/newsletter/subscribers"]?.post && spec.paths["/api/v1/spaces/{slug}/newsletter/subscribers"]?.delete);
    assert.ok(spec.paths["/api/v1/mail/bounces"]?.post);
  });

  it("bounces through the API: hard suppresses at once, soft after three in 30 days, complaints at once; admin-only scope", async () => {
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const user = await buildUser(t.services);
    const adminToken = (await createApiToken(t.services.db, { userId: admin.id, name: "bounces", scopes: ["mail:bounces"] })).secret;
    const wrongScope = (await createApiToken(t.services.db, { userId: admin.id, name: "other", scopes: ["account:read"] })).secret;
    const notAdmin = (await createApiToken(t.services.db, { userId: user.id, name: "bounces", scopes: ["mail:bounces"] })).secret;
    const send = (token: string | null, body: Buffer) =>
      t.app.inject({ method: "POST", url: "/api/v1/mail/bounces", payload: body, headers: { "content-type": "message/rfc822", ...(token ? { authorization: `Bearer ${token}` } : {}) } });

    assert.equal((await send(null, fixture("hard-bounce.eml"))).statusCode, 401);
    assert.equal((await send(wrongScope, fixture("hard-bounce.eml"))).statusCode, 403);
    assert.equal((await send(notAdmin, fixture("hard-bounce.eml"))).statusCode, 403);
    assert.equal(await isSuppressed(t.services.db, "gone@example.org"), false);

    const hard = await send(adminToken, fixture("hard-bounce.eml"));
    assert.equal(hard.statusCode, 200);
    assert.deepEqual(hard.json().recipients, [{ email: "gone@example.org", kind: "hard", status_code: "5.1.1", is_suppressed: true }]);
    const [suppression] = await t.services.db.select().from(mailSuppressions).where(eq(mailSuppressions.email, "gone@example.org"));
    assert.equal(suppression.reason, "hard_bounce");

    for (let attempt = 1; attempt <= 3; attempt++) {
      const soft = await send(adminToken, fixture("soft-bounce.eml"));
      assert.deepEqual(soft.json().recipients[0], { email: "full@example.net", kind: "soft", status_code: "4.2.2", is_suppressed: attempt === 3 });
      t.clock.advance(86_400_000);
    }
    assert.ok(await isSuppressed(t.services.db, "full@example.net"));
    assert.equal((await t.services.db.select().from(mailBounces).where(eq(mailBounces.email, "full@example.net"))).length, 3);

    const complaint = await send(adminToken, fixture("complaint.eml"));
    assert.deepEqual(complaint.json().recipients, [{ email: "angry@example.com", kind: "complaint", status_code: "", is_suppressed: true }]);
    assert.equal((await t.services.db.select().from(mailSuppressions).where(eq(mailSuppressions.email, "angry@example.com")))[0].reason, "complaint");

    const notReport = await send(adminToken, Buffer.from("From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nJust a mail.\r\n"));
    assert.deepEqual(notReport.json().recipients, []);
  });

  it("soft bounces spread over more than 30 days do not suppress", async () => {
    const { processBounceMessage } = await import("./bounces");
    const report = fixture("soft-bounce.eml").toString("utf8").replaceAll("full@example.net", "spread@example.net");
    for (let attempt = 0; attempt < 3; attempt++) {
      await processBounceMessage(t.services, report);
      t.clock.advance(20 * 86_400_000);
    }
    assert.equal(await isSuppressed(t.services.db, "spread@example.net"), false);
  });

  it("bounces through the inbound SMTP listener", async () => {
    const listener = await startBounceListener(t.services, { port: 0, host: "127.0.0.1", logger: { info() {}, warn() {} } });
    try {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
      const raw = fixture("hard-bounce.eml").toString("utf8").replaceAll("gone@example.org", "smtp.gone@example.org").replaceAll("Gone@Example.org", "Smtp.Gone@Example.org");
      await transport.sendMail({ envelope: { from: "", to: ["bounces@convene.test"] }, raw });
      transport.close();
      assert.ok(await isSuppressed(t.services.db, "smtp.gone@example.org"));
    } finally {
      await listener.close();
    }
  });

  it("admin page lists suppressions, adds and removes by hand (admins only)", async () => {
    const admin = await new Browser(t.app).logIn((await buildUser(t.services, { isPlatformAdmin: true })).email, TEST_PASSWORD);
    const nobody = await new Browser(t.app).logIn((await buildUser(t.services)).email, TEST_PASSWORD);
    assert.equal((await nobody.get("/admin/mail/suppressions")).statusCode, 403);
    assert.equal((await admin.post("/admin/mail/suppressions", { email: "bad", detail: "" })).statusCode, 422);
    assert.equal((await admin.post("/admin/mail/suppressions", { email: "Manual@Example.org", detail: `${XSS} asked by phone` })).statusCode, 303);
    const page = await admin.get("/admin/mail/suppressions?q=manual");
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("manual@example.org"));
    assert.ok(!page.body.includes(XSS));
    assert.equal((await admin.post("/admin/mail/suppressions/remove", { email: "manual@example.org" })).statusCode, 303);
    assert.equal(await isSuppressed(t.services.db, "manual@example.org"), false);
  });

  it("personal data: subscriptions are in the export and erased with the account", async () => {
    const person = await buildUser(t.services, { email: "person@example.org" });
    await t.services.db.insert(newsletterSubscribers).values([
      { spaceId: space.id, userId: person.id, status: "active", digest: "weekly", source: "account" },
      { spaceId: (await buildSpace(t.services, { enabledModules: ["news"] })).id, email: "person@example.org", status: "active", confirmedAt: t.clock.now() },
    ]);
    const exported = (await exportAccount(t.services, person.id)) as Record<string, unknown>;
    const section = exported.newsletters as { subscriptions: unknown[] };
    assert.equal(section.subscriptions.length, 2);
    await deleteAccount(t.services, person.id, TEST_PASSWORD);
    assert.equal((await t.services.db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.userId, person.id))).length, 0);
    assert.equal((await t.services.db.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, "person@example.org"))).length, 0);
  });
});
