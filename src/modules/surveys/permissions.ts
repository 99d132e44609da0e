import type { SpaceRoleGrant, Viewer } from "../spaces/permissions";
import { isCoordinator, isFacilitator } from "../spaces/permissions";
import type { SurveyStatus } from "./schema";

// Who may do what with surveys. Seeing the space is checked first (getSpaceForViewer answers 404 for a private
// space to anyone outside it), so everything here is about people who may see the space.

/** Builds surveys, opens and closes them, sees every result, text answer and the raw responses. */
export const canManageSurveys = (viewer: Viewer, roles: readonly SpaceRoleGrant[]): boolean =>
  Boolean(viewer?.isPlatformAdmin) || isCoordinator(roles) || isFacilitator(roles);

/** Drafts exist only for their organisers (404 to anyone else, so their titles never leak). */
export const canSeeSurvey = (canManage: boolean, survey: { status: SurveyStatus }): boolean => canManage || survey.status !== "draft";

/** Results: organisers always; everyone who may see the space once the survey is open, when the results are public. */
export const canSeeResults = (canManage: boolean, survey: { status: SurveyStatus; resultsPublic: boolean }): boolean =>
  canManage || (survey.status !== "draft" && survey.resultsPublic);
