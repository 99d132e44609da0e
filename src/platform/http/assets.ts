import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

const publicDir = join(dirname(fileURLToPath(import.meta.url)), "../../../public");
const css = readFileSync(join(publicDir, "convene.css"));
const cssHash = createHash("sha256").update(css).digest("hex").slice(0, 12);
const cssGzip = gzipSync(css);

/** The stylesheet's URL carries its content hash, so browsers may cache it for a year. */
export const ASSET_CSS_PATH = `/assets/convene.${cssHash}.css`;

const favicon = readFileSync(join(publicDir, "favicon.svg"));
/** The icon the layout links, under its content hash like the stylesheet. */
export const FAVICON_PATH = `/assets/favicon.${createHash("sha256").update(favicon).digest("hex").slice(0, 12)}.svg`;

const pickerJs = readFileSync(join(publicDir, "picker.js"));
/** The checkbox picker's progressive enhancement (filter box), under its content hash like the stylesheet. */
export const ASSET_PICKER_JS_PATH = `/assets/picker.${createHash("sha256").update(pickerJs).digest("hex").slice(0, 12)}.js`;

export async function registerAssets(app: FastifyInstance): Promise<void> {
  app.get(ASSET_CSS_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply.header("content-type", "text/css; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").header("vary", "accept-encoding");
    if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(cssGzip);
    return reply.send(css);
  });
  app.get(ASSET_PICKER_JS_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header("content-type", "text/javascript; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(pickerJs),
  );
  app.get(FAVICON_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header("content-type", "image/svg+xml").header("cache-control", "public, max-age=31536000, immutable").send(favicon),
  );
  // Browsers and crawlers ask for /favicon.ico whatever the page links: answer with the same icon (SVG is
  // read by the browsers that ask), cached for a month since this address never changes, so no page logs a 404.
  app.get("/favicon.ico", { schema: { hide: true } }, async (_request, reply) =>
    reply.header("content-type", "image/svg+xml").header("cache-control", "public, max-age=2592000").send(favicon),
  );
}
