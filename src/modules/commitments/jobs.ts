import type { JobHandler } from "../../platform/jobs/queue";
import type { Services } from "../../platform/services";
import { expireReviewWindows, REVIEW_WINDOWS_JOB } from "./commands/expire-review-windows";
import { REPORTING_REMINDERS_JOB, sendReportingReminders } from "./commands/send-reporting-reminders";

const HOUR_MS = 3_600_000;
/** How often each recurring job runs again after it finished. */
const RECURRING: Record<string, number> = { [REVIEW_WINDOWS_JOB]: HOUR_MS, [REPORTING_REMINDERS_JOB]: 24 * HOUR_MS };

/**
 * Makes sure each recurring job of the module has its next run queued (a pending job of its kind without a
 * payload). Idempotent: call it at start; the handlers call it after each run to keep the chain going.
 */
export async function scheduleCommitmentJobs(services: Services): Promise<void> {
  // Per-deadline review jobs carry a commitmentId; only the payload-less one is the recurring chain.
  for (const [kind, intervalMs] of Object.entries(RECURRING)) {
    await services.jobs.enqueueUnlessActive(kind, {}, { runAt: new Date(services.clock.now().getTime() + intervalMs) });
  }
}

/** Background jobs of the commitments module: review windows that end, and reporting reminders. */
export function commitmentJobs(services: Services): Record<string, JobHandler> {
  return {
    [REVIEW_WINDOWS_JOB]: async (payload) => {
      await expireReviewWindows(services);
      if (!payload.commitmentId) await scheduleCommitmentJobs(services);
    },
    [REPORTING_REMINDERS_JOB]: async () => {
      await sendReportingReminders(services);
      await scheduleCommitmentJobs(services);
    },
  };
}
