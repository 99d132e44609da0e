import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import pg from "pg";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, fieldErrorFromIssue, type FieldErrors } from "../errors";
import { SESSION_COOKIE, loadSessionUser } from "../auth/sessions";
import { authenticateApiToken } from "../api/tokens";
import { checkApiRouteDeclaration, isApiRoute, tokenDecision } from "../api/access";
import { randomToken, safeEqual } from "../crypto";
import { html } from "../html";
import { isLocale, negotiateLocale } from "../i18n/locales";
import { countingTranslator, translator } from "../i18n/messages";
import { renderPage } from "../views/layout";
import { viewContext } from "./context";

export const CSRF_COOKIE = "convene_csrf";
export const LOCALE_COOKIE = "convene_lang";
export const FLASH_COOKIE = "convene_flash";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Exempts one route from the CSRF check. Only for a write that a secret in its own URL authorises and that
     * must work without any cookie: RFC 8058 one-click unsubscribe, which mail clients POST with no token.
     */
    isCsrfExempt?: boolean;
  }
}
const csrfUsed = new WeakSet<FastifyRequest>();

/** Whether this request's page contains the visitor's CSRF token (then it must not be shared with others). */
export function isCsrfTokenUsed(request: FastifyRequest): boolean {
  return csrfUsed.has(request);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith("/api/");
}

/** Leaves a one-time notice (a message key) for the next page the user sees. */
export function setFlash(reply: FastifyReply, messageKey: string): void {
  reply.setCookie(FLASH_COOKIE, messageKey, { path: "/", httpOnly: true, sameSite: "lax", maxAge: 60 });
}

/** Per-request context: who is asking, in which language, with which CSRF token. */
export async function registerRequestContext(app: FastifyInstance): Promise<void> {
  const { db, clock, config } = app.services;
  const isSecure = config.publicUrl.startsWith("https://");
  app.decorateRequest("locale", "en");
  app.decorateRequest("t", undefined as never);
  app.decorateRequest("user", null);
  app.decorateRequest("authentication", undefined as never);
  app.decorateRequest("csrfToken", "");
  app.decorateRequest("flash", null);

  // Every /api route that writes must say which scope a token needs (checked as routes register).
  app.addHook("onRoute", checkApiRouteDeclaration);

  app.addHook("onRequest", async (request, reply) => {
    request.authentication = { kind: "anonymous" };
    const authorization = request.headers.authorization;
    // A token is an API credential only: on pages (and anything else outside /api) the Authorization header
    // is not read at all, so a token can never stand in for a browser session there — which also keeps
    // every cookie-authenticated write under the CSRF check below. The matched route's pattern decides,
    // not the raw URL.
    if (isApiRoute(request.routeOptions.url) && authorization?.startsWith("Bearer ")) {
      const token = await authenticateApiToken(db, clock, authorization.slice(7).trim());
      if (!token) throw new AppError("unauthenticated", "error.invalid_token");
      if (tokenDecision(request.routeOptions.config.token, token) === "act") {
        request.user = token.user;
        request.authentication = { kind: "token", tokenId: token.tokenId, scopes: token.scopes, organisationId: token.organisationId };
      }
    } else {
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        const session = await loadSessionUser(db, clock, sessionToken);
        if (session) {
          request.user = session.user;
          request.authentication = { kind: "session", sessionId: session.sessionId };
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: "/" });
        }
      }
    }

    const query = request.query as Record<string, unknown> | undefined;
    const requested = typeof query?.lang === "string" ? query.lang : undefined;
    // A page's ?lang is the language switch and is remembered; an API call's only picks its answer's language (a
    // widget's call on a page of this site must not change the visitor's interface language).
    if (isLocale(requested) && !isApiRequest(request)) reply.setCookie(LOCALE_COOKIE, requested, { path: "/", sameSite: "lax", maxAge: 365 * 86_400, secure: isSecure });
    const cookieLocale = request.cookies[LOCALE_COOKIE];
    request.locale = isLocale(requested)
      ? requested
      : isLocale(cookieLocale)
        ? cookieLocale
        : request.user && isLocale(request.user.locale)
          ? request.user.locale
          : (negotiateLocale(request.headers["accept-language"]) ?? config.defaultLocale);
    const counting = countingTranslator(request.locale);
    request.t = counting.t;
    request.untranslated = counting.untranslated;

    // The CSRF cookie is issued only when a page actually renders a form: pages without one stay
    // free of Set-Cookie, so shared caches and the anonymous page cache can keep them.
    const cookieToken = request.cookies[CSRF_COOKIE];
    let csrf = cookieToken && cookieToken.length >= 20 ? cookieToken : undefined;
    Object.defineProperty(request, "csrfToken", {
      configurable: true,
      enumerable: true,
      get(): string {
        csrfUsed.add(request);
        if (!csrf) {
          csrf = randomToken(24);
          reply.setCookie(CSRF_COOKIE, csrf, { path: "/", httpOnly: true, sameSite: "lax", secure: isSecure });
        }
        return csrf;
      },
    });

    const flash = request.cookies[FLASH_COOKIE];
    if (flash && !isApiRequest(request) && request.method === "GET") {
      request.flash = /^[a-z0-9_.]+$/.test(flash) ? flash : null;
      reply.clearCookie(FLASH_COOKIE, { path: "/" });
    }

    // PostgreSQL cannot store a NUL character in text. A path parameter holding one names nothing (404);
    // a query parameter holding one is a malformed request (400) — refused here, once, for every route,
    // instead of reaching a query and failing there as a 500.
    if (Object.values((request.params ?? {}) as Record<string, unknown>).some(hasUnstorableText)) throw new AppError("not_found");
    const badQuery = unstorableFields(request.query);
    if (Object.keys(badQuery).length) throw new AppError("bad_request", "error.unstorable_text", badQuery);
  });

  // The same for the parsed body (forms, JSON, multipart fields; uploaded files stay bytes): a 400 naming the fields.
  app.addHook("preHandler", async (request) => {
    const badBody = unstorableFields(request.body);
    if (Object.keys(badBody).length) throw new AppError("bad_request", "error.unstorable_text", badBody);
  });

  // CSRF: every state-changing request made with a browser session (or none) must echo the token,
  // as the `_csrf` form field or the `x-csrf-token` header. Bearer-token API calls carry no cookies
  // a third-party site could ride on, so they are exempt.
  app.addHook("preHandler", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.authentication.kind === "token") return;
    if (request.routeOptions.config?.isCsrfExempt) return;
    // An API call with neither token nor session rides on no one's cookies: let the route answer 401.
    if (isApiRequest(request) && request.authentication.kind === "anonymous") return;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === "string" ? body._csrf : undefined) ?? (request.headers["x-csrf-token"] as string | undefined);
    if (!sent || !safeEqual(sent, request.csrfToken)) throw new AppError("forbidden", "error.csrf");
  });
}

/** Whether a value holds text PostgreSQL refuses to store (a NUL character), at any depth. */
function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 20 || value === null || typeof value !== "object" || Buffer.isBuffer(value)) return false;
  return Object.entries(value).some(([key, item]) => key.includes("\u0000") || hasUnstorableText(item, depth + 1));
}

/** The top-level fields of a query or body whose value holds unstorable text, as field errors. */
function unstorableFields(input: unknown): FieldErrors {
  if (typeof input === "string") return hasUnstorableText(input) ? { _: { key: "validation.unstorable_text" } } : {};
  if (input === null || typeof input !== "object" || Buffer.isBuffer(input)) return {};
  const fields: FieldErrors = {};
  for (const [name, value] of Object.entries(input)) {
    if (name.includes("\u0000") || hasUnstorableText(value)) fields[name.replaceAll("\u0000", "") || "_"] = { key: "validation.unstorable_text" };
  }
  return fields;
}

/**
 * A PostgreSQL "data exception" (SQLSTATE class 22: text with a NUL or an invalid byte sequence, a malformed
 * uuid or date, a number out of range) means a value from the request reached a column that cannot hold it.
 * That is bad input, not a failure of Convene: the client gets a 400. Drizzle may wrap the driver's error.
 */
function isDataException(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof pg.DatabaseError && typeof current.code === "string" && current.code.startsWith("22")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

function translateFields(request: FastifyRequest, fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, error]) => [name, request.t(error.key, error.values)]));
}

/** One error handler: JSON `{ error: { code, message, fields } }` for the API, a translated page otherwise. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    try {
      return await handleError(error, request, reply);
    } catch (failure) {
      // The handler itself must never leak a stack or Fastify's default body.
      request.log.error({ err: failure, reqId: request.id }, "error handler failed");
      return reply.status(500).type("application/json; charset=utf-8").send({ error: { code: "internal", message: "Internal error", fields: {} } });
    }
  });

  app.setNotFoundHandler(async () => {
    throw new AppError("not_found");
  });
}

/**
 * Fastify's router refuses some URLs before any hook runs — broken percent-encoding (FST_ERR_BAD_URL) or a
 * parameter longer than the router allows — and would answer them with its own JSON. They get the usual
 * error page or API error instead: a bad URL is a 400, an overlong parameter names nothing (404).
 */
export function handleFrameworkError(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  request.authentication = { kind: "anonymous" };
  request.locale = negotiateLocale(request.headers["accept-language"]) ?? request.server.services.config.defaultLocale;
  request.t = translator(request.locale);
  return handleError(new AppError(error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "not_found" : "bad_request"), request, reply);
}

/** Maps anything thrown to an AppError: expected failures keep their code, the rest become a logged 500. */
function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Keep Zod's reason per field ("enter a full web address"), named by its path in the body or query.
    const fields: FieldErrors = {};
    for (const failure of error.validation) {
      // The type provider splits each Zod issue into keyword, message, instancePath and params; rebuild it.
      const path = failure.instancePath.split("/").filter(Boolean);
      const issue = { ...failure.params, code: failure.keyword, message: failure.message ?? "", path } as unknown as Parameters<typeof fieldErrorFromIssue>[0];
      fields[path.join(".") || "_"] ??= fieldErrorFromIssue(issue);
    }
    return new AppError("validation_failed", "error.validation_failed", fields);
  }
  const { statusCode, validation } = error as { statusCode?: number; validation?: unknown };
  if (validation) return new AppError("validation_failed");
  if (statusCode === 429) return new AppError("rate_limited");
  if (statusCode === 413) return new AppError("payload_too_large");
  if (statusCode && statusCode < 500) return new AppError("bad_request");
  if (isDataException(error)) {
    // Still logged: validation should have caught the value before the database did.
    request.log.warn({ err: error, reqId: request.id }, "database refused a value from the request");
    return new AppError("bad_request");
  }
  request.log.error({ err: error, reqId: request.id }, "unhandled error");
  return new AppError("internal");
}

async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const appError = toAppError(error, request);
  if (!request.t) request.t = translator("en");
  const message = request.t(appError.messageKey, { ...appError.values, requestId: request.id });
  reply.status(appError.status);
  const accept = String(request.headers.accept ?? "");
  const wantsJson = isApiRequest(request) || (accept.includes("application/json") && !accept.includes("text/html"));
  if (wantsJson) {
    const body: ErrorBody = { error: { code: appError.code, message, fields: translateFields(request, appError.fields) } };
    return reply.type("application/json; charset=utf-8").send(body);
  }
  return reply.type("text/html; charset=utf-8").send(renderErrorPage(request, appError.code, message));
}

export function renderErrorPage(request: FastifyRequest, code: string, message: string): string {
  const view = viewContext(request);
  const title = request.t(`error.title.${code}`);
  return renderPage(view, {
    title,
    isErrorPage: true,
    body: html`<h1>${title}</h1><p class="lead">${message}</p>
      ${code === "unauthenticated" ? html`<p><a class="button" href="/login?next=${encodeURIComponent(request.url)}">${request.t("nav.login")}</a></p>` : ""}
      <p><a href="/">${request.t("error.back_home")}</a></p>
      ${code === "internal" ? html`<p class="muted">${request.t("error.request_id", { requestId: request.id })}</p>` : ""}`,
  });
}
