import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import type { OutgoingHttpHeaders } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isCsrfTokenUsed } from "./plugin";

type Encoding = "br" | "gzip";
type Entry = { body: string; bytes: number; headers: OutgoingHttpHeaders; encoded: Map<Encoding, Buffer>; expiresAt: number };

const MAX_ENTRIES = 1000;
/** Smaller bodies go out as they are (the same threshold as the compression of rendered pages). */
const COMPRESS_FROM_BYTES = 1024;
/** Headers that belong to one response, not to the page: they are made anew for every hit. */
const PER_RESPONSE = new Set(["x-request-id", "content-length", "content-encoding", "vary", "date", "connection", "keep-alive", "transfer-encoding"]);

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, honouring q=0; none otherwise. */
export function preferredEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  let best: { encoding: Encoding; q: number } | undefined;
  for (const part of header.split(",")) {
    const [name = "", ...parameters] = part.trim().toLowerCase().split(";");
    if (name !== "br" && name !== "gzip") continue;
    const qParameter = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q || (q === best.q && name === "br")) best = { encoding: name, q };
  }
  return best?.encoding;
}

function encode(body: string, encoding: Encoding): Buffer {
  return encoding === "br" ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(body);
}

/**
 * A micro-cache for anonymous GETs: every anonymous visitor gets the same bytes for a public page, so
 * for a second or two they can be reused instead of re-running the queries (nginx calls this
 * "microcaching"). Only responses that are safe to share are kept: status 200, HTML or JSON, no
 * Set-Cookie, no per-visitor CSRF token, no flash notice. Any write in this process empties the cache;
 * across processes the TTL bounds how stale an anonymous page can be.
 *
 * A hit is answered at once with the page's own headers, without the rest of the request's hooks, and its
 * compressed forms are made once per entry (not on every hit, as compressing the rendered page would).
 */
export function registerPageCache(app: FastifyInstance, ttlMs: number): void {
  if (ttlMs <= 0) return;
  const entries = new Map<string, Entry>();
  const keyOf = (request: FastifyRequest) => `${request.locale}\u0000${request.url}`;
  const isCacheable = (request: FastifyRequest) =>
    request.method === "GET" && request.authentication.kind === "anonymous" && !request.flash && !/[?&]lang=/.test(request.url);

  app.addHook("onRequest", async (request, reply) => {
    if (!isCacheable(request)) return;
    const key = keyOf(request);
    const entry = entries.get(key);
    if (!entry) return;
    if (entry.expiresAt < Date.now()) {
      entries.delete(key);
      return;
    }
    const encoding = entry.bytes >= COMPRESS_FROM_BYTES ? preferredEncoding(request.headers["accept-encoding"]) : undefined;
    let body: string | Buffer = entry.body;
    const headers: OutgoingHttpHeaders = { ...entry.headers, "x-request-id": request.id, "x-convene-cache": "hit", vary: "accept-encoding" };
    if (encoding) {
      let encoded = entry.encoded.get(encoding);
      if (!encoded) entry.encoded.set(encoding, (encoded = encode(entry.body, encoding)));
      body = encoded;
      headers["content-encoding"] = encoding;
    }
    headers["content-length"] = typeof body === "string" ? entry.bytes : body.length;
    reply.hijack();
    reply.raw.writeHead(200, headers);
    reply.raw.end(body);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    if (request.method !== "GET") {
      if (reply.statusCode < 400 && request.method !== "HEAD" && request.method !== "OPTIONS") entries.clear();
      return payload;
    }
    if (!isCacheable(request) || reply.statusCode !== 200 || typeof payload !== "string" || isCsrfTokenUsed(request)) return payload;
    if (reply.getHeader("set-cookie") || reply.getHeader("x-convene-cache")) return payload;
    const contentType = String(reply.getHeader("content-type") ?? "");
    if (!/^(text\/html|application\/json)/.test(contentType)) return payload;
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined && !PER_RESPONSE.has(name)) headers[name] = value;
    entries.set(keyOf(request), { body: payload, bytes: Buffer.byteLength(payload), headers, encoded: new Map(), expiresAt: Date.now() + ttlMs });
    return payload;
  });
}
