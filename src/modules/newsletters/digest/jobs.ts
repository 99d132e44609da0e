import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";

/** Background jobs of the digest part, by kind. */
export function newsletterDigestJobs(_services: Services): Record<string, JobHandler> {
  return {};
}
