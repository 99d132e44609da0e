// `npm run bench:commitments`: generates commitments, organisations and progress reports, starts Convene
// in-process on a loopback port, loads the commitment pages with autocannon and compares each with a bare
// node:http server sending the same bytes; with --dashboard-scale, times the dashboard's aggregate queries at
// that many commitments on PostgreSQL. It reports; it asserts nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import { spaceDashboard } from "../src/modules/commitments/queries-stats";
import { generateDataset, type DatasetSummary } from "./dataset";
import { generateCommitments, type CommitmentDatasetSummary } from "./commitments-dataset";
import { fetchOnce, mark, runLoad, wholeNumberOption } from "./measure";
import { measureVariants, parseList, startConveneProcess, printVariantTable, TARGETS as PAGE_TARGETS, variantsFrom, type PageSpec, type Variant, type VariantPage } from "./serve";
import { benchDir, DEFAULT_POSTGRES, embeddedTarget, postgresTarget, withConvene, type Target } from "./target";

const TARGETS = { ...PAGE_TARGETS, dashboardMs: 100, scaleAloneMs: 50, scaleLoadedMs: 100 };
/** Anonymous HTML pages: measured once more with the page cache on. */
const ANONYMOUS_PAGES = new Set(["filtered list", "detail", "search", "dashboard"]);
const SPACE = "nature-action-agenda";

const USAGE = `npm run bench:commitments -- [options]

  --commitments N        commitments to generate (default 100000)
  --organisations N      organisations to generate (default 20000)
  --reports N            progress reports to generate (default 300000)
  --duration S           seconds of load per page and server (default 5)
  --connections N        concurrent connections (default 32)
  --warmup S             seconds of unmeasured load before each measurement (default 1)
  --workers LIST         server process counts to measure with the page cache off (default 1,2)
  --page-cache-ms N      then measure the anonymous pages once more with this page cache, one process
                         (default 2000; 0 skips that pass)
  --postgres             also run on a fresh database on PostgreSQL (BENCH_DATABASE_URL, default
                         ${DEFAULT_POSTGRES}); setting BENCH_DATABASE_URL does the same
  --dashboard-scale N    then, on PostgreSQL only, generate N commitments (and at least 20000 organisations)
                         in a fresh database and time the dashboard's aggregate queries, then the filtered list,
                         search, typo search, dashboard and detail pages alone (p50/p95) and under load
                         (e.g. 1000000); needs --postgres or BENCH_DATABASE_URL
  --dashboard-runs N     timed runs of the dashboard queries (default 7)
  --pages-only / --scale-only   skip the scale timing / the page measurements
  --postgres-only        measure the pages on PostgreSQL only (skip the embedded server)
  --log-level L          Convene's log level during the run (default warn)`;

type Options = {
  commitments: number;
  organisations: number;
  reports: number;
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  variants: Variant[];
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
      duration: { type: "string", default: "5" },
      workers: { type: "string", default: "1,2" },
      connections: { type: "string", default: "32" },
      warmup: { type: "string", default: "1" },
      "page-cache-ms": { type: "string", default: "2000" },
      postgres: { type: "boolean", default: false },
      "dashboard-scale": { type: "string", default: "0" },
      "dashboard-runs": { type: "string", default: "7" },
      "pages-only": { type: "boolean", default: false },
      "scale-only": { type: "boolean", default: false },
      "postgres-only": { type: "boolean", default: false },
      "log-level": { type: "string", default: "warn" },
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
    variants: variantsFrom(parseList("workers", values.workers, 1), whole("page-cache-ms", values["page-cache-ms"], 0)),
    postgresUrl,
    dashboardScale,
    dashboardRuns: whole("dashboard-runs", values["dashboard-runs"], 1),
    isPagesRun: !values["scale-only"],
    isScaleRun: dashboardScale > 0 && !values["pages-only"],
    isEmbeddedRun: !values["postgres-only"],
    logLevel: values["log-level"],
  };
}

type DatabaseReport = { database: string; organisations: DatasetSummary; commitments: CommitmentDatasetSummary; setupSeconds: number; pages: VariantPage[] };
type ScaleReport = { database: string; commitments: CommitmentDatasetSummary; generateSeconds: number; runsMs: number[]; minMs: number; medianMs: number; pages: ScalePage[] };

function commitmentPages(data: CommitmentDatasetSummary): PageSpec[] {
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
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ database }) => {
    process.stdout.write(`  generating ${options.organisations} organisations … `);
    const organisations = await generateDataset(database, { organisations: options.organisations });
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`  generating ${options.commitments} commitments, ~${options.reports} progress reports … `);
    const commitments = await generateCommitments(database, { commitments: options.commitments, progressReports: options.reports, spaceSlug: SPACE });
    console.log(`\n  ${describeData(commitments)}`);
    const setupSeconds = (performance.now() - started) / 1000;
    // Statistics fresh, visibility map set: what autovacuum would have done by the time anyone reads the pages.
    await database.withConnection((query) => query("vacuum analyze", []));
    const pages = await measureVariants(database.url, commitmentPages(commitments), options.variants, options, ANONYMOUS_PAGES);
    return { database: target.label, organisations, commitments, setupSeconds, pages };
  });
}

/** A page timed alone (sequential requests) and under load at the scale. */
type ScalePage = { name: string; path: string; status: number; aloneMs: number[]; p50: number; p95: number; loaded?: { requestsPerSecond: number; p50: number; p95: number; p99: number; total: number; non2xx: number } };

const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;

/**
 * Generates `dashboardScale` commitments on PostgreSQL, times the dashboard's queries directly, then serves the
 * pages from a Convene process: each page alone (`--dashboard-runs` × 3 sequential requests, after one warm-up)
 * and the list and search under `--connections` for `--duration` seconds.
 */
async function benchDashboardScale(serverUrl: string, options: Options): Promise<ScaleReport> {
  const target = await postgresTarget(serverUrl, "convene_bench_scale");
  console.log(`\n== ${options.dashboardScale} commitments: ${target.label}`);
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    await generateDataset(database, { organisations: Math.max(options.organisations, 20_000) });
    process.stdout.write(`  generating ${options.dashboardScale} commitments and their targets (one indicator each, no reports) … `);
    const started = performance.now();
    const commitments = await generateCommitments(database, { commitments: options.dashboardScale, progressReports: 0, spaceSlug: SPACE, spaceShare: 0.9, withIndicators: false });
    const generateSeconds = (performance.now() - started) / 1000;
    console.log(`\n  ${describeData(commitments)}`);
    await database.withConnection((query) => query("vacuum analyze", []));
    // Each run passes a moment 1 ms before the previous one (the figures are never cached, but the
    // lights depend on the day: all runs are the same day).
    const base = Date.now();
    const runsMs: number[] = [];
    for (let run = 0; run < options.dashboardRuns; run++) {
      const t0 = performance.now();
      await spaceDashboard(app.services.db, commitments.spaceId, new Date(base - run));
      runsMs.push(performance.now() - t0);
      process.stdout.write(`  dashboard queries run ${run + 1}: ${runsMs[run].toFixed(0)} ms\n`);
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    const pages: ScalePage[] = [];
    const convene = await startConveneProcess(database.url, { workers: 1, pageCacheMs: 0 }, options.logLevel);
    try {
      const specs = [...commitmentPages(commitments).filter((page) => page.name !== "api list"), { name: "typo search", path: `/spaces/${SPACE}/commitments?q=restorasion`, accept: "text/html" }];
      for (const spec of specs) {
        const headers = { accept: spec.accept, "accept-language": "en", "accept-encoding": "identity" };
        const first = await fetchOnce(convene.url + spec.path, headers);
        const aloneMs: number[] = [];
        for (let run = 0; run < options.dashboardRuns * 3; run++) {
          const t0 = performance.now();
          await fetchOnce(convene.url + spec.path, headers);
          aloneMs.push(performance.now() - t0);
        }
        const ordered = [...aloneMs].sort((a, b) => a - b);
        const page: ScalePage = { name: spec.name, path: spec.path, status: first.status, aloneMs, p50: percentile(ordered, 0.5), p95: percentile(ordered, 0.95) };
        if (spec.name === "filtered list" || spec.name === "search") {
          const load = await runLoad(convene.url + spec.path, { durationSeconds: options.durationSeconds, connections: options.connections, headers });
          page.loaded = { requestsPerSecond: load.requestsPerSecond, p50: load.p50, p95: load.p97_5 ?? load.p99, p99: load.p99, total: load.total, non2xx: load.non2xx };
        }
        console.log(`  ${spec.name}: ${first.status}, alone p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms${page.loaded ? `; ${options.connections} connections: ${page.loaded.requestsPerSecond.toFixed(0)} req/s, p50 ${page.loaded.p50} ms, p97.5 ${page.loaded.p95} ms, p99 ${page.loaded.p99} ms` : ""}`);
        pages.push(page);
      }
    } finally {
      await convene.stop();
    }
    return { database: target.label, commitments, generateSeconds, runsMs, minMs: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)], pages };
  });
}

function printReport(report: DatabaseReport, options: Options): void {
  printVariantTable(
    `${report.database}: ${report.commitments.commitments} commitments, ${report.organisations.organisations} organisations, ` +
      `${report.commitments.progressReports} progress reports; ${options.connections} connections, ${options.durationSeconds} s per measurement, log level ${options.logLevel}`,
    report.pages,
  );
  for (const page of report.pages) if (page.variant === options.variants[0]) console.log(`  ${page.name}: ${page.path}${page.singleMs === undefined ? "" : ` — first request alone ${page.singleMs.toFixed(0)} ms`}`);
  console.log(`Set-up (migrate, seed, dataset): ${report.setupSeconds.toFixed(1)} s.`);
}

function printScale(report: ScaleReport): void {
  console.log(`\nDashboard queries (spaceDashboard over the precomputed counts) — ${report.database}`);
  console.log(`  ${report.commitments.commitments} commitments, ${report.commitments.publishedInSpace} published in ${SPACE}, ${report.commitments.targets} targets; generated (with the statistics) in ${report.generateSeconds.toFixed(0)} s`);
  console.log(`  runs: ${report.runsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  console.log(`  min ${report.minMs.toFixed(0)} ms, median ${report.medianMs.toFixed(0)} ms — target ≤ ${TARGETS.dashboardMs} ms: ${mark(report.medianMs <= TARGETS.dashboardMs)}`);
  console.log(`\nPages at ${report.commitments.commitments} commitments (one process, page cache off). Targets: list and search p95 ≤ ${TARGETS.scaleAloneMs} ms alone and ≤ ${TARGETS.scaleLoadedMs} ms under load; dashboard ≤ ${TARGETS.dashboardMs} ms`);
  for (const page of report.pages) {
    const isListOrSearch = page.name === "filtered list" || page.name === "search" || page.name === "typo search";
    const aloneTarget = page.name === "dashboard" ? TARGETS.dashboardMs : isListOrSearch ? TARGETS.scaleAloneMs : undefined;
    const isMet = page.status === 200 && (aloneTarget === undefined || page.p95 <= aloneTarget) && (!page.loaded || (page.loaded.total > 0 && page.loaded.non2xx === 0 && page.loaded.p95 <= TARGETS.scaleLoadedMs));
    const loaded = page.loaded ? `; under load ${page.loaded.requestsPerSecond.toFixed(0)} req/s, p97.5 ${page.loaded.p95} ms, p99 ${page.loaded.p99} ms` : "";
    console.log(`${mark(isMet).padEnd(4)}  ${page.name}: alone p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms${loaded}  (${page.path})`);
  }
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
  console.log(`\nFigures also in ${resultsFile}. These are a report, not a test.`);
  exitWhenStuck();
}

void main();
