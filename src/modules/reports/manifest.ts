import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { reportRoutes } from "./routes";
import { seedReportsDemo } from "./seed";

/**
 * The report to the governing body (issue 13, point 5): a space's coordinators put the sections other modules
 * contribute (platform/reports/sections.ts) around their own narratives, read it live, download Markdown and CSV,
 * and freeze it as numbered versions whose permalinks never change.
 */
export const reportsModule: ModuleManifest = {
  name: "reports",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: reportRoutes,
  seedDemo: seedReportsDemo,
};
