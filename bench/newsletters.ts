// `npm run bench:newsletters`: sends one newsletter to --recipients N subscribers (default 50,000) of a fresh space
// through the real send path (materialised deliveries, job batches, one transaction per mail that ends the SMTP
// message before it commits) into an in-process `smtp-server` sink, and reports mails per second and peak memory
// (RSS of the process, and PSS from /proc when the kernel has it). The sink runs in the same process and shares its
// CPU. On the embedded PostgreSQL, and with --postgres on a scratch database on PostgreSQL. It reports; it asserts nothing.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { queryRows } from "../src/db/sql";
import { createNewsletter } from "../src/modules/newsletters/issues/commands";
import { startSending } from "../src/modules/newsletters/issues/send";
import { addSpaceRole, buildSpace } from "../src/modules/spaces/factories";
import { buildUser } from "../src/testing/factories";
import { wholeNumberOption } from "./measure";
import { DATABASE_USAGE, forEachTarget, readBenchOptions } from "./options";
import { peakRssMb, withConvene, type Target } from "./target";

const USAGE = `npm run bench:newsletters -- [options]

  --recipients N   subscribers the newsletter goes to (default 50000)
  --rate N         NEWSLETTER_RATE_PER_MINUTE (default 1000000: unthrottled, to measure the sender)
${DATABASE_USAGE}`;

/** Proportional set size of this process in MB (shared pages split among their users), when /proc has it. */
function pssMb(): number | null {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync("/proc/self/smaps_rollup", "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function startSink(): Promise<{ server: SMTPServer; port: number; count: () => number; bytes: () => number }> {
  let messages = 0;
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", (chunk: Buffer) => (total += chunk.length));
      stream.on("end", () => {
        messages++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, count: () => messages, bytes: () => total };
}

async function run(target: Target, recipients: number, rate: number): Promise<void> {
  const sink = await startSink();
  try {
    await withConvene(target, { pageCacheMs: 0, logLevel: "silent", env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, NEWSLETTER_RATE_PER_MINUTE: String(rate) } }, async ({ app }) => {
      const services = app.services;
      const space = await buildSpace(services, { enabledModules: ["news"], title: { en: "Bench space", ru: "Пространство для замеров" } });
      const coordinator = await buildUser(services);
      await addSpaceRole(services, space.id, coordinator.id, "coordinator");
      await services.db.execute(sql`
        insert into newsletter_subscribers (space_id, email, locale, status, source)
        select ${space.id}, 'reader' || n || '@bench.example', case when n % 3 = 0 then 'ru' else 'en' end, 'active', 'import'
        from generate_series(1, ${recipients}) n`);
      const newsletter = await createNewsletter(services, { id: coordinator.id }, space.id, {
        subject: { en: "Quarterly update", ru: "Новости квартала" },
        preheader: { en: "What partners did", ru: "Что сделали партнёры" },
        intro: { en: "Dear partners,\n\n" + "Progress on **commitments** and the next round of discussions. ".repeat(20), ru: "Уважаемые партнёры!\n\n" + "Ход выполнения **обязательств** и следующий раунд обсуждений. ".repeat(20) },
        segment: { audiences: ["subscribers"] },
      });
      const started = performance.now();
      await startSending(services, newsletter.id, coordinator.id);
      const materialised = performance.now();
      let peakPss = pssMb() ?? 0;
      const sampler = setInterval(() => (peakPss = Math.max(peakPss, pssMb() ?? 0)), 250);
      try {
        for (;;) {
          await services.jobs.drain();
          const [row] = await queryRows<{ status: string }>(services.db, sql`select status from newsletters where id = ${newsletter.id}`);
          if (row?.status !== "sending") break;
        }
      } finally {
        clearInterval(sampler);
      }
      const finished = performance.now();
      const [counts] = await queryRows<{ sent: number | string; pending: number | string }>(services.db, sql`
        select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'pending') as pending from newsletter_deliveries where newsletter_id = ${newsletter.id}`);
      const seconds = (finished - materialised) / 1000;
      console.log(`\n${target.label}: ${recipients} recipients`);
      console.log(`  materialise recipients  ${Math.round(materialised - started)} ms`);
      console.log(`  send                    ${seconds.toFixed(1)} s  →  ${Math.round(Number(counts.sent) / seconds)} mails/s`);
      console.log(`  received by the sink    ${sink.count()} mails (with the demo seed's newsletter), ${Math.round(sink.bytes() / 1024 / 1024)} MB (sent ${counts.sent}, pending ${counts.pending})`);
      console.log(`  peak memory             RSS ${peakRssMb()} MB, PSS ${peakPss || "n/a"} MB (this process: Convene, its database client and the sink; the database server is not counted)`);
    });
  } finally {
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
  }
}

async function main(): Promise<void> {
  const { values, databases } = readBenchOptions(USAGE, { recipients: "50000", rate: "1000000" });
  const recipients = wholeNumberOption("recipients", values.recipients, 1);
  const rate = wholeNumberOption("rate", values.rate, 1);
  await forEachTarget(databases, { embeddedFolder: "newsletters", postgresPrefix: "bench_newsletters" }, (target) => run(target, recipients, rate));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
