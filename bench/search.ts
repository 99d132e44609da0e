// `npm run bench:search`: site-wide search (GET /api/v1/search, the same path as the /search page) over generated
// commitments and consultation contributions. Generates the data with set-based SQL, then times a fixed set of
// queries — English and Russian words, a Russian query answered by English text through the glossary, a typo,
// a rare word, words matching nothing, a long description — as a visitor and as a platform admin, and prints
// p50/p95 per query and overall. It reports; it asserts nothing. The real figures are taken on PostgreSQL with
// --commitments 1000000 --contributions 1000000.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { DatabaseHandle } from "../src/db/client";
import { generateDataset } from "./dataset";
import { generateCommitments } from "./commitments-dataset";
import { mark, waitForQuietMachine, wholeNumberOption } from "./measure";
import { benchDir, DEFAULT_POSTGRES, embeddedTarget, postgresTarget, withConvene, type Target } from "./target";

const SPACE = "nature-action-agenda";
const TARGET_P95_MS = 100;

const USAGE = `npm run bench:search -- [options]

  --commitments N     commitments to generate (default 20000)
  --contributions N   consultation contributions to generate (default 20000)
  --organisations N   organisations to generate (default 2000)
  --runs N            timed runs of each query and viewer (default 15)
  --quiet L           after generating, wait until the one-minute load average is at most L before timing
  --postgres          run on a fresh database on PostgreSQL (BENCH_DATABASE_URL, default ${DEFAULT_POSTGRES});
                      setting BENCH_DATABASE_URL does the same. Otherwise the embedded server.
  --keep              keep the PostgreSQL database afterwards (its URL is printed), to time again with --reuse
  --reuse URL         time on a database a --keep run left (migrated again, nothing generated); drop it by hand`;

type Options = {
  commitments: number;
  contributions: number;
  organisations: number;
  runs: number;
  postgresUrl: string | undefined;
  quietLoad: number | undefined;
  isKept: boolean;
  reuseUrl: string | undefined;
};

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name} takes a number above 0`);
  return value;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      commitments: { type: "string", default: "20000" },
      contributions: { type: "string", default: "20000" },
      organisations: { type: "string", default: "2000" },
      runs: { type: "string", default: "15" },
      quiet: { type: "string" },
      postgres: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      reuse: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    commitments: wholeNumberOption("commitments", values.commitments, 0),
    contributions: wholeNumberOption("contributions", values.contributions, 0),
    organisations: wholeNumberOption("organisations", values.organisations, 1),
    runs: wholeNumberOption("runs", values.runs, 1),
    quietLoad: values.quiet === undefined ? undefined : positiveNumber("quiet", values.quiet),
    postgresUrl: values.postgres || process.env.BENCH_DATABASE_URL ? (process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES) : undefined,
    isKept: values.keep,
    reuseUrl: values.reuse,
  };
}

// Contribution sentences in both languages (the bench's own words), put together from parts like the commitments'.
const OPENINGS: [string, string][] = [
  ["We propose that", "Мы предлагаем, чтобы"],
  ["Our network believes", "Наша сеть считает, что"],
  ["Experience in the region shows that", "Опыт региона показывает, что"],
  ["Local communities ask that", "Местные сообщества просят, чтобы"],
  ["Youth groups recommend that", "Молодёжные группы рекомендуют, чтобы"],
];
const POINTS: [string, string][] = [
  ["public participation starts before permits are issued", "участие общественности начиналось до выдачи разрешений"],
  ["mercury use in artisanal gold mining is phased out", "использование ртути в кустарной добыче золота было прекращено"],
  ["wetland restoration is funded from the national budget", "восстановление водно-болотных угодий финансировалось из бюджета"],
  ["access to environmental information is free of charge", "доступ к экологической информации был бесплатным"],
  ["protected areas are managed together with indigenous peoples", "охраняемыми территориями управляли вместе с коренными народами"],
  ["plastic waste is collected separately in every town", "пластиковые отходы собирались раздельно в каждом городе"],
  ["monitoring data on air quality is published every day", "данные мониторинга качества воздуха публиковались ежедневно"],
  ["seed banks keep local crop varieties", "семенные банки сохраняли местные сорта"],
];

/** A consultation with one topic in the bench space, and `count` contributions in it (a twentieth held or hidden). */
async function generateContributions(database: DatabaseHandle, count: number): Promise<{ published: number; seconds: number }> {
  const started = performance.now();
  return database.withConnection(async (query) => {
    const [space] = await query("select id from spaces where slug = $1", [SPACE]);
    const [author] = await query("select id from users order by created_at limit 1");
    if (!space || !author) throw new Error("run seedDemo first");
    await query("begin");
    try {
      const [consultation] = await query(
        `insert into consultations (space_id, slug, title, status, visibility) values ($1, 'bench-search', '{"en":"Bench consultation","ru":"Консультация для замеров"}', 'published', 'public') returning id`,
        [space.id],
      );
      const [group] = await query(`insert into consultation_groups (consultation_id, number, title) values ($1, 1, '{"en":"Bench group"}') returning id`, [consultation!.id]);
      const [topic] = await query(`insert into consultation_topics (consultation_id, group_id, number, title) values ($1, $2, 1, '{"en":"Bench topic","ru":"Тема для замеров"}') returning id`, [
        consultation!.id,
        group!.id,
      ]);
      const array = (pairs: [string, string][], index: 0 | 1) => `array[${pairs.map((pair) => `'${pair[index].replace(/'/g, "''")}'`).join(", ")}]`;
      await query("select setseed(0.20261206)");
      await query(
        `insert into consultation_contributions (consultation_id, topic_id, author_id, language, body, status, created_at)
         select $1, $2, $3, lang,
           case when lang = 'ru'
             then (${array(OPENINGS, 1)})[1 + (i % ${OPENINGS.length})] || ' ' || (${array(POINTS, 1)})[1 + ((i / 7) % ${POINTS.length})] || '. Участник ' || i || '.'
             else (${array(OPENINGS, 0)})[1 + (i % ${OPENINGS.length})] || ' ' || (${array(POINTS, 0)})[1 + ((i / 7) % ${POINTS.length})] || '. Participant ' || i || '.'
           end,
           case when i % 20 = 0 then 'hidden' when i % 20 = 1 then 'held' else 'published' end,
           now() - (i || ' minutes')::interval
         from (select i, case when random() < 0.4 then 'ru' else 'en' end as lang from generate_series(1, $4::int) as i) g`,
        [consultation!.id, topic!.id, author.id, count],
      );
      await query("commit");
    } catch (error) {
      await query("rollback");
      throw error;
    }
    await query("analyze consultation_contributions");
    const [published] = await query("select count(*)::int as count from consultation_contributions where status = 'published'");
    return { published: Number(published?.count ?? 0), seconds: (performance.now() - started) / 1000 };
  });
}

const QUERIES: { name: string; q: string }[] = [
  { name: "English word", q: "restoration" },
  { name: "English words", q: "mangrove forests" },
  { name: "Russian word forms", q: "восстановлению торфяников" },
  { name: "cross-language (RU → EN)", q: "участие общественности" },
  { name: "cross-language (EN → RU)", q: "mercury" },
  { name: "typo", q: "restorasion of peatlnds" },
  { name: "rare word", q: "Participant 4242" },
  { name: "no match", q: "zzyzx qwxv" },
  { name: "long description", q: "our youth group wants to know how local communities can take part in decisions about wetlands and where to find funding" },
];

const percentile = (sorted: number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? NaN;

/** A fresh database (dropped afterwards unless --keep), or the one a kept run left (--reuse, never dropped). */
async function chooseTarget(options: Options): Promise<Target> {
  if (options.reuseUrl) return { label: `PostgreSQL (kept database ${new URL(options.reuseUrl).pathname.slice(1)})`, databaseUrl: options.reuseUrl, dataDir: join(benchDir, "pg-data"), cleanup: async () => {} };
  if (!options.postgresUrl) return embeddedTarget("search");
  const target = await postgresTarget(options.postgresUrl, "convene_bench_search");
  if (!options.isKept) return target;
  console.log(`keeping the database: ${target.databaseUrl} (time again with --reuse <url>, drop it by hand)`);
  return { ...target, cleanup: async () => {} };
}

async function main(): Promise<void> {
  const options = readOptions();
  const target = await chooseTarget(options);
  console.log(`bench:search on ${target.label}: ${options.reuseUrl ? "data of a kept run" : `${options.commitments} commitments, ${options.contributions} contributions`}, ${options.runs} runs per query`);
  await withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    if (!options.reuseUrl) {
      await generateDataset(database, { organisations: options.organisations });
      const commitments = await generateCommitments(database, { commitments: options.commitments, progressReports: 0, spaceSlug: SPACE, withIndicators: false });
      console.log(`commitments: ${commitments.commitments} (${commitments.published} published) in ${commitments.seconds.toFixed(1)} s`);
      const contributions = await generateContributions(database, options.contributions);
      console.log(`contributions: ${options.contributions} (${contributions.published} published) in ${contributions.seconds.toFixed(1)} s`);
    }
    await database.withConnection((query) => query("analyze"));
    if (options.quietLoad !== undefined) await waitForQuietMachine(options.quietLoad);

    const [admin] = await database.withConnection((query) => query("select id from users where is_platform_admin order by created_at limit 1"));
    const { createApiToken } = await import("../src/platform/api/tokens");
    const adminToken = admin ? (await createApiToken(app.services.db, { userId: String(admin.id), name: "bench", scopes: ["private:read"] })).secret : undefined;
    const viewers: { name: string; headers: Record<string, string> }[] = [{ name: "visitor", headers: {} }, ...(adminToken ? [{ name: "admin", headers: { authorization: `Bearer ${adminToken}` } }] : [])];

    const all: number[] = [];
    console.log("\nquery                          viewer    total   p50 ms   p95 ms");
    for (const spec of QUERIES) {
      for (const viewer of viewers) {
        const url = `/api/v1/search?q=${encodeURIComponent(spec.q)}`;
        const first = await app.inject({ method: "GET", url, headers: viewer.headers });
        if (first.statusCode !== 200) throw new Error(`${spec.name}: ${first.statusCode} ${first.body.slice(0, 200)}`);
        const total = (first.json() as { total: number }).total;
        const times: number[] = [];
        for (let run = 0; run < options.runs; run += 1) {
          const started = performance.now();
          await app.inject({ method: "GET", url, headers: viewer.headers });
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        console.log(`${spec.name.padEnd(30)} ${viewer.name.padEnd(8)} ${String(total).padStart(6)} ${percentile(times, 0.5).toFixed(1).padStart(8)} ${percentile(times, 0.95).toFixed(1).padStart(8)}`);
      }
    }
    all.sort((a, b) => a - b);
    const p95 = percentile(all, 0.95);
    console.log(`\noverall: p50 ${percentile(all, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (goal p95 ≤ ${TARGET_P95_MS} ms: ${mark(p95 <= TARGET_P95_MS)})`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
