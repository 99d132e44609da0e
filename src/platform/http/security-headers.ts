import type { FastifyInstance } from "fastify";

/**
 * Security headers and CORS, computed once at start-up and set with one call per request (the helmet
 * and cors plugins rebuilt their options on every request, which the bench showed as a real cost).
 * The CSP allows no inline script or style: every script and stylesheet is a file of ours.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { isHttps: boolean }): void {
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    // Only meaningful behind https; on a plain-http intranet install it would break the stylesheet.
    ...(options.isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const pageHeaders: Record<string, string> = {
    "content-security-policy": csp,
    "cross-origin-opener-policy": "same-origin",
    // Widgets, the stylesheet and the open API are read from partner sites.
    "cross-origin-resource-policy": "cross-origin",
    "origin-agent-cluster": "?1",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-dns-prefetch-control": "off",
    "x-frame-options": "SAMEORIGIN",
    "x-permitted-cross-domain-policies": "none",
    "x-xss-protection": "0",
    ...(options.isHttps ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
  // Public data is open to every origin; credentials are never sent cross-origin (tokens go in a header).
  const corsHeaders: Record<string, string> = { "access-control-allow-origin": "*", "access-control-expose-headers": "x-request-id" };
  const preflightHeaders: Record<string, string> = {
    ...corsHeaders,
    "access-control-allow-methods": "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, accept-language",
    "access-control-max-age": "86400",
  };

  app.addHook("onRequest", async (request, reply) => {
    reply.headers(pageHeaders);
    const url = request.url;
    if (!url.startsWith("/api/") && !url.startsWith("/widgets/")) return;
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"]) return reply.status(204).headers(preflightHeaders).send();
    reply.headers(corsHeaders);
  });
}
