import type { DatabaseHandle, RawQuery } from "../src/db/client";
import { listCountries } from "../src/platform/countries";

// Commitments for the bench, written with set-based SQL (`insert … select … from generate_series(…)`) straight
// into the tables of src/db/migrations/0004_commitments.sql: 100,000 commitments and 300,000 progress reports
// are a handful of statements, not a loop of round trips. Organisations come from bench/dataset.ts.
// Pseudo-random choices use `setseed` + `random()`, so one database engine builds the same data every run.

export type CommitmentDatasetOptions = {
  commitments: number;
  /** Progress reports spread over published commitments that have reported (0: none, e.g. the 1M dashboard run). */
  progressReports: number;
  /** The space most commitments go to; two bench spaces (one private) get the rest. */
  spaceSlug: string;
  /** Share of commitments in `spaceSlug` (default 0.85). */
  spaceShare?: number;
  /** Skip indicators (and so progress values): the dashboard's figures do not read them. */
  withIndicators?: boolean;
};

export type CommitmentDatasetSummary = {
  commitments: number;
  published: number;
  inSpace: number;
  publishedInSpace: number;
  targets: number;
  indicators: number;
  progressReports: number;
  progressValues: number;
  lights: Record<string, number>;
  seconds: number;
  /** A published commitment of the space with reports, for the detail page. */
  sampleNumber: number | null;
  /** The framework item used most by published commitments in Kenya, for the filtered list. */
  sampleTargetId: string | null;
  sampleTargetKey: string | null;
  spaceId: string;
};

// Title parts in both languages (the bench's own words). Indices pair the English and Russian forms.
const ACTIONS: [string, string][] = [
  ["Restoration of", "Восстановление"],
  ["Protection of", "Охрана"],
  ["Monitoring of", "Мониторинг"],
  ["Community care for", "Общинная забота о"],
  ["Mapping of", "Картирование"],
  ["Sustainable use of", "Устойчивое использование"],
  ["Education about", "Просвещение о"],
  ["Financing for", "Финансирование для"],
  ["Seed collection from", "Сбор семян в"],
  ["Clean-up of", "Очистка"],
];
const SUBJECTS: [string, string][] = [
  ["mangrove forests", "мангровых лесов"],
  ["peatlands", "торфяников"],
  ["river banks", "речных берегов"],
  ["steppe grasslands", "степных пастбищ"],
  ["mountain meadows", "горных лугов"],
  ["coral reefs", "коралловых рифов"],
  ["urban wetlands", "городских водно-болотных угодий"],
  ["pollinator habitats", "мест обитания опылителей"],
  ["community forests", "общинных лесов"],
  ["coastal dunes", "прибрежных дюн"],
  ["saxaul woodlands", "саксауловых рощ"],
  ["traditional orchards", "традиционных садов"],
];
const PLACES: [string, string][] = [
  ["the Rift Valley", "Рифтовой долине"], ["the Aral basin", "бассейне Арала"], ["Lake Balkhash", "у озера Балхаш"],
  ["the Sahel", "Сахеле"], ["the Andes", "Андах"], ["the Mekong delta", "дельте Меконга"], ["the Carpathians", "Карпатах"],
  ["Irtysh valley", "долине Иртыша"], ["the Pamirs", "Памире"], ["Lake Victoria", "у озера Виктория"],
  ["the Altai", "Алтае"], ["the Amazon", "Амазонии"], ["the Danube delta", "дельте Дуная"], ["the Caspian coast", "на Каспийском побережье"],
];

const UNITS = ["hectares", "villages", "people trained", "tonnes", "species recorded", "km of river bank"];

async function count(query: RawQuery, text: string, params: unknown[] = []): Promise<number> {
  const rows = await query(text, params);
  return Number(rows[0]?.count ?? 0);
}

/** Adds a bench space (public or private) with commitments switched on, or returns the existing one. */
async function benchSpace(query: RawQuery, slug: string, visibility: "public" | "private"): Promise<string> {
  const rows = await query(
    `insert into spaces (slug, title, visibility, enabled_modules) values ($1, $2::jsonb, $3, '{commitments}')
     on conflict (slug) do update set slug = excluded.slug returning id`,
    [slug, JSON.stringify({ en: `Bench space ${slug}`, ru: `Тестовое пространство ${slug}` }), visibility],
  );
  return String(rows[0].id);
}

/**
 * Writes `commitments` commitments (mostly published, all stages, dates over five years, reporting spread so
 * every status light occurs), their GBF and SDG targets, one or two indicators each, and about
 * `progressReports` progress reports with a value per indicator. Needs the organisations to exist already.
 */
export async function generateCommitments(database: DatabaseHandle, options: CommitmentDatasetOptions): Promise<CommitmentDatasetSummary> {
  const started = performance.now();
  const countries = listCountries("en").map((country) => country.code);
  const share = options.spaceShare ?? 0.85;
  const withIndicators = options.withIndicators ?? true;
  return database.withConnection(async (query) => {
    const [space] = await query("select id from spaces where slug = $1", [options.spaceSlug]);
    if (!space) throw new Error(`space ${options.spaceSlug} not found: run seedDemo first`);
    const spaceId = String(space.id);
    const otherPublic = await benchSpace(query, "bench-commitments-public", "public");
    const otherPrivate = await benchSpace(query, "bench-commitments-private", "private");
    const before = await count(query, "select coalesce(max(number), 0) as count from commitments");

    await query("begin");
    try {
      // Bulk load: the statistics triggers of migration 0007 (and the search words' of 0014) stand aside for these
      // statements, and the new commitments are counted (and their words added) in one set-based pass before the
      // commit (still one transaction).
      await query("set local convene.stats_deferred = 'on'");
      await query("select setseed(0.20260302)");
      await query(`create temp table bench_orgs on commit drop as
        select (row_number() over (order by id))::int as n, id, country from organisations`);
      await query(`create temp table bench_items on commit drop as
        select (row_number() over (order by f.key, fi.position, fi.key))::int as n, fi.id
        from framework_items fi join frameworks f on f.id = fi.framework_id
        where (f.key = 'GBF' and fi.key ~ '^GBF-TARGET-[0-9]+$') or (f.key = 'SUSTAINABLE-DEVELOPMENT-GOALS' and fi.key ~ '^SDG-[0-9]+$')`);
      const organisations = await count(query, "select count(*) as count from bench_orgs");
      const items = await count(query, "select count(*) as count from bench_items");
      if (organisations === 0) throw new Error("no organisations: generate them first");
      if (items === 0) throw new Error("no GBF or SDG framework items: run seedReference first");

      // r: one row of dice per commitment; everything else derives from it.
      await query(
        `insert into commitments (space_id, organisation_id, template, title, description, primary_item_id, themes, coverage,
           countries, start_date, end_date, is_open_ended, stage, status, intends_to_report, submitted_at, published_at,
           last_report_at, created_at, updated_at, search_text)
         select
           case when r.space_die < $5::float8 then $6::uuid when r.space_die < $5::float8 + (1 - $5::float8) / 2 then $7::uuid else $8::uuid end,
           o.id,
           case when r.g % 4 = 0 then 'business' else 'organisation' end,
           t.title, t.description, i.id, '{}', case when r.country_die < 0.05 then 'global' when r.country_die < 0.3 then 'multi_country' else 'national' end,
           case when r.country_die < 0.05 then '{}'::text[]
                when r.country_die < 0.3 then array[o.country, ($1::text[])[1 + floor(r.second_country * array_length($1::text[], 1))::int]]
                when r.country_die < 0.34 then array['KE']
                else array[o.country] end,
           (r.published - interval '2 months')::date, (r.published + interval '3 years')::date, false,
           (array['planning', 'development', 'implementation', 'implementation', 'implementation', 'evaluation', 'completed'])[1 + floor(r.stage_die * 7)::int],
           r.status,
           true,
           case when r.status = 'draft' then null else r.published - interval '30 days' end,
           case when r.status in ('published', 'withdrawn') then r.published end,
           case when r.status = 'published' and r.report_die >= 0.2 then
             greatest(r.published::date, (now() - (r.report_die - 0.2) / 0.8 * interval '40 months')::date) end,
           r.published - interval '40 days', r.published,
           lower(t.title->>'en' || ' ' || (t.title->>'ru') || ' ' || (t.description->>'en'))
         from (
           select g, random() as space_die, random() as country_die, random() as second_country, random() as stage_die,
             random() as report_die, floor(random() * $2)::int + 1 as org_n, floor(random() * $3)::int + 1 as item_n,
             floor(random() * ${ACTIONS.length})::int + 1 as action, floor(random() * ${SUBJECTS.length})::int + 1 as subject,
             floor(random() * ${PLACES.length})::int + 1 as place,
             now() - random() * interval '5 years' as published,
             (array['published', 'published', 'published', 'published', 'published', 'published', 'published', 'published', 'published',
                    'published', 'published', 'published', 'published', 'published', 'published', 'published', 'published', 'draft',
                    'submitted', 'under_review', 'returned', 'withdrawn'])[1 + floor(random() * 22)::int] as status
           from generate_series(1, $4::int) g
         ) r
         join bench_orgs o on o.n = r.org_n
         join bench_items i on i.n = r.item_n
         cross join lateral (
           select jsonb_build_object('en', ($9::text[])[r.action] || ' ' || ($10::text[])[r.subject] || ' in ' || ($11::text[])[r.place] || ' #' || r.g,
                                     'ru', ($12::text[])[r.action] || ' ' || ($13::text[])[r.subject] || ' в ' || ($14::text[])[r.place] || ' №' || r.g) as title,
                  jsonb_build_object('en', 'Partners work together on ' || ($10::text[])[r.subject] || ' with local people, measure what changes every year and publish it.',
                                     'ru', 'Партнёры вместе с местными жителями работают ради ' || ($13::text[])[r.subject] || ', ежегодно измеряют изменения и публикуют их.') as description
         ) t`,
        [
          countries, organisations, items, options.commitments, share, spaceId, otherPublic, otherPrivate,
          ACTIONS.map((pair) => pair[0]), SUBJECTS.map((pair) => pair[0]), PLACES.map((pair) => pair[0]),
          ACTIONS.map((pair) => pair[1]), SUBJECTS.map((pair) => pair[1]), PLACES.map((pair) => pair[1]),
        ],
      );
      // The primary target, and zero to two others.
      await query(
        `insert into commitment_targets (commitment_id, framework_item_id, is_primary)
         select id, primary_item_id, true from commitments where number > $1 and primary_item_id is not null`,
        [before],
      );
      await query(
        `insert into commitment_targets (commitment_id, framework_item_id, is_primary)
         select c.id, i.id, false from commitments c
         cross join generate_series(1, (c.number % 3)::int) k
         join bench_items i on i.n = 1 + ((c.number * 7 + k * 11) % $2)::int
         where c.number > $1
         on conflict do nothing`,
        [before, items],
      );
      if (withIndicators) {
        await query(
          `insert into commitment_indicators (commitment_id, position, name, unit, baseline_value, baseline_date, target_value, target_date, direction)
           select c.id, k, jsonb_build_object('en', 'Indicator ' || k || ' of commitment ' || c.number, 'ru', 'Показатель ' || k || ' обязательства ' || c.number),
             ($2::text[])[1 + ((c.number + k) % array_length($2::text[], 1))::int], 10 * k, c.start_date, 100 * k, c.end_date, 'increase'
           from commitments c cross join generate_series(1, 1 + (c.number % 2)::int) k
           where c.number > $1`,
          [before, UNITS],
        );
      }
      // Reports: the latest on last_report_at, earlier ones every six months before it.
      const reporting = await count(query, "select count(*) as count from commitments where number > $1 and last_report_at is not null", [before]);
      if (options.progressReports > 0 && reporting > 0) {
        const perCommitment = options.progressReports / reporting;
        await query(
          `insert into progress_reports (commitment_id, report_date, stage, percent_complete, narrative, created_at)
           select c.id, greatest((c.published_at at time zone 'UTC')::date, (c.last_report_at - (k - 1) * interval '6 months')::date), c.stage, least(100, 10 * k + (c.number % 40)::int),
             jsonb_build_object('en', 'Progress in period ' || k || ': work went on as planned.', 'ru', 'Ход работы за период ' || k || ': работа шла по плану.'),
             c.last_report_at - (k - 1) * interval '6 months'
           from commitments c
           cross join generate_series(1, greatest(1, floor($2::float8 + random())::int)) k
           where c.number > $1 and c.last_report_at is not null`,
          [before, perCommitment],
        );
        if (withIndicators) {
          await query(
            `insert into progress_values (report_id, indicator_id, value)
             select r.id, i.id, coalesce(i.baseline_value, 0) + (i.target_value - coalesce(i.baseline_value, 0)) * (r.percent_complete / 100.0)
             from progress_reports r
             join commitments c on c.id = r.commitment_id and c.number > $1
             join commitment_indicators i on i.commitment_id = r.commitment_id`,
            [before],
          );
        }
      }
      await query("set local convene.stats_deferred = 'off'");
      await query("select commitment_stats_refresh(array(select id from commitments where number > $1 and status = 'published'))", [before]);
      await query("select commitment_search_words_add(array(select id from commitments where number > $1 and status = 'published'))", [before]);
      await query("commit");
    } catch (error) {
      await query("rollback");
      throw error;
    }
    await query("analyze", []);

    const scope = "number > $1";
    const [totals] = await query(
      `select count(*)::int as commitments, count(*) filter (where status = 'published')::int as published,
         count(*) filter (where space_id = $2)::int as in_space, count(*) filter (where space_id = $2 and status = 'published')::int as published_in_space
       from commitments where ${scope}`,
      [before, spaceId],
    );
    const lightRows = await query(
      `select case when status <> 'published' then 'unpublished'
         when coalesce(last_report_at, published_at::date) < (current_date - interval '24 months')::date then 'red'
         when last_report_at is null then 'grey'
         when last_report_at >= (current_date - interval '12 months')::date then 'green' else 'yellow' end as light, count(*)::int as count
       from commitments where ${scope} group by 1`,
      [before],
    );
    const sample = await query(
      `select c.number from commitments c where c.number > $1 and c.space_id = $2 and c.status = 'published'
         and exists (select 1 from progress_reports r where r.commitment_id = c.id)
       order by c.number limit 1`,
      [before, spaceId],
    );
    const target = await query(
      `select fi.id, fi.key, count(*)::int as count from commitments c join commitment_targets ct on ct.commitment_id = c.id
         join framework_items fi on fi.id = ct.framework_item_id
       where c.space_id = $1 and c.status = 'published' and c.countries @> array['KE']::text[]
       group by fi.id, fi.key order by count(*) desc, fi.key limit 1`,
      [spaceId],
    );
    const scoped = (table: string, join: string) =>
      count(query, `select count(*) as count from ${table} x join commitments c on c.id = ${join} where c.number > $1`, [before]);
    const reports = await scoped("progress_reports", "x.commitment_id");
    const values = await count(
      query,
      "select count(*) as count from progress_values v join progress_reports r on r.id = v.report_id join commitments c on c.id = r.commitment_id where c.number > $1",
      [before],
    );
    return {
      commitments: Number(totals.commitments),
      published: Number(totals.published),
      inSpace: Number(totals.in_space),
      publishedInSpace: Number(totals.published_in_space),
      targets: await scoped("commitment_targets", "x.commitment_id"),
      indicators: await scoped("commitment_indicators", "x.commitment_id"),
      progressReports: reports,
      progressValues: values,
      lights: Object.fromEntries(lightRows.map((row) => [String(row.light), Number(row.count)])),
      seconds: (performance.now() - started) / 1000,
      sampleNumber: sample[0] ? Number(sample[0].number) : null,
      sampleTargetId: target[0] ? String(target[0].id) : null,
      sampleTargetKey: target[0] ? String(target[0].key) : null,
      spaceId,
    };
  });
}
