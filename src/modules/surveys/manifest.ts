import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { surveyRoutes } from "./routes";
import { seedSurveysDemo } from "./seed";
import { surveysReportSection } from "./report-section";

/**
 * Needs-assessment surveys in a space (the space's "surveys" feature, issue 13 point 3): a builder for
 * coordinators and facilitators, one response per person, organisation or browser, answering without
 * JavaScript, and results as percentages of respondents with suppressed cross-tabs, charts, CSV and API.
 */
export const surveysModule: ModuleManifest = {
  name: "surveys",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: surveyRoutes,
  seedDemo: seedSurveysDemo,
  reportSections: [surveysReportSection],
};
