import type { FastifyInstance } from "fastify";

/** Pages and API of the agenda part of events. */
export async function eventAgendaRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
