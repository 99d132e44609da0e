import { isCoordinator, type SpaceRoleGrant, type Viewer } from "../../spaces/permissions";

// Platform-level enquiries (roles null) go to the platform secretariat: its administrators. A space's go to its
// coordinators; platform administrators may step in everywhere, as on every other coordinator page.
export const canManageEnquiries = (viewer: Viewer, roles: readonly SpaceRoleGrant[] | null): boolean =>
  Boolean(viewer?.isPlatformAdmin) || (roles !== null && isCoordinator(roles));
