import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";

/** Background jobs of the audience part, by kind. */
export function newsletterAudienceJobs(_services: Services): Record<string, JobHandler> {
  return {};
}
