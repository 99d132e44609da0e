import type { FastifyInstance } from "fastify";

/** Consultation pages and endpoints: synthesis (see README.md). */
export async function synthesisRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
