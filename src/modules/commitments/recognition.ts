import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { bytesUuid, readSignedCode, signCode, uuidBytes } from "../../platform/signing/signed-codes";
import { isoDay, lightSql, spaceLightSql } from "./queries-browse";

// Recognition (seed 000: certification as an incentive). An organisation is "reporting on track" in a
// space when it owns at least one published commitment there and every one of them is green — which also
// means each has at least one report. Nothing is stored: the badge and certificates follow current data.

/** Of the given organisations, those reporting on track in the space. */
export async function organisationsOnTrack(db: Database, spaceId: string, organisationIds: string[], now: Date): Promise<Set<string>> {
  const ids = [...new Set(organisationIds)];
  if (!ids.length) return new Set();
  const light = await spaceLightSql(db, spaceId, now);
  const rows = await queryRows<{ organisation_id: string }>(
    db,
    sql`select c.organisation_id from commitments c
      where c.space_id = ${spaceId} and c.status = 'published' and c.organisation_id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      group by c.organisation_id
      having bool_and(${light} = 'green')`,
  );
  return new Set(rows.map((row) => row.organisation_id));
}

/** The spaces (by id) in which one organisation is reporting on track. */
export async function spacesOnTrack(db: Database, organisationId: string, now: Date): Promise<Set<string>> {
  const rows = await queryRows<{ space_id: string }>(
    db,
    sql`select c.space_id from commitments c
      where c.organisation_id = ${organisationId} and c.status = 'published'
      group by c.space_id
      having bool_and(${lightSql(now)} = 'green')`,
  );
  return new Set(rows.map((row) => row.space_id));
}

export type CertificateClaim = { organisationId: string; spaceId: string; issuedOn: string };

// Signed with the platform's signing piece under the empty (first) purpose, so codes printed before it was lifted
// out of this module still verify.
const PURPOSE = "";
const PAYLOAD_BYTES = 35;

/**
 * The verification code printed on a certificate: organisation, space and issue date, signed with an HMAC
 * so a code cannot be forged or altered (base64url, 63 characters).
 */
export async function certificateCode(db: Database, claim: CertificateClaim): Promise<string> {
  const days = Math.round(Date.parse(`${claim.issuedOn}T00:00:00Z`) / 86_400_000);
  const dayBytes = Buffer.alloc(3);
  dayBytes.writeUIntBE(days, 0, 3);
  return signCode(db, PURPOSE, Buffer.concat([uuidBytes(claim.organisationId), uuidBytes(claim.spaceId), dayBytes]));
}

/** The claim inside a code, or null when the code is malformed or its signature does not match. */
export async function readCertificateCode(db: Database, code: string): Promise<CertificateClaim | null> {
  const payload = await readSignedCode(db, PURPOSE, code, PAYLOAD_BYTES);
  if (!payload) return null;
  return {
    organisationId: bytesUuid(payload.subarray(0, 16)),
    spaceId: bytesUuid(payload.subarray(16, 32)),
    issuedOn: isoDay(new Date(payload.readUIntBE(32, 3) * 86_400_000)),
  };
}

/** How many published commitments an organisation owns in a space. */
export async function ownedPublishedCount(db: Database, spaceId: string, organisationId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from commitments c where c.space_id = ${spaceId} and c.organisation_id = ${organisationId} and c.status = 'published'`,
  );
  return Number(row?.count ?? 0);
}
