import { readCatalog } from "../../platform/i18n/catalog-files";
import type { ModuleManifest } from "../../platform/module";
import "./moderation-subject";
import { partnershipsPersonalData } from "./personal-data";
import { partnershipRelayKind } from "./relay";
import { partnershipsReportSection } from "./report-section";
import { partnershipRoutes } from "./routes";
import { seedPartnershipsDemo } from "./seed";

/**
 * Partnerships in a space (the space's "partnerships" feature, issue 13 point 6): organisations publish what they
 * offer and what they seek, the shared matcher suggests pairs with reasons, and a contact request goes through the
 * relay (kind `partnership`) without any address shown. Report section `partnerships`; API; personal data.
 */
export const partnershipsModule: ModuleManifest = {
  name: "partnerships",
  messages: readCatalog(new URL("./locales/", import.meta.url)),
  routes: partnershipRoutes,
  seedDemo: seedPartnershipsDemo,
  personalData: partnershipsPersonalData,
  relay: [partnershipRelayKind],
  reportSections: [partnershipsReportSection],
};
