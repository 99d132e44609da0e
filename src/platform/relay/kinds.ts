import type { CurrentUser } from "../http/context";
import type { Locale } from "../i18n/locales";
import type { Services } from "../services";

/**
 * Who a relayed message goes to. A user id is looked up when the message is sent (their address and language);
 * an address is one the module keeps server-side and never shows (e.g. an organisation's non-public contact).
 */
export type RelayRecipient = { userId: string } | { email: string; locale: Locale };

/** What a relay kind's resolver says about one id. */
export type RelayTarget = {
  recipients: RelayRecipient[];
  /** The target's name for the form's heading ("Contact {label}"), in the viewer's language; plain text. */
  label: string;
  /** The page the form was reached from, linked as "back" on the form and the confirmation. */
  backUrl?: string;
  /** The space the target lives in, for the audit log. */
  spaceId?: string | null;
  /** Whether this viewer may write (e.g. not to oneself, members only). Anonymous viewers are `null`. */
  canContact(viewer: CurrentUser | null): boolean;
};

/**
 * A kind of thing people can be contacted through: the module resolves an id to its recipients, or null when
 * the id is unknown, unpublished or delisted (the relay then answers 404, like for an unknown id).
 */
export type RelayKind = {
  /** The URL segment in /contact/:kind/:id: lower-case letters, digits and dashes. */
  kind: string;
  resolve(services: Services, id: string, context: { locale: Locale; viewer: CurrentUser | null }): Promise<RelayTarget | null>;
};

const KIND_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const kinds = new Map<string, RelayKind>();

/** Registers a relay kind (modules list theirs in the manifest's `relay`; app.ts registers them). */
export function registerRelayKind(relayKind: RelayKind): void {
  if (!KIND_PATTERN.test(relayKind.kind)) throw new Error(`relay kind "${relayKind.kind}" must match ${KIND_PATTERN}`);
  kinds.set(relayKind.kind, relayKind);
}

export function relayKind(kind: string): RelayKind | undefined {
  return KIND_PATTERN.test(kind) ? kinds.get(kind) : undefined;
}

/** The path of the contact form for one target; modules link their "Contact" buttons here. */
export function contactPath(kind: string, id: string): string {
  return `/contact/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
}
