import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { buildApp } from "../../app";
import { loadConfig } from "../../config";
import { connectDatabase } from "../../db/client";
import { migrate } from "../../db/migrate";
import { createTestApp, type TestApp } from "../../testing/harness";
import { DAY_MS, manualClock } from "../clock";
import { jobs } from "../schema";
import { backoffMs, DONE_JOBS_KEPT_MS, JobQueue, STALE_AFTER_MS } from "./queue";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("job queue", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(async () => t.close());

  const jobRow = async (id: number) => (await t.services.db.select().from(jobs).where(eq(jobs.id, id)))[0];

  it("retries a failing job with exponential backoff on the clock, then marks it done", async () => {
    let calls = 0;
    t.services.jobs.register("test.flaky", async () => {
      calls++;
      if (calls < 3) throw new Error(`flaky failure ${calls}`);
    });
    const id = await t.services.jobs.enqueue("test.flaky", { n: 1 });
    const start = t.clock.now().getTime();

    await t.services.jobs.drain();
    let job = await jobRow(id);
    assert.equal(job.status, "pending");
    assert.equal(job.attempts, 1);
    assert.equal(job.lastError, "flaky failure 1");
    assert.equal(job.runAt.getTime(), start + 30_000, "first retry after 30 seconds");

    assert.equal(await t.services.jobs.drain(), 0, "nothing runs before the retry is due");
    t.clock.advance(29_999);
    assert.equal(await t.services.jobs.drain(), 0);
    t.clock.advance(1);
    await t.services.jobs.drain();
    job = await jobRow(id);
    assert.equal(job.attempts, 2);
    assert.equal(job.runAt.getTime(), t.clock.now().getTime() + 60_000, "the second wait is twice as long");
    assert.equal(job.lockedAt, null);

    t.clock.advance(60_000);
    await t.services.jobs.drain();
    job = await jobRow(id);
    assert.equal(job.status, "done");
    assert.equal(job.attempts, 3);
    assert.equal(job.lastError, null);
    assert.equal(job.finishedAt?.getTime(), t.clock.now().getTime());
    assert.equal(calls, 3);
    assert.deepEqual([1, 2, 3, 4, 8, 9].map(backoffMs), [30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000], "capped at an hour");
  });

  it("fails a job after its last attempt and keeps the error", async () => {
    t.services.jobs.register("test.broken", async () => {
      throw new Error("always broken");
    });
    const id = await t.services.jobs.enqueue("test.broken", {}, { maxAttempts: 2 });
    await t.services.jobs.drain();
    t.clock.advance(backoffMs(1));
    await t.services.jobs.drain();
    const job = await jobRow(id);
    assert.equal(job.status, "failed");
    assert.equal(job.attempts, 2);
    assert.equal(job.lastError, "always broken");
    assert.ok(job.finishedAt);
    t.clock.advance(DAY_MS);
    assert.equal(await t.services.jobs.drain(), 0, "a failed job is not picked up again");
  });

  it("fails a job of an unknown kind safely while the other jobs still run", async () => {
    let ran = 0;
    t.services.jobs.register("test.known", async () => void ran++);
    const unknown = await t.services.jobs.enqueue("test.nobody-handles-this", { x: 1 }, { maxAttempts: 1 });
    const retried = await t.services.jobs.enqueue("test.nobody-handles-this-either", {});
    const known = await t.services.jobs.enqueue("test.known", {});
    await t.services.jobs.drain();
    assert.equal(ran, 1);
    assert.equal((await jobRow(known)).status, "done");
    const failed = await jobRow(unknown);
    assert.equal(failed.status, "failed");
    assert.match(failed.lastError ?? "", /no handler registered for job kind "test.nobody-handles-this"/);
    const waiting = await jobRow(retried);
    assert.equal(waiting.status, "pending", "with attempts left, an unknown kind is retried (a newer process may know it)");
    assert.equal(waiting.attempts, 1);
  });

  it("does not keep a job enqueued inside a transaction that rolled back", async () => {
    await assert.rejects(
      t.services.db.transaction(async (tx) => {
        await t.services.jobs.enqueue("test.rolled-back", { marker: "gone" }, { db: tx });
        throw new Error("abort the change");
      }),
      /abort the change/,
    );
    assert.equal((await t.services.db.select().from(jobs).where(eq(jobs.kind, "test.rolled-back"))).length, 0);
    await t.services.db.transaction(async (tx) => {
      await t.services.jobs.enqueue("test.committed", {}, { db: tx });
    });
    assert.equal((await t.services.db.select().from(jobs).where(eq(jobs.kind, "test.committed"))).length, 1);
  });

  it("takes over a running job whose worker died, but leaves a live one alone", async () => {
    const payloads: unknown[] = [];
    t.services.jobs.register("test.orphan", async (payload) => void payloads.push(payload));
    const now = t.clock.now().getTime();
    const [stale, live] = await t.services.db
      .insert(jobs)
      .values([
        { kind: "test.orphan", payload: { which: "stale" }, status: "running", attempts: 1, runAt: new Date(now - STALE_AFTER_MS - 120_000), lockedAt: new Date(now - STALE_AFTER_MS - 60_000), lockedBy: "dead-worker" },
        { kind: "test.orphan", payload: { which: "live" }, status: "running", attempts: 1, runAt: new Date(now - 60_000), lockedAt: new Date(now - 60_000), lockedBy: "live-worker" },
      ])
      .returning({ id: jobs.id });
    await t.services.jobs.drain();
    const taken = await jobRow(stale.id);
    assert.equal(taken.status, "done");
    assert.equal(taken.attempts, 2, "the lost run counts as an attempt");
    const untouched = await jobRow(live.id);
    assert.equal(untouched.status, "running");
    assert.equal(untouched.lockedBy, "live-worker");
    assert.deepEqual(payloads, [{ which: "stale" }]);
  });

  it("renews a running job's lock while it works, so a long job is not taken for lost", async () => {
    const queue = new JobQueue(t.services.db, t.clock, { info() {}, warn() {}, error() {} }, { heartbeatMs: 10 });
    let release: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    queue.register("test.long", () => new Promise<void>((resolve) => ((release = resolve), started())));
    const id = await queue.enqueue("test.long", {});
    const done = queue.runDue(1);
    await running;
    const claimedAt = (await jobRow(id)).lockedAt!.getTime();
    t.clock.advance(STALE_AFTER_MS + 1_000);
    const renewed = async () => (await jobRow(id)).lockedAt!.getTime() > claimedAt;
    for (let tries = 0; tries < 200 && !(await renewed()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(await renewed(), "the lock was renewed at the worker's current time");
    const owner = (await jobRow(id)).lockedBy;
    await t.services.jobs.drain();
    assert.equal((await jobRow(id)).lockedBy, owner, "another worker does not take it over");
    assert.equal((await jobRow(id)).attempts, 1);
    release();
    await done;
    assert.equal((await jobRow(id)).status, "done");
  });

  it("does not run again a job that was lost on its last attempt", async () => {
    let calls = 0;
    t.services.jobs.register("test.crasher", async () => void calls++);
    const now = t.clock.now().getTime();
    const [row] = await t.services.db
      .insert(jobs)
      .values({ kind: "test.crasher", status: "running", attempts: 3, maxAttempts: 3, runAt: new Date(now - DAY_MS), lockedAt: new Date(now - STALE_AFTER_MS - 1), lockedBy: "dead-worker" })
      .returning({ id: jobs.id });
    await t.services.jobs.drain();
    const job = await jobRow(row.id);
    assert.equal(job.status, "failed");
    assert.match(job.lastError ?? "", /stopped before it finished/);
    assert.equal(calls, 0);
  });

  it("deletes done jobs older than 30 days, once a day, and keeps failed ones", async () => {
    const now = t.clock.now().getTime();
    const old = new Date(now - DONE_JOBS_KEPT_MS - 60_000);
    const recent = new Date(now - DONE_JOBS_KEPT_MS + 60_000);
    const rows = await t.services.db
      .insert(jobs)
      .values([
        { kind: "test.purge", status: "done", finishedAt: old },
        { kind: "test.purge", status: "done", finishedAt: recent },
        { kind: "test.purge", status: "failed", finishedAt: old },
      ])
      .returning({ id: jobs.id });
    const queue = new JobQueue(t.services.db, t.clock, silent);
    await queue.maintain();
    const left = await t.services.db.select({ id: jobs.id, status: jobs.status }).from(jobs).where(inArray(jobs.id, rows.map((row) => row.id)));
    assert.deepEqual(left.map((row) => row.id).sort(), [rows[1].id, rows[2].id].sort());

    // The recent one ages past 30 days, but the worker purges at most once a day.
    t.clock.advance(2 * 60_000);
    await queue.maintain();
    assert.equal((await t.services.db.select().from(jobs).where(eq(jobs.id, rows[1].id))).length, 1);
    t.clock.advance(DAY_MS);
    await queue.maintain();
    assert.equal((await t.services.db.select().from(jobs).where(eq(jobs.id, rows[1].id))).length, 0);
    assert.equal((await t.services.db.select().from(jobs).where(eq(jobs.id, rows[2].id))).length, 1);
  });

  it("queues a job unless an equal one is waiting (or running), also when asked from two connections at once", async () => {
    const databaseUrl = t.database.url;
    const connections = await Promise.all([connectDatabase({ databaseUrl }), connectDatabase({ databaseUrl })]);
    try {
      const queues = connections.map((connection) => new JobQueue(connection.db, t.clock, silent));
      const identity = { subject: "a" };
      const asked = await Promise.all(
        Array.from({ length: 8 }, (_, n) => queues[n % 2].enqueueUnlessActive("test.once", { subject: "a", who: n }, { identity, includeRunning: true })),
      );
      assert.equal(asked.filter((answer) => answer.isNew).length, 1, "one of eight concurrent requests queued it");
      assert.equal(new Set(asked.map((answer) => answer.jobId)).size, 1, "the others got that job back");
      const other = await t.services.jobs.enqueueUnlessActive("test.once", { subject: "b", who: 0 }, { identity: { subject: "b" }, includeRunning: true });
      assert.ok(other.isNew, "another subject gets its own job");

      // running counts only with includeRunning; done never counts
      await t.services.db.update(jobs).set({ status: "running" }).where(eq(jobs.id, asked[0].jobId));
      assert.equal((await t.services.jobs.enqueueUnlessActive("test.once", { subject: "a" }, { identity, includeRunning: true })).isNew, false);
      const whileRunning = await t.services.jobs.enqueueUnlessActive("test.once", { subject: "a" }, { identity });
      assert.equal(whileRunning.isNew, true, "without includeRunning a running job does not stop the next one");
      await t.services.db.update(jobs).set({ status: "done" }).where(inArray(jobs.id, [asked[0].jobId, whileRunning.jobId]));
      assert.equal((await t.services.jobs.enqueueUnlessActive("test.once", { subject: "a" }, { identity, includeRunning: true })).isNew, true);

      // without an identity the whole payload must be equal: {} is only the payload-less job
      await t.services.jobs.enqueue("test.chain", { commitmentId: "x" });
      assert.equal((await t.services.jobs.enqueueUnlessActive("test.chain", {})).isNew, true, "a job with a payload is not the payload-less chain");
      assert.equal((await t.services.jobs.enqueueUnlessActive("test.chain", {})).isNew, false);
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }
  });

  it("never runs a job twice when two workers on two connections claim at once (FOR UPDATE SKIP LOCKED)", async () => {
    const databaseUrl = t.database.url;
    const first = await connectDatabase({ databaseUrl });
    const second = await connectDatabase({ databaseUrl });
    try {
      const runs: number[] = [];
      const handler = async (payload: Record<string, unknown>) => {
        runs.push(Number(payload.n));
        // Yield so the other worker gets to claim while this job is still running.
        await new Promise((resolve) => setImmediate(resolve));
      };
      const queues = [new JobQueue(first.db, t.clock, silent), new JobQueue(second.db, t.clock, silent)];
      for (const queue of queues) queue.register("test.race", handler);
      const count = 60;
      for (let n = 0; n < count; n++) await t.services.jobs.enqueue("test.race", { n });
      await Promise.all([queues[0].drain(), queues[1].drain(), queues[0].drain(), queues[1].drain()]);
      assert.equal(runs.length, count, "every job ran exactly once");
      assert.equal(new Set(runs).size, count);
      const statuses = await t.services.db.selectDistinct({ status: jobs.status }).from(jobs).where(eq(jobs.kind, "test.race"));
      assert.deepEqual(statuses, [{ status: "done" }]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("job queue across a restart", () => {
  it("runs after a restart a job that was enqueued before it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "convene-jobs-"));
    const config = { ...loadConfig({ CONVENE_DATA_DIR: dataDir, CONVENE_OUTBOX_DIR: join(dataDir, "outbox"), LOG_LEVEL: "silent", CONVENE_JOBS: "false" }), databaseUrl: undefined };
    const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
    try {
      const firstDatabase = await connectDatabase({ dataDir });
      await migrate(firstDatabase);
      const firstApp = await buildApp({ config, database: firstDatabase, clock, logger: false });
      const id = await firstApp.services.jobs.enqueue("test.survivor", { greeting: "still here" });
      await firstApp.close();
      await firstDatabase.close();

      const secondDatabase = await connectDatabase({ dataDir });
      await migrate(secondDatabase);
      const secondApp = await buildApp({ config, database: secondDatabase, clock, logger: false });
      const seen: unknown[] = [];
      secondApp.services.jobs.register("test.survivor", async (payload) => void seen.push(payload));
      assert.equal(await secondApp.services.jobs.drain(), 1);
      assert.deepEqual(seen, [{ greeting: "still here" }]);
      const [row] = await secondApp.services.db.select().from(jobs).where(eq(jobs.id, id));
      assert.equal(row.status, "done");
      await secondApp.close();
      await secondDatabase.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
