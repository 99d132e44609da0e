import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { programmeJobs } from "./jobs";
import { programmesPersonalData } from "./personal-data";
import { programmesReportSection } from "./report";
import { programmeRoutes } from "./routes";
import { seedProgrammesDemo } from "./seed";

/**
 * Training and mentoring programmes in a space (the space's "programmes" feature, issue 13 point 1): tracks,
 * cohorts whose places are shared seats, applications with the organisers' questions (the surveys definition),
 * selection with mail in the applicant's language, sessions linked to events, materials linked to guidance,
 * progress, completion with verifiable certificates, and a private space per cohort.
 */
export const programmesModule: ModuleManifest = {
  name: "programmes",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: programmeRoutes,
  jobs: programmeJobs,
  seedDemo: seedProgrammesDemo,
  personalData: programmesPersonalData,
  reportSections: [programmesReportSection],
};
