import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { html, type SafeHtml } from "../html";

const publicDir = join(dirname(fileURLToPath(import.meta.url)), "../../../public");

/**
 * A module's own small browser script from public/ (the CSP allows no inline script, only files of ours): served
 * under its content hash, cacheable for a year. Scripts only enhance: every page works without them.
 */
export function moduleScript(fileName: string): { path: string; tag: () => SafeHtml; register: (app: FastifyInstance) => void } {
  const bytes = readFileSync(join(publicDir, fileName));
  const stem = fileName.replace(/\.js$/, "");
  const path = `/assets/${stem}.${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}.js`;
  return {
    path,
    tag: () => html`<script src="${path}" defer></script>`,
    register: (app) => {
      app.get(path, { schema: { hide: true } }, async (_request, reply) =>
        reply.header("content-type", "text/javascript; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(bytes),
      );
    },
  };
}
