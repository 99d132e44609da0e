import type { Viewer, SpaceRoleGrant } from "../spaces/permissions";
import { isCoordinator, isFacilitator, isSpaceMember } from "../spaces/permissions";
import type { EventStatus, EventVisibility } from "./schema";

// Who may do what with events. A space's coordinators and facilitators organise its events (platform admins
// everywhere); everyone else sees what the event's visibility allows. Seeing the space itself is checked first
// (getSpaceForViewer answers 404 for a private space).

/** Organises the space's events: creates, edits, publishes, sees registrants and the meeting link. */
export const canManageEvents = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);

export type EventAccessSubject = { status: EventStatus; visibility: EventVisibility };

/**
 * Whether a viewer who may see the space sees this event at all. Drafts: organisers only. Members-only events:
 * the space's members. Invitation-only events: the people invited (or already registered) and organisers —
 * to anyone else they do not exist (404), so their titles never leak.
 */
export function canSeeEvent(viewer: Viewer, roles: readonly SpaceRoleGrant[], event: EventAccessSubject, isInvited: boolean): boolean {
  if (canManageEvents(viewer, roles)) return true;
  if (event.status === "draft") return false;
  if (event.visibility === "public") return true;
  if (event.visibility === "members") return isSpaceMember(roles);
  return isInvited;
}
