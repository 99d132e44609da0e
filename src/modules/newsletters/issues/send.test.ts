import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { queryRows } from "../../../db/sql";
import { conveneNodeArgs } from "../../../testing/convene-command";
import { createTestApp, type TestApp } from "../../../testing/harness";
import { buildUser } from "../../../testing/factories";
import { addSpaceRole, buildSpace } from "../../spaces/factories";
import { mailSuppressions } from "../schema";
import { readRecipientToken } from "../tokens";
import { sendNewsletterNow } from "./commands";
import { buildNewsletter } from "./factories";
import { newsletters } from "./schema";
import { RESUME_JOB } from "./send";

type Received = { to: string; raw: Buffer };

/** A real SMTP peer that keeps a message only once its end (the terminator) has arrived. */
async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((recipient) => recipient.address).join(","), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

const RECIPIENTS = 5_000;

describe("sending a newsletter", () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let dataDir: string;
  before(async () => {
    smtp = await startSmtpServer();
    dataDir = mkdtempSync(join(tmpdir(), "convene-newsletter-"));
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, NEWSLETTER_RATE_PER_MINUTE: "1000000" }, isReferenceSeeded: false });
  });
  after(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** `convene jobs` on the test's database: drains the queue (the send re-queues itself). */
  const worker = (): ChildProcess =>
    spawn(process.execPath, [...conveneNodeArgs(process.cwd()), "jobs"], {
      env: {
        ...process.env,
        DATABASE_URL: t.database.url,
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        PUBLIC_URL: "http://convene.test",
        NEWSLETTER_RATE_PER_MINUTE: "1000000",
        CONVENE_DATA_DIR: dataDir,
        CONVENE_DEMO: "false",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  it(`reaches each of ${RECIPIENTS} recipients exactly once although the sending process is killed mid-send`, async () => {
    const s = t.services;
    const space = await buildSpace(s, { enabledModules: ["news"] });
    const coordinator = await buildUser(s, { email: "coordinator@example.org" });
    await addSpaceRole(s, space.id, coordinator.id, "coordinator");
    await s.db.execute(sql`
      insert into newsletter_subscribers (space_id, email, locale, status, source)
      select ${space.id}, 'reader' || lpad(n::text, 5, '0') || '@example.net', case when n % 2 = 0 then 'ru' else 'en' end, 'active', 'import'
      from generate_series(1, ${RECIPIENTS - 1}) n`);
    // suppressed after the recipients were materialised: skipped at send time
    await s.db.execute(sql`insert into newsletter_subscribers (space_id, email, status, source) values (${space.id}, 'late-bounce@example.net', 'active', 'import')`);
    const newsletter = await buildNewsletter(s, space.id, coordinator.id, { segment: { audiences: ["members", "subscribers"] } });
    await sendNewsletterNow(s, { id: coordinator.id }, space.id, newsletter.id);
    await s.db.insert(mailSuppressions).values({ email: "late-bounce@example.net", reason: "hard_bounce" });
    const [started] = await s.db.select().from(newsletters).where(eq(newsletters.id, newsletter.id));
    assert.equal(started.status, "sending");
    assert.equal(started.recipientCount, RECIPIENTS + 1, "every subscriber and the coordinator, materialised once");

    // first process: killed without warning once a good part has gone out
    const first = worker();
    let stderr = "";
    first.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const firstExit = exited(first);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (smtp.received.length >= 1_500) {
          clearInterval(timer);
          first.kill("SIGKILL");
          resolve();
        }
      }, 5);
      void firstExit.then((code) => {
        clearInterval(timer);
        reject(new Error(`the worker ended by itself (${code}) after ${smtp.received.length} mails: ${stderr.slice(0, 2000)}`));
      });
    });
    await firstExit;
    const atKill = smtp.received.length;
    assert.ok(atKill < RECIPIENTS, `killed mid-send (${atKill} delivered)`);
    const [afterKill] = await s.db.select().from(newsletters).where(eq(newsletters.id, newsletter.id));
    assert.equal(afterKill.status, "sending", "still sending, under the dead process's lease");
    assert.ok(afterKill.leaseOwner, "the dead process still holds the lease");

    // a minute later the lease has run out; the periodic job resumes in a second process
    await s.db.execute(sql`update newsletters set lease_until = now() - interval '1 second' where id = ${newsletter.id}`);
    await s.jobs.enqueue(RESUME_JOB, {});
    const second = worker();
    assert.equal(await exited(second), 0);

    const [done] = await s.db.select().from(newsletters).where(eq(newsletters.id, newsletter.id));
    const notSent = await queryRows<{ email: string; status: string; error: string | null }>(s.db, sql`select email, status, error from newsletter_deliveries where newsletter_id = ${newsletter.id} and status <> 'sent'`);
    assert.equal(done.status, "sent");
    assert.equal(done.sentCount, RECIPIENTS, `not sent: ${JSON.stringify(notSent)}`);
    assert.equal(done.skippedCount, 1);
    assert.equal(done.failedCount, 0);
    const perAddress = new Map<string, number>();
    for (const mail of smtp.received) perAddress.set(mail.to, (perAddress.get(mail.to) ?? 0) + 1);
    assert.deepEqual([...perAddress.values()].filter((count) => count !== 1), [], "nobody got it twice");
    // At most once: a mail killed between its committed mark and its end is discarded by the server, so up to one
    // recipient per connection (8) may miss it; every other recipient got it.
    assert.ok(perAddress.size >= RECIPIENTS - 8 && perAddress.size <= RECIPIENTS, `${perAddress.size} of ${RECIPIENTS} recipients got it`);
    assert.equal(perAddress.has("late-bounce@example.net"), false, "suppressed meanwhile: skipped");
    const [row] = await queryRows<{ count: number | string }>(s.db, sql`select count(*) as count from newsletter_deliveries where newsletter_id = ${newsletter.id} and status = 'sent'`);
    assert.equal(Number(row.count), RECIPIENTS);

    // the mails themselves: list headers, language, both parts, inlined CSS, personal links
    const find = async (address: string) => simpleParser(smtp.received.find((mail) => mail.to === address)?.raw ?? Buffer.alloc(0));
    const russian = await find("reader00002@example.net");
    assert.equal(russian.subject, "<script>alert(1)</script> Весенние новости");
    assert.equal(russian.headers.get("content-language"), "ru");
    const listId = russian.headerLines.find((line) => line.key === "list-id")?.line ?? "";
    assert.match(listId, /^List-Id: <[\w-]+\.newsletters\.convene\.test>$/i);
    const unsubscribeLine = russian.headerLines.find((line) => line.key === "list-unsubscribe")?.line ?? "";
    const unsubscribe = /<(http:\/\/convene\.test\/newsletters\/unsubscribe\/([\w-]+))>/.exec(unsubscribeLine);
    assert.ok(unsubscribe, "List-Unsubscribe carries the one-click URL");
    assert.equal(russian.headerLines.find((line) => line.key === "list-unsubscribe-post")?.line, "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const token = await readRecipientToken(s.db, unsubscribe[2]);
    assert.equal(token?.spaceId, space.id);
    assert.equal(token?.recipient.kind, "subscriber");
    assert.match(russian.text ?? "", /Здравствуйте, все <script>alert\(1\)<\/script>/);
    assert.match(russian.text ?? "", /Отписаться: http:\/\/convene\.test\/newsletters\/unsubscribe\//);
    assert.match(String(russian.html), /<h1 style="[^"]+">&lt;script&gt;alert\(1\)&lt;\/script&gt; Весенние новости<\/h1>/, "CSS inlined, text escaped");
    assert.match(String(russian.html), /<strong>все<\/strong>/);
    assert.doesNotMatch(String(russian.html), /<script>/);
    const english = await find("reader00001@example.net");
    assert.equal(english.subject, "<script>alert(1)</script> Spring update");
    assert.equal(english.headers.get("content-language"), "en");
    assert.notEqual(english.headerLines.find((line) => line.key === "list-unsubscribe")?.line, unsubscribeLine, "each recipient has their own link");
  });
});
