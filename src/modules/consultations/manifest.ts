import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { consultationContentSource } from "./content-source";
import { consultationJobs } from "./jobs";
import { seedConsultations } from "./seed";
import { contributionsRoutes } from "./routes-contributions";
import { moderationRoutes } from "./routes-moderation";
import { openDataRoutes } from "./routes-open-data";
import { participationRoutes } from "./routes-participation";
import { structureRoutes } from "./routes-structure";
import { synthesisRoutes } from "./routes-synthesis";
import { contributionSearchProvider } from "./search";
import { consultationSitemapSource } from "./sitemap";
import { consultationsReportSection } from "./report-section";

/** Consultations: discussion groups, topics and guiding questions, contributions, breakouts, synthesis, moderation. */
export const consultationsModule: ModuleManifest = {
  name: "consultations",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    for (const routes of [structureRoutes, contributionsRoutes, moderationRoutes, synthesisRoutes, openDataRoutes, participationRoutes]) await app.register(routes);
  },
  jobs: consultationJobs,
  seedDemo: seedConsultations,
  search: [contributionSearchProvider],
  content: [consultationContentSource],
  sitemap: [consultationSitemapSource],
  reportSections: [consultationsReportSection],
};
