import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { isLocale } from "../i18n/locales";

// Share-card URLs carry their text, signed: `/og/<payload>.<mac>.png`, the payload a base64url JSON of kind, title,
// context and language, the MAC an HMAC-SHA256 (16 bytes) under a key derived from the installation's signing
// secret. So the route renders only text a page of ours put in its <head> — nobody can have it draw their words —
// and the URL changes when the title does (the image can be cached for good). The text is what the public page
// showed: a page emits the URL only when it is rendered, under that page's own visibility rules. The payload also
// carries the page's path: the route draws the card only while that page is still public (see routes.ts), so a card
// stops rendering when its item becomes private or is deleted, whichever module the item belongs to.

/** The kinds of page a card names (each a message `share.kind.<kind>` in the platform catalogs). */
export const SHARE_KINDS = ["page", "commitment", "event", "news", "consultation", "topic", "guidance", "programme", "space", "organisation", "expert", "resource", "practice", "showcase"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** `path`: the page the card is of (path and query, no origin), which must still answer the public with 200. */
export type ShareCardText = { kind: ShareKind; title: string; context: string; locale: string; path: string };

const TITLE_MAX = 300;
const CONTEXT_MAX = 120;
const PATH_MAX = 400;
const MAC_BYTES = 16;
const PAYLOAD_MAX = 2400;

// One key per process, set as an app starts: every app in the process (tests build several) signs and checks with
// the same key, so they agree; processes behind a load balancer derive the same key from the shared secret.
let shareKey: Buffer | undefined;

/** Derives the share-card key from the installation's signing secret (the app does this as it starts). */
export function useShareKey(signingSecret: Buffer): void {
  shareKey = createHmac("sha256", signingSecret).update("share-card\u0000").digest();
}

const mac = (key: Buffer, payload: string): Buffer => createHmac("sha256", key).update(payload).digest().subarray(0, MAC_BYTES);

/** The path of a page's share card, or undefined before the app has its key (views rendered outside an app) or for a page path too long to sign. */
export function shareImagePath(card: ShareCardText): string | undefined {
  if (!shareKey || !isPagePath(card.path)) return undefined;
  const payload = Buffer.from(JSON.stringify({ k: card.kind, t: card.title.slice(0, TITLE_MAX), c: card.context.slice(0, CONTEXT_MAX), l: card.locale, p: card.path })).toString("base64url");
  return `/og/${payload}.${mac(shareKey, payload).toString("base64url")}.png`;
}

/** A path of this site ("/spaces/…"), never another origin ("//host") nor a card itself. */
const isPagePath = (path: string): boolean => path.length <= PATH_MAX && /^\/(?![/\\])/.test(path) && !path.startsWith("/og/");

const Payload = z.object({ k: z.enum(SHARE_KINDS), t: z.string().max(TITLE_MAX), c: z.string().max(CONTEXT_MAX), l: z.string().refine(isLocale), p: z.string().refine(isPagePath) });

/** The text inside a share-card file name (`<payload>.<mac>.png`), or null when it is not one we signed. */
export function readShareImageName(name: string): ShareCardText | null {
  const match = /^([A-Za-z0-9_-]{1,2400})\.([A-Za-z0-9_-]{22})\.png$/.exec(name);
  if (!match || !shareKey || match[1].length > PAYLOAD_MAX) return null;
  const given = Buffer.from(match[2], "base64url");
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(shareKey, match[1]))) return null;
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(match[1], "base64url").toString("utf8")));
    return parsed.success ? { kind: parsed.data.k, title: parsed.data.t, context: parsed.data.c, locale: parsed.data.l, path: parsed.data.p } : null;
  } catch {
    return null;
  }
}
