import type { CurrentUser } from "../../platform/http/context";
import type { ContactVisibility, OrganisationRole } from "./schema";

/** Who is looking at an organisation: the signed-in user (or nobody) and their role in it (or none). */
export type OrganisationViewer = { user: CurrentUser | null; role: OrganisationRole | null };

// Platform administrators (the secretariat) may do everything an organisation's admin may, so they can
// help an organisation that lost its admins or clean up abuse.
const isPlatformAdmin = (viewer: OrganisationViewer): boolean => viewer.user?.isPlatformAdmin === true;

export const canRegisterOrganisation = (user: CurrentUser | null): boolean => user !== null && user.isEmailVerified;
export const canEditOrganisation = (viewer: OrganisationViewer): boolean => viewer.role === "admin" || isPlatformAdmin(viewer);
export const canManageMembers = (viewer: OrganisationViewer): boolean => viewer.role === "admin" || isPlatformAdmin(viewer);
export const canLeaveOrganisation = (viewer: OrganisationViewer): boolean => viewer.role !== null;
export const canRequestToJoin = (viewer: OrganisationViewer): boolean => viewer.user !== null && viewer.role === null;

/** "public": everyone; "members": anyone signed in on the platform; "private": the organisation's members and platform admins. */
export const canSeeContact = (viewer: OrganisationViewer, visibility: ContactVisibility): boolean =>
  visibility === "public" || (visibility === "members" && viewer.user !== null) || viewer.role !== null || isPlatformAdmin(viewer);
