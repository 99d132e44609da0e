import type { FastifyRequest, RouteOptions } from "fastify";
import { AppError } from "../errors";
import type { ApiScope } from "./tokens";

/**
 * What a Bearer token may do on one /api route, declared in the route's `config.token`. The request context
 * (http/plugin.ts) reads it before any handler runs: the token's owner becomes `request.user` only when the
 * route declares a scope and the token carries it. A route that declares nothing is public and never learns
 * who holds the token; outside /api the Authorization header is not even read.
 */
export type TokenAccess = {
  /** The scope a token needs for the route to act (or read) for its owner. */
  scope: ApiScope;
  /**
   * Without the scope (or from an organisation token where none is allowed): "forbid" answers 403 before
   * the handler runs; "anonymous" answers as to a caller without a token (reads that show more to members).
   */
  withoutScope?: "forbid" | "anonymous";
  /**
   * Whether an organisation's token may use the route. Its handler then must call
   * `assertTokenActsFor(request, organisationId)` with the organisation it touches.
   */
  isForOrganisations?: boolean;
};

declare module "fastify" {
  interface FastifyContextConfig {
    /** How a Bearer token is treated on this /api route; absent: public, the token's owner stays unknown. */
    token?: TokenAccess;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a registered route is part of the token API (its pattern, not the raw URL, decides). */
export function isApiRoute(url: string | undefined): boolean {
  return url !== undefined && (url === "/api" || url.startsWith("/api/"));
}

/**
 * Refuses at start-up an /api route that writes but does not say which scope a token needs: without the
 * declaration a token would be ignored there, and the route would silently answer 401 to every token.
 */
export function checkApiRouteDeclaration(route: RouteOptions): void {
  if (!isApiRoute(route.url)) return;
  const methods = [route.method].flat();
  if (methods.every((method) => SAFE_METHODS.has(method))) return;
  if (!route.config?.token) throw new Error(`${methods.join(",")} ${route.url}: an /api route that writes must declare config.token (the scope a token needs)`);
}

type ResolvedToken = { tokenId: string; scopes: string[]; organisationId: string | null };

/**
 * Decides whether a valid token acts for its owner on this route: "act", "anonymous" (the route answers as
 * to nobody) or a thrown 403.
 */
export function tokenDecision(access: TokenAccess | undefined, token: ResolvedToken): "act" | "anonymous" {
  if (!access) return "anonymous";
  const refuse = (error: AppError): "anonymous" => {
    if (access.withoutScope === "anonymous") return "anonymous";
    throw error;
  };
  // An organisation's token speaks for that organisation only, never for its creator as a person.
  if (token.organisationId && !access.isForOrganisations) return refuse(new AppError("forbidden", "error.organisation_token_refused"));
  if (!token.scopes.includes(access.scope)) return refuse(new AppError("forbidden", "error.missing_scope", {}, { scope: access.scope }));
  return "act";
}

/** An organisation token may touch only its own organisation's things (commitments, contributions, profile). */
export function assertTokenActsFor(request: FastifyRequest, organisationId: string | null | undefined): void {
  const bound = request.authentication.kind === "token" ? request.authentication.organisationId : null;
  if (bound && bound !== organisationId) throw new AppError("forbidden", "error.forbidden");
}

/** The organisation a token is bound to, if any. */
export function tokenOrganisation(request: FastifyRequest): string | null {
  return request.authentication.kind === "token" ? request.authentication.organisationId : null;
}
