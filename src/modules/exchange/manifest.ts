import type { ModuleManifest } from "../../platform/module";
import { exchangeMessages } from "./messages";
import { exchangeJobs, exchangeRoutes } from "./routes";
import { seedExchangeDemo } from "./seed";

/** Issue 12 point 5, clearing-house exchange both ways: see README.md. */
export const exchangeModule: ModuleManifest = {
  name: "exchange",
  messages: exchangeMessages,
  routes: exchangeRoutes,
  jobs: exchangeJobs,
  seedDemo: seedExchangeDemo,
};
