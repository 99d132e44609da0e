import type { FastifyInstance } from "fastify";
import { scheduleDigestJob } from "./jobs";

/** The digest part has no pages of its own (recipients use the audience's preferences); it starts its job. */
export async function newsletterDigestRoutes(app: FastifyInstance): Promise<void> {
  const services = app.services;
  if (services.config.isJobWorkerEnabled) app.addHook("onReady", async () => scheduleDigestJob(services));
}
