import type { Database } from "../../../db/client";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { ViewedSpace } from "../../spaces/queries";
import { loadKnowledgeSpace } from "../space-gate";
import { canManageEnquiries } from "./permissions";

/**
 * Where an enquiry goes: to one space's coordinators (/spaces/:slug/knowledge/enquiries) or to the platform
 * secretariat, the platform administrators (/knowledge/enquiries). Every page and command takes one.
 */
export type EnquiryScope = {
  space: ViewedSpace | null;
  spaceId: string | null;
  /** The hub's path: "/knowledge" or "/spaces/<slug>/knowledge". */
  base: string;
  /** Whether the viewer works this queue (sees it, assigns, answers, publishes). */
  canManage: boolean;
};

/**
 * The enquiries of a space, or of the platform when `slug` is undefined. A space the viewer may not see, or one
 * without the knowledge feature, is a 404 like one that does not exist.
 */
export async function loadEnquiryScope(db: Database, slug: string | undefined, viewer: CurrentUser | null): Promise<EnquiryScope> {
  if (slug === undefined) return { space: null, spaceId: null, base: "/knowledge", canManage: canManageEnquiries(viewer, null) };
  const space = await loadKnowledgeSpace(db, slug, viewer);
  return { space, spaceId: space.id, base: `/spaces/${space.slug}/knowledge`, canManage: canManageEnquiries(viewer, space.viewerRoles) };
}

/** Queue pages: a visitor is asked to log in, anyone signed in without the right is refused. */
export function requireQueueWorker(scope: EnquiryScope, viewer: CurrentUser | null): CurrentUser {
  if (!viewer) throw new AppError("unauthenticated");
  if (!scope.canManage) throw forbidden();
  return viewer;
}
