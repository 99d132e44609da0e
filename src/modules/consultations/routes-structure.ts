import type { FastifyInstance } from "fastify";

/** Consultation pages and endpoints: structure (see README.md). */
export async function structureRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
