import type { FastifyInstance } from "fastify";

/** Pages and API of the attendance part of events. */
export async function eventAttendanceRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
