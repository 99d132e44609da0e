// `npm run bench`: builds a dataset, starts Convene in its own process(es) on a loopback port, loads its key pages
// with autocannon and compares each with a bare node:http server sending the same bytes. It reports; it asserts nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import type { DatabaseHandle } from "../src/db/client";
import { generateDataset, type DatasetSummary } from "./dataset";
import { wholeNumberOption } from "./measure";
import { measureVariants, parseList, printVariantTable, TARGETS, variantsFrom, type PageSpec, type Variant, type VariantPage } from "./serve";
import { benchDir, DEFAULT_POSTGRES, embeddedTarget, postgresTarget, withConvene, type Target } from "./target";

const DEMO_SPACE = "nature-action-agenda";
/** Pages an anonymous visitor sees as HTML: measured again with the page cache on. */
const ANONYMOUS_PAGES = new Set(["home", "space", "organisations", "organisation"]);

const USAGE = `npm run bench -- [options]

  --duration S         seconds of load per page and server (default 5)
  --connections N      concurrent connections (default 32)
  --organisations N    organisations in the generated dataset (default 10000)
  --warmup S           seconds of unmeasured load before each measurement (default 1)
  --workers LIST       server process counts to measure with the page cache off (default 1,2)
  --page-cache-ms N    then measure the anonymous pages once more with this page cache, one process
                       (default 2000, as in production; 0 skips that pass)
  --postgres           also run on a fresh database on PostgreSQL (BENCH_DATABASE_URL, default
                       ${DEFAULT_POSTGRES}); setting BENCH_DATABASE_URL does the same
  --postgres-only      skip the embedded PostgreSQL
  --log-level L        Convene's log level during the run (default warn)
  --keep               keep the embedded database folder under .bench/ afterwards`;

type Options = {
  durationSeconds: number;
  connections: number;
  organisations: number;
  warmupSeconds: number;
  postgresUrl: string | undefined;
  isEmbeddedRun: boolean;
  logLevel: string;
  isDataKept: boolean;
  variants: Variant[];
};

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "32" },
      organisations: { type: "string", default: "10000" },
      warmup: { type: "string", default: "1" },
      workers: { type: "string", default: "1,2" },
      postgres: { type: "boolean", default: false },
      "postgres-only": { type: "boolean", default: false },
      "log-level": { type: "string", default: "warn" },
      keep: { type: "boolean", default: false },
      "page-cache-ms": { type: "string", default: "2000" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const postgresUrl = process.env.BENCH_DATABASE_URL || (values.postgres || values["postgres-only"] ? DEFAULT_POSTGRES : undefined);
  return {
    durationSeconds: wholeNumberOption("duration", values.duration, 1),
    connections: wholeNumberOption("connections", values.connections, 1),
    organisations: wholeNumberOption("organisations", values.organisations, 1),
    warmupSeconds: wholeNumberOption("warmup", values.warmup, 0),
    postgresUrl,
    isEmbeddedRun: !values["postgres-only"],
    logLevel: values["log-level"],
    isDataKept: values.keep,
    variants: variantsFrom(parseList("workers", values.workers, 1), wholeNumberOption("page-cache-ms", values["page-cache-ms"], 0)),
  };
}

type DatabaseReport = {
  database: string;
  dataset: DatasetSummary;
  setupSeconds: number;
  pages: VariantPage[];
};

/** The key pages; the space and organisation are chosen from what the database holds. */
async function keyPages(database: DatabaseHandle, dataset: DatasetSummary): Promise<PageSpec[]> {
  const rows = await database.withConnection((query) =>
    query("select slug from spaces where visibility = 'public' and archived_at is null order by (slug = $1) desc, created_at, slug limit 1", [DEMO_SPACE]),
  );
  const spacePath = `/spaces/${String(rows[0]?.slug ?? DEMO_SPACE)}`;
  return [
    { name: "home", path: "/", accept: "text/html" },
    { name: "space", path: spacePath, accept: "text/html" },
    { name: "organisations", path: "/organisations", accept: "text/html" },
    { name: "organisation", path: `/organisations/${dataset.sampleSlug}`, accept: "text/html" },
    { name: "api list", path: "/api/v1/organisations?limit=20", accept: "application/json" },
  ];
}

async function benchDatabase(target: Target, options: Options): Promise<DatabaseReport> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ database }) => {
    process.stdout.write(`  generating ${options.organisations} organisations … `);
    const dataset = await generateDataset(database, { organisations: options.organisations });
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`${dataset.users} users, ${dataset.members} memberships; set up in ${setupSeconds.toFixed(1)} s`);
    const pages = await measureVariants(database.url, await keyPages(database, dataset), options.variants, options, ANONYMOUS_PAGES);
    return { database: target.label, dataset, setupSeconds, pages };
  });
}

function printReport(report: DatabaseReport, options: Options): void {
  printVariantTable(
    `${report.database}: ${report.dataset.organisations} organisations, ${options.connections} connections, ${options.durationSeconds} s per measurement, log level ${options.logLevel}`,
    report.pages,
  );
  console.log(`\nSet-up (migrate, seed, dataset): ${report.setupSeconds.toFixed(1)} s. PSS MB = the Convene process tree's peak proportional memory during the page's load (the database server not included).`);
}

async function main(): Promise<void> {
  const options = readOptions();
  mkdirSync(benchDir, { recursive: true });
  // A last resort: if some handle is left open after everything has been closed, do not hang the terminal.
  const exitWhenStuck = () => setTimeout(() => process.exit(process.exitCode ?? 0), 10_000).unref();
  console.log(`Convene bench — node ${process.version}, ${cpus().length} CPU(s); loopback only`);

  const reports: DatabaseReport[] = [];
  try {
    if (options.isEmbeddedRun) reports.push(await benchDatabase(embeddedTarget("embedded", options.isDataKept), options));
    if (options.postgresUrl) reports.push(await benchDatabase(await postgresTarget(options.postgresUrl, "convene_bench"), options));
  } catch (error) {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
  for (const report of reports) printReport(report, options);
  const resultsFile = join(benchDir, "results.json");
  writeFileSync(resultsFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, options, targets: TARGETS, reports }, null, 2));
  console.log(`\nFigures also in ${resultsFile}. These are a report, not a test.`);
  exitWhenStuck();
}

void main();
