import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { guidanceMessages } from "./guidance/messages";
import { resourceApiRoutes } from "./resources/api";
import { resourceMessages } from "./resources/messages";
import { resourceRoutes } from "./resources/routes";
import { resourceSearchProvider } from "./resources/search";
import { seedResources } from "./resources/seed";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: mergeCatalogs(guidanceMessages, resourceMessages),
  routes: async (app) => {
    await app.register(resourceRoutes);
    await app.register(resourceApiRoutes);
  },
  search: [resourceSearchProvider],
  seedDemo: async (services, demo) => {
    await seedResources(services, demo);
  },
};
