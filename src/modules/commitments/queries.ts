import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { users } from "../../platform/schema";
import { organisationMembers, organisations } from "../organisations/schema";
import { canViewSpace, type Viewer } from "../spaces/permissions";
import { findSpaceById, getSpaceForViewer, spaceRolesOf, type ViewedSpace } from "../spaces/queries";
import { frameworkItems, frameworks } from "../spaces/schema";
import {
  canEditCommitment,
  canSeeReviewStatus,
  canSubmitCommitment,
  canViewCommitment,
  canWithdrawCommitment,
  isCommitmentOwner,
  type CommitmentViewer,
} from "./permissions";
import { commitmentIndicators, commitmentPartners, commitmentSpaceSettings, commitmentTargets, commitments, type Criterion } from "./schema";

export type Commitment = typeof commitments.$inferSelect;
export type CommitmentIndicator = typeof commitmentIndicators.$inferSelect;
export type CommitmentSettings = { mode: "commitments" | "memorandum"; criteria: Criterion[]; reviewWindowDays: number; greenMonths: number; redMonths: number };
export type CommitmentTargetRef = {
  id: string;
  key: string;
  number: string | null;
  label: LocalizedText;
  isPrimary: boolean;
  frameworkId: string;
  frameworkKey: string;
  frameworkName: LocalizedText;
};
export type CommitmentPartnerRef = { id: string; organisationId: string | null; slug: string | null; organisationName: LocalizedText | null; name: string; role: string };
export type CommitmentOwnerOrganisation = { id: string; slug: string; name: LocalizedText; actorType: string };

/** What the viewer may do with the commitment, worked out once from permissions.ts. */
export type CommitmentAccess = CommitmentViewer & { isOwner: boolean; canEdit: boolean; canSubmit: boolean; canWithdraw: boolean; canSeeReviewStatus: boolean };

/** One commitment as one viewer may see it: the row, its space, owner, targets, indicators and partners. */
export type CommitmentForViewer = {
  space: ViewedSpace;
  settings: CommitmentSettings;
  commitment: Commitment;
  organisation: CommitmentOwnerOrganisation | null;
  person: { id: string; displayName: string } | null;
  targets: CommitmentTargetRef[];
  indicators: CommitmentIndicator[];
  partners: CommitmentPartnerRef[];
  access: CommitmentAccess;
};

export const DEFAULT_SETTINGS: CommitmentSettings = { mode: "commitments", criteria: [], reviewWindowDays: 28, greenMonths: 12, redMonths: 24 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The space's commitment settings, or the defaults when the coordinator never saved any. */
export async function commitmentSettingsOf(db: Database, spaceId: string): Promise<CommitmentSettings> {
  const [row] = await db.select().from(commitmentSpaceSettings).where(eq(commitmentSpaceSettings.spaceId, spaceId)).limit(1);
  return row ? { mode: row.mode, criteria: row.criteria, reviewWindowDays: row.reviewWindowDays, greenMonths: row.greenMonths, redMonths: row.redMonths } : { ...DEFAULT_SETTINGS };
}

/** A space by slug or id as the viewer may see it; a 404 when it does not exist or is private to others. */
export async function spaceForViewer(db: Database, spaceSlugOrId: string, viewer: Viewer): Promise<ViewedSpace> {
  if (!UUID.test(spaceSlugOrId)) return getSpaceForViewer(db, spaceSlugOrId, viewer);
  const space = await findSpaceById(db, spaceSlugOrId);
  if (!space) throw notFound();
  const viewerRoles = await spaceRolesOf(db, space.id, viewer?.id);
  if (!canViewSpace(viewer, space, viewerRoles)) throw notFound();
  return { ...space, viewerRoles };
}

/** The viewer's relation to a commitment (owner? which roles?), for the rules in permissions.ts. */
export async function commitmentViewerOf(db: Database, space: ViewedSpace, commitment: Pick<Commitment, "organisationId" | "personUserId">, viewer: Viewer): Promise<CommitmentViewer> {
  let organisationRole: CommitmentViewer["organisationRole"] = null;
  if (viewer && commitment.organisationId) {
    const [row] = await db
      .select({ role: organisationMembers.role })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, commitment.organisationId), eq(organisationMembers.userId, viewer.id)));
    organisationRole = row?.role ?? null;
  }
  return { viewer, spaceRoles: space.viewerRoles, organisationRole, isPersonOwner: Boolean(viewer && !commitment.organisationId && commitment.personUserId === viewer.id) };
}

export function accessOf(who: CommitmentViewer, commitment: Pick<Commitment, "status" | "countries">): CommitmentAccess {
  return {
    ...who,
    isOwner: isCommitmentOwner(who),
    canEdit: canEditCommitment(who, commitment),
    canSubmit: canSubmitCommitment(who, commitment),
    canWithdraw: canWithdrawCommitment(who, commitment),
    canSeeReviewStatus: canSeeReviewStatus(who),
  };
}

/**
 * The shared read model of one commitment, by space (slug or id) and number. Visibility: published ones are
 * public; drafts and returned ones are seen by their owners (the person, or members of the organisation),
 * the space's coordinators and platform admins; submitted / under review ones also by focal points of a
 * country the commitment covers. Anything else — and anything in a space the viewer may not see — is a 404.
 */
export async function getCommitmentForViewer(db: Database, spaceSlugOrId: string, number: number, viewer: Viewer): Promise<CommitmentForViewer> {
  if (!Number.isSafeInteger(number) || number < 1) throw notFound();
  const space = await spaceForViewer(db, spaceSlugOrId, viewer);
  const [commitment] = await db
    .select()
    .from(commitments)
    .where(and(eq(commitments.spaceId, space.id), eq(commitments.number, number)))
    .limit(1);
  if (!commitment) throw notFound();
  const who = await commitmentViewerOf(db, space, commitment, viewer);
  if (!canViewCommitment(who, commitment)) throw notFound();
  const [settings, organisation, person, targets, indicators, partners] = await Promise.all([
    commitmentSettingsOf(db, space.id),
    ownerOrganisation(db, commitment.organisationId),
    ownerPerson(db, commitment.organisationId ? null : commitment.personUserId),
    targetsOf(db, commitment.id),
    indicatorsOf(db, commitment.id),
    partnersOf(db, commitment.id),
  ]);
  return { space, settings, commitment, organisation, person, targets, indicators, partners, access: accessOf(who, commitment) };
}

async function ownerOrganisation(db: Database, organisationId: string | null): Promise<CommitmentOwnerOrganisation | null> {
  if (!organisationId) return null;
  const [row] = await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, actorType: organisations.actorType })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row ?? null;
}

async function ownerPerson(db: Database, userId: string | null): Promise<{ id: string; displayName: string } | null> {
  if (!userId) return null;
  const [row] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/** The framework items of a commitment, primary first, then by framework and position. */
export async function targetsOf(db: Database, commitmentId: string): Promise<CommitmentTargetRef[]> {
  return db
    .select({
      id: frameworkItems.id,
      key: frameworkItems.key,
      number: frameworkItems.number,
      label: frameworkItems.label,
      isPrimary: commitmentTargets.isPrimary,
      frameworkId: frameworks.id,
      frameworkKey: frameworks.key,
      frameworkName: frameworks.name,
    })
    .from(commitmentTargets)
    .innerJoin(frameworkItems, eq(frameworkItems.id, commitmentTargets.frameworkItemId))
    .innerJoin(frameworks, eq(frameworks.id, frameworkItems.frameworkId))
    .where(eq(commitmentTargets.commitmentId, commitmentId))
    .orderBy(asc(commitmentTargets.isPrimary), asc(frameworks.key), asc(frameworkItems.position))
    .then((rows) => [...rows.filter((row) => row.isPrimary), ...rows.filter((row) => !row.isPrimary)]);
}

export async function indicatorsOf(db: Database, commitmentId: string): Promise<CommitmentIndicator[]> {
  return db.select().from(commitmentIndicators).where(eq(commitmentIndicators.commitmentId, commitmentId)).orderBy(asc(commitmentIndicators.position));
}

export async function partnersOf(db: Database, commitmentId: string): Promise<CommitmentPartnerRef[]> {
  return db
    .select({
      id: commitmentPartners.id,
      organisationId: commitmentPartners.organisationId,
      slug: organisations.slug,
      organisationName: organisations.name,
      name: commitmentPartners.name,
      role: commitmentPartners.role,
    })
    .from(commitmentPartners)
    .leftJoin(organisations, eq(organisations.id, commitmentPartners.organisationId))
    .where(eq(commitmentPartners.commitmentId, commitmentId))
    .orderBy(asc(commitmentPartners.position));
}

/** Ids of framework items that belong to one of the space's frameworks (to refuse foreign ids). */
export async function itemsInSpaceFrameworks(db: Database, frameworkIds: string[], itemIds: string[]): Promise<Set<string>> {
  if (!itemIds.length || !frameworkIds.length) return new Set();
  const rows = await db
    .select({ id: frameworkItems.id })
    .from(frameworkItems)
    .where(and(inArray(frameworkItems.frameworkId, frameworkIds), inArray(frameworkItems.id, itemIds.filter((id) => UUID.test(id)))));
  return new Set(rows.map((row) => row.id));
}
