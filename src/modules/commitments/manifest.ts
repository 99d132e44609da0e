import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { commitmentContentSource } from "./content-source";
import { commitmentJobs } from "./jobs";
import { commitmentReportContentSource } from "./report-content-source";
import { browseRoutes } from "./routes-browse";
import { formRoutes } from "./routes-form";
import { openDataRoutes } from "./routes-open-data";
import { progressRoutes } from "./routes-progress";
import { reviewRoutes } from "./routes-review";
import { statsRoutes } from "./routes-stats";
import { commitmentSearchProvider } from "./search";
import { commitmentSitemapSource } from "./sitemap";
import { seedCommitments } from "./seed";
import { speakSpaceWording } from "./wording";
import { commitmentsReportSection } from "./report-section";

/** Commitments: measurable pledges, review, progress reporting, statistics, open data and widgets. */
export const commitmentsModule: ModuleManifest = {
  name: "commitments",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    // One encapsulated context, so the wording hook runs for this module's routes only.
    await app.register(async (scoped) => {
      speakSpaceWording(scoped);
      for (const routes of [formRoutes, reviewRoutes, progressRoutes, browseRoutes, statsRoutes, openDataRoutes]) await scoped.register(routes);
    });
  },
  jobs: commitmentJobs,
  seedDemo: seedCommitments,
  search: [commitmentSearchProvider],
  content: [commitmentContentSource, commitmentReportContentSource],
  sitemap: [commitmentSitemapSource],
  reportSections: [commitmentsReportSection],
};
