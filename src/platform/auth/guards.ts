import type { FastifyRequest } from "fastify";
import { AppError } from "../errors";
import type { CurrentUser } from "../http/context";
import type { ApiScope } from "../api/tokens";

/** The signed-in user, or a 401 (HTML pages turn it into a login link). */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new AppError("unauthenticated");
  return request.user;
}

/**
 * A user allowed to write with `scope`: a browser session may do anything its user may;
 * an API token only what its scopes list.
 */
export function requireScope(request: FastifyRequest, scope: ApiScope): CurrentUser {
  const user = requireUser(request);
  if (request.authentication.kind === "token" && !request.authentication.scopes.includes(scope)) {
    throw new AppError("forbidden", "error.missing_scope", {}, { scope });
  }
  return user;
}

export function requirePlatformAdmin(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!user.isPlatformAdmin) throw new AppError("forbidden");
  return user;
}
