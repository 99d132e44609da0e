import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";

const runtime = readFileSync(new URL("./runtime.js", import.meta.url), "utf8");

/** A widget script as served: the text, its gzip and the ETag both answer under. */
export type WidgetScript = { source: Buffer; gzip: Buffer; etag: string };

/**
 * One partner-site script: the shared runtime (`Convene.Element`, `Convene.el`, … in runtime.js) and the file that
 * defines the widget's elements, in one strict IIFE that does nothing where custom elements are missing or
 * `guardElement` is already defined (the script loaded twice).
 */
export function widgetScript(elementFile: URL, guardElement: string): WidgetScript {
  const text = `(function () {
"use strict";
if (typeof window === "undefined" || !window.customElements || window.customElements.get(${JSON.stringify(guardElement)})) return;
${runtime}
${readFileSync(elementFile, "utf8")}
})();
`;
  const source = Buffer.from(text);
  return { source, gzip: gzipSync(source, { level: 9 }), etag: `"${createHash("sha256").update(source).digest("base64url").slice(0, 22)}"` };
}

/** Serves a widget script: a day in caches, then revalidated by its ETag; gzipped when the client takes it. */
export function serveWidgetScript(app: FastifyInstance, path: string, script: WidgetScript): void {
  app.get(path, { schema: { hide: true } }, async (request, reply) => {
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=86400, stale-while-revalidate=604800").header("etag", script.etag).header("vary", "accept-encoding");
    const ifNoneMatch = String(request.headers["if-none-match"] ?? "");
    if (ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === script.etag || tag === `W/${script.etag}` || tag === "*")) return reply.status(304).send();
    if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(script.gzip);
    return reply.send(script.source);
  });
}
