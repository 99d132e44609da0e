import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator } from "../spaces/permissions";

// Who may do what with reports. Seeing the space is checked first (getSpaceForViewer answers 404 for a private
// space to anyone outside it), so frozen versions are public exactly when the space is.

/** Builds reports (drafts, narratives, freezing): the space's coordinators and platform admins. */
export const canBuildReports = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);

/** A report is visible to someone who cannot build only once it has a frozen version: drafts never leak their titles. */
export const canSeeReport = (canBuild: boolean, report: { versionCount: number }): boolean => canBuild || report.versionCount > 0;
