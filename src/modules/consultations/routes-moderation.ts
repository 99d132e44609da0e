import type { FastifyInstance } from "fastify";

/** Consultation pages and endpoints: moderation (see README.md). */
export async function moderationRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
