import type { OrganisationRole } from "../organisations/schema";
import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator } from "../spaces/permissions";

// Who may do what with offers and needs. Seeing the space is checked first (getSpaceForViewer answers 404 for a
// private space to anyone outside it), so everything here is about people who may see the space.

/**
 * Publishing, editing and withdrawing speak for an organisation in public, so they take its admin role (the role
 * that edits its profile); a plain member is refused with 403.
 */
export const canPublishFor = (role: OrganisationRole | null): boolean => role === "admin";

/** Coordinators and facilitators see posts held by moderation (the queue is where they decide on them). */
export const canModeratePartnerships = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);
