import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { spaceApiRoutes } from "./api";
import { upsertReferenceFrameworks } from "./commands/upsert-reference-frameworks";
import { seedSpacesDemo } from "./demo";
import { spacesPersonalData } from "./personal-data";
import { spaceRoutes } from "./routes";
import { spaceSearchProvider } from "./search";
import { spaceSitemapSource } from "./sitemap";

/** Spaces, their roles and reference frameworks, and the home page. */
export const spacesModule: ModuleManifest = {
  name: "spaces",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    await spaceRoutes(app);
    await spaceApiRoutes(app);
  },
  seedReference: (services) => upsertReferenceFrameworks(services),
  seedDemo: seedSpacesDemo,
  personalData: spacesPersonalData,
  search: [spaceSearchProvider],
  sitemap: [spaceSitemapSource],
};
