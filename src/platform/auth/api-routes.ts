import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ErrorResponse } from "../api/pagination";
import { users } from "../schema";
import { requireScope } from "./guards";

const Me = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string(),
  locale: z.string(),
  is_platform_admin: z.boolean(),
  email_verified_at: z.string().nullable(),
  created_at: z.string(),
  authenticated_by: z.enum(["session", "token"]),
  scopes: z.array(z.string()).nullable(),
});

/** The caller's own account over the API: the simplest way to check that a token works and what it may do. */
export async function accountApiRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/me",
    {
      config: { token: { scope: "account:read" } },
      schema: {
        tags: ["account"],
        summary: "The account behind the token (scope account:read) or the browser session",
        security: [{ bearer: [] }],
        response: { 200: Me, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const user = requireScope(request, "account:read");
      const [row] = await app.services.db.select().from(users).where(eq(users.id, user.id));
      const authentication = request.authentication;
      return {
        id: row.id,
        email: row.email,
        display_name: row.displayName,
        locale: row.locale,
        is_platform_admin: row.isPlatformAdmin,
        email_verified_at: row.emailVerifiedAt?.toISOString() ?? null,
        created_at: row.createdAt.toISOString(),
        authenticated_by: authentication.kind === "token" ? ("token" as const) : ("session" as const),
        scopes: authentication.kind === "token" ? authentication.scopes : null,
      };
    },
  );
}
