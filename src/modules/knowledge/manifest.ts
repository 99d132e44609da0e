import type { FastifyInstance } from "fastify";
import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { enquiryApiRoutes } from "./enquiries/api";
import { enquiryJobs } from "./enquiries/jobs";
import { enquiryMessages } from "./enquiries/messages";
import { enquiriesPersonalData } from "./enquiries/personal-data";
import { enquiryRoutes } from "./enquiries/routes";
import { guidanceMessages } from "./guidance/messages";

/**
 * Knowledge hub: guidance library and FAQ, good practices, funding and resources, experts, answers with
 * citations, enquiries. Each sub-feature has its own folder (guidance/, practices/, resources/, experts/,
 * answers/, enquiries/, glossary/) with its routes, queries, commands, views and messages.
 */
export const knowledgeModule: ModuleManifest = {
  name: "knowledge",
  messages: mergeCatalogs(guidanceMessages, enquiryMessages),
  routes: async (app: FastifyInstance) => {
    await app.register(enquiryRoutes);
    await app.register(enquiryApiRoutes);
  },
  jobs: enquiryJobs,
  personalData: enquiriesPersonalData,
};
