import type { FastifyInstance } from "fastify";
import { mergeCatalogs } from "../../platform/i18n/messages";
import type { ModuleManifest } from "../../platform/module";
import { consultationContentMessages, consultationContentSource } from "./content-source";
import { consultationJobs } from "./jobs";
import { seedConsultations } from "./seed";
import { contributionsMessages } from "./messages-contributions";
import { moderationMessages } from "./messages-moderation";
import { openDataMessages } from "./messages-open-data";
import { participationMessages } from "./messages-participation";
import { structureMessages } from "./messages-structure";
import { synthesisMessages } from "./messages-synthesis";
import { contributionsRoutes } from "./routes-contributions";
import { moderationRoutes } from "./routes-moderation";
import { openDataRoutes } from "./routes-open-data";
import { participationRoutes } from "./routes-participation";
import { structureRoutes } from "./routes-structure";
import { synthesisRoutes } from "./routes-synthesis";
import { contributionSearchMessages, contributionSearchProvider } from "./search";
import { consultationSitemapSource } from "./sitemap";
import { consultationsReportSection } from "./report-section";

/** Consultations: discussion groups, topics and guiding questions, contributions, breakouts, synthesis, moderation. */
export const consultationsModule: ModuleManifest = {
  name: "consultations",
  messages: mergeCatalogs(structureMessages, contributionsMessages, moderationMessages, synthesisMessages, openDataMessages, participationMessages, contributionSearchMessages, consultationContentMessages),
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
