import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { conflict, forbidden, validationFailed } from "../../../platform/errors";
import type { Services } from "../../../platform/services";
import { memberRole } from "../../organisations/queries";
import { canSignFor } from "../permissions";
import { memorandumSignatureEvents, type SignatureAction } from "../schema";
import type { Actor } from "./publish-version";

export const REASON_MAX = 2_000;

/** The organisation's signature row, locked until the transaction ends (two admins clicking at once act in turn). */
async function lockedSignature(tx: Database, spaceId: string, organisationId: string) {
  const [row] = await queryRows<{ status: "signed" | "withdrawn"; version: number }>(
    tx,
    sql`select status, version from memorandum_signatures where space_id = ${spaceId} and organisation_id = ${organisationId} for update`,
  );
  return row ? { status: row.status, version: Number(row.version) } : undefined;
}

/** 403 unless the actor is an admin of the organisation (checked through the organisations module). */
async function requireSigner(db: Database, actor: Actor, organisationId: string): Promise<void> {
  if (!canSignFor(await memberRole(db, organisationId, actor.id))) throw forbidden("memorandum.error.not_signer");
}

async function recordEvent(tx: Database, services: Services, actor: Actor, spaceId: string, organisationId: string, action: SignatureAction, version: number, reason = ""): Promise<void> {
  await tx.insert(memorandumSignatureEvents).values({ spaceId, organisationId, action, version, userId: actor.id, reason, createdAt: services.clock.now() });
  await recordAudit(tx, { actorUserId: actor.id, action: `memorandum.${action}`, subjectType: "organisation", subjectId: organisationId, spaceId, details: { version, ...(reason ? { reason } : {}) }, ip: actor.ip ?? null });
}

/**
 * An organisation signs the current version of a space's memorandum — for the first time, again after a withdrawal,
 * or again after a new version (a re-signing, which clears "invited to re-sign"). Only its admins may; signing the
 * version it already signed is a 409. Signature, history and audit in one transaction.
 */
export async function signMemorandum(services: Services, actor: Actor, spaceId: string, organisationId: string): Promise<SignatureAction> {
  await requireSigner(services.db, actor, organisationId);
  return services.db.transaction(async (tx) => {
    const [current] = await queryRows<{ version: number }>(tx, sql`select version from memorandum_versions where space_id = ${spaceId} order by version desc limit 1 for share`);
    if (!current) throw conflict("memorandum.error.no_text");
    const version = Number(current.version);
    const now = services.clock.now();
    const existing = await lockedSignature(tx, spaceId, organisationId);
    if (existing?.status === "signed" && existing.version === version) throw conflict("memorandum.error.already_signed");
    const action: SignatureAction = existing?.status === "signed" ? "resigned" : "signed";
    await tx.execute(sql`insert into memorandum_signatures (space_id, organisation_id, status, version, signed_at, signed_by, first_signed_at)
      values (${spaceId}, ${organisationId}, 'signed', ${version}, ${now}, ${actor.id}, ${now})
      on conflict (space_id, organisation_id) do update set status = 'signed', version = excluded.version, signed_at = excluded.signed_at,
        signed_by = excluded.signed_by, withdrawn_at = null, withdrawal_reason = ''`);
    await recordEvent(tx, services, actor, spaceId, organisationId, action, version);
    return action;
  });
}

/** An organisation withdraws its signature, with an optional reason shown on the roster. Only its admins may. */
export async function withdrawSignature(services: Services, actor: Actor, spaceId: string, organisationId: string, reasonInput: unknown): Promise<void> {
  const reason = typeof reasonInput === "string" ? reasonInput.trim() : "";
  if (reason.length > REASON_MAX || reason.includes("\u0000")) throw validationFailed({ reason: { key: "memorandum.error.reason_too_long", values: { max: REASON_MAX } } });
  await requireSigner(services.db, actor, organisationId);
  await services.db.transaction(async (tx) => {
    const existing = await lockedSignature(tx, spaceId, organisationId);
    if (existing?.status !== "signed") throw conflict("memorandum.error.not_signed");
    await tx.execute(sql`update memorandum_signatures set status = 'withdrawn', withdrawn_at = ${services.clock.now()}, withdrawal_reason = ${reason}
      where space_id = ${spaceId} and organisation_id = ${organisationId}`);
    await recordEvent(tx, services, actor, spaceId, organisationId, "withdrawn", existing.version, reason);
  });
}
