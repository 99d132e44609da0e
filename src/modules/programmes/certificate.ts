import type { Database } from "../../db/client";
import { bytesUuid, readSignedCode, signCode, uuidBytes } from "../../platform/signing/signed-codes";

// A completion certificate is not stored: its code is the application's id signed by the platform's signing
// piece under its own purpose, so an events certificate or join link never verifies as one of these.

const CERTIFICATE_PURPOSE = "programmes.completion-certificate";

/** The verification code of an application's completion certificate. */
export async function completionCertificateCode(db: Database, applicationId: string): Promise<string> {
  return signCode(db, CERTIFICATE_PURPOSE, uuidBytes(applicationId));
}

/** The application a certificate code was issued for, or null when the code is not genuine. */
export async function readCompletionCertificateCode(db: Database, code: string): Promise<string | null> {
  const payload = await readSignedCode(db, CERTIFICATE_PURPOSE, code, 16);
  return payload ? bytesUuid(payload) : null;
}

/** The public page of a certificate (printable, and the verification a reader of the printout visits). */
export const certificatePath = (code: string): string => `/programmes/certificates/${code}`;
