import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, TEST_PASSWORD } from "../../testing/factories";
import { backoffMs } from "../jobs/queue";
import { jobs } from "../schema";
import { MAIL_JOB } from "./mailer";

type Delivery = { envelopeTo: string[]; raw: Buffer };

/** A real SMTP peer on loopback that keeps what it is sent. */
async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      // Accepting only after the whole message is stored: the client's send resolves after this.
      stream.on("end", () => {
        deliveries.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, deliveries };
}

describe("mail through SMTP", () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let isSmtpRunning = true;
  before(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, isReferenceSeeded: false });
  });
  after(async () => {
    await t.close();
    if (isSmtpRunning) await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it("delivers the verification mail of a new account to the SMTP server, from the job queue", async () => {
    assert.equal(t.services.config.smtpUrl, `smtp://127.0.0.1:${smtp.port}`, "the harness passes env through to the config");
    const response = await new Browser(t.app).post("/register", { displayName: "Aliya Nurlanovna", email: "aliya@example.org", password: "a long enough password", locale: "en" });
    assert.equal(response.statusCode, 200);
    assert.equal(smtp.deliveries.length, 0, "nothing is sent inside the request");

    await t.services.jobs.drain();
    assert.equal(smtp.deliveries.length, 1);
    const [delivery] = smtp.deliveries;
    assert.deepEqual(delivery.envelopeTo, ["aliya@example.org"]);
    const mail = await simpleParser(delivery.raw);
    assert.equal(mail.subject, "Confirm your email address for Convene");
    assert.match(mail.text ?? "", /Hello Aliya Nurlanovna/);
    assert.match(mail.text ?? "", /http:\/\/convene\.test\/verify-email\?token=[\w-]{20,}/);
    assert.equal(mail.headers.get("content-language"), "en");

    const [job] = await t.services.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB));
    assert.equal(job.status, "done");
    assert.equal(job.attempts, 1);
    assert.deepEqual(readdirSync(t.outboxDir), [], "with SMTP configured nothing goes to the outbox folder");
  });

  it("says on the admin outbox page that mail goes to the SMTP server", async () => {
    const admin = await buildUser(t.services, { isPlatformAdmin: true });
    const browser = await new Browser(t.app).logIn(admin.email, TEST_PASSWORD);
    const page = await browser.get("/admin/outbox");
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`Mail goes to the SMTP server 127.0.0.1:${smtp.port}`));
    const overview = await browser.get("/admin");
    assert.ok(overview.body.includes(`Mail goes to the SMTP server 127.0.0.1:${smtp.port}.`));
  });

  it("retries with backoff while the SMTP server is down, then fails the job with the error", async () => {
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    isSmtpRunning = false;
    await new Browser(t.app).post("/register", { displayName: "Timur", email: "timur@example.org", password: "a long enough password", locale: "ru" });
    const [queued] = await t.services.db.select().from(jobs).where(eq(jobs.status, "pending"));
    assert.ok(queued, "the mail job is queued");
    const jobRow = async () => (await t.services.db.select().from(jobs).where(eq(jobs.id, queued.id)))[0];

    await t.services.jobs.drain();
    let job = await jobRow();
    assert.equal(job.status, "pending");
    assert.equal(job.attempts, 1);
    assert.equal(job.runAt.getTime(), t.clock.now().getTime() + backoffMs(1), "run_at moved 30 seconds on");
    assert.match(job.lastError ?? "", /ECONNREFUSED|connect/i);

    for (let attempt = 2; attempt <= job.maxAttempts; attempt++) {
      t.clock.advance(backoffMs(attempt - 1));
      assert.equal(await t.services.jobs.drain(), 1, `attempt ${attempt} runs once it is due`);
      job = await jobRow();
      assert.equal(job.attempts, attempt);
    }
    assert.equal(job.status, "failed");
    assert.equal(job.attempts, 5);
    assert.match(job.lastError ?? "", /ECONNREFUSED|connect/i);
    assert.ok(job.finishedAt);
    assert.equal(smtp.deliveries.length, 1, "nothing more was delivered");
  });
});
