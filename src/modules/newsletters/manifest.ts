import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { newsletterAudienceJobs } from "./audience/jobs";
import { audiencePersonalData } from "./audience/personal-data";
import { newsletterAudienceRoutes } from "./audience/routes";
import { seedAudienceDemo } from "./audience/seed";
import { newsletterDigestJobs } from "./digest/jobs";
import { newsletterDigestRoutes } from "./digest/routes";
import { newsletterIssuesJobs } from "./issues/jobs";
import { newsletterIssuesRoutes } from "./issues/routes";
import { seedNewsletterIssuesDemo } from "./issues/seed";

/**
 * Newsletters of a space (the space's "news" feature): the audience — followers, subscribers without an account
 * (double opt-in), opt-outs, suppressed addresses and bounces (audience/); newsletters composed from blocks,
 * sent to a segment through the job queue, each recipient at most once, and their archive (issues/); and the
 * programme digest, a periodic mail of what happened in the space (digest/).
 */
export const newslettersModule: ModuleManifest = {
  name: "newsletters",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    for (const routes of [newsletterAudienceRoutes, newsletterIssuesRoutes, newsletterDigestRoutes]) await app.register(routes);
  },
  // Each part seeds its own demo: the audience (followers, subscribers), then issues (a sent newsletter and a scheduled one).
  seedDemo: async (services, demo) => {
    await seedAudienceDemo(services, demo);
    await seedNewsletterIssuesDemo(services, demo);
  },
  jobs: (services) => ({ ...newsletterAudienceJobs(services), ...newsletterIssuesJobs(services), ...newsletterDigestJobs(services) }),
  personalData: [audiencePersonalData],
};
