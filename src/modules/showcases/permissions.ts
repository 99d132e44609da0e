import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator } from "../spaces/permissions";
import type { ShowcaseStatus } from "./schema";

/** A space's coordinators (and platform admins) curate its showcases: create, add, reorder, remove, publish. */
export const canCurateShowcases = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);

/** A published showcase is seen by whoever sees its space; a draft only by its curators. */
export const canViewShowcase = (viewer: Viewer, roles: readonly SpaceRoleGrant[], showcase: { status: ShowcaseStatus }): boolean =>
  showcase.status === "published" || canCurateShowcases(viewer, roles);
