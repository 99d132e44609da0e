import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator } from "../spaces/permissions";
import type { ProgrammeStatus } from "./schema";

// Who may do what with programmes. Seeing the space is checked first (getSpaceForViewer answers 404 for a private
// space to anyone outside it), so everything here is about people who may see the space.

/** Sets programmes up, selects applicants, records progress and completion: coordinators and facilitators. */
export const canManageProgrammes = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);

/** Drafts exist only for their organisers (404 to anyone else, so their titles never leak). */
export const canSeeProgramme = (canManage: boolean, programme: { status: ProgrammeStatus }): boolean => canManage || programme.status !== "draft";
