import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator } from "../spaces/permissions";
import type { CommitmentStatus } from "./schema";

/** What the review and progress rules need to know about one commitment and the person looking at it. */
export type ReviewSubject = {
  status: CommitmentStatus;
  countries: readonly string[];
  reviewDeadline: Date | null;
  /** The viewer is the committing person or a member of the committing organisation. */
  isOwner: boolean;
};

/** Coordinators of the space and platform admins take review decisions. */
export const isReviewStaff = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles);
/** The countries of the commitment the viewer is focal point for. */
export const coveredFocalCountries = (roles: readonly SpaceRoleGrant[], countries: readonly string[]): string[] =>
  roles.filter((grant) => grant.role === "focal_point" && countries.includes(grant.country)).map((grant) => grant.country);
const isCoveredFocalPoint = (roles: readonly SpaceRoleGrant[], subject: ReviewSubject): boolean => coveredFocalCountries(roles, subject.countries).length > 0;
const isInReview = (status: CommitmentStatus): boolean => status === "submitted" || status === "under_review";

// Only published commitments are public; focal points see those in review only when they name their country.
export const canSeeCommitment = (viewer: Viewer, roles: readonly SpaceRoleGrant[], subject: ReviewSubject): boolean =>
  subject.status === "published" || isReviewStaff(viewer, roles) || subject.isOwner || (isInReview(subject.status) && isCoveredFocalPoint(roles, subject));
export const canSeeReviewQueue = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => isReviewStaff(viewer, roles) || roles.some((grant) => grant.role === "focal_point");
export const canStartReview = (viewer: Viewer, roles: readonly SpaceRoleGrant[], subject: ReviewSubject): boolean => isReviewStaff(viewer, roles) && subject.status === "submitted";
export const canPublish = (viewer: Viewer, roles: readonly SpaceRoleGrant[], subject: ReviewSubject): boolean => isReviewStaff(viewer, roles) && isInReview(subject.status);
export const canReturnAsCoordinator = (viewer: Viewer, roles: readonly SpaceRoleGrant[], subject: ReviewSubject): boolean => isReviewStaff(viewer, roles) && isInReview(subject.status);
// A focal point's say is limited to the window the coordinator opened; after the deadline the job publishes.
export const canReturnAsFocalPoint = (roles: readonly SpaceRoleGrant[], subject: ReviewSubject, now: Date): boolean =>
  subject.status === "under_review" && subject.reviewDeadline !== null && now < subject.reviewDeadline && isCoveredFocalPoint(roles, subject);
export const canReturn = (viewer: Viewer, roles: readonly SpaceRoleGrant[], subject: ReviewSubject, now: Date): boolean =>
  canReturnAsCoordinator(viewer, roles, subject) || canReturnAsFocalPoint(roles, subject, now);
/** Coordinators set any country's choice; a focal point only their own country's. */
export const canSetCountryAutoPublish = (viewer: Viewer, roles: readonly SpaceRoleGrant[], country: string): boolean =>
  isReviewStaff(viewer, roles) || roles.some((grant) => grant.role === "focal_point" && grant.country === country);
export const canManageCountrySettings = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean => isReviewStaff(viewer, roles) || roles.some((grant) => grant.role === "focal_point");
// Progress is the owner's own account of their work, reported once the commitment is public.
export const canReportProgress = (subject: ReviewSubject): boolean => subject.isOwner;
