import type { FastifyInstance, FastifyRequest } from "fastify";
import { isCsrfTokenUsed } from "./plugin";

type Entry = { body: string; contentType: string; expiresAt: number };

const MAX_ENTRIES = 1000;

/**
 * A micro-cache for anonymous GETs: every anonymous visitor gets the same bytes for a public page, so
 * for a second or two they can be reused instead of re-running the queries (nginx calls this
 * "microcaching"). Only responses that are safe to share are kept: status 200, HTML or JSON, no
 * Set-Cookie, no per-visitor CSRF token, no flash notice. Any write in this process empties the cache;
 * across processes the TTL bounds how stale an anonymous page can be.
 */
export function registerPageCache(app: FastifyInstance, ttlMs: number): void {
  if (ttlMs <= 0) return;
  const entries = new Map<string, Entry>();
  const keyOf = (request: FastifyRequest) => `${request.locale}\u0000${request.url}`;
  const isCacheable = (request: FastifyRequest) =>
    request.method === "GET" && request.authentication.kind === "anonymous" && !request.flash && !/[?&]lang=/.test(request.url);

  app.addHook("onRequest", async (request, reply) => {
    if (!isCacheable(request)) return;
    const entry = entries.get(keyOf(request));
    if (!entry) return;
    if (entry.expiresAt < Date.now()) {
      entries.delete(keyOf(request));
      return;
    }
    return reply.header("x-convene-cache", "hit").type(entry.contentType).send(entry.body);
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
    entries.set(keyOf(request), { body: payload, contentType, expiresAt: Date.now() + ttlMs });
    return payload;
  });
}
