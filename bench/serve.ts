// Convene as the benches measure it: a separate `convene start` process (one or several server processes,
// as CONVENE_WORKERS says) on a database the bench has filled, loaded page by page with autocannon and compared
// with a bare node:http server replaying the same bytes. Every bench (run.ts, commitments.ts, consultations.ts)
// measures through here, so the figures, the targets and the ok/MISS verdicts mean the same everywhere.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fetchOnce, runLoad, startBareServer, type LoadResult, type MeasuredPage } from "./measure";

/** How Convene runs for one measurement: server processes and the anonymous page cache. */
export type Variant = { workers: number; pageCacheMs: number };

export const describeVariant = (variant: Variant): string =>
  `${variant.workers} process${variant.workers === 1 ? "" : "es"}, page cache ${variant.pageCacheMs ? `${variant.pageCacheMs} ms` : "off"}`;

/**
 * Issue 9's targets. Page cache off: ratio ≥ 0.2 and p99 ≤ 50 ms (for every page). Page cache on: anonymous
 * pages ratio ≥ 0.5 (and still p99 ≤ 50 ms). A page that completed no request, or answered anything but 2xx
 * under load, misses whatever its figures say.
 */
export const TARGETS = { ratioUncached: 0.2, ratioCached: 0.5, p99Ms: 50, gzipKb: 50 };

export type PageSpec = { name: string; path: string; accept: string };

export type LoadSettings = { durationSeconds: number; warmupSeconds: number; connections: number; logLevel: string };

/** A free loopback TCP port (the kernel's choice, released at once for the child to take). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Process ids of `root` and everything below it (from /proc; Linux only, empty elsewhere). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [root];
  }
  for (const name of entries) {
    try {
      // The command name may hold spaces and brackets: the parent id is the second field after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(name));
      children.set(parent, list);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    found.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return found;
}

/** Proportional set size of the given processes together, in MB (shared pages counted once overall). */
export function pssMb(pids: number[]): number {
  let kilobytes = 0;
  for (const pid of pids) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (match) kilobytes += Number(match[1]);
    } catch {
      // ended, or not ours to read
    }
  }
  return Math.round(kilobytes / 1024);
}

/** Samples the PSS of a process tree every `everyMs` until stopped; `peak()` is the largest sum seen. */
export function memorySampler(root: () => number[], everyMs = 250): { peak(): number; stop(): number } {
  let peak = pssMb(root());
  const timer = setInterval(() => (peak = Math.max(peak, pssMb(root()))), everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return (peak = Math.max(peak, pssMb(root())));
    },
  };
}

export type ConveneProcess = { url: string; child: ChildProcess; startSeconds: number; pids(): number[]; stop(): Promise<void> };

/**
 * Starts `convene start` in its own process on `databaseUrl` (migrations already run: it finds nothing to do;
 * no demo seeding, no job worker) on a free loopback port and waits for its "running" line. Without a
 * `databaseUrl` it runs on its embedded default (`extraEnv` then names CONVENE_DATA_DIR and may turn seeding on).
 */
export async function startConveneProcess(databaseUrl: string | undefined, variant: Variant, logLevel: string, extraEnv: Record<string, string> = {}): Promise<ConveneProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", resolve("src/main.ts"), "start"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      CONVENE_DEMO: "false",
      CONVENE_JOBS: "false",
      CONVENE_WORKERS: String(variant.workers),
      CONVENE_PAGE_CACHE_MS: String(variant.pageCacheMs),
      LOG_LEVEL: logLevel,
      ...extraEnv,
    },
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`convene did not start within 120 s: ${output.trim().slice(-800)}`)), 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes("Convene is running at")) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`convene exited (${code ?? signal}) before it served: ${output.trim().slice(-800)}`));
    });
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    startSeconds: (performance.now() - started) / 1000,
    pids: () => (child.pid ? processTree(child.pid) : []),
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(killer);
          resolveStop();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** One page under one variant: Convene's figures, the bare ceiling (measured once per page), and the verdict. */
export type VariantPage = MeasuredPage & { variant: Variant; peakPssMb?: number; verdict?: Verdict };
export type Verdict = { isMet: boolean; reasons: string[] };

/** Judges a measured page against the targets of its variant. */
export function judge(page: VariantPage): Verdict {
  const reasons: string[] = [];
  const load = page.convene;
  if (page.status !== 200) reasons.push(`answered ${page.status || "nothing"}`);
  if (!load || load.total === 0) reasons.push("completed no request");
  else {
    if (load.non2xx) reasons.push(`${load.non2xx} non-2xx`);
    if (load.errors || load.timeouts) reasons.push(`${load.errors + load.timeouts} errors/timeouts`);
    if (load.p99 > TARGETS.p99Ms) reasons.push(`p99 ${load.p99} ms > ${TARGETS.p99Ms}`);
    const ratioTarget = page.variant.pageCacheMs > 0 ? TARGETS.ratioCached : TARGETS.ratioUncached;
    const ratio = page.bare?.requestsPerSecond ? load.requestsPerSecond / page.bare.requestsPerSecond : 0;
    if (ratio < ratioTarget) reasons.push(`ratio ${ratio.toFixed(2)} < ${ratioTarget}`);
  }
  if (page.gzipBytes !== undefined && page.gzipBytes / 1024 > TARGETS.gzipKb) reasons.push(`${(page.gzipBytes / 1024).toFixed(1)} KB gzip > ${TARGETS.gzipKb}`);
  return { isMet: reasons.length === 0, reasons };
}

/**
 * Measures `pages` against each variant in turn: one Convene process tree per variant (started, loaded,
 * stopped), the bare server once per page, the process tree's peak PSS during each page's load.
 * `cachedPages` names the pages measured again with the page cache on (anonymous HTML; the rest are skipped there).
 */
export async function measureVariants(databaseUrl: string, pages: PageSpec[], variants: Variant[], settings: LoadSettings, cachedPages?: Set<string>): Promise<VariantPage[]> {
  const results: VariantPage[] = [];
  const bareByPath = new Map<string, LoadResult>();
  for (const variant of variants) {
    const selected = variant.pageCacheMs > 0 && cachedPages ? pages.filter((page) => cachedPages.has(page.name)) : pages;
    if (!selected.length) continue;
    console.log(`  -- ${describeVariant(variant)}`);
    const convene = await startConveneProcess(databaseUrl, variant, settings.logLevel);
    try {
      for (const page of selected) {
        const result = await measureOnePage(convene, page, variant, settings, bareByPath);
        result.verdict = judge(result);
        results.push(result);
      }
    } finally {
      await convene.stop();
    }
  }
  return results;
}

async function measureOnePage(convene: ConveneProcess, page: PageSpec, variant: Variant, settings: LoadSettings, bareByPath: Map<string, LoadResult>): Promise<VariantPage> {
  const headers = { accept: page.accept, "accept-language": "en", "accept-encoding": "identity" };
  const result: VariantPage = { name: page.name, path: page.path, status: 0, variant };
  process.stdout.write(`  ${page.name.padEnd(16)} `);
  try {
    const started = performance.now();
    const snapshot = await fetchOnce(convene.url + page.path, headers);
    result.singleMs = performance.now() - started;
    Object.assign(result, { status: snapshot.status, rawBytes: snapshot.body.length, gzipBytes: gzipSync(snapshot.body).length });
    if (snapshot.status !== 200) {
      console.log(`answered ${snapshot.status}: not measured`);
      return result;
    }
    const load = { durationSeconds: settings.durationSeconds, connections: settings.connections, headers };
    if (settings.warmupSeconds > 0) await runLoad(convene.url + page.path, { ...load, durationSeconds: settings.warmupSeconds });
    const memory = memorySampler(convene.pids);
    result.convene = await runLoad(convene.url + page.path, load);
    result.peakPssMb = memory.stop();
    let bare = bareByPath.get(page.path);
    if (!bare) {
      const server = await startBareServer(snapshot);
      try {
        if (settings.warmupSeconds > 0) await runLoad(server.url + page.path, { ...load, durationSeconds: settings.warmupSeconds });
        bare = await runLoad(server.url + page.path, load);
        bareByPath.set(page.path, bare);
      } finally {
        await server.close();
      }
    }
    result.bare = bare;
    const ratio = bare.requestsPerSecond ? result.convene.requestsPerSecond / bare.requestsPerSecond : 0;
    console.log(`${result.convene.requestsPerSecond.toFixed(0)} req/s, p99 ${result.convene.p99} ms, ratio ${ratio.toFixed(2)} (alone ${result.singleMs.toFixed(0)} ms)`);
  } catch (error) {
    console.log(`failed: ${(error as Error).message}`);
    result.note = (error as Error).message;
  }
  return result;
}

/** The table of every page and variant, then one summary line per page and variant: ok or MISS and why. */
export function printVariantTable(title: string, pages: VariantPage[]): void {
  console.log(`\n${title}`);
  console.log(`Targets: page cache off — ratio ≥ ${TARGETS.ratioUncached} and p99 ≤ ${TARGETS.p99Ms} ms; page cache on — ratio ≥ ${TARGETS.ratioCached}; page ≤ ${TARGETS.gzipKb} KB gzip\n`);
  const header = ["page", "processes", "cache", "gzip KB", "req/s", "p50", "p99", "bare req/s", "ratio", "PSS MB", "verdict"];
  const rows = [header];
  for (const page of pages) {
    const ratio = page.convene && page.bare?.requestsPerSecond ? page.convene.requestsPerSecond / page.bare.requestsPerSecond : undefined;
    rows.push([
      page.name,
      String(page.variant.workers),
      page.variant.pageCacheMs ? `${page.variant.pageCacheMs} ms` : "off",
      page.gzipBytes === undefined ? "—" : (page.gzipBytes / 1024).toFixed(1),
      page.convene ? page.convene.requestsPerSecond.toFixed(0) : "—",
      page.convene ? String(page.convene.p50) : "—",
      page.convene ? String(page.convene.p99) : "—",
      page.bare ? page.bare.requestsPerSecond.toFixed(0) : "—",
      ratio === undefined ? "—" : ratio.toFixed(2),
      page.peakPssMb === undefined ? "—" : String(page.peakPssMb),
      page.verdict?.isMet ? "ok" : "MISS",
    ]);
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
  console.log("");
  for (const page of pages) {
    const verdict = page.verdict ?? judge(page);
    console.log(`${verdict.isMet ? "ok  " : "MISS"}  ${page.name} (${describeVariant(page.variant)})${verdict.isMet ? "" : ` — ${verdict.reasons.join("; ")}`}${page.note ? ` [${page.note}]` : ""}`);
  }
}

/** Parses "1,2" into worker counts. */
export function parseList(name: string, text: string, minimum: number): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (!values.length || values.some((value) => !Number.isInteger(value) || value < minimum)) {
    console.error(`bench: --${name} must be a comma-separated list of whole numbers ≥ ${minimum}, got "${text}"`);
    process.exit(2);
  }
  return values;
}

/** The variants a bench runs: each worker count with the cache off, then one process with the page cache on (if asked). */
export function variantsFrom(workers: number[], cachedMs: number): Variant[] {
  const variants = workers.map((count) => ({ workers: count, pageCacheMs: 0 }));
  if (cachedMs > 0) variants.push({ workers: 1, pageCacheMs: cachedMs });
  return variants;
}
