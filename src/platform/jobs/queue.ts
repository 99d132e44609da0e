import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { DAY_MS, type Clock } from "../clock";
import { jobs } from "../schema";

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;
type Logger = { info(object: object, message?: string): void; warn(object: object, message?: string): void; error(object: object, message?: string): void };

/** While a job runs, its worker renews the job's lock this often (a heartbeat)… */
export const HEARTBEAT_EVERY_MS = 15_000;
/** …so a running job whose lock is older than this lost its worker (the process died) and is taken over. */
export const STALE_AFTER_MS = 90_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** Finished jobs are kept this long for the admin page, then deleted by the worker. */
export const DONE_JOBS_KEPT_MS = 30 * DAY_MS;
const PURGE_EVERY_MS = DAY_MS;
const DEFAULT_MAX_ATTEMPTS = 5;

/** Delay before retry number `attempt` (1-based): 30 s, 1 min, 2 min, ... capped at an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempt - 1));
}

type ClaimedJob = { id: number; kind: string; payload: Record<string, unknown>; attempts: number; maxAttempts: number };

/**
 * A database-backed job queue. Jobs survive restarts; several processes can work the same queue
 * because claiming uses FOR UPDATE SKIP LOCKED.
 *
 * Delivery is at least once: a process that dies after a handler finished but before the job was
 * marked done runs it again once the job is stale, so handlers must tolerate a second run.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by start() and stop(), so a poll that was in flight when the worker stopped never reschedules itself. */
  private generation = 0;
  private running: Promise<unknown> = Promise.resolve();
  private lastPurgeAt: number | undefined;
  private readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: { heartbeatMs?: number } = {},
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Adds a job; pass a transaction as `db` so the job exists only if the surrounding change commits. */
  async enqueue(kind: string, payload: Record<string, unknown>, options: { runAt?: Date; maxAttempts?: number; db?: Database } = {}): Promise<number> {
    const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    const [row] = await (options.db ?? this.db)
      .insert(jobs)
      .values({ kind, payload, runAt: options.runAt ?? this.clock.now(), maxAttempts })
      .returning({ id: jobs.id });
    return row.id;
  }

  /**
   * Adds a job unless an equal one is already waiting — or, with `includeRunning`, running — and then answers with
   * that one. Two jobs are equal when they have the same kind and the same `identity`: by default the whole payload
   * (compared as JSON, so `{}` is only the payload-less job); pass a part of the payload (e.g. `{ consultationId }`)
   * to treat jobs that differ elsewhere (who asked) as the same work. The check and the insert hold a transaction
   * lock on kind + identity, so two processes asking at once still queue one job.
   */
  async enqueueUnlessActive(
    kind: string,
    payload: Record<string, unknown>,
    options: { identity?: Record<string, unknown>; includeRunning?: boolean; runAt?: Date; maxAttempts?: number; db?: Database } = {},
  ): Promise<{ jobId: number; isNew: boolean }> {
    const identity = JSON.stringify(options.identity ?? payload);
    const sameJob = options.identity ? sql`payload @> ${identity}::jsonb` : sql`payload = ${identity}::jsonb`;
    const statuses = options.includeRunning ? sql`status in ('pending', 'running')` : sql`status = 'pending'`;
    return (options.db ?? this.db).transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`jobs:${kind}:${identity}`}))`);
      const [active] = await queryRows<{ id: number | string }>(tx, sql`select id from jobs where kind = ${kind} and ${statuses} and ${sameJob} order by id limit 1`);
      if (active) return { jobId: Number(active.id), isNew: false };
      return { jobId: await this.enqueue(kind, payload, { ...options, db: tx }), isNew: true };
    });
  }

  /**
   * Claims and runs up to `limit` due jobs, one at a time; returns how many were claimed.
   * Tests call this (or drain) instead of waiting for the poller.
   */
  async runDue(limit = 10): Promise<number> {
    let claimed = 0;
    while (claimed < limit) {
      const job = await this.claimNext();
      if (!job) break;
      claimed++;
      await this.runOne(job);
    }
    return claimed;
  }

  /** Runs due jobs until none is left (tests and the `jobs` CLI command). */
  async drain(): Promise<number> {
    let total = 0;
    for (let ran = await this.runDue(); ran > 0; ran = await this.runDue()) total += ran;
    return total;
  }

  /**
   * Claims the next due job. One job per claim, so its lock time is fresh when it starts: a batch claimed
   * at once would make the last jobs of a slow batch look stale to other workers, which would run them twice.
   * A `running` job whose lock is older than STALE_AFTER_MS (its worker stopped renewing it) belonged to a worker
   * that died; it is taken over.
   */
  private async claimNext(): Promise<ClaimedJob | undefined> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
    const [row] = await queryRows<{ id: number | string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(this.db, sql`
      update jobs set status = 'running', locked_at = ${now}, locked_by = ${this.workerId}, attempts = attempts + 1
      where id = (
        select id from jobs
        where (status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_at < ${staleBefore})
        order by run_at, id
        limit 1
        for update skip locked
      )
      returning id, kind, payload, attempts, max_attempts`);
    return row ? { id: Number(row.id), kind: row.kind, payload: row.payload ?? {}, attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts) } : undefined;
  }

  private async runOne(job: ClaimedJob): Promise<void> {
    // A job taken over from a dead worker after its last allowed attempt is not run again: it may be
    // the very job that kills the process.
    if (job.attempts > job.maxAttempts) {
      await this.finish(job, { status: "failed", error: "the worker running this job stopped before it finished" });
      this.logger.error({ jobId: job.id, kind: job.kind, attempt: job.attempts }, "job abandoned by its worker");
      return;
    }
    const handler = this.handlers.get(job.kind);
    // The heartbeat keeps a long job from looking lost; a process that dies stops it, and another worker takes
    // the job over within STALE_AFTER_MS instead of waiting for a fixed long timeout.
    // One renewal at a time, and the lock only moves forward: two renewals in flight on different connections
    // could otherwise commit out of order and set the lock back to the earlier time.
    let renewing = false;
    const heartbeat = setInterval(() => {
      if (renewing) return;
      renewing = true;
      queryRows(this.db, sql`update jobs set locked_at = greatest(locked_at, ${this.clock.now()}) where id = ${job.id} and status = 'running' and locked_by = ${this.workerId}`)
        .catch((error: unknown) => this.logger.warn({ jobId: job.id, err: String(error) }, "job heartbeat failed"))
        .finally(() => (renewing = false));
    }, this.options.heartbeatMs ?? HEARTBEAT_EVERY_MS);
    heartbeat.unref();
    try {
      // An unknown kind is retried like any failure: during a rolling deploy an older process may claim
      // a job only the newer code knows.
      if (!handler) throw new Error(`no handler registered for job kind "${job.kind}"`);
      await handler(job.payload);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const isFinal = job.attempts >= job.maxAttempts;
      clearInterval(heartbeat);
      await this.finish(job, isFinal ? { status: "failed", error: message } : { status: "pending", error: message, retryAt: new Date(this.clock.now().getTime() + backoffMs(job.attempts)) });
      this.logger.error({ jobId: job.id, kind: job.kind, attempt: job.attempts, isFinal, err: message }, "job failed");
      return;
    }
    clearInterval(heartbeat);
    await this.finish(job, { status: "done" });
  }

  /** Records a job's outcome, unless another worker has taken the job over meanwhile (then its run counts). */
  private async finish(job: ClaimedJob, outcome: { status: "done" } | { status: "failed"; error: string } | { status: "pending"; error: string; retryAt: Date }): Promise<void> {
    const now = this.clock.now();
    const error = outcome.status === "done" ? null : outcome.error.slice(0, 2000);
    const runAt = outcome.status === "pending" ? outcome.retryAt : null;
    const updated = await queryRows<{ id: number }>(this.db, sql`
      update jobs set status = ${outcome.status}, locked_at = null, locked_by = null, last_error = ${error},
        run_at = coalesce(${runAt}::timestamptz, run_at), finished_at = ${outcome.status === "pending" ? null : now}
      where id = ${job.id} and status = 'running' and locked_by = ${this.workerId}
      returning id`);
    if (!updated.length) this.logger.warn({ jobId: job.id, kind: job.kind }, "job was taken over by another worker before it finished");
  }

  /** Deletes done jobs that finished more than `keptMs` ago; returns how many. Failed jobs stay for the admin. */
  async purgeDone(keptMs = DONE_JOBS_KEPT_MS): Promise<number> {
    const before = new Date(this.clock.now().getTime() - keptMs);
    const [row] = await queryRows<{ count: number | string }>(this.db, sql`
      with deleted as (delete from jobs where status = 'done' and finished_at < ${before} returning 1)
      select count(*) as count from deleted`);
    return Number(row?.count ?? 0);
  }

  /** Housekeeping the worker does on its own: purges old done jobs, at most once a day per process. */
  async maintain(): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.lastPurgeAt !== undefined && now - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = now;
    const purged = await this.purgeDone();
    if (purged) this.logger.info({ purged }, "deleted old finished jobs");
  }

  /** Polls for due jobs every `intervalMs` until stop(); one batch at a time, at once again after a full batch. */
  start(intervalMs = 1000, batchSize = 10): void {
    if (this.timer) return;
    const generation = ++this.generation;
    const tick = () => {
      let ran = 0;
      this.running = this.maintain()
        .then(() => this.runDue(batchSize))
        .then((count) => void (ran = count))
        .catch((error: unknown) => this.logger.error({ err: String(error) }, "job polling failed"))
        .finally(() => {
          if (this.generation === generation) this.timer = setTimeout(tick, ran >= batchSize ? 0 : intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  /** Stops polling and waits for the batch in progress, so the database can be closed safely. */
  async stop(): Promise<void> {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
