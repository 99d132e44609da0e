import { Readable } from "node:stream";
import type { SQL } from "drizzle-orm";
import { SitemapIndexStream, SitemapStream, streamToPromise } from "sitemap";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";

/** One public page for sitemap.xml: its path (relative to the site) and when it last changed. */
export type SitemapEntry = { path: string; updatedAt?: Date };

/**
 * What a module lists in sitemap.xml: its public pages (public spaces, published items, public visibility only),
 * at most `limit` of them, newest first. The platform's sitemap route (platform/feeds) asks every source.
 */
export type SitemapSource = {
  name: string;
  entries(db: Database, limit: number): Promise<SitemapEntry[]>;
};

/** The sitemap protocol's limit of URLs in one file (sitemaps.org); more make a sitemap index. */
export const SITEMAP_FILE_MAX = 50_000;
/** The most pages one source lists: its query stays bounded however large the site grows. */
export const SITEMAP_SOURCE_MAX = 50_000;

/**
 * A source read by one SQL statement that returns `path` and `updated_at` rows, newest first, at most `limit`:
 * the statement holds the module's visibility rule for an anonymous reader.
 */
export function sqlSitemapSource(name: string, statement: (limit: number) => SQL): SitemapSource {
  return {
    name,
    async entries(db, limit) {
      const rows = await queryRows<{ path: string; updated_at: Date | string | null }>(db, statement(limit));
      return rows.map((row) => ({ path: row.path, updatedAt: row.updated_at ? new Date(row.updated_at) : undefined }));
    },
  };
}

/** Every source's entries (the home page first), each source bounded by `perSource`. */
export async function collectSitemap(db: Database, sources: readonly SitemapSource[], perSource = SITEMAP_SOURCE_MAX): Promise<SitemapEntry[]> {
  const lists = await Promise.all(sources.map((source) => source.entries(db, perSource)));
  return [{ path: "/" }, ...lists.flat()];
}

const NO_EXTENSIONS = { news: false, video: false, image: false, xhtml: false };

/** A `<urlset>` (sitemaps.org 0.9) of the entries, written by the `sitemap` library (it escapes and encodes the URLs). */
export async function renderUrlSet(publicUrl: string, entries: readonly SitemapEntry[]): Promise<string> {
  const stream = new SitemapStream({ hostname: publicUrl, xmlns: NO_EXTENSIONS });
  const items = entries.map((entry) => ({ url: entry.path, lastmod: entry.updatedAt?.toISOString() }));
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString("utf8");
}

/** Path of the n-th (1-based) file of a sitemap split by an index. */
export function sitemapFilePath(number: number): string {
  return `/sitemaps/${number}.xml`;
}

/** A `<sitemapindex>` naming the files `chunks` are served as, each with its newest change. */
export async function renderSitemapIndex(publicUrl: string, chunks: readonly (readonly SitemapEntry[])[]): Promise<string> {
  const items = chunks.map((chunk, index) => {
    const newest = chunk.reduce<Date | undefined>((latest, entry) => (entry.updatedAt && (!latest || entry.updatedAt > latest) ? entry.updatedAt : latest), undefined);
    return { url: `${publicUrl}${sitemapFilePath(index + 1)}`, lastmod: newest?.toISOString() };
  });
  return (await streamToPromise(Readable.from(items).pipe(new SitemapIndexStream()))).toString("utf8");
}

/** The entries cut into files of at most `perFile` URLs. */
export function sitemapChunks(entries: readonly SitemapEntry[], perFile = SITEMAP_FILE_MAX): SitemapEntry[][] {
  const chunks: SitemapEntry[][] = [];
  for (let start = 0; start < entries.length; start += perFile) chunks.push(entries.slice(start, start + perFile));
  return chunks;
}
