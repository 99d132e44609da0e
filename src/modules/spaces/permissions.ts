import type { SpaceRole, SpaceVisibility } from "./schema";

/** Who is looking: a signed-in person (CurrentUser fits) or nobody. */
export type Viewer = { id: string; isPlatformAdmin: boolean } | null;

/** One role a person holds in a space; `country` is set only for focal points. */
export type SpaceRoleGrant = { role: SpaceRole; country: string };

/** What the rules need to know about a space. */
export type SpaceSubject = { visibility: SpaceVisibility; archivedAt: Date | null };

export const hasRole = (roles: readonly SpaceRoleGrant[], role: SpaceRole): boolean => roles.some((grant) => grant.role === role);
export const isCoordinator = (roles: readonly SpaceRoleGrant[]): boolean => hasRole(roles, "coordinator");
export const isFacilitator = (roles: readonly SpaceRoleGrant[]): boolean => hasRole(roles, "facilitator");
export const isFocalPoint = (roles: readonly SpaceRoleGrant[]): boolean => hasRole(roles, "focal_point");
/** Any role at all makes a person part of the space. */
export const isSpaceMember = (roles: readonly SpaceRoleGrant[]): boolean => roles.length > 0;

// Private spaces exist only for the people in them (and platform admins): everyone else gets a 404.
export const canViewSpace = (viewer: Viewer, space: SpaceSubject, roles: readonly SpaceRoleGrant[]): boolean =>
  space.visibility === "public" || Boolean(viewer?.isPlatformAdmin) || isSpaceMember(roles);
export const canCreateSpace = (viewer: Viewer): boolean => Boolean(viewer?.isPlatformAdmin);
export const canEditSpace = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);
export const canManageRoles = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);
// The moderation queue (kept by the consultations module) is for the people who run the space's discussions.
export const canModerateSpace = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);
export const canImportFramework = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);
// Anyone signed in may join an open, public space; private spaces are joined only by invitation of a coordinator.
export const canJoinSpace = (viewer: Viewer, space: SpaceSubject, roles: readonly SpaceRoleGrant[]): boolean =>
  viewer !== null && space.visibility === "public" && space.archivedAt === null && !isSpaceMember(roles);
export const canLeaveSpace = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => viewer !== null && hasRole(roles, "member");
