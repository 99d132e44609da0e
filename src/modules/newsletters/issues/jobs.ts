import type { JobHandler } from "../../../platform/jobs/queue";
import type { Services } from "../../../platform/services";
import { RESUME_JOB, resumeNewsletters, scheduleResumeJob, SEND_JOB, sendNewsletterBatch } from "./send";

/** Background jobs of the issues part: one batch of a sending newsletter, and the periodic start/resume. */
export function newsletterIssuesJobs(services: Services): Record<string, JobHandler> {
  return {
    [SEND_JOB]: async (payload) => {
      if (typeof payload.newsletterId === "string") await sendNewsletterBatch(services, payload.newsletterId);
    },
    [RESUME_JOB]: async () => {
      await resumeNewsletters(services);
      await scheduleResumeJob(services);
    },
  };
}
