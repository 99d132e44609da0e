import { readCatalog } from "../../platform/i18n/catalog-files";
import type { FastifyInstance } from "fastify";
import type { ModuleManifest } from "../../platform/module";
import { organisationApiRoutes } from "./api";
import { organisationsPersonalData } from "./personal-data";
import { organisationRelayKind } from "./relay";
import { organisationRoutes } from "./routes";
import { organisationSearchProvider } from "./search";
import { organisationSitemapSource } from "./sitemap";
import { seedOrganisations } from "./seed";
import { organisationTokenRoutes } from "./token-routes";

/** Organisations (actors): directory, profiles, members, invitations, join requests, API. */
export const organisationsModule: ModuleManifest = {
  name: "organisations",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: async (app: FastifyInstance) => {
    await app.register(organisationRoutes);
    await app.register(organisationApiRoutes);
    await app.register(organisationTokenRoutes);
  },
  seedDemo: seedOrganisations,
  personalData: organisationsPersonalData,
  search: [organisationSearchProvider],
  sitemap: [organisationSitemapSource],
  relay: [organisationRelayKind],
};
