import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type FieldErrors } from "../errors";
import { SESSION_COOKIE, loadSessionUser } from "../auth/sessions";
import { authenticateApiToken } from "../api/tokens";
import { randomToken, safeEqual } from "../crypto";
import { html } from "../html";
import { isLocale, negotiateLocale } from "../i18n/locales";
import { translator } from "../i18n/messages";
import { renderPage } from "../views/layout";
import { viewContext } from "./context";

export const CSRF_COOKIE = "convene_csrf";
export const LOCALE_COOKIE = "convene_lang";
export const FLASH_COOKIE = "convene_flash";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

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

  app.addHook("onRequest", async (request, reply) => {
    request.authentication = { kind: "anonymous" };
    const authorization = request.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      const token = await authenticateApiToken(db, clock, authorization.slice(7).trim());
      if (!token) throw new AppError("unauthenticated", "error.invalid_token");
      request.user = token.user;
      request.authentication = { kind: "token", tokenId: token.tokenId, scopes: token.scopes, organisationId: token.organisationId };
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
    if (isLocale(requested)) reply.setCookie(LOCALE_COOKIE, requested, { path: "/", sameSite: "lax", maxAge: 365 * 86_400, secure: isSecure });
    const cookieLocale = request.cookies[LOCALE_COOKIE];
    request.locale = isLocale(requested)
      ? requested
      : isLocale(cookieLocale)
        ? cookieLocale
        : request.user && isLocale(request.user.locale)
          ? request.user.locale
          : (negotiateLocale(request.headers["accept-language"]) ?? config.defaultLocale);
    request.t = translator(request.locale);

    let csrf = request.cookies[CSRF_COOKIE];
    if (!csrf || csrf.length < 20) {
      csrf = randomToken(24);
      reply.setCookie(CSRF_COOKIE, csrf, { path: "/", httpOnly: true, sameSite: "lax", secure: isSecure });
    }
    request.csrfToken = csrf;

    const flash = request.cookies[FLASH_COOKIE];
    if (flash && !isApiRequest(request) && request.method === "GET") {
      request.flash = /^[a-z0-9_.]+$/.test(flash) ? flash : null;
      reply.clearCookie(FLASH_COOKIE, { path: "/" });
    }
  });

  // CSRF: every state-changing request made with a browser session (or none) must echo the token,
  // as the `_csrf` form field or the `x-csrf-token` header. Bearer-token API calls carry no cookies
  // a third-party site could ride on, so they are exempt.
  app.addHook("preHandler", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.authentication.kind === "token") return;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === "string" ? body._csrf : undefined) ?? (request.headers["x-csrf-token"] as string | undefined);
    if (!sent || !safeEqual(sent, request.csrfToken)) throw new AppError("forbidden", "error.csrf");
  });
}

type ErrorBody = { error: { code: string; message: string; fields: Record<string, string> } };

function translateFields(request: FastifyRequest, fields: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, error]) => [name, request.t(error.key, error.values)]));
}

/** One error handler: JSON `{ error: { code, message, fields } }` for the API, a translated page otherwise. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldErrors = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".") || String(issue.params?.issue ? (issue.params.issue as { path?: unknown[] }).path?.join(".") ?? "_" : "_");
        fields[path || "_"] = { key: "validation.invalid_value" };
      }
      appError = new AppError("validation_failed", "error.validation_failed", fields);
    } else if ((error as { validation?: unknown }).validation) {
      appError = new AppError("validation_failed", "error.validation_failed");
    } else if ((error as { statusCode?: number }).statusCode === 429) {
      appError = new AppError("rate_limited");
    } else if ((error as { statusCode?: number }).statusCode === 413) {
      appError = new AppError("payload_too_large");
    } else if ((error as { statusCode?: number }).statusCode && (error as { statusCode: number }).statusCode < 500) {
      appError = new AppError("bad_request");
    } else {
      request.log.error({ err: error, reqId: request.id }, "unhandled error");
      appError = new AppError("internal");
    }
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
  });

  app.setNotFoundHandler(async () => {
    throw new AppError("not_found");
  });
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
