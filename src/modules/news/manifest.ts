import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import "./moderation-subject";
import { newsPersonalData } from "./personal-data";
import { newsRoutes } from "./routes";
import { newsSearchProvider } from "./search";
import { seedNewsDemo } from "./seed";
import { newsContentSource, newsSitemapSource } from "./sources";

/**
 * News and stories (issue 12, point 1): posts per space — news, stories, announcements — with pictures, galleries,
 * quotes, video links and related items; organisations propose stories that coordinators review; lists, Atom,
 * Open Graph and NewsArticle JSON-LD; the news API. See README.md.
 */
export const newsModule: ModuleManifest = {
  name: "news",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: newsRoutes,
  personalData: newsPersonalData,
  search: [newsSearchProvider],
  content: [newsContentSource],
  sitemap: [newsSitemapSource],
  seedDemo: seedNewsDemo,
};
