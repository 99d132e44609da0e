import type { FastifyInstance } from "fastify";

/** Pages and API of the newsletters' audience part (see ../README.md). */
export async function newsletterAudienceRoutes(_app: FastifyInstance): Promise<void> {}
