import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import "./recommendation-links";
import { followupReportSection } from "./report-section";
import { followupRoutes } from "./routes";
import { seedFollowupDemo } from "./seed";

/**
 * Follow-up of recommendations (issue 13 point 6; seed 003's follow-up and review): items made from recommendations
 * accepted in consultation syntheses or by hand, with who acts, status and its history, due date and evidence —
 * a page per space (with the consultations feature), Atom, CSV, API and the report section `follow-up`.
 */
export const followupModule: ModuleManifest = {
  name: "followup",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: followupRoutes,
  seedDemo: seedFollowupDemo,
  reportSections: [followupReportSection],
};
