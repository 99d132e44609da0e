import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

/** One response as a client saw it: status, headers and the exact body bytes. */
export type Snapshot = { status: number; headers: IncomingHttpHeaders; body: Buffer };

export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p97_5?: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

export type LoadOptions = { durationSeconds: number; connections: number; headers: Record<string, string> };

/** GETs a URL once and keeps the bytes exactly as sent (compressed only if `headers` ask for it). */
export function fetchOnce(url: string, headers: Record<string, string>): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "GET", headers: { "accept-encoding": "identity", ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`no answer from ${url} within 30 s`)));
    outgoing.on("error", reject);
    outgoing.end();
  });
}

// Headers that describe the connection or the moment, not the response; node:http sets its own.
const HOP_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

/**
 * A bare node:http server on a random loopback port answering every request with the snapshot's status,
 * headers and body: the ceiling Convene is compared with.
 */
export async function startBareServer(snapshot: Snapshot): Promise<{ url: string; close(): Promise<void> }> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(snapshot.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  headers["content-length"] = snapshot.body.length;
  const server: Server = createServer((_request, response) => {
    response.writeHead(snapshot.status, headers);
    response.end(snapshot.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const autocannonCli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

type AutocannonJson = {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5?: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};

/**
 * Loads a loopback URL with autocannon in a child process (so the load generator neither shares the server's
 * event loop nor counts in its memory) for a fixed duration, and returns its figures.
 */
export function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error(`refusing to load ${url}: the bench only targets loopback`);
  const args = [autocannonCli, "--json", "--no-progress", "-c", String(options.connections), "-d", String(options.durationSeconds)];
  for (const [name, value] of Object.entries(options.headers)) args.push("-H", `${name}=${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // A bound on the child, in case it never ends: the duration plus a generous margin.
    const killer = setTimeout(() => child.kill("SIGKILL"), (options.durationSeconds + 60) * 1000);
    child.on("error", (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr.trim().slice(0, 500)}`));
      try {
        const result = JSON.parse(stdout) as AutocannonJson;
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          total: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      } catch (error) {
        reject(new Error(`cannot read autocannon's output: ${(error as Error).message}`));
      }
    });
  });
}

/** Targets every bench prints its figures against (report only, never asserted). */
export const PAGE_TARGETS = { ratio: 0.5, p99Ms: 50, gzipKb: 50 };

export const kb = (bytes: number | undefined) => (bytes === undefined ? "—" : (bytes / 1024).toFixed(1));
export const mark = (isMet: boolean) => (isMet ? "ok" : "MISS");

/** What the page table needs of a measured page. */
export type MeasuredPage = { name: string; path: string; status: number; rawBytes?: number; gzipBytes?: number; singleMs?: number; convene?: LoadResult; bare?: LoadResult; note?: string };

/** Prints the Convene-vs-bare table (req/s, p50/p99, ratio, sizes) with ok/MISS beside each target. */
export function printPageTable(pages: MeasuredPage[], label: (page: MeasuredPage) => string): void {
  console.log(`Targets: Convene/bare ratio ≥ ${PAGE_TARGETS.ratio}, p99 ≤ ${PAGE_TARGETS.p99Ms} ms, page ≤ ${PAGE_TARGETS.gzipKb} KB gzip\n`);
  const header = ["page", "status", "raw KB", "gzip KB", "", "req/s", "p50 ms", "p99 ms", "", "bare req/s", "bare p99", "ratio", ""];
  const rows: string[][] = [header];
  for (const page of pages) {
    const gzipKb = page.gzipBytes === undefined ? undefined : page.gzipBytes / 1024;
    const ratio = page.convene && page.bare && page.bare.requestsPerSecond > 0 ? page.convene.requestsPerSecond / page.bare.requestsPerSecond : undefined;
    rows.push([
      label(page),
      String(page.status || "—"),
      kb(page.rawBytes),
      kb(page.gzipBytes),
      gzipKb === undefined || page.status !== 200 ? "" : mark(gzipKb <= PAGE_TARGETS.gzipKb),
      page.convene ? page.convene.requestsPerSecond.toFixed(0) : "—",
      page.convene ? String(page.convene.p50) : "—",
      page.convene ? String(page.convene.p99) : "—",
      page.convene ? mark(page.convene.p99 <= PAGE_TARGETS.p99Ms) : "",
      page.bare ? page.bare.requestsPerSecond.toFixed(0) : "—",
      page.bare ? String(page.bare.p99) : "—",
      ratio === undefined ? "—" : ratio.toFixed(2),
      ratio === undefined ? "" : mark(ratio >= PAGE_TARGETS.ratio),
    ]);
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "));
    if (index === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
}

/** A whole-number command-line option, or exit 2 with a message naming it. */
export function wholeNumberOption(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    console.error(`bench: --${name} must be a whole number ≥ ${minimum}, got "${text}"`);
    process.exit(2);
  }
  return value;
}

/**
 * Requests each page `requests` times one after another (after 3 unmeasured) and prints a row per page: status,
 * p50/p95 and raw/gzip size of the last answer. The sequential table of the benches that time single pages.
 */
export async function printSequentialTable(baseUrl: string, pages: { name: string; path: string; headers: Record<string, string> }[], requests: number): Promise<void> {
  const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  const width = Math.max(38, ...pages.map((page) => page.name.length));
  console.log(`  ${"page".padEnd(width)} status   p50 ms   p95 ms   raw KB  gzip KB`);
  for (const page of pages) {
    const latencies: number[] = [];
    let last: Snapshot | undefined;
    for (let request = 0; request < requests + 3; request += 1) {
      const start = performance.now();
      last = await fetchOnce(`${baseUrl}${page.path}`, page.headers);
      if (request >= 3) latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    if (!last) continue;
    console.log(`  ${page.name.padEnd(width)} ${String(last.status).padStart(6)} ${percentile(latencies, 0.5).toFixed(0).padStart(8)} ${percentile(latencies, 0.95).toFixed(0).padStart(8)} ${kb(last.body.length).padStart(8)} ${kb(gzipSync(last.body).length).padStart(8)}`);
  }
}

/**
 * Waits until the machine is quiet — the one-minute load average at or under `maxLoad` — polling every 10 s, for
 * at most `maxMinutes`; prints how long it waited and the load it measures under. Lets a bench generate its data
 * while other work runs and take its timings only when nothing else competes for the cores. Two benches waiting at
 * once take turns: the first to see a quiet machine holds a lock file in /tmp until this
 * process exits.
 */
export async function waitForQuietMachine(maxLoad: number, maxMinutes = 180): Promise<void> {
  const { loadavg } = await import("node:os");
  const { openSync, closeSync, rmSync } = await import("node:fs");
  const lock = "/tmp/convene-bench-quiet.lock";
  const started = Date.now();
  const holdLock = (): boolean => {
    try {
      closeSync(openSync(lock, "wx"));
      process.on("exit", () => rmSync(lock, { force: true }));
      return true;
    } catch {
      return false;
    }
  };
  while (Date.now() - started < maxMinutes * 60_000) {
    if (loadavg()[0]! <= maxLoad && holdLock()) break;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
  const waited = Math.round((Date.now() - started) / 1000);
  const load = loadavg()[0]!;
  console.log(`machine ${load <= maxLoad ? "quiet" : "still busy"}: load average ${load.toFixed(2)} (limit ${maxLoad}) after waiting ${waited} s`);
}
