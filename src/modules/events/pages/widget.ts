import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";

const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "widgets/convene-events.js"));
const gzip = gzipSync(source, { level: 9 });
const etag = `"${createHash("sha256").update(source).digest("base64url").slice(0, 22)}"`;

/** Where partner sites load <convene-events> from. */
export const EVENTS_WIDGET_PATH = "/widgets/convene-events.js";

/** Serves the widget script: a day in caches, then revalidated by its ETag; gzipped when the client takes it. */
export async function eventWidgetRoutes(app: FastifyInstance): Promise<void> {
  app.get(EVENTS_WIDGET_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=86400, stale-while-revalidate=604800").header("etag", etag).header("vary", "accept-encoding");
    const ifNoneMatch = String(request.headers["if-none-match"] ?? "");
    if (ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === etag || tag === `W/${etag}` || tag === "*")) return reply.status(304).send();
    if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(gzip);
    return reply.send(source);
  });
}
