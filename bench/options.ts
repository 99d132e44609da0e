// The command line every bench shares: which databases it runs on (--postgres, --postgres-only, BENCH_DATABASE_URL)
// and, for the page benches, the load (--duration, --connections, --warmup, --workers, --page-cache-ms); and the loop
// that runs a bench once per database. A bench names only its own options (posts, events, recipients …).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { wholeNumberOption } from "./measure";
import { parseList, variantsFrom, type LoadSettings, type Variant } from "./serve";
import { DEFAULT_POSTGRES, embeddedTarget, postgresTarget, type Target } from "./target";

/** The databases a bench runs on: the embedded default unless --postgres-only; a PostgreSQL server when asked. */
export type DatabaseChoice = { postgresUrl: string | undefined; isEmbeddedRun: boolean };

/** A page bench's load: autocannon settings and the server variants (process counts, page cache) to measure. */
export type PageLoad = { load: LoadSettings; variants: Variant[] };

/** The usage lines of the shared options, for a bench's --help text. */
export const DATABASE_USAGE = `  --postgres          also run on a scratch database on PostgreSQL (BENCH_DATABASE_URL, default ${DEFAULT_POSTGRES})
  --postgres-only     PostgreSQL only (skip the embedded server)`;

export const pageLoadUsage = (workers: string) => `  --duration S        seconds of load per page (default 5)
  --connections N     concurrent connections (default 32)
  --warmup S          unmeasured load before each page (default 1)
  --workers LIST      server process counts (default ${workers})
  --page-cache-ms N   then measure the anonymous pages again with this page cache (default 2000; 0 skips)`;

type Values<K extends string> = Record<K, string>;

/**
 * Reads a bench's command line: its own options (`own`: name → default, all strings, read with `wholeNumberOption`
 * by the bench) and the database switches. Prints `usage` and exits on --help.
 */
export function readBenchOptions<K extends string>(usage: string, own: Values<K>, extra: Record<string, string> = {}): { values: Values<K> & Record<string, string>; databases: DatabaseChoice } {
  const strings: NonNullable<ParseArgsConfig["options"]> = Object.fromEntries(Object.entries<string>({ ...own, ...extra }).map(([name, value]) => [name, { type: "string", default: value }]));
  const { values }: { values: Record<string, string | boolean | (string | boolean)[] | undefined> } = parseArgs({
    options: {
      ...strings,
      postgres: { type: "boolean", default: false },
      "postgres-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const isPostgres = values.postgres === true || values["postgres-only"] === true;
  const read = Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
  return {
    values: read as Values<K> & Record<string, string>,
    databases: { postgresUrl: process.env.BENCH_DATABASE_URL || (isPostgres ? DEFAULT_POSTGRES : undefined), isEmbeddedRun: values["postgres-only"] !== true },
  };
}

/** `readBenchOptions` plus the page-load options (`workers`: the default list of server process counts). */
export function readPageBenchOptions<K extends string>(usage: string, own: Values<K>, workers = "1"): { values: Values<K>; databases: DatabaseChoice } & PageLoad {
  const load = { duration: "5", connections: "32", warmup: "1", workers, "page-cache-ms": "2000" };
  const { values, databases } = readBenchOptions(usage, own, load);
  const whole = wholeNumberOption;
  return {
    values,
    databases,
    load: { durationSeconds: whole("duration", values.duration!, 1), warmupSeconds: whole("warmup", values.warmup!, 0), connections: whole("connections", values.connections!, 1), logLevel: "warn" },
    variants: variantsFrom(parseList("workers", values.workers!, 1), whole("page-cache-ms", values["page-cache-ms"]!, 0)),
  };
}

/**
 * Runs `body` once per database asked for, in order: a fresh embedded PostgreSQL folder `.bench/<embeddedFolder>`,
 * then a scratch database (named from `postgresPrefix`) on the PostgreSQL server.
 */
export async function forEachTarget(databases: DatabaseChoice, names: { embeddedFolder: string; postgresPrefix: string }, body: (target: Target) => Promise<void>): Promise<void> {
  if (databases.isEmbeddedRun) await body(embeddedTarget(names.embeddedFolder));
  if (databases.postgresUrl) await body(await postgresTarget(databases.postgresUrl, names.postgresPrefix));
}
