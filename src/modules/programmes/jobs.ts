import type { JobHandler } from "../../platform/jobs/queue";
import type { Services } from "../../platform/services";
import { expireCohortOffers } from "./commands/apply";

/** The periodic job that passes offers of cohort seats not taken in time to the next person waiting. */
export const EXPIRE_OFFERS_JOB = "programmes.expire-offers";
const EVERY_MS = 10 * 60_000;

/** Makes sure the recurring job has its next run queued (idempotent; each run queues the next). */
export async function scheduleProgrammeJobs(services: Services): Promise<void> {
  await services.jobs.enqueueUnlessActive(EXPIRE_OFFERS_JOB, {}, { runAt: new Date(services.clock.now().getTime() + EVERY_MS) });
}

export function programmeJobs(services: Services): Record<string, JobHandler> {
  return {
    [EXPIRE_OFFERS_JOB]: async () => {
      await expireCohortOffers(services);
      await scheduleProgrammeJobs(services);
    },
  };
}
