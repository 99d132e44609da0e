import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { showcaseApiRoutes } from "./api";
import { showcaseRoutes } from "./routes";
import { seedShowcases } from "./seed";
import { showcaseSitemapSource } from "./sitemap";
import { showcaseWidgetRoutes } from "./widget";

/** Showcases (issue 12, point 6): curated collections of public items of any content source, with page, feed, API and widget. See README.md. */
export const showcasesModule: ModuleManifest = {
  name: "showcases",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    for (const routes of [showcaseRoutes, showcaseApiRoutes, showcaseWidgetRoutes]) await app.register(routes);
  },
  seedDemo: seedShowcases,
  sitemap: [showcaseSitemapSource],
};
