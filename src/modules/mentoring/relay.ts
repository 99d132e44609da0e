import type { RelayKind } from "../../platform/relay/kinds";
import { findSpaceById } from "../spaces/queries";
import { findActivePair, mentoringPath } from "./queries";

/**
 * Relay kind "mentoring-pair": /contact/mentoring-pair/<pair id> writes to the other person of an active pair, whose
 * address no page or mail shows. Only the two people in the pair may write (each to the other); to anyone else, and
 * once the pair is closed, the form does not exist (404), so the relay reveals neither the pair nor an address.
 * Decision (issue 13): contact goes through the relay rather than showing addresses after both accept — a
 * confirmed pair can talk at once, and nobody's address is ever exposed, before or after.
 */
export const mentoringPairRelayKind: RelayKind = {
  kind: "mentoring-pair",
  async resolve(services, id, { viewer }) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const pair = await findActivePair(services.db, id);
    if (!pair || !viewer || (viewer.id !== pair.mentorUserId && viewer.id !== pair.menteeUserId)) return null;
    const isMentor = viewer.id === pair.mentorUserId;
    const space = await findSpaceById(services.db, pair.spaceId);
    return {
      recipients: [{ userId: isMentor ? pair.menteeUserId : pair.mentorUserId }],
      label: isMentor ? pair.mentee.displayName : pair.mentor.displayName,
      spaceId: pair.spaceId,
      ...(space ? { backUrl: `${mentoringPath(space.slug)}/pairs/${pair.id}` } : {}),
      canContact: (current) => current?.id === viewer.id,
    };
  },
};
