import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { memorandumJobs } from "./jobs";
import { memorandumPersonalData } from "./personal-data";
import { memorandumReportSection } from "./report-section";
import { memorandumRoutes } from "./routes";
import { seedMemorandumDemo } from "./seed";

/**
 * The programme memorandum of a space whose commitments run in memorandum mode (issue 13 point 4, seed 001):
 * versioned text, signatures by organisations' admins with re-signing after a new version, a public roster with
 * each signatory's programme activities, CSV, Atom, API and a report section.
 */
export const memorandumModule: ModuleManifest = {
  name: "memorandum",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: memorandumRoutes,
  jobs: memorandumJobs,
  seedDemo: seedMemorandumDemo,
  personalData: memorandumPersonalData,
  reportSections: [memorandumReportSection],
};
