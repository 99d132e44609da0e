// `npm run bench:commitments`: generates commitments, organisations and progress reports, starts Convene
// in-process on a loopback port, loads the commitment pages with autocannon and compares each with a bare
// node:http server sending the same bytes; with --dashboard-scale, times the dashboard's aggregate queries at
// that many commitments on PostgreSQL. It reports; it asserts nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { cpus } from "node:os";
import { spaceDashboard } from "../src/modules/commitments/queries-stats";
import { generateDataset, type DatasetSummary } from "./dataset";
import { generateCommitments, type CommitmentDatasetSummary } from "./commitments-dataset";
import { fetchOnce, mark, PAGE_TARGETS, printPageTable, runLoad, startBareServer, type LoadResult, wholeNumberOption } from "./measure";
import { benchDir, DEFAULT_POSTGRES, peakRssMb, embeddedTarget, postgresTarget, withConvene, type Target } from "./target";

const TARGETS = { ...PAGE_TARGETS, dashboardMs: 100 };
const SPACE = "nature-action-agenda";

const USAGE = `npm run bench:commitments -- [options]

  --commitments N        commitments to generate (default 100000)
  --organisations N      organisations to generate (default 20000)
  --reports N            progress reports to generate (default 300000)
  --duration S           seconds of load per page and server (default 10)
  --connections N        concurrent connections (default 32)
  --warmup S             seconds of unmeasured load before each measurement (default 1)
  --page-cache-ms N      CONVENE_PAGE_CACHE_MS during the run (default 0: every request runs its queries)
  --postgres             also run on a fresh database on PostgreSQL (BENCH_DATABASE_URL, default
                         ${DEFAULT_POSTGRES}); setting BENCH_DATABASE_URL does the same
  --dashboard-scale N    then, on PostgreSQL only, generate N commitments (and at least 20000 organisations)
                         in a fresh database and time the
                         dashboard's aggregate queries (e.g. 1000000); needs --postgres or BENCH_DATABASE_URL
  --dashboard-runs N     timed runs of the dashboard queries (default 7)
  --pages-only / --scale-only   skip the scale timing / the page measurements
  --postgres-only        measure the pages on PostgreSQL only (skip the embedded server)
  --log-level L          Convene's log level during the run, written to /dev/null (default info)`;

type Options = {
  commitments: number;
  organisations: number;
  reports: number;
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  pageCacheMs: number;
  postgresUrl: string | undefined;
  dashboardScale: number;
  dashboardRuns: number;
  isPagesRun: boolean;
  isScaleRun: boolean;
  isEmbeddedRun: boolean;
  logLevel: string;
};

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      commitments: { type: "string", default: "100000" },
      organisations: { type: "string", default: "20000" },
      reports: { type: "string", default: "300000" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "32" },
      warmup: { type: "string", default: "1" },
      "page-cache-ms": { type: "string", default: "0" },
      postgres: { type: "boolean", default: false },
      "dashboard-scale": { type: "string", default: "0" },
      "dashboard-runs": { type: "string", default: "7" },
      "pages-only": { type: "boolean", default: false },
      "scale-only": { type: "boolean", default: false },
      "postgres-only": { type: "boolean", default: false },
      "log-level": { type: "string", default: "info" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = wholeNumberOption;
  const postgresUrl = process.env.BENCH_DATABASE_URL || (values.postgres ? DEFAULT_POSTGRES : undefined);
  const dashboardScale = whole("dashboard-scale", values["dashboard-scale"], 0);
  if (dashboardScale > 0 && !postgresUrl) {
    console.error("bench: --dashboard-scale runs on PostgreSQL only: add --postgres or set BENCH_DATABASE_URL");
    process.exit(2);
  }
  return {
    commitments: whole("commitments", values.commitments, 1),
    organisations: whole("organisations", values.organisations, 1),
    reports: whole("reports", values.reports, 0),
    durationSeconds: whole("duration", values.duration, 1),
    connections: whole("connections", values.connections, 1),
    warmupSeconds: whole("warmup", values.warmup, 0),
    pageCacheMs: whole("page-cache-ms", values["page-cache-ms"], 0),
    postgresUrl,
    dashboardScale,
    dashboardRuns: whole("dashboard-runs", values["dashboard-runs"], 1),
    isPagesRun: !values["scale-only"],
    isScaleRun: dashboardScale > 0 && !values["pages-only"],
    isEmbeddedRun: !values["postgres-only"],
    logLevel: values["log-level"],
  };
}

type Page = { name: string; path: string; accept: string };
type PageResult = { name: string; path: string; status: number; singleMs?: number; rawBytes?: number; gzipBytes?: number; convene?: LoadResult; bare?: LoadResult; note?: string };
type DatabaseReport = { database: string; organisations: DatasetSummary; commitments: CommitmentDatasetSummary; setupSeconds: number; pages: PageResult[]; peakRssMb: number };
type ScaleReport = { database: string; commitments: CommitmentDatasetSummary; generateSeconds: number; runsMs: number[]; minMs: number; medianMs: number };

function commitmentPages(data: CommitmentDatasetSummary): Page[] {
  const base = `/spaces/${SPACE}/commitments`;
  const target = data.sampleTargetId ? `target=${data.sampleTargetId}&` : "";
  return [
    { name: "filtered list", path: `${base}?${target}country=KE`, accept: "text/html" },
    { name: "detail", path: `${base}/${data.sampleNumber ?? 1}`, accept: "text/html" },
    { name: "search", path: `${base}?q=restoration`, accept: "text/html" },
    { name: "dashboard", path: `${base}/dashboard`, accept: "text/html" },
    { name: "api list", path: `/api/v1/spaces/${SPACE}/commitments?limit=20`, accept: "application/json" },
  ];
}

async function measurePage(baseUrl: string, page: Page, options: Options): Promise<PageResult> {
  const headers = { accept: page.accept, "accept-language": "en", "accept-encoding": "identity" };
  const result: PageResult = { name: page.name, path: page.path, status: 0 };
  try {
    const t0 = performance.now();
    const snapshot = await fetchOnce(baseUrl + page.path, headers);
    result.singleMs = performance.now() - t0;
    Object.assign(result, { status: snapshot.status, rawBytes: snapshot.body.length, gzipBytes: gzipSync(snapshot.body).length });
    if (snapshot.status !== 200) {
      result.note = `answered ${snapshot.status}, not measured`;
      return result;
    }
    const load = { durationSeconds: options.durationSeconds, connections: options.connections, headers };
    const warm = { ...load, durationSeconds: options.warmupSeconds };
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
    const ratio = result.bare.requestsPerSecond > 0 ? (result.convene.requestsPerSecond / result.bare.requestsPerSecond).toFixed(2) : "—";
    process.stdout.write(` … done: first request alone ${result.singleMs?.toFixed(0)} ms; ${result.convene.requestsPerSecond.toFixed(0)} req/s, p99 ${result.convene.p99} ms; bare ${result.bare.requestsPerSecond.toFixed(0)} req/s; ratio ${ratio}\n`);
  } catch (error) {
    process.stdout.write(" … failed\n");
    result.note = (error as Error).message;
  }
  const problems: string[] = [];
  if (result.convene?.non2xx) problems.push(`${result.convene.non2xx} non-2xx`);
  if (result.convene?.errors) problems.push(`${result.convene.errors} errors`);
  if (result.convene?.timeouts) problems.push(`${result.convene.timeouts} timeouts`);
  if (problems.length) result.note = [result.note, `under load: ${problems.join(", ")}`].filter(Boolean).join("; ");
  return result;
}

function describeData(data: CommitmentDatasetSummary): string {
  const lights = Object.entries(data.lights).map(([light, count]) => `${light} ${count}`).join(", ");
  return (
    `${data.commitments} commitments (${data.published} published; ${data.publishedInSpace} published in ${SPACE}), ${data.targets} targets, ` +
    `${data.indicators} indicators, ${data.progressReports} progress reports, ${data.progressValues} values; lights: ${lights}; written in ${data.seconds.toFixed(1)} s`
  );
}

async function benchPages(target: Target, options: Options): Promise<DatabaseReport> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  return withConvene(target, options, async ({ database, listen }) => {
    process.stdout.write(`  generating ${options.organisations} organisations … `);
    const organisations = await generateDataset(database, { organisations: options.organisations });
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`  generating ${options.commitments} commitments, ~${options.reports} progress reports … `);
    const commitments = await generateCommitments(database, { commitments: options.commitments, progressReports: options.reports, spaceSlug: SPACE });
    console.log(`\n  ${describeData(commitments)}`);
    const setupSeconds = (performance.now() - started) / 1000;
    const baseUrl = await listen();
    const pages: PageResult[] = [];
    for (const page of commitmentPages(commitments)) pages.push(await measurePage(baseUrl, page, options));
    return { database: target.label, organisations, commitments, setupSeconds, pages, peakRssMb: peakRssMb() };
  });
}

/** Generates `dashboardScale` commitments on PostgreSQL and times the dashboard's queries directly. */
async function benchDashboardScale(serverUrl: string, options: Options): Promise<ScaleReport> {
  const target = await postgresTarget(serverUrl, "convene_bench_scale");
  console.log(`\n== Dashboard at ${options.dashboardScale} commitments: ${target.label}`);
  return withConvene(target, { ...options, logLevel: "silent" }, async ({ app, database }) => {
    await generateDataset(database, { organisations: Math.max(options.organisations, 20_000) });
    process.stdout.write(`  generating ${options.dashboardScale} commitments and their targets (no indicators or reports: the dashboard does not read them) … `);
    const started = performance.now();
    const commitments = await generateCommitments(database, { commitments: options.dashboardScale, progressReports: 0, spaceSlug: SPACE, spaceShare: 0.9, withIndicators: false });
    const generateSeconds = (performance.now() - started) / 1000;
    console.log(`\n  ${describeData(commitments)}`);
    // Each run passes a moment 1 ms before the previous one (the figures are never cached, but the
    // lights depend on the day: all runs are the same day).
    const base = Date.now();
    const runsMs: number[] = [];
    for (let run = 0; run < options.dashboardRuns; run++) {
      const t0 = performance.now();
      await spaceDashboard(app.services.db, commitments.spaceId, new Date(base - run));
      runsMs.push(performance.now() - t0);
      process.stdout.write(`  run ${run + 1}: ${runsMs[run].toFixed(0)} ms\n`);
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { database: target.label, commitments, generateSeconds, runsMs, minMs: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)] };
  });
}

function printReport(report: DatabaseReport, options: Options): void {
  console.log(
    `\n${report.database}: ${report.commitments.commitments} commitments, ${report.organisations.organisations} organisations, ` +
      `${report.commitments.progressReports} progress reports; ${options.connections} connections, ${options.durationSeconds} s per measurement, ` +
      `page cache ${options.pageCacheMs} ms, log level ${options.logLevel}`,
  );
  printPageTable(report.pages, (page) => page.name);
  for (const page of report.pages) {
    const single = page.singleMs === undefined ? "" : ` — first request alone ${page.singleMs.toFixed(0)} ms`;
    console.log(`  ${page.name}: ${page.path}${single}${page.note ? ` — ${page.note}` : ""}`);
  }
  console.log(`  (the dashboard reads the precomputed counts of migration 0007 on every request; nothing is cached beyond the page cache)`);
  console.log(`Set-up (migrate, seed, dataset): ${report.setupSeconds.toFixed(1)} s. Peak RSS so far: ${report.peakRssMb} MB.`);
}

function printScale(report: ScaleReport): void {
  console.log(`\nDashboard queries (spaceDashboard over the precomputed counts) — ${report.database}`);
  console.log(`  ${report.commitments.commitments} commitments, ${report.commitments.publishedInSpace} published in ${SPACE}, ${report.commitments.targets} targets; generated (with the statistics) in ${report.generateSeconds.toFixed(0)} s`);
  console.log(`  runs: ${report.runsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  console.log(`  min ${report.minMs.toFixed(0)} ms, median ${report.medianMs.toFixed(0)} ms — target ≤ ${TARGETS.dashboardMs} ms: ${mark(report.medianMs <= TARGETS.dashboardMs)}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(benchDir, { recursive: true });
  const exitWhenStuck = () => setTimeout(() => process.exit(process.exitCode ?? 0), 10_000).unref();
  console.log(`Convene commitments bench — node ${process.version}, ${cpus().length} CPU(s); loopback only`);
  const reports: DatabaseReport[] = [];
  const scales: ScaleReport[] = [];
  try {
    if (options.isPagesRun) {
      if (options.isEmbeddedRun) reports.push(await benchPages(embeddedTarget("embedded-commitments"), options));
      if (options.postgresUrl) reports.push(await benchPages(await postgresTarget(options.postgresUrl, "convene_bench_commitments"), options));
    }
    if (options.isScaleRun && options.postgresUrl) scales.push(await benchDashboardScale(options.postgresUrl, options));
  } catch (error) {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
  for (const report of reports) printReport(report, options);
  for (const scale of scales) printScale(scale);
  const resultsFile = join(benchDir, "commitments-results.json");
  writeFileSync(resultsFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, options, targets: TARGETS, reports, scales }, null, 2));
  console.log(`\nPeak RSS: ${peakRssMb()} MB. Figures also in ${resultsFile}. These are a report, not a test.`);
  exitWhenStuck();
}

void main();
