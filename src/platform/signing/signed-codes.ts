import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";

// Signed codes: a short payload (ids, a date, a counter) followed by a truncated HMAC-SHA256 of it, in base64url,
// so whoever holds a code can show it back and we can tell it is ours and unaltered without storing it. Used for
// verifiable certificates (commitments' "reporting on track", events' attendance) and events' personal join links.
// A `purpose` is mixed into the MAC, so a code made for one use never verifies as another; the empty purpose is
// the one commitments' certificates were first signed with, kept so the codes already printed stay valid.

const MAC_BYTES = 12;
const secrets = new WeakMap<Database, Promise<Buffer>>();

/**
 * The installation's signing secret: made once (the first process to need it wins the insert; the others read
 * the same row, so every process behind a load balancer signs alike) and remembered per database connection.
 */
export function signingSecret(db: Database): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      await queryRows(db, sql`insert into signing_secret (id, secret) values (1, ${randomBytes(32).toString("hex")}) on conflict (id) do nothing`);
      const [row] = await queryRows<{ secret: string }>(db, sql`select secret from signing_secret where id = 1`);
      return Buffer.from(row.secret, "hex");
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

function mac(secret: Buffer, purpose: string, payload: Buffer): Buffer {
  const hmac = createHmac("sha256", secret);
  // The purpose and a separator come first; none for the legacy (empty) purpose, whose MAC is of the payload alone.
  if (purpose) hmac.update(`${purpose}\u0000`);
  return hmac.update(payload).digest().subarray(0, MAC_BYTES);
}

/** The code of a payload: payload then its MAC for this purpose, in base64url. */
export async function signCode(db: Database, purpose: string, payload: Buffer): Promise<string> {
  return Buffer.concat([payload, mac(await signingSecret(db), purpose, payload)]).toString("base64url");
}

/** The payload inside a code made by signCode for this purpose and of this length, or null when it is not genuine. */
export async function readSignedCode(db: Database, purpose: string, code: string, payloadBytes: number): Promise<Buffer | null> {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(code)) return null;
  const bytes = Buffer.from(code, "base64url");
  if (bytes.length !== payloadBytes + MAC_BYTES || bytes.toString("base64url") !== code) return null;
  const payload = bytes.subarray(0, payloadBytes);
  const expected = mac(await signingSecret(db), purpose, payload);
  return timingSafeEqual(expected, bytes.subarray(payloadBytes)) ? payload : null;
}

/** A UUID as its 16 bytes, for a payload. */
export const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ""), "hex");

/** 16 bytes of a payload as a UUID. */
export function bytesUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
