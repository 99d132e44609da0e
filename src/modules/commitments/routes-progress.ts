import type { FastifyInstance } from "fastify";

/** Placeholder until this part of the commitments module is built. */
export async function progressRoutes(_app: FastifyInstance): Promise<void> {}
