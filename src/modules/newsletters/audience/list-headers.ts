import type { Database } from "../../../db/client";
import { preferencesPath, recipientToken, unsubscribePath, type Recipient } from "../tokens";

/** The header fields and links every bulk mail of a space carries for one recipient. */
export type ListMail = { headers: Record<string, string>; unsubscribeUrl: string; preferencesUrl: string };

/**
 * `List-Id` (RFC 2919: the space's slug under the site's host), `List-Unsubscribe` with the recipient's signed
 * unsubscribe URL in angle brackets and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058: mail
 * clients POST that body to the URL; the GET page only asks). Newsletters and the digest both use this, so a
 * recipient sees one list per space whatever it sends. The URL is absolute on the site's public address, which
 * in production is https (RFC 8058 requires it; an http PUBLIC_URL is only for local use).
 */
export async function listMailFor(db: Database, publicUrl: string, space: { id: string; slug: string }, recipient: Recipient): Promise<ListMail> {
  const token = await recipientToken(db, space.id, recipient);
  const unsubscribeUrl = `${publicUrl}${unsubscribePath(token)}`;
  const host = new URL(publicUrl).hostname;
  return {
    headers: {
      "List-Id": `<${space.slug}.newsletters.${host}>`,
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    unsubscribeUrl,
    preferencesUrl: `${publicUrl}${preferencesPath(token)}`,
  };
}
