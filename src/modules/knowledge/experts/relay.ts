import type { RelayKind } from "../../../platform/relay/kinds";
import { findListedExpert } from "./queries";

/**
 * Relay kind "expert": /contact/expert/<profile id> writes to the expert's account address, which no page shows.
 * A paused or deleted profile resolves to nothing (404), so delisting also closes the contact form.
 */
export const expertRelayKind: RelayKind = {
  kind: "expert",
  async resolve(services, id) {
    const expert = await findListedExpert(services.db, id);
    if (!expert) return null;
    return {
      recipients: [{ userId: expert.userId }],
      label: expert.displayName,
      backUrl: `/experts/${expert.id}`,
      canContact: (viewer) => viewer?.id !== expert.userId,
    };
  },
};
