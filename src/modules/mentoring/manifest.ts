import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import { mentoringPersonalData } from "./personal-data";
import { mentoringPairRelayKind } from "./relay";
import { mentoringReportSection } from "./report";
import { mentoringRoutes } from "./routes";
import { seedMentoringDemo } from "./seed";

/**
 * Mentoring in a space (issue 13 point 2; the space's "programmes" feature, pages under /spaces/:slug/mentoring):
 * mentors offer, mentees ask, the platform matcher suggests pairs for organisers to confirm, pairs talk through the
 * contact relay and log their meetings; a report section and a public API of listed mentors.
 */
export const mentoringModule: ModuleManifest = {
  name: "mentoring",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: mentoringRoutes,
  seedDemo: seedMentoringDemo,
  personalData: mentoringPersonalData,
  relay: [mentoringPairRelayKind],
  reportSections: [mentoringReportSection],
};
