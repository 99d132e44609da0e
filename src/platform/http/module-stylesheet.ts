import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html";

/**
 * A module's own small stylesheet beside convene.css (the CSP allows no inline style): served under its content
 * hash, cacheable for a year, gzipped when the browser accepts it.
 */
export type ModuleStylesheet = { name: string; css: string; path: string; link: () => SafeHtml; register: (app: FastifyInstance) => void };

/** Every module stylesheet made so far, by name: the design checks (palette contrast, page budget) read them all. */
export const MODULE_STYLESHEETS = new Map<string, ModuleStylesheet>();

export function moduleStylesheet(name: string, css: string): ModuleStylesheet {
  const bytes = Buffer.from(css);
  const gzipped = gzipSync(bytes);
  const path = `/assets/${name}.${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.css`;
  const sheet: ModuleStylesheet = {
    name,
    css,
    path,
    link: () => html`<link rel="stylesheet" href="${path}">`,
    register: (app) => {
      app.get(path, { schema: { hide: true } }, async (request, reply) => {
        reply.header("content-type", "text/css; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").header("vary", "accept-encoding");
        if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(gzipped);
        return reply.send(bytes);
      });
    },
  };
  MODULE_STYLESHEETS.set(name, sheet);
  return sheet;
}
