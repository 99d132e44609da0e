import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { answersMessages } from "./answers/messages";
import { answersRoutes } from "./answers/routes";
import { glossaryRoutes } from "./glossary/routes";
import { knowledgeGlossaryJobs } from "./glossary/reanalyse";
import { guidanceMessages } from "./guidance/messages";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: mergeCatalogs(guidanceMessages, answersMessages),
  routes: async (app) => {
    await answersRoutes(app);
    await glossaryRoutes(app);
  },
  jobs: (services) => ({
    ...knowledgeGlossaryJobs(services),
  }),
};
