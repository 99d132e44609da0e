import { DAY_MS } from "../../../platform/clock";
import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";
import { ERASE_ADDRESSES_JOB, eraseEnquiryAddresses } from "./commands/erase-enquiry-addresses";

/** Keeps the daily address-erasing sweep queued (idempotent; called at start and after each run). */
export async function scheduleEnquiryJobs(services: Services): Promise<void> {
  await services.jobs.enqueueUnlessActive(ERASE_ADDRESSES_JOB, {}, { runAt: new Date(services.clock.now().getTime() + DAY_MS) });
}

/** Background jobs of the enquiries: erasing visitors' addresses once they are no longer needed to reply. */
export function enquiryJobs(services: Services): Record<string, JobHandler> {
  return {
    [ERASE_ADDRESSES_JOB]: async () => {
      await eraseEnquiryAddresses(services);
      await scheduleEnquiryJobs(services);
    },
  };
}
