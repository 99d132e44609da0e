import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator } from "../spaces/permissions";

// Follow-up is written by the secretariat: the space's coordinators (and platform admins). Everyone who may see
// the space reads it (getSpaceForViewer answers 404 for a private space to anyone outside it).

/** Creates items, changes their fields and status, adds evidence. */
export const canManageFollowup = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);
