import type { OrganisationRole } from "../organisations/schema";
import { isCoordinator, isFocalPoint, type SpaceRoleGrant, type Viewer } from "../spaces/permissions";
import type { CommitmentStatus } from "./schema";

/**
 * Who is looking at one commitment: the person (or nobody), their roles in its space, their role in the
 * owning organisation, whether they are the person who commits, and the countries they are focal point for.
 */
export type CommitmentViewer = {
  viewer: Viewer;
  spaceRoles: readonly SpaceRoleGrant[];
  organisationRole: OrganisationRole | null;
  isPersonOwner: boolean;
};

/** What the rules need to know about a commitment. */
export type CommitmentSubject = { status: CommitmentStatus; countries: readonly string[] };

/** What the creation rule needs to know about a space and the person. */
export type CreationSubject = { isSignedIn: boolean; isEmailVerified: boolean; canViewSpace: boolean; enabledModules: readonly string[]; isArchived: boolean };

const isAdmin = (who: CommitmentViewer): boolean => Boolean(who.viewer?.isPlatformAdmin);
const focalCountries = (who: CommitmentViewer): string[] => who.spaceRoles.filter((grant) => grant.role === "focal_point").map((grant) => grant.country);

/** The person who commits, or any member (admin or member) of the committing organisation. */
export const isCommitmentOwner = (who: CommitmentViewer): boolean => who.viewer !== null && (who.isPersonOwner || who.organisationRole !== null);
// Focal points take part in review only for the countries they answer for, and only while it is under review.
export const isReviewingFocalPoint = (who: CommitmentViewer, subject: CommitmentSubject): boolean =>
  isFocalPoint(who.spaceRoles) && (subject.status === "submitted" || subject.status === "under_review") && focalCountries(who).some((country) => subject.countries.includes(country));

export const canCreateCommitment = (subject: CreationSubject): boolean =>
  subject.isSignedIn && subject.isEmailVerified && subject.canViewSpace && !subject.isArchived && subject.enabledModules.includes("commitments");
/** Acting as an organisation needs membership of it; acting as oneself needs nothing more. */
export const canCommitAs = (actor: { kind: "person" } | { kind: "organisation"; role: OrganisationRole | null }): boolean => actor.kind === "person" || actor.role !== null;
export const canViewCommitment = (who: CommitmentViewer, subject: CommitmentSubject): boolean =>
  subject.status === "published" || isAdmin(who) || isCoordinator(who.spaceRoles) || isCommitmentOwner(who) || isReviewingFocalPoint(who, subject);
// Drafts and returned commitments are edited freely; a published one stays editable by its owner (each edit keeps a revision).
export const canEditCommitment = (who: CommitmentViewer, subject: CommitmentSubject): boolean =>
  isCommitmentOwner(who) && (subject.status === "draft" || subject.status === "returned" || subject.status === "published");
export const canSubmitCommitment = (who: CommitmentViewer, subject: CommitmentSubject): boolean => isCommitmentOwner(who) && (subject.status === "draft" || subject.status === "returned");
export const canWithdrawCommitment = (who: CommitmentViewer, subject: CommitmentSubject): boolean =>
  isCommitmentOwner(who) && subject.status !== "withdrawn";
export const canEditCommitmentSettings = (viewer: Viewer, spaceRoles: readonly SpaceRoleGrant[]): boolean => Boolean(viewer?.isPlatformAdmin) || isCoordinator(spaceRoles);
/** The review history and return comment are for the owner, the coordinators and admins. */
export const canSeeReviewStatus = (who: CommitmentViewer): boolean => isCommitmentOwner(who) || isCoordinator(who.spaceRoles) || isAdmin(who);
