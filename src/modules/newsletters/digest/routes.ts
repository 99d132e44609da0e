import type { FastifyInstance } from "fastify";

/** Pages and API of the newsletters' digest part (see ../README.md). */
export async function newsletterDigestRoutes(_app: FastifyInstance): Promise<void> {}
