import type { Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator, isSpaceMember, type SpaceRoleGrant } from "../spaces/permissions";
import type { ConsultationStatus, ConsultationVisibility, GroupKind } from "./schema";
import type { WindowState } from "./state";

/** Who is looking at a consultation: the person, their roles in its space, the groups they facilitate. */
export type ConsultationViewer = {
  viewer: Viewer;
  isEmailVerified: boolean;
  spaceRoles: readonly SpaceRoleGrant[];
  /** Groups of this consultation the person was named facilitator of. */
  facilitatedGroupIds: readonly string[];
  /** Blocked from posting in the space by a moderator. */
  isBlocked: boolean;
};

export type ConsultationSubject = { visibility: ConsultationVisibility; status: ConsultationStatus };

const isAdmin = (who: ConsultationViewer): boolean => Boolean(who.viewer?.isPlatformAdmin);

/** Coordinators (and platform admins) build and run every consultation of their space. */
export const canManageConsultation = (who: ConsultationViewer): boolean => isAdmin(who) || isCoordinator(who.spaceRoles);
/** Space facilitators and the group's named facilitators run a group: breakouts, tags, synthesis. */
export const canFacilitateGroup = (who: ConsultationViewer, groupId: string): boolean =>
  canManageConsultation(who) || isFacilitator(who.spaceRoles) || who.facilitatedGroupIds.includes(groupId);
/** Facilitating any group of the consultation (report, findings, consultation-wide synthesis). */
export const canFacilitateAny = (who: ConsultationViewer): boolean =>
  canManageConsultation(who) || isFacilitator(who.spaceRoles) || who.facilitatedGroupIds.length > 0;
/** Moderators of a space: its coordinators and facilitators, and platform admins. */
export const canModerateSpace = (who: ConsultationViewer): boolean => canManageConsultation(who) || isFacilitator(who.spaceRoles);
// Drafts are the secretariat's work in progress; members-only consultations are for people holding a role in the space.
export const canViewConsultation = (who: ConsultationViewer, subject: ConsultationSubject): boolean =>
  subject.status === "draft" ? canFacilitateAny(who) : subject.visibility === "public" || isSpaceMember(who.spaceRoles) || isAdmin(who);
/** Posting needs a verified account, an open window, visibility and no block in the space. */
export const canContribute = (who: ConsultationViewer, subject: ConsultationSubject, state: WindowState): boolean =>
  who.viewer !== null && who.isEmailVerified && !who.isBlocked && subject.status === "published" && state === "open" && canViewConsultation(who, subject);
/**
 * Breakout isolation, the one rule every page and output applies (topic page, permalink, report, Markdown, CSV,
 * findings, API, Atom): whether the viewer reads every breakout's posts of a group whose (topic) window is in
 * `state`. Discussion groups have no breakouts; a session's facilitators read all of them at any time; everyone
 * else once the session has closed — until then a participant reads their own breakout's posts (and those
 * posted outside any breakout) only.
 */
export const canSeeAllBreakouts = (who: ConsultationViewer, group: { id: string; kind: GroupKind }, state: WindowState): boolean =>
  group.kind !== "session" || canFacilitateGroup(who, group.id) || (state !== "open" && state !== "upcoming");
