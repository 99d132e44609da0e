import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { notFound } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";
import { publishedCommitmentsOfOrganisations, type OrganisationActivity } from "../commitments/queries-activities";
import { commitmentModeOf } from "../commitments/wording";
import { organisationProfiles, type OrganisationProfile } from "../organisations/queries-profiles";
import { getSpaceForViewer, type ViewedSpace } from "../spaces/queries";
import { canPublishVersion } from "./permissions";
import type { SignatureAction, SignatureStatus } from "./schema";

export type MemorandumVersion = {
  version: number;
  bodyMd: LocalizedText;
  bodyHtml: LocalizedText;
  changeSummary: LocalizedText;
  publishedAt: Date;
};

export type Signature = {
  organisationId: string;
  status: SignatureStatus;
  version: number;
  signedAt: Date;
  firstSignedAt: Date;
  withdrawnAt: Date | null;
  withdrawalReason: string;
};

/** A signature on the roster: the organisation's public profile and its activities (published commitments here). */
export type RosterEntry = Signature & { organisation: OrganisationProfile; isEarlierVersion: boolean; activities: OrganisationActivity[] };

/** Roster filters: actor type, country (ISO), and whether the signature is of the current or an earlier version. */
export type RosterFilters = { actorType: string; country: string; standing: "" | "current" | "earlier" };
export const ROSTER_STANDINGS = ["current", "earlier"] as const;

export const memorandumPath = (spaceSlug: string): string => `/spaces/${spaceSlug}/memorandum`;

const date = (value: Date | string): Date => new Date(value);

/** Whether a space has a memorandum at all: commitments switched on and run in memorandum mode. */
export async function hasMemorandum(db: Database, space: { id: string; enabledModules: string[] }): Promise<boolean> {
  return space.enabledModules.includes("commitments") && (await commitmentModeOf(db, space.id)) === "memorandum";
}

/** The space at /spaces/:slug/memorandum for this viewer: 404 when it may not be seen or runs no memorandum. */
export async function loadMemorandumSpace(request: FastifyRequest, slug: string): Promise<{ space: ViewedSpace; canPublish: boolean }> {
  const db = request.server.services.db;
  const space = await getSpaceForViewer(db, slug, request.user);
  if (!(await hasMemorandum(db, space))) throw notFound();
  return { space, canPublish: canPublishVersion(request.user, space.viewerRoles) };
}

type VersionRow = { version: number; body_md: LocalizedText; body_html: LocalizedText; change_summary: LocalizedText; published_at: Date | string };
const toVersion = (row: VersionRow): MemorandumVersion => ({
  version: Number(row.version), bodyMd: row.body_md, bodyHtml: row.body_html, changeSummary: row.change_summary, publishedAt: date(row.published_at),
});

/** The newest version of a space's memorandum, or undefined before the first is published. */
export async function currentVersion(db: Database, spaceId: string): Promise<MemorandumVersion | undefined> {
  const [row] = await queryRows<VersionRow>(db, sql`select version, body_md, body_html, change_summary, published_at from memorandum_versions where space_id = ${spaceId} order by version desc limit 1`);
  return row ? toVersion(row) : undefined;
}

export async function findVersion(db: Database, spaceId: string, version: number): Promise<MemorandumVersion | undefined> {
  if (!Number.isSafeInteger(version) || version < 1) return undefined;
  const [row] = await queryRows<VersionRow>(db, sql`select version, body_md, body_html, change_summary, published_at from memorandum_versions where space_id = ${spaceId} and version = ${version}`);
  return row ? toVersion(row) : undefined;
}

/** Every version, newest first, without the texts (the versions list). */
export async function listVersions(db: Database, spaceId: string): Promise<Pick<MemorandumVersion, "version" | "changeSummary" | "publishedAt">[]> {
  const rows = await queryRows<{ version: number; change_summary: LocalizedText; published_at: Date | string }>(
    db,
    sql`select version, change_summary, published_at from memorandum_versions where space_id = ${spaceId} order by version desc`,
  );
  return rows.map((row) => ({ version: Number(row.version), changeSummary: row.change_summary, publishedAt: date(row.published_at) }));
}

type SignatureRow = { organisation_id: string; status: SignatureStatus; version: number; signed_at: Date | string; first_signed_at: Date | string; withdrawn_at: Date | string | null; withdrawal_reason: string };
const toSignature = (row: SignatureRow): Signature => ({
  organisationId: row.organisation_id, status: row.status, version: Number(row.version), signedAt: date(row.signed_at), firstSignedAt: date(row.first_signed_at),
  withdrawnAt: row.withdrawn_at === null ? null : date(row.withdrawn_at), withdrawalReason: row.withdrawal_reason,
});
const SIGNATURE_COLUMNS = sql.raw("organisation_id, status, version, signed_at, first_signed_at, withdrawn_at, withdrawal_reason");

/** The signatures of these organisations in a space (any status), keyed by organisation. */
export async function signaturesOf(db: Database, spaceId: string, organisationIds: readonly string[]): Promise<Map<string, Signature>> {
  if (!organisationIds.length) return new Map();
  const rows = await queryRows<SignatureRow>(
    db,
    sql`select ${SIGNATURE_COLUMNS} from memorandum_signatures where space_id = ${spaceId} and organisation_id in (${sql.join(organisationIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Map(rows.map((row) => [row.organisation_id, toSignature(row)]));
}

/**
 * The public roster: standing signatures (and, apart, withdrawn ones) with each organisation's profile and its
 * activities in the space, newest signature first. A memorandum has tens to hundreds of signatories, so the
 * filters apply to the loaded list (the profiles come from the organisations module, not a join on its table).
 */
export async function roster(db: Database, spaceId: string, currentVersionNumber: number, filters: RosterFilters, now: Date): Promise<{ signed: RosterEntry[]; withdrawn: RosterEntry[] }> {
  const rows = await queryRows<SignatureRow>(db, sql`select ${SIGNATURE_COLUMNS} from memorandum_signatures where space_id = ${spaceId} order by signed_at desc, organisation_id`);
  const signatures = rows.map(toSignature);
  const profiles = await organisationProfiles(db, signatures.map((signature) => signature.organisationId));
  const entries = signatures
    .filter((signature) => profiles.has(signature.organisationId))
    .map((signature) => ({ ...signature, organisation: profiles.get(signature.organisationId)!, isEarlierVersion: signature.version < currentVersionNumber, activities: [] as OrganisationActivity[] }))
    .filter((entry) => (!filters.actorType || entry.organisation.actorType === filters.actorType) && (!filters.country || entry.organisation.country === filters.country));
  const signed = entries.filter((entry) => entry.status === "signed" && (filters.standing === "" || (filters.standing === "earlier") === entry.isEarlierVersion));
  const withdrawn = filters.standing ? [] : entries.filter((entry) => entry.status === "withdrawn");
  const activities = await publishedCommitmentsOfOrganisations(db, spaceId, signed.map((entry) => entry.organisationId), { now });
  for (const entry of signed) entry.activities = activities.get(entry.organisationId) ?? [];
  return { signed, withdrawn };
}

/** How many organisations' signatures stand (of any version). */
export async function countSignatories(db: Database, spaceId: string): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(db, sql`select count(*) as count from memorandum_signatures where space_id = ${spaceId} and status = 'signed'`);
  return Number(row?.count ?? 0);
}

/** The choices the roster's filters offer: actor types and countries of the organisations that signed. */
export async function rosterChoices(db: Database, spaceId: string): Promise<{ actorTypes: string[]; countries: string[] }> {
  const rows = await queryRows<{ organisation_id: string }>(db, sql`select organisation_id from memorandum_signatures where space_id = ${spaceId} and status = 'signed'`);
  const profiles = [...(await organisationProfiles(db, rows.map((row) => row.organisation_id))).values()];
  return {
    actorTypes: [...new Set(profiles.map((profile) => profile.actorType))].sort(),
    countries: [...new Set(profiles.map((profile) => profile.country).filter((country): country is string => Boolean(country)))].sort(),
  };
}

export type SignatureEvent = { id: string; organisationId: string; action: SignatureAction; version: number; createdAt: Date };

/** The newest signings and re-signings of a space (the roster's Atom feed). */
export async function recentSignings(db: Database, spaceId: string, limit: number): Promise<SignatureEvent[]> {
  const rows = await queryRows<{ id: string; organisation_id: string; action: SignatureAction; version: number; created_at: Date | string }>(
    db,
    sql`select id::text as id, organisation_id, action, version, created_at from memorandum_signature_events
      where space_id = ${spaceId} and action in ('signed', 'resigned') order by created_at desc, id desc limit ${limit}`,
  );
  return rows.map((row) => ({ id: row.id, organisationId: row.organisation_id, action: row.action, version: Number(row.version), createdAt: date(row.created_at) }));
}
