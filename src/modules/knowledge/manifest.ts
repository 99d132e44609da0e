import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { guidanceMessages } from "./guidance/messages";
import { expertApiRoutes } from "./experts/api";
import { expertMessages } from "./experts/messages";
import { expertsPersonalData } from "./experts/personal-data";
import { expertRelayKind } from "./experts/relay";
import { expertRoutes } from "./experts/routes";
import { expertSearchProvider } from "./experts/search";
import { seedExpertsDemo } from "./experts/seed";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: mergeCatalogs(guidanceMessages, expertMessages),
  routes: async (app) => {
    await app.register(expertRoutes);
    await app.register(expertApiRoutes);
  },
  search: [expertSearchProvider],
  relay: [expertRelayKind],
  personalData: expertsPersonalData,
  seedDemo: seedExpertsDemo,
};
