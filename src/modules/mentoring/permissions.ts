import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator } from "../spaces/permissions";

// Who may do what in mentoring. Seeing the space is checked first (getSpaceForViewer answers 404 for a private
// space to anyone outside it), so everything here is about people who may see the space.

/** Organisers: see every request, the suggestions and the load; confirm or reject pairs; read any pair's log. */
export const canOrganiseMentoring = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);

/**
 * A pair's page, its meeting log and notes: the two people in it and the organisers; to anyone else it does not
 * exist (404), so neither who is paired with whom nor the notes leak.
 */
export const canSeePair = (viewerId: string | undefined, isOrganiser: boolean, pair: { mentorUserId: string; menteeUserId: string }): boolean =>
  isOrganiser || (viewerId !== undefined && (viewerId === pair.mentorUserId || viewerId === pair.menteeUserId));

/** Logging a meeting and closing the pair: the two people in it (and organisers), while it is active. */
export const canWriteToPair = (viewerId: string | undefined, isOrganiser: boolean, pair: { mentorUserId: string; menteeUserId: string; status: string }): boolean =>
  pair.status === "active" && canSeePair(viewerId, isOrganiser, pair);
