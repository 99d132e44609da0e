import type { JobHandler } from "../../platform/jobs/queue";
import type { Services } from "../../platform/services";

/** Background jobs of the commitments module (review windows, reporting reminders). */
export function commitmentJobs(_services: Services): Record<string, JobHandler> {
  return {};
}
