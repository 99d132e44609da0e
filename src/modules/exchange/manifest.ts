import type { ModuleManifest } from "../../platform/module";

/** Issue 12: see README.md. */
export const exchangeModule: ModuleManifest = {
  name: "exchange",
};
