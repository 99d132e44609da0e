import type { FastifyInstance } from "fastify";

/** Pages and API of the pages part of events. */
export async function eventPagesRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
