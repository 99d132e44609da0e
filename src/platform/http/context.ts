import type { FastifyRequest } from "fastify";
import type { Translate } from "../i18n/messages";
import { intlFormat } from "../i18n/messages";
import type { Locale } from "../i18n/locales";

/** The signed-in person, as every handler and view sees them. */
export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  isPlatformAdmin: boolean;
  isEmailVerified: boolean;
};

/** How the request was authenticated: a browser session, an API token (with its scopes) or nobody. */
export type Authentication =
  | { kind: "anonymous" }
  | { kind: "session"; sessionId: string }
  | { kind: "token"; tokenId: string; scopes: string[]; organisationId: string | null };

declare module "fastify" {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    /** How many messages this request has shown in English for want of a translation into its locale. */
    untranslated: () => number;
    user: CurrentUser | null;
    authentication: Authentication;
    csrfToken: string;
    /** Message key of a one-time notice set by the previous request (e.g. "saved"). */
    flash: string | null;
  }
}

/** What every view needs from the request. */
export type ViewContext = {
  locale: Locale;
  t: Translate;
  /** How many messages the page has shown in English so far for want of a translation (see countingTranslator). */
  untranslated?: () => number;
  format: ReturnType<typeof intlFormat>;
  user: CurrentUser | null;
  csrfToken: string;
  flash: string | null;
  /** Path and query of the current page, for the language switcher and return links. */
  url: string;
  /** The configured public URL (no trailing slash), for absolute links in page metadata (Open Graph, JSON-LD). */
  publicUrl?: string;
};

export function viewContext(request: FastifyRequest): ViewContext {
  return {
    locale: request.locale,
    t: request.t,
    untranslated: () => request.untranslated?.() ?? 0,
    format: intlFormat(request.locale),
    user: request.user,
    // Read lazily: only a page that renders a form issues the CSRF cookie.
    get csrfToken() {
      return request.csrfToken;
    },
    url: request.url,
    flash: request.flash,
    publicUrl: request.server.services.config.publicUrl,
  };
}
