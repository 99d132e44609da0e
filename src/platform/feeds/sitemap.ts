import type { Database } from "../../db/client";

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
