import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";
import { sendDigests } from "./commands";

/** The periodic job that sends each space's weekly and monthly digests once their period has ended. */
export const DIGEST_JOB = "newsletters.digest";
/** How often it looks: a digest goes out within this time after its period ends. */
export const DIGEST_EVERY_MS = 60 * 60_000;

/** Makes sure the next digest run is queued (idempotent; each run queues the next). */
export async function scheduleDigestJob(services: Services): Promise<void> {
  await services.jobs.enqueueUnlessActive(DIGEST_JOB, {}, { runAt: new Date(services.clock.now().getTime() + DIGEST_EVERY_MS) });
}

/** Background jobs of the digest part, by kind. */
export function newsletterDigestJobs(services: Services): Record<string, JobHandler> {
  return {
    [DIGEST_JOB]: async () => {
      await sendDigests(services);
      await scheduleDigestJob(services);
    },
  };
}
