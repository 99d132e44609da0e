import { isCoordinator, type SpaceRoleGrant, type Viewer } from "../../spaces/permissions";

// Platform-level guidance (space_id null) is the platform's own: only platform administrators write it.
export const canManagePlatformKnowledge = (viewer: Viewer): boolean => Boolean(viewer?.isPlatformAdmin);
// A space's guidance and FAQ are written by its coordinators (and platform administrators, who run every space).
export const canManageSpaceKnowledge = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || (viewer !== null && isCoordinator(roles));
