import type { Database } from "../../../db/client";
import { AppError, forbidden } from "../../../platform/errors";
import type { CurrentUser } from "../../../platform/http/context";
import type { ViewedSpace } from "../../spaces/queries";
import { loadKnowledgeSpace } from "../space-gate";
import { canManagePlatformKnowledge, canManageSpaceKnowledge } from "./permissions";

/**
 * Where a knowledge page lives: the platform's hub (/knowledge) or one space's (/spaces/:slug/knowledge).
 * Every guidance page, query and command takes one, so the two levels share their code.
 */
export type KnowledgeScope = {
  /** The space, or null for platform-level knowledge. */
  space: ViewedSpace | null;
  spaceId: string | null;
  /** The hub's path, e.g. "/knowledge" or "/spaces/aarhus/knowledge". */
  base: string;
  /** Whether the viewer writes guidance here (sees drafts, edits, imports). */
  canManage: boolean;
};

/**
 * The knowledge hub of a space, or of the platform when `slug` is undefined. A space the viewer may not see,
 * or one that has not switched the knowledge feature on, is a 404 like one that does not exist.
 */
export async function loadKnowledgeScope(db: Database, slug: string | undefined, viewer: CurrentUser | null): Promise<KnowledgeScope> {
  if (slug === undefined) return { space: null, spaceId: null, base: "/knowledge", canManage: canManagePlatformKnowledge(viewer) };
  const space = await loadKnowledgeSpace(db, slug, viewer);
  return { space, spaceId: space.id, base: `/spaces/${space.slug}/knowledge`, canManage: canManageSpaceKnowledge(viewer, space.viewerRoles) };
}

/** Editing pages: anonymous people are asked to log in, everyone else without the right is refused. */
export function requireManager(scope: KnowledgeScope, viewer: CurrentUser | null): CurrentUser {
  if (!viewer) throw new AppError("unauthenticated");
  if (!scope.canManage) throw forbidden();
  return viewer;
}
