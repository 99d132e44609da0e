import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { guidanceMessages } from "./guidance/messages";
import { guidanceApiRoutes } from "./guidance/api";
import { guidanceRoutes } from "./guidance/routes";
import { faqSearchProvider, guidanceSearchProvider } from "./guidance/search";
import { seedGuidanceDemo } from "./guidance/seed";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: mergeCatalogs(guidanceMessages),
  search: [guidanceSearchProvider, faqSearchProvider],
  seedDemo: seedGuidanceDemo,
  routes: async (app) => {
    await app.register(guidanceRoutes);
    await app.register(guidanceApiRoutes);
  },
};
