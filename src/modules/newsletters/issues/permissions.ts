import { isCoordinator, isSpaceMember, type SpaceRoleGrant, type Viewer } from "../../spaces/permissions";
import type { SpaceVisibility } from "../../spaces/schema";

// Who may do what with newsletters. Only coordinators (and platform admins) compose, preview audiences, test and
// send: a newsletter speaks for the space to people outside it, and the audience preview shows who they are.
// Facilitators do not draft either — a draft already shows the audience sample. Seeing the space is checked first.

export const canManageNewsletters = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);

/** The archive of sent issues: anyone for a public space, the space's people for a private one. */
export const canReadArchive = (viewer: Viewer, space: { visibility: SpaceVisibility }, roles: readonly SpaceRoleGrant[]): boolean =>
  space.visibility === "public" || Boolean(viewer?.isPlatformAdmin) || isSpaceMember(roles);
