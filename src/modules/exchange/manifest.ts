import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { exchangeJobs, exchangeRoutes } from "./routes";
import { seedExchangeDemo } from "./seed";

/** Issue 12 point 5, clearing-house exchange both ways: see README.md. */
export const exchangeModule: ModuleManifest = {
  name: "exchange",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: exchangeRoutes,
  jobs: exchangeJobs,
  seedDemo: seedExchangeDemo,
};
