import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";
import { collectSitemap, renderSitemapIndex, renderUrlSet, sitemapChunks, SITEMAP_FILE_MAX, type SitemapSource } from "./sitemap";

export type SitemapRoutesOptions = {
  /** Every module's sources (the manifests' `sitemap`). */
  sources: readonly SitemapSource[];
  /** URLs per file before the sitemap becomes an index (the protocol's 50,000; tests pass fewer). */
  perFile?: number;
};

const XML = "application/xml; charset=utf-8";

/**
 * `GET /sitemap.xml`: the public pages of every module (public spaces, published items, public visibility only) plus
 * the home page — one `<urlset>`, or a `<sitemapindex>` of `/sitemaps/N.xml` files once there are more URLs than
 * one file may hold. `GET /robots.txt` points crawlers at it.
 */
export async function sitemapRoutes(app: FastifyInstance, options: SitemapRoutesOptions): Promise<void> {
  const { db, config } = app.services;
  const perFile = options.perFile ?? SITEMAP_FILE_MAX;
  const hidden = { schema: { hide: true } };
  // Crawlers come rarely and the lists change slowly: an hour in shared caches spares the database.
  const cacheControl = "public, max-age=3600";

  app.get("/sitemap.xml", hidden, async (_request, reply) => {
    const chunks = sitemapChunks(await collectSitemap(db, options.sources), perFile);
    const body = chunks.length > 1 ? await renderSitemapIndex(config.publicUrl, chunks) : await renderUrlSet(config.publicUrl, chunks[0] ?? []);
    return reply.type(XML).header("cache-control", cacheControl).send(body);
  });

  app.get<{ Params: { file: string } }>("/sitemaps/:file", hidden, async (request, reply) => {
    const number = /^([1-9]\d{0,5})\.xml$/.exec(request.params.file)?.[1];
    const chunks = number ? sitemapChunks(await collectSitemap(db, options.sources), perFile) : [];
    const chunk = number && chunks.length > 1 ? chunks[Number(number) - 1] : undefined;
    if (!chunk) throw new AppError("not_found");
    return reply.type(XML).header("cache-control", cacheControl).send(await renderUrlSet(config.publicUrl, chunk));
  });

  app.get("/robots.txt", hidden, async (_request, reply) =>
    reply.type("text/plain; charset=utf-8").header("cache-control", cacheControl).send(`User-agent: *\nAllow: /\n\nSitemap: ${config.publicUrl}/sitemap.xml\n`),
  );
}
