import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { answersRoutes } from "./answers/routes";
import { enquiryApiRoutes } from "./enquiries/api";
import { enquiryJobs } from "./enquiries/jobs";
import { enquiriesPersonalData } from "./enquiries/personal-data";
import { enquiryRoutes } from "./enquiries/routes";
import { expertApiRoutes } from "./experts/api";
import { expertsPersonalData } from "./experts/personal-data";
import { expertRelayKind } from "./experts/relay";
import { expertRoutes } from "./experts/routes";
import { expertSearchProvider } from "./experts/search";
import { seedExpertsDemo } from "./experts/seed";
import { knowledgeGlossaryJobs } from "./glossary/reanalyse";
import { glossaryRoutes } from "./glossary/routes";
import { guidanceApiRoutes } from "./guidance/api";
import { guidanceRoutes } from "./guidance/routes";
import { faqSearchProvider, guidanceSearchProvider } from "./guidance/search";
import { seedGuidanceDemo } from "./guidance/seed";
import { practiceContentSource, practiceSearchProvider, practicesRoutes, seedPracticesDemo } from "./practices/manifest-parts";
import { practiceRelayKind } from "./practices/relay";
import { resourceApiRoutes } from "./resources/api";
import { resourceRoutes } from "./resources/routes";
import { resourceSearchProvider } from "./resources/search";
import { seedResources } from "./resources/seed";
import { knowledgeSitemapSources } from "./sitemap";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    for (const routes of [guidanceRoutes, guidanceApiRoutes, enquiryRoutes, enquiryApiRoutes, resourceRoutes, resourceApiRoutes, practicesRoutes, expertRoutes, expertApiRoutes, answersRoutes, glossaryRoutes]) await app.register(routes);
  },
  jobs: (services) => ({ ...enquiryJobs(services), ...knowledgeGlossaryJobs(services) }),
  personalData: [enquiriesPersonalData, expertsPersonalData],
  search: [guidanceSearchProvider, faqSearchProvider, resourceSearchProvider, practiceSearchProvider, expertSearchProvider],
  sitemap: knowledgeSitemapSources,
  relay: [expertRelayKind, practiceRelayKind],
  content: [practiceContentSource],
  seedDemo: async (services, demo) => {
    await seedGuidanceDemo(services, demo);
    await seedResources(services, demo);
    await seedPracticesDemo(services, demo);
    await seedExpertsDemo(services, demo);
  },
};
