import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD, XSS, type BuiltUser } from "../../testing/factories";
import { recordAudit } from "../audit/record";
import { auditLog, jobs, users } from "../schema";

const ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;";

describe("platform administration", () => {
  let t: TestApp;
  let admin: BuiltUser;
  let member: BuiltUser;
  let adminBrowser: Browser;
  let memberBrowser: Browser;
  let mailName: string;
  let failedJobId: number;

  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
    admin = await buildUser(t.services, { isPlatformAdmin: true });
    member = await buildUser(t.services);
    adminBrowser = await new Browser(t.app).logIn(admin.email, TEST_PASSWORD);
    memberBrowser = await new Browser(t.app).logIn(member.email, TEST_PASSWORD);
    await t.services.mailer.queue({ to: "reader@example.org", subject: `${XSS} Welcome aboard`, text: `Hello ${XSS},\n\nopen http://convene.test/verify-email?token=abc123. Then log in.\n`, locale: "en" });
    failedJobId = await t.services.jobs.enqueue("test.no-such-kind", {}, { maxAttempts: 1 });
    await t.services.jobs.drain();
    [mailName] = readdirSync(t.outboxDir);
  });
  after(async () => t.close());

  const pages = () => ["/admin", "/admin/languages", "/admin/outbox", `/admin/outbox/${mailName}`, "/admin/jobs", "/admin/jobs?status=failed", "/admin/audit", "/admin/users", "/admin/users?q=example"];

  it("answers 401 to anonymous visitors, 403 to members and 200 to platform admins on every admin page", async () => {
    const anonymous = new Browser(t.app);
    for (const page of pages()) {
      const anonymousResponse = await anonymous.get(page);
      assert.equal(anonymousResponse.statusCode, 401, `anonymous ${page}`);
      assert.match(anonymousResponse.body, /href="\/login\?next=/, `anonymous ${page} is offered the login`);
      assert.equal((await memberBrowser.get(page)).statusCode, 403, `member ${page}`);
      const adminResponse = await adminBrowser.get(page);
      assert.equal(adminResponse.statusCode, 200, `admin ${page}`);
      assert.ok(!adminResponse.body.includes(XSS), `${page} escapes user content`);
    }
  });

  it("refuses the admin actions to anonymous visitors and members", async () => {
    const actions = [`/admin/jobs/${failedJobId}/retry`, `/admin/users/${member.id}/platform-admin`];
    for (const action of actions) {
      assert.equal((await new Browser(t.app).post(action, { isPlatformAdmin: "true" })).statusCode, 401, `anonymous ${action}`);
      assert.equal((await memberBrowser.post(action, { isPlatformAdmin: "true" })).statusCode, 403, `member ${action}`);
    }
    const [row] = await t.services.db.select().from(users).where(eq(users.id, member.id));
    assert.equal(row.isPlatformAdmin, false);
    const [job] = await t.services.db.select().from(jobs).where(eq(jobs.id, failedJobId));
    assert.equal(job.status, "failed");
  });

  it("shows counts and links on the overview", async () => {
    const page = await adminBrowser.get("/admin");
    assert.match(page.body, /href="\/admin\/outbox"/);
    assert.match(page.body, /href="\/admin\/jobs"/);
    assert.match(page.body, /href="\/admin\/audit"/);
    assert.match(page.body, /href="\/admin\/users"/);
    assert.match(page.body, /href="\/admin\/spaces\/new"/);
    assert.match(page.body, /<a href="\/admin\/moderation">Moderation<\/a>/);
    assert.match(page.body, /1 message in the outbox/);
    assert.match(page.body, /1 failed job/);
    const russian = await adminBrowser.get("/admin?lang=ru");
    assert.match(russian.body, /1 письмо в папке исходящих/);
    assert.match(russian.body, /1 задача завершилась ошибкой/);
    await adminBrowser.get("/admin?lang=en");
  });

  it("lists the outbox newest first and shows a message with its headers and clickable links, all escaped", async () => {
    const list = await adminBrowser.get("/admin/outbox");
    assert.ok(list.body.includes(`${ESCAPED_XSS} Welcome aboard`));
    assert.ok(list.body.includes("reader@example.org"));
    assert.ok(list.body.includes(`href="/admin/outbox/${mailName}"`));
    assert.ok(!list.body.includes(XSS));

    const message = await adminBrowser.get(`/admin/outbox/${mailName}`);
    assert.equal(message.statusCode, 200);
    assert.ok(message.body.includes(`<h1>${ESCAPED_XSS} Welcome aboard</h1>`));
    assert.ok(message.body.includes("reader@example.org"));
    assert.ok(message.body.includes("no-reply@convene.localhost"), "the From header is shown");
    assert.ok(message.body.includes(`Hello ${ESCAPED_XSS},`));
    assert.ok(message.body.includes('<a href="http://convene.test/verify-email?token=abc123" rel="noreferrer noopener">http://convene.test/verify-email?token=abc123</a>.'), "the link is clickable; the full stop stays outside it");
    assert.ok(!message.body.includes(XSS));
  });

  it("pages through the outbox newest first", async () => {
    for (const subject of ["Second message", "Third message"]) await t.services.mailer.queue({ to: "pager@example.org", subject, text: "Body" });
    await t.services.jobs.drain();
    const first = await adminBrowser.get("/admin/outbox?limit=2");
    assert.equal(first.statusCode, 200);
    const next = /href="(\/admin\/outbox\?after=[^"]+)" rel="next"/.exec(first.body)?.[1];
    assert.ok(next, "a next-page link");
    const second = await adminBrowser.get(next.replace(/&amp;/g, "&"));
    assert.equal(second.statusCode, 200);
    assert.ok(second.body.includes("Welcome aboard"), "the oldest message is on the second page");
    assert.ok(!second.body.includes("Third message"));
    assert.ok(!/rel="next"/.test(second.body));
    assert.equal((await adminBrowser.get("/admin/outbox?after=..%2Fetc%2Fpasswd")).statusCode, 400);
  });

  it("refuses names that are not .eml files inside the outbox folder", async () => {
    const outside = mkdtempSync(join(tmpdir(), "convene-outside-"));
    try {
      writeFileSync(join(outside, "secret.eml"), "Subject: secret\r\n\r\nnot for the admin page\r\n");
      symlinkSync(join(outside, "secret.eml"), join(t.outboxDir, "linked.eml"));
      writeFileSync(join(t.outboxDir, "notes.txt"), "Subject: notes\r\n\r\nnot a message\r\n");
      const outsideName = outside.split("/").pop() ?? "";
      for (const path of [
        "/admin/outbox/..%2F..%2F..%2Fetc%2Fpasswd",
        `/admin/outbox/..%2F${outsideName}%2Fsecret.eml`,
        "/admin/outbox/..",
        "/admin/outbox/notes.txt",
        "/admin/outbox/linked.eml",
        `/admin/outbox/.${mailName}`,
      ]) {
        const response = await adminBrowser.get(path);
        assert.equal(response.statusCode, 404, path);
        assert.ok(!response.body.includes("not for the admin page"), path);
      }
      const list = await adminBrowser.get("/admin/outbox");
      assert.ok(!list.body.includes("notes.txt"));
    } finally {
      rmSync(join(t.outboxDir, "linked.eml"), { force: true });
      rmSync(join(t.outboxDir, "notes.txt"), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("filters jobs by status and kind and shows the last error", async () => {
    const failed = await adminBrowser.get("/admin/jobs?status=failed");
    assert.match(failed.body, /test\.no-such-kind/);
    assert.match(failed.body, /no handler registered for job kind &quot;test\.no-such-kind&quot;/);
    assert.match(failed.body, /Retry now/);
    assert.ok(!failed.body.includes("<code>mail.send</code>"), "done mail jobs are filtered out");
    const done = await adminBrowser.get("/admin/jobs?status=done&kind=mail.send");
    assert.ok(done.body.includes("<code>mail.send</code>"));
    assert.ok(!done.body.includes("<code>test.no-such-kind</code>"));
    assert.match(done.body, /<option value="mail.send" selected>/, "the filter shows what was chosen");
    assert.ok(!done.body.includes("Retry now"), "only failed jobs can be retried");
    assert.ok(!done.body.includes("abc123"), "job payloads (which carry login links) are not shown");
    const invalid = await adminBrowser.get("/admin/jobs?status=exploded");
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /id="field-status-error"/);
  });

  it("retries a failed job now, keeping its attempts and allowing one more, and audits it", async () => {
    const before = (await t.services.db.select().from(jobs).where(eq(jobs.id, failedJobId)))[0];
    assert.equal(before.status, "failed");
    t.clock.advance(3_600_000);
    const response = await adminBrowser.post(`/admin/jobs/${failedJobId}/retry`, {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, "/admin/jobs");
    const [job] = await t.services.db.select().from(jobs).where(eq(jobs.id, failedJobId));
    assert.equal(job.status, "pending");
    assert.equal(job.attempts, before.attempts);
    assert.equal(job.maxAttempts, before.maxAttempts + 1);
    assert.equal(job.runAt.getTime(), t.clock.now().getTime());
    assert.equal(job.finishedAt, null);
    const [entry] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "job.retried"), eq(auditLog.subjectId, String(failedJobId))));
    assert.equal(entry.actorUserId, admin.id);
    assert.equal(entry.subjectType, "job");
    assert.deepEqual(entry.details, { kind: "test.no-such-kind", attempts: 1, maxAttempts: 2 });
    assert.match((await adminBrowser.get("/admin/jobs")).body, /The job is queued again/);

    const again = await adminBrowser.post(`/admin/jobs/${failedJobId}/retry`, {});
    assert.equal(again.statusCode, 409, "a job that is not failed cannot be retried");
    assert.equal((await adminBrowser.post("/admin/jobs/999999999/retry", {})).statusCode, 404);
    assert.equal((await adminBrowser.post("/admin/jobs/abc/retry", {})).statusCode, 404);

    // With its extra attempt it runs (and fails) once more, then stays failed.
    await t.services.jobs.drain();
    const [retried] = await t.services.db.select().from(jobs).where(eq(jobs.id, failedJobId));
    assert.equal(retried.status, "failed");
    assert.equal(retried.attempts, 2);
  });

  it("filters the audit log by action prefix, subject type, actor email and space, newest first with pages", async () => {
    const auditor = await buildUser(t.services, { email: "auditor@example.org", displayName: `${XSS} Auditor` });
    const gone = await buildUser(t.services, { email: "gone@example.org" });
    const spaceId = randomUUID();
    await recordAudit(t.services.db, { actorUserId: auditor.id, action: "trial.space.created", subjectType: "trial_space", subjectId: "s-1", spaceId, details: { slug: "action-agenda", isPublic: true, modules: ["consultations", "commitments"] } });
    await recordAudit(t.services.db, { actorUserId: auditor.id, action: "trial.space.role_granted", subjectType: "trial_membership", subjectId: "m-1", spaceId, details: { role: XSS } });
    await recordAudit(t.services.db, { actorUserId: gone.id, action: "trial.organisation.created", subjectType: "trial_organisation", subjectId: "o-1" });
    await t.services.db.update(users).set({ deletedAt: t.clock.now(), displayName: "", email: `deleted-${gone.id}@deleted.invalid` }).where(eq(users.id, gone.id));

    const byPrefix = await adminBrowser.get("/admin/audit?action=trial.space.");
    assert.equal(byPrefix.statusCode, 200);
    assert.ok(byPrefix.body.includes("trial.space.created"));
    assert.ok(byPrefix.body.includes("trial.space.role_granted"));
    assert.ok(!byPrefix.body.includes("trial.organisation.created"));
    assert.ok(byPrefix.body.indexOf("trial.space.role_granted") < byPrefix.body.indexOf("trial.space.created"), "newest first");
    assert.ok(byPrefix.body.includes(`${ESCAPED_XSS} Auditor`), "the actor's name, escaped");
    assert.ok(byPrefix.body.includes("<dt><code>slug</code></dt><dd>action-agenda</dd>"), "details as key and value");
    assert.ok(byPrefix.body.includes("<dt><code>isPublic</code></dt><dd>yes</dd>"));
    assert.ok(byPrefix.body.includes("<dt><code>modules</code></dt><dd>consultations, commitments</dd>"));
    assert.ok(byPrefix.body.includes(`<dd>${ESCAPED_XSS}</dd>`));
    assert.ok(!byPrefix.body.includes(XSS));

    const bySubject = await adminBrowser.get("/admin/audit?subjectType=trial_organisation");
    assert.ok(bySubject.body.includes("trial.organisation.created"));
    assert.ok(!bySubject.body.includes("trial.space.created"));
    assert.ok(bySubject.body.includes("Deleted user"), "a deleted actor is shown as such");

    const byActor = await adminBrowser.get("/admin/audit?actor=AUDITOR@example");
    assert.ok(byActor.body.includes("trial.space.created"));
    assert.ok(!byActor.body.includes("trial.organisation.created"));
    assert.ok(!byActor.body.includes("job.retried"));

    const bySpace = await adminBrowser.get(`/admin/audit?spaceId=${spaceId}`);
    assert.ok(bySpace.body.includes("trial.space.created"));
    assert.ok(bySpace.body.includes("trial.space.role_granted"));
    assert.ok(!bySpace.body.includes("trial.organisation.created"));

    const wildcard = await adminBrowser.get("/admin/audit?action=%25");
    assert.ok(!wildcard.body.includes("trial.space.created"), "a % in the prefix is a character, not a wildcard");

    const invalid = await adminBrowser.get("/admin/audit?spaceId=not-a-uuid&action=trial.");
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /id="field-spaceId-error"/);
    assert.match(invalid.body, /value="not-a-uuid"/, "what was typed is kept");

    const firstPage = await adminBrowser.get("/admin/audit?action=trial.&limit=2");
    assert.ok(firstPage.body.includes("trial.organisation.created"));
    assert.ok(firstPage.body.includes("trial.space.role_granted"));
    assert.ok(!firstPage.body.includes("trial.space.created"));
    const next = /href="([^"]+)" rel="next"/.exec(firstPage.body)?.[1];
    assert.ok(next);
    const secondPage = await adminBrowser.get(next.replace(/&amp;/g, "&"));
    assert.ok(secondPage.body.includes("trial.space.created"));
    assert.ok(!secondPage.body.includes("trial.organisation.created"));
    assert.ok(!/rel="next"/.test(secondPage.body));
    assert.equal((await adminBrowser.get("/admin/audit?cursor=garbage")).statusCode, 400);
  });

  it("searches users by email or name and shows whether they are verified, locked or admin", async () => {
    const unverified = await buildUser(t.services, { email: "zarina@example.org", displayName: `${XSS} Zarina`, isVerified: false });
    await t.services.db.update(users).set({ lockedUntil: new Date(t.clock.now().getTime() + 600_000) }).where(eq(users.id, unverified.id));
    const byEmail = await adminBrowser.get("/admin/users?q=ZARINA@");
    assert.ok(byEmail.body.includes(`${ESCAPED_XSS} Zarina`));
    assert.ok(byEmail.body.includes("Email not confirmed"));
    assert.ok(byEmail.body.includes("Locked until"));
    assert.ok(!byEmail.body.includes(member.email));
    assert.ok(!byEmail.body.includes(XSS));
    const byName = await adminBrowser.get("/admin/users?q=zarina");
    assert.ok(byName.body.includes("zarina@example.org"));
    const self = await adminBrowser.get(`/admin/users?q=${encodeURIComponent(admin.email)}`);
    assert.ok(self.body.includes("Platform administrator"));
    assert.ok(self.body.includes("(you)"));
    assert.ok(!self.body.includes(`/admin/users/${admin.id}/platform-admin`), "no button to change one's own rights");
  });

  it("grants and revokes platform admin, audited, but never for oneself", async () => {
    const granted = await adminBrowser.post(`/admin/users/${member.id}/platform-admin`, { isPlatformAdmin: "true", q: "example" });
    assert.equal(granted.statusCode, 303);
    assert.equal(granted.headers.location, "/admin/users?q=example");
    assert.equal((await t.services.db.select().from(users).where(eq(users.id, member.id)))[0].isPlatformAdmin, true);
    assert.equal((await memberBrowser.get("/admin")).statusCode, 200, "the new admin's session has the right at once");
    const [grant] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "user.platform_admin_granted"), eq(auditLog.subjectId, member.id)));
    assert.equal(grant.actorUserId, admin.id);
    assert.equal(grant.subjectType, "user");

    const revoked = await adminBrowser.post(`/admin/users/${member.id}/platform-admin`, { isPlatformAdmin: "false" });
    assert.equal(revoked.statusCode, 303);
    assert.equal((await t.services.db.select().from(users).where(eq(users.id, member.id)))[0].isPlatformAdmin, false);
    assert.equal((await memberBrowser.get("/admin")).statusCode, 403);
    const [revoke] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, "user.platform_admin_revoked"), eq(auditLog.subjectId, member.id)));
    assert.equal(revoke.actorUserId, admin.id);

    const log = await adminBrowser.get("/admin/audit?action=user.platform_admin");
    assert.ok(log.body.includes("user.platform_admin_revoked"));
    assert.ok(log.body.includes(`user: ${ESCAPED_XSS} Tester`), "the subject user is named, escaped");

    const selfRevoke = await adminBrowser.post(`/admin/users/${admin.id}/platform-admin`, { isPlatformAdmin: "false" });
    assert.equal(selfRevoke.statusCode, 403);
    assert.match(selfRevoke.body, /cannot change your own administrator rights/);
    assert.equal((await t.services.db.select().from(users).where(eq(users.id, admin.id)))[0].isPlatformAdmin, true);

    const unchanged = await adminBrowser.post(`/admin/users/${member.id}/platform-admin`, { isPlatformAdmin: "false" });
    assert.equal(unchanged.statusCode, 303);
    assert.equal((await t.services.db.select().from(auditLog).where(eq(auditLog.subjectId, member.id))).length, 2, "a no-op is not audited");
    assert.equal((await adminBrowser.post(`/admin/users/${randomUUID()}/platform-admin`, { isPlatformAdmin: "true" })).statusCode, 404);
    assert.equal((await adminBrowser.post(`/admin/users/${member.id}/platform-admin`, { isPlatformAdmin: "maybe" })).statusCode, 400);
  });
});
