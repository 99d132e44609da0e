import type { PersonalDataContributor } from "../../../platform/auth/personal-data";
import { eraseSubscriptions, exportSubscriptions } from "./commands";

/** A person's follows and subscriptions (also those under their address without the account) and digests received. */
export const audiencePersonalData: PersonalDataContributor = {
  section: "newsletters",
  exportFor: exportSubscriptions,
  onAccountDeleted: eraseSubscriptions,
};
