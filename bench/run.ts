// `npm run bench`: builds a dataset, starts Convene in-process on a loopback port, loads its key pages with
// autocannon and compares each with a bare node:http server sending the same bytes. It reports; it asserts nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { cpus } from "node:os";
import type { DatabaseHandle } from "../src/db/client";
import { generateDataset, type DatasetSummary } from "./dataset";
import { fetchOnce, kb, PAGE_TARGETS, printPageTable, runLoad, startBareServer, type LoadResult, type Snapshot } from "./measure";
import { benchDir, DEFAULT_POSTGRES, peakRssMb, embeddedTarget, postgresTarget, withConvene, type Target } from "./target";

const TARGETS = PAGE_TARGETS;
const DEMO_SPACE = "nature-action-agenda";

const USAGE = `npm run bench -- [options]

  --duration S         seconds of load per page and server (default 10)
  --connections N      concurrent connections (default 32)
  --organisations N    organisations in the generated dataset (default 10000)
  --warmup S           seconds of unmeasured load before each measurement (default 1)
  --postgres           also run on a fresh database on PostgreSQL (BENCH_DATABASE_URL, default
                       postgres://postgres@127.0.0.1:5432/postgres); setting BENCH_DATABASE_URL does the same
  --encoding E         Accept-Encoding of the load: identity (default), gzip or br; the bare server then
                       sends the same compressed bytes Convene sent once
  --log-level L        Convene's log level during the run, written to /dev/null (default info, as in production)
  --keep               keep the embedded database folder under .bench/ afterwards
  --page-cache-ms N    CONVENE_PAGE_CACHE_MS during the run (default 2000, as in production); 0 measures
                       every request going through its queries`;

type Options = {
  durationSeconds: number;
  connections: number;
  organisations: number;
  warmupSeconds: number;
  postgresUrl: string | undefined;
  logLevel: string;
  encoding: "identity" | "gzip" | "br";
  isDataKept: boolean;
  pageCacheMs: number;
};

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "32" },
      organisations: { type: "string", default: "10000" },
      warmup: { type: "string", default: "1" },
      postgres: { type: "boolean", default: false },
      "log-level": { type: "string", default: "info" },
      encoding: { type: "string", default: "identity" },
      keep: { type: "boolean", default: false },
      "page-cache-ms": { type: "string", default: "2000" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, text: string, minimum: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum) {
      console.error(`bench: --${name} must be a whole number ≥ ${minimum}, got "${text}"`);
      process.exit(2);
    }
    return value;
  };
  const encoding = values.encoding;
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "br") {
    console.error(`bench: --encoding must be identity, gzip or br, got "${encoding}"`);
    process.exit(2);
  }
  const postgresUrl = process.env.BENCH_DATABASE_URL || (values.postgres ? DEFAULT_POSTGRES : undefined);
  return {
    durationSeconds: positive("duration", values.duration, 1),
    connections: positive("connections", values.connections, 1),
    organisations: positive("organisations", values.organisations, 1),
    warmupSeconds: positive("warmup", values.warmup, 0),
    postgresUrl,
    logLevel: values["log-level"],
    encoding,
    isDataKept: values.keep,
    pageCacheMs: positive("page-cache-ms", values["page-cache-ms"], 0),
  };
}

type PageResult = {
  name: string;
  path: string;
  status: number;
  rawBytes?: number;
  gzipBytes?: number;
  /** Bytes of the body as sent under load, when the load asks for compression. */
  sentBytes?: number;
  convene?: LoadResult;
  bare?: LoadResult;
  note?: string;
};

type DatabaseReport = {
  database: string;
  dataset: DatasetSummary;
  setupSeconds: number;
  pages: PageResult[];
  peakRssMb: number;
};

/** The key pages; the space and organisation are chosen from what the database holds. */
async function keyPages(baseUrl: string, database: DatabaseHandle, dataset: DatasetSummary): Promise<Array<{ name: string; path: string; accept: string }>> {
  let spacePath = `/spaces/${DEMO_SPACE}`;
  const spaceAnswer = await fetchOnce(baseUrl + spacePath, { accept: "text/html" }).catch(() => undefined);
  if (spaceAnswer?.status !== 200) {
    const rows = await database
      .withConnection((query) => query("select slug from spaces where visibility = 'public' and archived_at is null order by created_at, slug limit 1", []))
      .catch(() => []);
    if (rows[0]) spacePath = `/spaces/${String(rows[0].slug)}`;
  }
  return [
    { name: "home", path: "/", accept: "text/html" },
    { name: "space", path: spacePath, accept: "text/html" },
    { name: "organisations", path: "/organisations", accept: "text/html" },
    { name: "organisation", path: `/organisations/${dataset.sampleSlug}`, accept: "text/html" },
    { name: "api list", path: "/api/v1/organisations?limit=20", accept: "application/json" },
  ];
}

async function measurePage(baseUrl: string, page: { name: string; path: string; accept: string }, options: Options): Promise<PageResult> {
  const headers = { accept: page.accept, "accept-language": "en", "accept-encoding": options.encoding };
  let plain: Snapshot;
  let snapshot: Snapshot;
  try {
    plain = await fetchOnce(baseUrl + page.path, { ...headers, "accept-encoding": "identity" });
    // What the load asks for, byte for byte; the bare server replays exactly this.
    snapshot = options.encoding === "identity" ? plain : await fetchOnce(baseUrl + page.path, headers);
  } catch (error) {
    return { name: page.name, path: page.path, status: 0, note: (error as Error).message };
  }
  const result: PageResult = { name: page.name, path: page.path, status: plain.status, rawBytes: plain.body.length, gzipBytes: gzipSync(plain.body).length };
  if (options.encoding !== "identity") result.sentBytes = snapshot.body.length;
  if (plain.status !== 200) {
    result.note = plain.status === 404 ? "404: not built yet (module unfinished?), not measured" : `answered ${plain.status}, not measured`;
    return result;
  }
  const load = { durationSeconds: options.durationSeconds, connections: options.connections, headers };
  const warm = { ...load, durationSeconds: options.warmupSeconds };
  try {
    process.stdout.write(`  ${page.name.padEnd(14)} ${page.path} … Convene`);
    if (options.warmupSeconds > 0) await runLoad(baseUrl + page.path, warm);
    result.convene = await runLoad(baseUrl + page.path, load);
    process.stdout.write(" … bare node:http");
    const bare = await startBareServer(snapshot);
    try {
      if (options.warmupSeconds > 0) await runLoad(bare.url + page.path, warm);
      result.bare = await runLoad(bare.url + page.path, load);
    } finally {
      await bare.close();
    }
    process.stdout.write(" … done\n");
  } catch (error) {
    process.stdout.write(" … failed\n");
    result.note = (error as Error).message;
  }
  const problems = [];
  if (result.convene && result.convene.non2xx > 0) problems.push(`${result.convene.non2xx} non-2xx`);
  if (result.convene && result.convene.errors > 0) problems.push(`${result.convene.errors} errors`);
  if (result.convene && result.convene.timeouts > 0) problems.push(`${result.convene.timeouts} timeouts`);
  if (problems.length) result.note = [result.note, `under load: ${problems.join(", ")}`].filter(Boolean).join("; ");
  return result;
}

async function benchDatabase(target: Target, options: Options): Promise<DatabaseReport> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  return withConvene(target, options, async ({ database, listen }) => {
    process.stdout.write(`  generating ${options.organisations} organisations … `);
    const dataset = await generateDataset(database, { organisations: options.organisations });
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`${dataset.users} users, ${dataset.members} memberships; set up in ${setupSeconds.toFixed(1)} s`);
    const baseUrl = await listen();
    const pages: PageResult[] = [];
    for (const page of await keyPages(baseUrl, database, dataset)) pages.push(await measurePage(baseUrl, page, options));
    return { database: target.label, dataset, setupSeconds, pages, peakRssMb: peakRssMb() };
  });
}

function printReport(report: DatabaseReport, options: Options): void {
  console.log(
    `\n${report.database}: ${report.dataset.organisations} organisations, ${options.connections} connections, ${options.durationSeconds} s per measurement, ` +
      `Accept-Encoding ${options.encoding}, log level ${options.logLevel}, page cache ${options.pageCacheMs} ms`,
  );
  printPageTable(report.pages, (page) => `${page.name} ${page.path}`);
  for (const page of report.pages) if (page.note) console.log(`  ${page.name}: ${page.note}`);
  const sent = report.pages.filter((page) => page.sentBytes !== undefined && page.status === 200);
  if (sent.length) console.log(`  sent under load (${options.encoding}): ${sent.map((page) => `${page.name} ${kb(page.sentBytes)} KB`).join(", ")}`);
  console.log(`\nSet-up (migrate, seed, dataset): ${report.setupSeconds.toFixed(1)} s. Peak RSS of this process so far: ${report.peakRssMb} MB (includes the bare servers; autocannon runs in its own process).`);
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(benchDir, { recursive: true });
  // A last resort: if some handle is left open after everything has been closed, do not hang the terminal.
  const exitWhenStuck = () => setTimeout(() => process.exit(process.exitCode ?? 0), 10_000).unref();
  console.log(`Convene bench — node ${process.version}, ${cpus().length} CPU(s); loopback only`);

  const reports: DatabaseReport[] = [];
  try {
    reports.push(await benchDatabase(embeddedTarget("embedded", options.isDataKept), options));
    if (options.postgresUrl) reports.push(await benchDatabase(await postgresTarget(options.postgresUrl, "convene_bench"), options));
  } catch (error) {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
  for (const report of reports) printReport(report, options);
  const resultsFile = join(benchDir, "results.json");
  writeFileSync(resultsFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, options, targets: TARGETS, reports }, null, 2));
  console.log(`\nPeak RSS: ${peakRssMb()} MB. Figures also in ${resultsFile}. These are a report, not a test.`);
  exitWhenStuck();
}

void main();
