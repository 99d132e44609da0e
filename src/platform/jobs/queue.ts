import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import type { Clock } from "../clock";
import { jobs } from "../schema";

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;
type Logger = { info(object: object, message?: string): void; error(object: object, message?: string): void };

/** A running job that has not reported back in this long is taken to be lost (its process died). */
const STALE_AFTER_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Delay before retry number `attempt` (1-based): 30 s, 1 min, 2 min, ... capped at an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * A database-backed job queue. Jobs survive restarts; several processes can work the same queue
 * because claiming uses FOR UPDATE SKIP LOCKED (which PGlite, being PostgreSQL, supports too).
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Adds a job; pass a transaction as `db` so the job exists only if the surrounding change commits. */
  async enqueue(kind: string, payload: Record<string, unknown>, options: { runAt?: Date; maxAttempts?: number; db?: Database } = {}): Promise<number> {
    const [row] = await (options.db ?? this.db)
      .insert(jobs)
      .values({ kind, payload, runAt: options.runAt ?? this.clock.now(), maxAttempts: options.maxAttempts ?? 5 })
      .returning({ id: jobs.id });
    return row.id;
  }

  /** Claims and runs up to `limit` due jobs; returns how many ran. Tests call this instead of waiting. */
  async runDue(limit = 10): Promise<number> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
    const claimed = await queryRows<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(this.db, sql`
      update jobs set status = 'running', locked_at = ${now}, locked_by = ${this.workerId}, attempts = attempts + 1
      where id in (
        select id from jobs
        where (status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_at < ${staleBefore})
        order by run_at, id
        limit ${limit}
        for update skip locked
      )
      returning id, kind, payload, attempts, max_attempts`);
    for (const job of claimed) await this.runOne({ ...job, id: Number(job.id) });
    return claimed.length;
  }

  /** Runs due jobs until none is left (tests and the `jobs` CLI command). */
  async drain(): Promise<number> {
    let total = 0;
    for (let ran = await this.runDue(); ran > 0; ran = await this.runDue()) total += ran;
    return total;
  }

  private async runOne(job: { id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler registered for job kind "${job.kind}"`);
      await handler(job.payload);
      await this.db.execute(sql`update jobs set status = 'done', finished_at = ${this.clock.now()}, locked_at = null, last_error = null where id = ${job.id}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const isFinal = job.attempts >= job.max_attempts;
      const retryAt = new Date(this.clock.now().getTime() + backoffMs(job.attempts));
      await this.db.execute(sql`
        update jobs set status = ${isFinal ? "failed" : "pending"}, run_at = ${retryAt}, locked_at = null,
          last_error = ${message.slice(0, 2000)}, finished_at = ${isFinal ? this.clock.now() : null}
        where id = ${job.id}`);
      this.logger.error({ jobId: job.id, kind: job.kind, attempt: job.attempts, isFinal, err: message }, "job failed");
    }
  }

  /** Polls for due jobs every `intervalMs` until stop(); one batch at a time. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runDue()
        .catch((error: unknown) => this.logger.error({ err: String(error) }, "job polling failed"))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** Stops polling and waits for the batch in progress, so the database can be closed safely. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
