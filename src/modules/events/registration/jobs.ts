import type { JobHandler } from "../../../platform/jobs/queue";
import type { SeatChange } from "../../../platform/seats/seats";
import type { Services } from "../../../platform/services";
import { EVENT_CHANGED_JOB, SEATS_CHANGED_JOB, type EventChange } from "../commands/save-event";
import { announceEventChange, expireEventOffers, mailSeatChanges, sendEventReminders } from "./commands";

/** The periodic job that passes expired offers on (and mails the people concerned). */
export const EXPIRE_OFFERS_JOB = "events.expire-offers";
/** The periodic job that sends reminders a day and an hour before events. */
export const REMINDERS_JOB = "events.reminders";

const MINUTE_MS = 60_000;
/** How often each recurring job runs again after it finished. */
const RECURRING: Record<string, number> = { [EXPIRE_OFFERS_JOB]: 5 * MINUTE_MS, [REMINDERS_JOB]: 10 * MINUTE_MS };

/** Makes sure each recurring job has its next run queued (idempotent; each run queues the next). */
export async function scheduleRegistrationJobs(services: Services): Promise<void> {
  for (const [kind, intervalMs] of Object.entries(RECURRING)) {
    await services.jobs.enqueueUnlessActive(kind, {}, { runAt: new Date(services.clock.now().getTime() + intervalMs) });
  }
}

type StoredChange = Omit<SeatChange, "offerExpiresAt"> & { offerExpiresAt: string | null };

/** The registration part's jobs: the two the core queues, and the two periodic ones. */
export function registrationJobs(services: Services): Record<string, JobHandler> {
  return {
    [EVENT_CHANGED_JOB]: async (payload) => {
      await announceEventChange(services, String(payload.eventId), payload.change as EventChange);
    },
    [SEATS_CHANGED_JOB]: async (payload) => {
      const changes = ((payload.changes ?? []) as StoredChange[]).map((change) => ({ ...change, offerExpiresAt: change.offerExpiresAt ? new Date(change.offerExpiresAt) : null }));
      await services.db.transaction((tx) => mailSeatChanges(services, tx, changes));
    },
    [EXPIRE_OFFERS_JOB]: async () => {
      await expireEventOffers(services);
      await scheduleRegistrationJobs(services);
    },
    [REMINDERS_JOB]: async () => {
      await sendEventReminders(services);
      await scheduleRegistrationJobs(services);
    },
  };
}
