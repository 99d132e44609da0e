import { randomInt } from "node:crypto";
import type { Database } from "../../../db/client";
import { bytesUuid, readSignedCode, signCode, uuidBytes } from "../../../platform/signing/signed-codes";

// The three codes a registration carries. The check-in code is random and stored (typed or scanned at the door);
// the join token and the certificate code are not stored: both are signed by the platform's signing piece, each
// under its own purpose, so one cannot stand in for the other.

const JOIN_PURPOSE = "events.join";
const CERTIFICATE_PURPOSE = "events.attendance-certificate";

// No 0/O, 1/I/L: the code is read aloud and typed at a door.
const CHECK_IN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CHECK_IN_LENGTH = 8;

/** A new check-in code for a registration (unique per event by the table's constraint; 31^8 makes a clash rare). */
export function newCheckInCode(): string {
  let code = "";
  for (let index = 0; index < CHECK_IN_LENGTH; index += 1) code += CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)];
  return code;
}

/** A typed code as stored: upper case, without the spaces and hyphens people add; "" when it cannot be one. */
export function normaliseCheckInCode(input: unknown): string {
  const code = typeof input === "string" ? input.toUpperCase().replace(/[\s-]/g, "") : "";
  return new RegExp(`^[${CHECK_IN_ALPHABET}]{${CHECK_IN_LENGTH}}$`).test(code) ? code : "";
}

/**
 * The personal join token of a registration: its id and the event's join epoch, signed. Bumping the epoch
 * (rotating) makes every earlier token stale without storing any of them.
 */
export async function joinToken(db: Database, registrationId: string, joinEpoch: number): Promise<string> {
  const epoch = Buffer.alloc(4);
  epoch.writeUInt32BE(joinEpoch);
  return signCode(db, JOIN_PURPOSE, Buffer.concat([uuidBytes(registrationId), epoch]));
}

/** The registration and epoch inside a join token, or null when it is not one of ours. */
export async function readJoinToken(db: Database, token: string): Promise<{ registrationId: string; joinEpoch: number } | null> {
  const payload = await readSignedCode(db, JOIN_PURPOSE, token, 20);
  return payload ? { registrationId: bytesUuid(payload.subarray(0, 16)), joinEpoch: payload.readUInt32BE(16) } : null;
}

/** The personal join path of a token. */
export const joinPath = (token: string): string => `/events/join/${token}`;

/** The verification code of a registration's attendance certificate. */
export async function attendanceCertificateCode(db: Database, registrationId: string): Promise<string> {
  return signCode(db, CERTIFICATE_PURPOSE, uuidBytes(registrationId));
}

/** The registration a certificate code was issued for, or null when the code is not genuine. */
export async function readAttendanceCertificateCode(db: Database, code: string): Promise<string | null> {
  const payload = await readSignedCode(db, CERTIFICATE_PURPOSE, code, 16);
  return payload ? bytesUuid(payload) : null;
}

/** The public verification path of a certificate. */
export const certificateVerificationPath = (code: string): string => `/events/certificates/${code}`;
