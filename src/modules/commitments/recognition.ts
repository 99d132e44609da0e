import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
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

const secrets = new WeakMap<Database, Promise<Buffer>>();

/**
 * The installation's signing secret for certificates: made once (the first process to need it wins the
 * insert; the others read the same row) and remembered per database connection.
 */
export function recognitionSecret(db: Database): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      await queryRows(db, sql`insert into commitment_recognition_secret (id, secret) values (1, ${randomBytes(32).toString("hex")}) on conflict (id) do nothing`);
      const [row] = await queryRows<{ secret: string }>(db, sql`select secret from commitment_recognition_secret where id = 1`);
      return Buffer.from(row.secret, "hex");
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

export type CertificateClaim = { organisationId: string; spaceId: string; issuedOn: string };

const MAC_BYTES = 12;

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

function bytesUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(secret: Buffer, payload: Buffer): Buffer {
  return createHmac("sha256", secret).update(payload).digest().subarray(0, MAC_BYTES);
}

/**
 * The verification code printed on a certificate: organisation, space and issue date, signed with an HMAC
 * so a code cannot be forged or altered (base64url, 59 characters).
 */
export async function certificateCode(db: Database, claim: CertificateClaim): Promise<string> {
  const days = Math.round(Date.parse(`${claim.issuedOn}T00:00:00Z`) / 86_400_000);
  const dayBytes = Buffer.alloc(3);
  dayBytes.writeUIntBE(days, 0, 3);
  const payload = Buffer.concat([uuidBytes(claim.organisationId), uuidBytes(claim.spaceId), dayBytes]);
  return Buffer.concat([payload, mac(await recognitionSecret(db), payload)]).toString("base64url");
}

/** The claim inside a code, or null when the code is malformed or its signature does not match. */
export async function readCertificateCode(db: Database, code: string): Promise<CertificateClaim | null> {
  if (!/^[A-Za-z0-9_-]{40,80}$/.test(code)) return null;
  const bytes = Buffer.from(code, "base64url");
  if (bytes.length !== 35 + MAC_BYTES) return null;
  const payload = bytes.subarray(0, 35);
  const expected = mac(await recognitionSecret(db), payload);
  if (!timingSafeEqual(expected, bytes.subarray(35))) return null;
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
