import { localizedString } from "../../../platform/i18n/localized";
import type { RelayKind } from "../../../platform/relay/kinds";
import { practiceRelayTarget } from "./queries";

/**
 * Relay kind "practice": /contact/practice/<id> writes to the practice's contact person (the organisation's
 * admins once that person has left), for a published practice in a space the viewer can see; no address is shown.
 */
export const practiceRelayKind: RelayKind = {
  kind: "practice",
  async resolve(services, id, { locale, viewer }) {
    const target = await practiceRelayTarget(services.db, viewer ? { id: viewer.id, isPlatformAdmin: viewer.isPlatformAdmin } : null, id);
    if (!target || target.recipientUserIds.length === 0) return null;
    return {
      recipients: target.recipientUserIds.map((userId) => ({ userId })),
      label: localizedString(target.title, locale),
      spaceId: target.spaceId,
      canContact: (sender) => !sender || !target.recipientUserIds.includes(sender.id),
    };
  },
};
