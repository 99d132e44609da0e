import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator } from "../spaces/permissions";
import type { NewsModerationStatus, NewsStatus } from "./schema";

// Who may do what with news. A space's coordinators and facilitators (and platform admins) write, publish and
// review posts; members of an organisation propose stories, which coordinators review. Seeing the space itself is
// checked first (getSpaceForViewer answers 404 for a private space to non-members).

/** Writes and publishes the space's news directly, and reviews proposed stories. */
export const canManageNews = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);

export type NewsAccessSubject = { status: NewsStatus; moderationStatus: NewsModerationStatus; authorIds: readonly string[] };

export const isNewsAuthor = (viewer: Viewer, post: Pick<NewsAccessSubject, "authorIds">): boolean => Boolean(viewer && post.authorIds.includes(viewer.id));

/** A published post is public (within the space); anything else — drafts, proposals, unpublished — is its authors' and the managers' only. */
export const isPostOut = (post: Pick<NewsAccessSubject, "status" | "moderationStatus">): boolean => post.status === "published" && post.moderationStatus !== "hidden";

/** Whether a viewer who may see the space sees this post; anyone else gets the same 404 as for no post. */
export const canSeePost = (viewer: Viewer, roles: readonly SpaceRoleGrant[], post: NewsAccessSubject): boolean =>
  canManageNews(viewer, roles) || isPostOut(post) || isNewsAuthor(viewer, post);

/** Managers edit any post; an author edits their own story while it is a draft or returned to them. */
export const canEditPost = (viewer: Viewer, roles: readonly SpaceRoleGrant[], post: NewsAccessSubject): boolean =>
  canManageNews(viewer, roles) || (isNewsAuthor(viewer, post) && (post.status === "draft" || post.status === "returned"));

/** A proposed story is published only once moderation let its text out (held: a moderator decides first). */
export const canPublishProposal = (post: Pick<NewsAccessSubject, "moderationStatus">): boolean => post.moderationStatus === "published";
