import type { CurrentUser } from "../../../platform/http/context";
import { isCoordinator, type SpaceRoleGrant } from "../../spaces/permissions";

/** Who writes and publishes resources: a space's coordinators (and platform admins); platform-wide ones, platform admins. */
export const canManageResources = (user: CurrentUser | null, spaceRoles: readonly SpaceRoleGrant[] | null): boolean =>
  Boolean(user?.isPlatformAdmin) || (spaceRoles !== null && isCoordinator(spaceRoles));

/**
 * Who sees a resource that is not published: its managers, and the person who suggested it (they can check
 * what they sent). Everyone else gets the same 404 as for a resource that does not exist.
 */
export const canSeeUnpublishedResource = (user: CurrentUser | null, resource: { createdBy: string | null }, canManage: boolean): boolean =>
  canManage || (user !== null && resource.createdBy === user.id);
