// `npm run bench:events`: fills a space with --events N published events (default 10,000) spread over two years and
// --registrations N registrations (default 100,000; 2,000 of them on the measured event, the rest spread), then
// loads the event page, the space's list, the calendar across spaces, the space's iCalendar feed and the events API
// with autocannon (32 connections) and compares each with a bare node:http server sending the same bytes, as the
// other page benches do. On the embedded PostgreSQL, and with --postgres on a scratch database on PostgreSQL.
// It reports; it asserts nothing.
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { queryRows } from "../src/db/sql";
import { buildSpace } from "../src/modules/spaces/factories";
import { wholeNumberOption } from "./measure";
import { DATABASE_USAGE, forEachTarget, pageLoadUsage, readPageBenchOptions, type DatabaseChoice, type PageLoad } from "./options";
import { measureVariants, printVariantTable, type VariantPage } from "./serve";
import { peakRssMb, withConvene, type Target } from "./target";

const SPACE = "bench-events";
const HOT_REGISTRATIONS = 2_000;

const USAGE = `npm run bench:events -- [options]

  --events N          published events in the benched space (default 10000)
  --registrations N   registrations in all (default 100000; ${HOT_REGISTRATIONS} on the measured event)
${pageLoadUsage("1")}
${DATABASE_USAGE}`;

type Options = { events: number; registrations: number; databases: DatabaseChoice } & PageLoad;

function readOptions(): Options {
  const { values, ...rest } = readPageBenchOptions(USAGE, { events: "10000", registrations: "100000" });
  return { events: wholeNumberOption("events", values.events, 10), registrations: wholeNumberOption("registrations", values.registrations, HOT_REGISTRATIONS), ...rest };
}

/**
 * The benched data, written in bulk SQL (the commands would take an hour for this much): events an hour and
 * three-quarters apart around now, in three kinds, four countries and two languages, each with a seat pool of
 * 50; people; registrations with confirmed seat claims — HOT_REGISTRATIONS on the middle event (the measured
 * page, capacity lifted for it), the rest round-robin over the others. The pools' kept counts are set to match.
 */
async function generate(app: FastifyInstance, options: Options): Promise<{ hotSlug: string }> {
  const { db } = app.services;
  const space = await buildSpace(app.services, { slug: SPACE, title: { en: "Bench events", ru: "Мероприятия для замеров" }, enabledModules: ["events"] });
  const people = Math.max(HOT_REGISTRATIONS, Math.ceil(options.registrations / 5));
  await db.execute(sql`insert into users (email, display_name, locale, email_verified_at)
    select 'bench-events-' || i || '@example.org', 'Participant ' || i, case when i % 3 = 0 then 'ru' else 'en' end, now() from generate_series(1, ${people}) i`);
  const middle = Math.floor(options.events / 2);
  await db.execute(sql`insert into events (space_id, slug, kind, status, visibility, title, summary, description, description_html, starts_at, ends_at,
      time_zone, venue_name, venue_address, country, meeting_url, languages, themes, registration_state, published_at, created_by)
    select ${space.id}, 'event-' || i, (array['in_person','online','hybrid'])[1 + i % 3], 'published', 'public',
      jsonb_build_object('en', 'Round table ' || i || ' on wetland restoration', 'ru', 'Круглый стол ' || i || ' о восстановлении водно-болотных угодий'),
      jsonb_build_object('en', 'Practitioners compare notes on restoring wetlands with local communities.', 'ru', 'Практики обмениваются опытом восстановления угодий вместе с местными сообществами.'),
      jsonb_build_object('en', 'The **programme** of the day.'), jsonb_build_object('en', '<p>The <strong>programme</strong> of the day.</p>'),
      now() + ((i - ${middle}) * interval '105 minutes'), now() + ((i - ${middle}) * interval '105 minutes') + interval '2 hours',
      (array['Europe/Berlin','Asia/Almaty','Europe/Moscow','UTC'])[1 + i % 4], 'Aarhus Centre ' || (i % 40), (i % 40) || ' Main Street',
      (array['KZ','KG','AM','GE'])[1 + i % 4], 'https://meet.example.org/bench-' || i, array['ru','en'], array[(array['water','participation','finance'])[1 + i % 3]],
      'open', now(), ${space.createdBy}
    from generate_series(1, ${options.events}) i`);
  await db.execute(sql`insert into seat_pools (kind, owner_id, capacity) select 'event', id, case when slug = ${`event-${middle}`} then null else 50 end from events where space_id = ${space.id}`);
  // The measured event's registrations, then the rest spread over the other events.
  const rest = options.registrations - HOT_REGISTRATIONS;
  await db.execute(sql`with hot as (select p.id as pool_id, e.id as event_id from events e join seat_pools p on p.owner_id = e.id where e.space_id = ${space.id} and e.slug = ${`event-${middle}`}),
      people as (select id, row_number() over (order by email) as n from users where email like 'bench-events-%'),
      claims as (insert into seat_claims (pool_id, holder_id, status) select hot.pool_id, people.id, 'confirmed' from hot, people where people.n <= ${HOT_REGISTRATIONS} returning id, holder_id)
    insert into event_registrations (event_id, user_id, claim_id, check_in_code) select (select event_id from hot), holder_id, id, upper(substr(md5(id::text), 1, 8)) from claims`);
  await db.execute(sql`with others as (select p.id as pool_id, e.id as event_id, row_number() over (order by e.slug) - 1 as n from events e join seat_pools p on p.owner_id = e.id
        where e.space_id = ${space.id} and e.slug <> ${`event-${middle}`}),
      people as (select id, row_number() over (order by email) - 1 as n from users where email like 'bench-events-%'),
      wanted as (select i, (select count(*) from others) as events from generate_series(0, ${rest - 1}) i),
      pairs as (select o.pool_id, o.event_id, pe.id as user_id from wanted w
        join others o on o.n = w.i % w.events
        join people pe on pe.n = (w.i / w.events + o.n * 7) % ${people}),
      claims as (insert into seat_claims (pool_id, holder_id, status) select distinct on (pool_id, user_id) pool_id, user_id, 'confirmed' from pairs returning id, pool_id, holder_id)
    insert into event_registrations (event_id, user_id, claim_id, check_in_code)
      select (select owner_id from seat_pools where id = claims.pool_id), holder_id, id, upper(substr(md5(id::text), 1, 8)) from claims`);
  await db.execute(sql`update seat_pools p set confirmed = c.count from (select pool_id, count(*) from seat_claims where status = 'confirmed' group by pool_id) c where c.pool_id = p.id`);
  await db.execute(sql`update seat_pools set capacity = confirmed where capacity is not null and confirmed > capacity`);
  const [counts] = await queryRows<{ events: string; registrations: string }>(db, sql`select (select count(*) from events) as events, (select count(*) from event_registrations) as registrations`);
  console.log(`  ${counts.events} events, ${counts.registrations} registrations`);
  return { hotSlug: `event-${middle}` };
}

async function benchDatabase(target: Target, options: Options): Promise<{ database: string; pages: VariantPage[]; setupSeconds: number }> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  return withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    process.stdout.write(`  generating ${options.events} events and ${options.registrations} registrations …\n`);
    const { hotSlug } = await generate(app, options);
    await database.withConnection((query) => query("vacuum analyze", []));
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`  set-up ${setupSeconds.toFixed(1)} s`);
    const pages = await measureVariants(
      database.url,
      [
        { name: "event page", path: `/spaces/${SPACE}/events/${hotSlug}`, accept: "text/html" },
        { name: "space events", path: `/spaces/${SPACE}/events`, accept: "text/html" },
        { name: "calendar", path: `/events`, accept: "text/html" },
        { name: "space iCal", path: `/spaces/${SPACE}/events.ics`, accept: "text/calendar" },
        { name: "API list", path: `/api/v1/spaces/${SPACE}/events?limit=50`, accept: "application/json" },
      ],
      options.variants,
      options.load,
      new Set(["event page", "space events", "calendar"]),
    );
    return { database: target.label, pages, setupSeconds };
  });
}

async function main(): Promise<void> {
  const options = readOptions();
  await forEachTarget(options.databases, { embeddedFolder: "embedded-events", postgresPrefix: "convene_bench_events" }, async (target) => {
    const report = await benchDatabase(target, options);
    printVariantTable(`${report.database}: ${options.events} events, ${options.registrations} registrations (set-up ${report.setupSeconds.toFixed(0)} s)`, report.pages);
  });
  console.log(`\npeak RSS of the bench process: ${peakRssMb()} MB`);
}

main().catch((error: Error) => {
  console.error(`bench:events failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
