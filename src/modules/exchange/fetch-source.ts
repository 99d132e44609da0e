import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** How a harvest may reach out: bounded in time and size, and kept off the installation's own network. */
export type FetchLimits = { timeoutMs: number; maxBytes: number; isPrivateAllowed: boolean; maxRedirects: number };

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024, isPrivateAllowed: false, maxRedirects: 3 };

/** Why a URL could not be harvested, as a message key (shown translated on the run's page). */
export class FetchRefused extends Error {
  constructor(public readonly reasonKey: string, detail = "") {
    super(`${reasonKey}${detail ? `: ${detail}` : ""}`);
  }
}

// Loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved
// ranges: a harvest URL typed by a coordinator must not become a way to read the installation's own network.
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) return blocked.check(address, "ipv6");
  return true;
}

/** Checks a URL before fetching it: http or https only, and (unless allowed) a host that resolves to public addresses only. */
export async function assertFetchable(raw: string, limits: FetchLimits): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused("exchange.error.bad_url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefused("exchange.error.scheme");
  if (url.username || url.password) throw new FetchRefused("exchange.error.bad_url");
  if (limits.isPrivateAllowed) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    throw new FetchRefused("exchange.error.unreachable", host);
  }
  if (!addresses.length || addresses.some(isPrivateAddress)) throw new FetchRefused("exchange.error.private_address", host);
  return url;
}

/**
 * Fetches a harvest document: redirects followed by hand (each target checked like the first), a timeout over the
 * whole exchange, and the body read only up to the size limit (a larger one is refused, not truncated).
 */
export async function fetchDocument(raw: string, limits: FetchLimits): Promise<{ url: string; body: string }> {
  let current = raw;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let hop = 0; hop <= limits.maxRedirects; hop += 1) {
      const url = await assertFetchable(current, limits);
      const response = await fetch(url, { redirect: "manual", signal, headers: { accept: "application/json, application/ld+json;q=0.9, */*;q=0.1", "user-agent": "Convene-harvester" } });
      if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
        await response.body?.cancel();
        current = new URL(response.headers.get("location")!, url).toString();
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FetchRefused("exchange.error.http_status", String(response.status));
      }
      const declared = Number(response.headers.get("content-length") ?? "0");
      if (declared > limits.maxBytes) {
        await response.body?.cancel();
        throw new FetchRefused("exchange.error.too_large");
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = response.body?.getReader();
      for (let part = await reader?.read(); reader && part && !part.done; part = await reader.read()) {
        size += part.value.byteLength;
        if (size > limits.maxBytes) {
          await reader.cancel();
          throw new FetchRefused("exchange.error.too_large");
        }
        chunks.push(part.value);
      }
      return { url: url.toString(), body: Buffer.concat(chunks).toString("utf8") };
    }
    throw new FetchRefused("exchange.error.redirects");
  } catch (error) {
    if (error instanceof FetchRefused) throw error;
    if (signal.aborted) throw new FetchRefused("exchange.error.timeout");
    throw new FetchRefused("exchange.error.unreachable", error instanceof Error ? error.message.slice(0, 200) : "");
  }
}
