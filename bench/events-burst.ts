// `npm run bench:events-burst`: a burst of registrations for one event — by default 500 people through 100
// concurrent clients for 100 seats — sent to the real HTTP API (POST /api/v1/events/{id}/registration, each person
// with their own events:register token) of Convene listening on a loopback port. Then it checks the outcome in the
// database: exactly `seats` confirmed, the rest waitlisted in the order the server took them, no error answers.
// On the embedded PostgreSQL, and with --postgres on a scratch database on PostgreSQL. It reports; it asserts nothing.
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/sql";
import { createApiToken } from "../src/platform/api/tokens";
import { buildEvent } from "../src/modules/events/factories";
import { buildUser } from "../src/testing/factories";
import { mark, wholeNumberOption } from "./measure";
import { DATABASE_USAGE, forEachTarget, readBenchOptions } from "./options";
import { withConvene, type Target } from "./target";

const USAGE = `npm run bench:events-burst -- [options]

  --people N      people registering, each once (default 500)
  --clients N     concurrent clients sending them (default 100)
  --seats N       the event's capacity (default 100)
${DATABASE_USAGE}`;

type Outcome = { seconds: number; statuses: Map<number, number>; p50: number; p99: number; confirmed: number; waitlisted: number; other: number; isOrderKept: boolean };

const percentile = (sorted: number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;

async function burst(target: Target, people: number, clients: number, seats: number): Promise<Outcome> {
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async (convene) => {
    const services = convene.app.services;
    const event = await buildEvent(services, { capacity: seats });
    const tokens: string[] = [];
    for (let index = 0; index < people; index += 1) {
      const user = await buildUser(services, { email: `burst-${index}@example.org` });
      tokens.push((await createApiToken(services.db, { userId: user.id, name: "burst", scopes: ["events:register"] })).secret);
    }
    const baseUrl = await convene.listen();
    const url = `${baseUrl}/api/v1/events/${event.id}/registration`;
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    // Each client takes the next person's token until none is left, one request at a time.
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let index = next++; index < people; index = next++) {
          const sent = performance.now();
          const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${tokens[index]}`, "content-type": "application/json" }, body: "{}" });
          await response.arrayBuffer();
          latencies.push(performance.now() - sent);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = await queryRows<{ status: string; queue_seq: string }>(
      services.db,
      sql`select c.status, c.queue_seq from event_registrations r join seat_claims c on c.id = r.claim_id where r.event_id = ${event.id} order by c.queue_seq`,
    );
    const confirmed = rows.filter((row) => row.status === "confirmed").length;
    const waitlisted = rows.filter((row) => row.status === "waitlisted").length;
    // First come, first served: every confirmed claim was taken before every waitlisted one.
    const lastConfirmed = rows.map((row) => row.status).lastIndexOf("confirmed");
    const firstWaiting = rows.map((row) => row.status).indexOf("waitlisted");
    latencies.sort((a, b) => a - b);
    return { seconds, statuses, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), confirmed, waitlisted, other: rows.length - confirmed - waitlisted, isOrderKept: firstWaiting === -1 || lastConfirmed < firstWaiting };
  });
}

async function main(): Promise<void> {
  const { values, databases } = readBenchOptions(USAGE, { people: "500", clients: "100", seats: "100" });
  const people = wholeNumberOption("people", values.people, 1);
  const clients = wholeNumberOption("clients", values.clients, 1);
  const seats = wholeNumberOption("seats", values.seats, 1);
  await forEachTarget(databases, { embeddedFolder: "events-burst", postgresPrefix: "convene_bench_events" }, async (target) => {
    console.log(`\n${people} registrations from ${clients} concurrent clients for ${seats} seats — ${target.label}`);
    const outcome = await burst(target, people, clients, seats);
    const errors = [...outcome.statuses].filter(([status]) => status !== 200).reduce((sum, [, count]) => sum + count, 0);
    console.log(`  ${outcome.seconds.toFixed(2)} s, ${(people / outcome.seconds).toFixed(0)} registrations/s, latency p50 ${outcome.p50.toFixed(0)} ms, p99 ${outcome.p99.toFixed(0)} ms`);
    console.log(`  answers: ${[...outcome.statuses].map(([status, count]) => `${count} × ${status}`).join(", ")}`);
    const expectedWaiting = Math.max(0, people - seats);
    console.log(`  confirmed ${outcome.confirmed} (expected ${Math.min(seats, people)}): ${mark(outcome.confirmed === Math.min(seats, people))}`);
    console.log(`  waitlisted ${outcome.waitlisted} (expected ${expectedWaiting}): ${mark(outcome.waitlisted === expectedWaiting)}`);
    console.log(`  errors ${errors}, other states ${outcome.other}: ${mark(errors === 0 && outcome.other === 0)}`);
    console.log(`  every confirmed claim queued before every waitlisted one: ${mark(outcome.isOrderKept)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
