import type { FastifyInstance } from "fastify";

/** Consultation pages and endpoints: contributions (see README.md). */
export async function contributionsRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
