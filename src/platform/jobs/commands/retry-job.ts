import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../audit/record";
import { AppError } from "../../errors";
import type { Services } from "../../services";

/**
 * Puts a failed job back on the queue to run now. Its attempts are kept (the history stays honest) and
 * it is allowed one more; the retry is written to the audit log in the same transaction.
 */
export async function retryJob(services: Services, input: { jobId: number; actorUserId: string; ip?: string | null }): Promise<void> {
  await services.db.transaction(async (tx) => {
    const [job] = await queryRows<{ kind: string; attempts: number; max_attempts: number }>(tx, sql`
      update jobs set status = 'pending', run_at = ${services.clock.now()}, max_attempts = greatest(max_attempts, attempts) + 1,
        finished_at = null, locked_at = null, locked_by = null
      where id = ${input.jobId} and status = 'failed'
      returning kind, attempts, max_attempts`);
    if (!job) {
      const [exists] = await queryRows<{ id: number }>(tx, sql`select id from jobs where id = ${input.jobId}`);
      throw exists ? new AppError("conflict", "admin.jobs.not_failed") : new AppError("not_found");
    }
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "job.retried",
      subjectType: "job",
      subjectId: String(input.jobId),
      details: { kind: job.kind, attempts: Number(job.attempts), maxAttempts: Number(job.max_attempts) },
      ip: input.ip,
    });
  });
}
