import type { OrganisationRole } from "../organisations/schema";
import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator } from "../spaces/permissions";

// Who may do what with a space's memorandum. Seeing the space is checked first (a private space is 404 to anyone
// outside it), and the memorandum exists only where the space's commitments run in memorandum mode.

/** Publishes a new version of the text: the space's coordinators (the secretariat) and platform administrators. */
export const canPublishVersion = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);

/**
 * Signs, re-signs or withdraws for an organisation: only its admins. A signature binds the organisation, so an
 * ordinary member cannot give it, and neither can a platform administrator who is not the organisation's admin
 * (the secretariat may help an organisation edit its page, but never signs in its name).
 */
export const canSignFor = (organisationRole: OrganisationRole | null): boolean => organisationRole === "admin";
