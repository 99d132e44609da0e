import type { FastifyInstance } from "fastify";

/** Consultation pages and endpoints: open-data (see README.md). */
export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
