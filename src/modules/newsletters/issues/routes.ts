import type { FastifyInstance } from "fastify";

/** Pages and API of the newsletters' issues part (see ../README.md). */
export async function newsletterIssuesRoutes(_app: FastifyInstance): Promise<void> {}
