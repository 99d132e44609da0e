import type { JobHandler } from "../../platform/jobs/queue";
import type { Services } from "../../platform/services";

/** Background jobs of consultations: notification mails and daily/weekly digests. */
export function consultationJobs(services: Services): Record<string, JobHandler> {
  void services;
  return {};
}
