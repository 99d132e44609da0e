// `npm run bench:consultations`: builds a consultation whose topic holds 2,000 contributions in threads, starts
// Convene in-process on a loopback port, loads the topic page (and its API list and Atom feed) with autocannon
// and compares each with a bare node:http server sending the same bytes; then lets 100 concurrent writers post
// contributions through the API for a fixed time and checks that every acknowledged (201) contribution is in
// the database. On the embedded PostgreSQL, and with --postgres on a scratch database on PostgreSQL. It reports; it asserts nothing.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app";
import { loadConfig } from "../src/config";
import { connectDatabase } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { queryRows } from "../src/db/sql";
import { createApiToken } from "../src/platform/api/tokens";
import { seedReference } from "../src/platform/demo";
import { moderationSettings } from "../src/platform/moderation/schema";
import { users } from "../src/platform/schema";
import { buildConsultation } from "../src/modules/consultations/factories";
import { contributionHtml } from "../src/modules/consultations/markdown";
import { consultationContributions } from "../src/modules/consultations/schema";
import { buildSpace } from "../src/modules/spaces/factories";
import { mark, wholeNumberOption } from "./measure";
import { DATABASE_USAGE, forEachTarget, pageLoadUsage, readPageBenchOptions, type DatabaseChoice, type PageLoad } from "./options";
import { measureVariants, printVariantTable, startConveneProcess, type VariantPage } from "./serve";
import { benchDir, peakRssMb, type Target } from "./target";

const SPACE = "bench-consultations";
const CONSULTATION = "bench-dialogue";

const USAGE = `npm run bench:consultations -- [options]

  --contributions N   contributions on the measured topic, in threads of 5 (default 2000)
${pageLoadUsage("1,2")}
                      (the writers post to each process count in turn; the page cache measures the topic page)
  --writers N         concurrent writers posting through the API (default 100)
  --write-seconds S   how long the writers post (default 10)
${DATABASE_USAGE}`;

type Options = { contributions: number; writers: number; writeSeconds: number; databases: DatabaseChoice } & PageLoad;

function readOptions(): Options {
  const { values, ...rest } = readPageBenchOptions(USAGE, { contributions: "2000", writers: "100", "write-seconds": "10" }, "1,2");
  return {
    contributions: wholeNumberOption("contributions", values.contributions, 1),
    writers: wholeNumberOption("writers", values.writers, 1),
    writeSeconds: wholeNumberOption("write-seconds", values["write-seconds"], 1),
    ...rest,
  };
}

type WriteResult = {
  writers: number;
  processes: number;
  seconds: number;
  attempts: number;
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  errors: number;
  missing: number;
  unacknowledgedButStored: number;
};
type Report = { database: string; setupSeconds: number; contributions: number; pages: VariantPage[]; notes: string[]; writes: WriteResult[]; peakRssMb: number };


/**
 * The benched data: a public space with generous posting limits (the default rate limit would stop each writer
 * after a handful of posts, which measures the limit, not the database), a consultation with one topic holding
 * `count` contributions in threads (a root with four replies, two levels deep; with body_html, as the app writes
 * them), 200 authors, and one API token (scope contributions:write) per writer, each for its own person.
 */
async function generate(app: FastifyInstance, count: number, writers: number): Promise<{ tokens: string[] }> {
  const services = app.services;
  const { db } = services;
  const space = await buildSpace(services, { slug: SPACE, title: { en: "Bench space", ru: "Пространство для замеров" }, enabledModules: ["consultations"] });
  await db
    .insert(moderationSettings)
    .values({ spaceId: space.id, postsPerHour: 1000, newAccountPostsPerHour: 1000, newAccountDays: 0 })
    .onConflictDoUpdate({ target: moderationSettings.spaceId, set: { postsPerHour: 1000, newAccountPostsPerHour: 1000, newAccountDays: 0 } });
  const consultation = await buildConsultation(services, {
    spaceId: space.id,
    spaceSlug: space.slug,
    slug: CONSULTATION,
    title: { en: "Bench dialogue on wetland restoration", ru: "Диалог о восстановлении водно-болотных угодий" },
    groups: [{ title: { en: "Week one", ru: "Первая неделя" }, topics: [{ title: { en: "Financing", ru: "Финансирование" }, questions: 3 }, { title: { en: "Writers' topic", ru: "Тема для записи" }, questions: 1 }] }],
  });
  const topic = consultation.groups[0]!.topics[0]!;
  const authorRows = await db
    .insert(users)
    .values(Array.from({ length: 200 + writers }, (_, index) => ({ email: `bench-${index}@example.org`, displayName: `Participant ${index + 1}`, locale: index % 3 ? "en" : "ru", emailVerifiedAt: services.clock.now() })))
    .returning({ id: users.id });
  const authors = authorRows.slice(0, 200).map((row) => row.id);
  const start = Date.now() - 30 * 86_400_000;
  const paragraph = (index: number) =>
    `Contribution ${index}: in our district the **wetland buffer** was restored with the water utility; the [project page](https://example.org/p/${index}) lists costs.\n\nWhat worked: a joint budget line, seasonal monitoring, and paying local rangers.`;
  let made = 0;
  let batch: (typeof consultationContributions.$inferInsert)[] = [];
  const flush = async () => {
    if (batch.length) await db.insert(consultationContributions).values(batch);
    batch = [];
  };
  for (let thread = 0; made < count; thread += 1) {
    const rootId = crypto.randomUUID();
    const at = (offset: number) => new Date(start + (thread * 5 + offset) * 60_000);
    const author = (offset: number) => authors[(thread * 5 + offset) % authors.length]!;
    batch.push({ id: rootId, consultationId: consultation.id, topicId: topic.id, questionId: topic.questionIds[thread % 3] ?? null, rootId, depth: 0, authorId: author(0), language: thread % 4 ? "en" : "ru", body: paragraph(made), bodyHtml: contributionHtml(paragraph(made)), createdAt: at(0) });
    made += 1;
    let parent = rootId;
    for (let reply = 1; reply <= 4 && made < count; reply += 1) {
      const id = crypto.randomUUID();
      // replies 1 and 2 form a chain (depth 1, 2); replies 3 and 4 answer the root
      const parentId = reply === 2 ? parent : rootId;
      const replyBody = `Reply ${reply}: ${paragraph(made).slice(0, 160)}`;
      batch.push({ id, consultationId: consultation.id, topicId: topic.id, parentId, rootId, depth: reply === 2 ? 2 : 1, authorId: author(reply), language: "en", body: replyBody, bodyHtml: contributionHtml(replyBody), createdAt: at(reply) });
      if (reply === 1) parent = id;
      made += 1;
    }
    if (batch.length >= 500) await flush();
  }
  await flush();
  const tokens: string[] = [];
  for (const row of authorRows.slice(200)) tokens.push((await createApiToken(db, { userId: row.id, name: "bench", scopes: ["contributions:write"] })).secret);
  return { tokens };
}

// The writers run in a child process, so the load generator does not share Convene's event loop (as autocannon
// does for the pages). Each writer posts, waits for the answer, and posts again until the time is up.
const WRITERS_SCRIPT = `
const { url, tokens, durationMs, prefix } = JSON.parse(process.env.BENCH_WRITERS);
const deadline = Date.now() + durationMs;
const acknowledged = [];
const statuses = {};
const latencies = [];
let attempts = 0;
async function writer(index) {
  for (let n = 1; Date.now() < deadline; n += 1) {
    const marker = prefix + "w" + index + "-n" + n;
    const started = performance.now();
    attempts += 1;
    try {
      const response = await fetch(url, { method: "POST", headers: { authorization: "Bearer " + tokens[index], "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ body: marker + ": restoring the riverbank with the district council worked when the budget line was shared.", language: "en" }) });
      const text = await response.text();
      latencies.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] || 0) + 1;
      if (response.status === 201) acknowledged.push({ marker, number: JSON.parse(text).number });
    } catch (error) {
      statuses.exception = (statuses.exception || 0) + 1;
    }
  }
}
await Promise.all(tokens.map((_, index) => writer(index)));
latencies.sort((a, b) => a - b);
const at = (share) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] : 0;
process.stdout.write(JSON.stringify({ acknowledged, statuses, attempts, p50: at(0.5), p99: at(0.99) }));
`;

type WritersOutput = { acknowledged: { marker: string; number: number }[]; statuses: Record<string, number>; attempts: number; p50: number; p99: number };

function runWriters(url: string, tokens: string[], seconds: number, prefix: string): Promise<WritersOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", WRITERS_SCRIPT], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, BENCH_WRITERS: JSON.stringify({ url, tokens, durationMs: seconds * 1000, prefix }) },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 120) * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`writers exited with ${code}: ${stderr.trim().slice(0, 500)}`));
      try {
        resolvePromise(JSON.parse(stdout) as WritersOutput);
      } catch (error) {
        reject(new Error(`cannot read the writers' output: ${(error as Error).message}`));
      }
    });
  });
}

/** Posts for a fixed time, then checks every acknowledged contribution against the database (by number and marker). */
async function benchWriters(app: FastifyInstance, baseUrl: string, tokens: string[], options: Options, processes: number): Promise<WriteResult> {
  const url = `${baseUrl}/api/v1/spaces/${SPACE}/consultations/${CONSULTATION}/topics/2/contributions`;
  process.stdout.write(`  ${tokens.length} writers posting for ${options.writeSeconds} s … `);
  const started = performance.now();
  const output = await runWriters(url, tokens, options.writeSeconds, `bench-p${processes}-`);
  const seconds = (performance.now() - started) / 1000;
  const stored = await queryRows<{ number: number | string; body: string }>(app.services.db, sql`
    select c.number, c.body from consultation_contributions c join consultation_topics t on t.id = c.topic_id
    join consultations co on co.id = t.consultation_id where co.slug = ${CONSULTATION} and t.number = 2`);
  const byNumber = new Map(stored.map((row) => [Number(row.number), row.body]));
  // Earlier rounds' posts are not this round's: only markers of this round count as unacknowledged.
  const round = `bench-p${processes}-`;
  const missing = output.acknowledged.filter((item) => !byNumber.get(item.number)?.startsWith(`${item.marker}:`)).length;
  const acknowledgedNumbers = new Set(output.acknowledged.map((item) => item.number));
  const unacknowledgedButStored = stored.filter((row) => row.body.startsWith(round) && !acknowledgedNumbers.has(Number(row.number))).length;
  const errors = Object.entries(output.statuses).filter(([status]) => status !== "201").reduce((sum, [, count]) => sum + count, 0);
  console.log(`${output.acknowledged.length} acknowledged, ${errors} errors, ${missing} missing from the database`);
  return {
    writers: tokens.length,
    processes,
    seconds,
    attempts: output.attempts,
    acknowledged: output.acknowledged.length,
    perSecond: output.acknowledged.length / options.writeSeconds,
    p50Ms: output.p50,
    p99Ms: output.p99,
    statuses: output.statuses,
    errors,
    missing,
    unacknowledgedButStored,
  };
}

async function benchDatabase(target: Target, options: Options): Promise<Report> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  const database = await connectDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir, connectTimeoutMs: 5000 });
  let app: FastifyInstance | undefined;
  const notes: string[] = [];
  try {
    await migrate(database);
    const config = loadConfig({
      CONVENE_DATA_DIR: target.dataDir,
      CONVENE_OUTBOX_DIR: join(benchDir, "outbox"),
      CONVENE_JOBS: "false",
      CONVENE_PAGE_CACHE_MS: "0",
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      PORT: "0",
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    });
    app = await buildApp({ config, database, logger: false });
    await seedReference(app.services);
    process.stdout.write(`  generating ${options.contributions} contributions … `);
    const { tokens } = await generate(app, options.contributions, options.writers);
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`done (set-up ${setupSeconds.toFixed(1)} s)`);
    await database.withConnection((query) => query("vacuum analyze", []));
    const base = `/spaces/${SPACE}/consultations/${CONSULTATION}`;
    const pages = await measureVariants(
      database.url,
      [
        { name: "topic page", path: `${base}/topics/1`, accept: "text/html" },
        { name: "api list", path: `/api/v1${base}/topics/1/contributions?limit=50`, accept: "application/json" },
        { name: "atom feed", path: `${base}/topics/1/feed.atom`, accept: "application/atom+xml" },
      ],
      options.variants,
      options.load,
      new Set(["topic page"]),
    );
    const writes: WriteResult[] = [];
    for (const processes of [...new Set(options.variants.map((variant) => variant.workers))]) {
      const convene = await startConveneProcess(database.url, { workers: processes, pageCacheMs: 0 }, options.load.logLevel);
      try {
        writes.push(await benchWriters(app, convene.url, tokens, options, processes));
      } finally {
        await convene.stop();
      }
    }
    return { database: target.label, setupSeconds, contributions: options.contributions, pages, notes, writes, peakRssMb: peakRssMb() };
  } finally {
    await app?.close().catch((error: Error) => console.error(`bench: closing Convene failed: ${error.message}`));
    await database.close().catch((error: Error) => console.error(`bench: closing the database failed: ${error.message}`));
    await target.cleanup().catch((error: Error) => console.error(`bench: cleaning up failed: ${error.message}`));
  }
}

function printReport(report: Report, options: Options): void {
  console.log(`\n${report.database}: a topic with ${report.contributions} contributions in threads; ${options.load.connections} connections, ${options.load.durationSeconds} s per measurement`);
  printVariantTable(`${report.database}: topic with ${report.contributions} contributions`, report.pages);
  for (const note of report.notes) console.log(`  note: ${note}`);
  for (const writes of report.writes) {
    const statuses = Object.entries(writes.statuses).map(([status, count]) => `${status}: ${count}`).join(", ");
    console.log(
      `\n${mark(writes.perSecond >= 300 && writes.errors === 0 && writes.missing === 0).padEnd(4)}  writers (${writes.processes} server process${writes.processes === 1 ? "" : "es"}; target ≥ 300/s, 0 errors, 0 lost): ${writes.writers} concurrent for ${options.writeSeconds} s through the API → ${writes.acknowledged} acknowledged (201), ${writes.perSecond.toFixed(1)} contributions/s, ` +
        `p50 ${writes.p50Ms.toFixed(0)} ms, p99 ${writes.p99Ms.toFixed(0)} ms; errors ${writes.errors} (${statuses})`,
    );
    console.log(
      `  durability: ${writes.missing === 0 ? "every acknowledged contribution is in the database" : `${writes.missing} acknowledged contributions are MISSING`}` +
        `; ${writes.unacknowledgedButStored} stored without an acknowledgement (a client gave up after the commit)`,
    );
  }
  console.log(`  set-up ${report.setupSeconds.toFixed(1)} s; peak RSS so far ${report.peakRssMb} MB`);
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(benchDir, { recursive: true });
  console.log(`Convene consultations bench — node ${process.version}, ${cpus().length} CPU(s); loopback only`);
  const reports: Report[] = [];
  try {
    await forEachTarget(options.databases, { embeddedFolder: "embedded-consultations", postgresPrefix: "convene_bench_consultations" }, async (target) => {
      reports.push(await benchDatabase(target, options));
    });
  } catch (error) {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
  for (const report of reports) printReport(report, options);
  const resultsFile = join(benchDir, "consultations-results.json");
  writeFileSync(resultsFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, options, reports }, null, 2));
  console.log(`\nFigures also in ${resultsFile}. These are a report, not a test.`);
  setTimeout(() => process.exit(process.exitCode ?? 0), 10_000).unref();
}

void main();
