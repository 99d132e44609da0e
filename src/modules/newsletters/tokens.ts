import type { Database } from "../../db/client";
import { bytesUuid, readSignedCode, signCode, uuidBytes } from "../../platform/signing/signed-codes";

/**
 * Who a newsletter or digest went to, as the links in the mail name them: an account holder (a member or follower
 * of the space, reached at their current address) or a subscriber without an account (a `newsletter_subscribers`
 * row). The links carry a signed code of the space and the recipient, so one-click unsubscribe and the
 * preferences page need no login and nothing stored per mail, and a code cannot be altered to reach someone else.
 */
export type Recipient = { kind: "user"; userId: string } | { kind: "subscriber"; subscriberId: string };

const PURPOSE = "newsletter-recipient";
const PAYLOAD_BYTES = 33;
const KIND_BYTE = { user: 0x75, subscriber: 0x73 } as const;

export async function recipientToken(db: Database, spaceId: string, recipient: Recipient): Promise<string> {
  const id = recipient.kind === "user" ? recipient.userId : recipient.subscriberId;
  return signCode(db, PURPOSE, Buffer.concat([uuidBytes(spaceId), Buffer.from([KIND_BYTE[recipient.kind]]), uuidBytes(id)]));
}

/** The space and recipient of a token made by `recipientToken`, or null when it is not genuine. */
export async function readRecipientToken(db: Database, token: string): Promise<{ spaceId: string; recipient: Recipient } | null> {
  const payload = await readSignedCode(db, PURPOSE, token, PAYLOAD_BYTES);
  if (!payload) return null;
  const spaceId = bytesUuid(payload.subarray(0, 16));
  const id = bytesUuid(payload.subarray(17));
  if (payload[16] === KIND_BYTE.user) return { spaceId, recipient: { kind: "user", userId: id } };
  if (payload[16] === KIND_BYTE.subscriber) return { spaceId, recipient: { kind: "subscriber", subscriberId: id } };
  return null;
}

/** Secret-bearing paths (registered with the log redaction by the routes that serve them). */
export const UNSUBSCRIBE_PREFIX = "/newsletters/unsubscribe/";
export const PREFERENCES_PREFIX = "/newsletters/preferences/";

/** GET shows a confirmation page (link scanners change nothing); POST unsubscribes (RFC 8058 one-click too). */
export const unsubscribePath = (token: string): string => `${UNSUBSCRIBE_PREFIX}${token}`;
/** What this recipient receives from the space: newsletters, digest and its frequency, language. */
export const preferencesPath = (token: string): string => `${PREFERENCES_PREFIX}${token}`;
