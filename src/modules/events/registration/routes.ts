import type { FastifyInstance } from "fastify";

/** Pages and API of the registration part of events. */
export async function eventRegistrationRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
