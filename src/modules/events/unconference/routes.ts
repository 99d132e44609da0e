import type { FastifyInstance } from "fastify";

/** Pages and API of the unconference part of events. */
export async function eventUnconferenceRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
