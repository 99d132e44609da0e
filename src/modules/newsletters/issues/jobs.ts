import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";

/** Background jobs of the issues part, by kind. */
export function newsletterIssuesJobs(_services: Services): Record<string, JobHandler> {
  return {};
}
