import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";

let isShuttingDown = false;
/** Called on SIGTERM so the load balancer stops sending traffic before the process exits. */
export function markShuttingDown(): void {
  isShuttingDown = true;
}

/** /healthz: the process runs and the database answers. /readyz: also not shutting down. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const Health = z.object({ status: z.enum(["ok", "unavailable"]), database: z.enum(["ok", "unreachable"]), databaseKind: z.string() });
  const check = async () => {
    try {
      await app.services.db.execute(sql`select 1`);
      return true;
    } catch {
      return false;
    }
  };
  typed.get("/healthz", { schema: { tags: ["health"], summary: "Liveness: the database answers", response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const isOk = await check();
    return reply.status(isOk ? 200 : 503).send({ status: isOk ? "ok" : "unavailable", database: isOk ? "ok" : "unreachable", databaseKind: app.services.database.kind });
  });
  typed.get("/readyz", { schema: { tags: ["health"], summary: "Readiness: accepts traffic", response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const isOk = !isShuttingDown && (await check());
    return reply.status(isOk ? 200 : 503).send({ status: isOk ? "ok" : "unavailable", database: isOk || isShuttingDown ? "ok" : "unreachable", databaseKind: app.services.database.kind });
  });
}
