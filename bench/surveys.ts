// `npm run bench:surveys`: a needs survey with --responses N (default 100,000) written in bulk SQL — single and
// multiple choice, a question asked only after some answers, a scale, a three-row matrix and a text question;
// respondents spread unevenly over 8 actor types, 40 countries (a long tail of small ones, so suppression has
// work to do) and 6 constituencies — then requests the results page (with a cross-tab by country), the results API
// and the aggregates CSV one after another from a separate Convene process, printing p50/p95 and page weight, and
// times one results computation in-process and one rebuild of the tallies from all the answers. On the embedded
// PostgreSQL, and with --postgres on a scratch database on PostgreSQL. It reports; it asserts nothing.
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { queryRows } from "../src/db/sql";
import { buildSurvey, questionInput, type BuiltSurvey } from "../src/modules/surveys/factories";
import { findSurveyById } from "../src/modules/surveys/queries";
import { rebuildTallies, surveyResults } from "../src/modules/surveys/results";
import { allQuestions } from "../src/modules/surveys/definition";
import { buildSpace } from "../src/modules/spaces/factories";
import { fetchOnce, wholeNumberOption, type Snapshot } from "./measure";
import { startConveneProcess } from "./serve";
import { DATABASE_USAGE, forEachTarget, readBenchOptions, type DatabaseChoice } from "./options";
import { peakRssMb, withConvene, type Target } from "./target";

const SPACE = "bench-surveys";
const USAGE = `npm run bench:surveys -- [options]

  --responses N   responses to the benched survey (default 100000)
  --requests N    sequential requests per page (default 30, after 3 unmeasured)
${DATABASE_USAGE}`;

type Options = { responses: number; requests: number; databases: DatabaseChoice };

function readOptions(): Options {
  const { values, databases } = readBenchOptions(USAGE, { responses: "100000", requests: "30" });
  return { responses: wholeNumberOption("responses", values.responses, 10), requests: wholeNumberOption("requests", values.requests, 1), databases };
}

const ACTOR_TYPES = ["ngo", "aarhus_centre", "local_government", "academia", "youth", "women", "business", "iplc"];
const COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "AM", "GE", "AZ", "MD", "UA", "BY", "RU", "MN", "AF", "TR", "IR", "PK", "IN", "CN", "DE", "FR", "NL", "SE", "KE", "NG", "BR", "AR", "MX", "US", "CA", "JP", "AU", "ZA", "EG", "MA", "ID", "PH", "VN", "TH", "FJ"];
const CONSTITUENCIES = ["ngo", "women", "youth", "local_authorities", "science", "business"];

/** The survey through the real commands, then its responses and answers in bulk SQL (the commands would take an hour). */
async function generate(app: FastifyInstance, options: Options): Promise<BuiltSurvey> {
  const { db } = app.services;
  const space = await buildSpace(app.services, { slug: SPACE, title: { en: "Bench surveys", ru: "Опросы для замеров" }, enabledModules: ["surveys"] });
  let survey = await buildSurvey(app.services, {
    space,
    respondent: "anonymous",
    questions: [
      questionInput("single", { options: { en: "Yes, regularly\nSometimes\nNot yet", ru: "Да\nИногда\nНет" } }),
      questionInput("multiple", { options: { en: "Fundraising\nAdvocacy\nProject management\nRemote work\nSecurity\nRelationships\nCampaigns", ru: "1\n2\n3\n4\n5\n6\n7" } }),
      questionInput("scale", { scale: "1-5" }),
      questionInput("matrix", { rows: { en: "Information\nParticipation\nJustice" }, options: { en: "Not confident\nSomewhat\nConfident" } }),
      questionInput("long_text", { isRequired: false }),
    ],
  });
  const [online] = allQuestions(survey.definition);
  const { saveQuestion } = await import("../src/modules/surveys/commands/save-survey");
  await saveQuestion(app.services, { id: space.createdBy }, survey.id, null, questionInput("multiple", { isRequired: false, options: { en: "Website\nSocial networks\nMessengers\nMailing lists" }, showIf: online!.options.slice(0, 2).map((option) => `${online!.key}:${option.key}`) }));
  survey = { ...(await findSurveyById(db, survey.id))!, space };
  const [single, multiple, scale, matrix, text, channels] = allQuestions(survey.definition);
  const array = (values: string[]) => sql.raw(`array[${values.map((value) => `'${value}'`).join(",")}]`);
  // u(i, salt): a deterministic number in [0, 1) per response, so every run generates the same data.
  const u = (salt: string) => sql.raw(`(abs(hashtext(r.respondent_key || '${salt}'))::float8 / 2147483648)`);
  await db.execute(sql`insert into survey_responses (survey_id, respondent_key, actor_type, country, constituency, locale)
    select ${survey.id}, 'bench:' || i,
      (${array(ACTOR_TYPES)})[1 + floor(power(abs(hashtext('a' || i))::float8 / 2147483648, 2) * ${ACTOR_TYPES.length})::int],
      (${array(COUNTRIES)})[1 + floor(power(abs(hashtext('c' || i))::float8 / 2147483648, 4) * ${COUNTRIES.length})::int],
      (${array(CONSTITUENCIES)})[1 + floor(abs(hashtext('k' || i))::float8 / 2147483648 * ${CONSTITUENCIES.length})::int],
      case when i % 3 = 0 then 'en' else 'ru' end
    from generate_series(1, ${options.responses}) i`);
  const insert = (select: ReturnType<typeof sql>) =>
    db.execute(sql`insert into survey_answers (response_id, survey_id, question_key, row_key, option_key, text_value, actor_type, country, constituency) ${select}`);
  const from = (joins = sql``, condition = sql`true`) => sql`from survey_responses r ${joins} where r.survey_id = ${survey.id} and ${condition}`;
  const singleKeys = single!.options.map((option) => option.key);
  await insert(sql`select r.id, r.survey_id, ${single!.key}, '', (${array(singleKeys)})[1 + floor(${u("s")} * 3)::int], null, r.actor_type, r.country, r.constituency ${from()}`);
  await insert(sql`select r.id, r.survey_id, ${multiple!.key}, '', o.key, null, r.actor_type, r.country, r.constituency
    ${from(sql`cross join unnest(${array(multiple!.options.map((option) => option.key))}) with ordinality o(key, n)`, sql`abs(hashtext(r.respondent_key || o.key)) % 100 < 25 + o.n * 7`)}`);
  await insert(sql`select r.id, r.survey_id, ${channels!.key}, '', o.key, null, r.actor_type, r.country, r.constituency
    ${from(sql`join survey_answers s on s.response_id = r.id and s.question_key = ${single!.key} and s.option_key in (${singleKeys[0]!}, ${singleKeys[1]!})
      cross join unnest(${array(channels!.options.map((option) => option.key))}) o(key)`, sql`abs(hashtext(r.respondent_key || o.key)) % 100 < 55`)}`);
  await insert(sql`select r.id, r.survey_id, ${scale!.key}, '', (1 + floor(${u("v")} * 5)::int)::text, null, r.actor_type, r.country, r.constituency ${from()}`);
  await insert(sql`select r.id, r.survey_id, ${matrix!.key}, w.key, (${array(matrix!.options.map((option) => option.key))})[1 + floor(abs(hashtext(r.respondent_key || w.key))::float8 / 2147483648 * 3)::int], null, r.actor_type, r.country, r.constituency
    ${from(sql`cross join unnest(${array(matrix!.rows.map((row) => row.key))}) w(key)`)}`);
  await insert(sql`select r.id, r.survey_id, ${text!.key}, '', '', 'We need mentoring on online advocacy, answer ' || r.respondent_key, r.actor_type, r.country, r.constituency ${from(sql``, sql`${u("t")} < 0.05`)}`);
  await rebuildTallies(db, survey.id);
  await db.execute(sql`update survey_surveys set response_count = (select count(*) from survey_responses where survey_id = ${survey.id}), status = 'closed' where id = ${survey.id}`);
  const [counts] = await queryRows<{ responses: string; answers: string }>(db, sql`select (select count(*) from survey_responses where survey_id = ${survey.id}) as responses, (select count(*) from survey_answers where survey_id = ${survey.id}) as answers`);
  console.log(`  ${counts!.responses} responses, ${counts!.answers} answer rows`);
  return { ...(await findSurveyById(db, survey.id))!, space };
}

const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;

async function benchDatabase(target: Target, options: Options): Promise<void> {
  console.log(`\n== ${target.label}`);
  const started = performance.now();
  await withConvene(target, { pageCacheMs: 0, logLevel: "silent" }, async ({ app, database }) => {
    const survey = await generate(app, options);
    await database.withConnection((query) => query("vacuum analyze", []));
    console.log(`  set-up ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // One computation in-process, split into its grouped SQL and the suppression that follows.
    const times: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const start = performance.now();
      await surveyResults(app.services.db, survey);
      times.push(performance.now() - start);
    }
    const rebuildStart = performance.now();
    await rebuildTallies(app.services.db, survey.id);
    const rebuildMs = performance.now() - rebuildStart;
    times.sort((a, b) => a - b);
    const [tallies] = await queryRows<{ count: string }>(app.services.db, sql`select count(*) from survey_tallies where survey_id = ${survey.id}`);
    console.log(`  results in-process: median ${times[2]!.toFixed(0)} ms over ${tallies!.count} tally rows; rebuilding the tallies from the answers (GROUP BY GROUPING SETS) ${rebuildMs.toFixed(0)} ms`);

    const server = await startConveneProcess(database.url, { workers: 1, pageCacheMs: 0 }, "warn");
    try {
      const path = `/spaces/${SPACE}/surveys/${survey.slug}`;
      const pages = [
        { name: "results page (cross-tab by country)", path: `${path}/results?by=country`, accept: "text/html" },
        { name: "results API", path: `/api/v1/spaces/${SPACE}/surveys/${survey.slug}/results`, accept: "application/json" },
        { name: "aggregates CSV", path: `${path}/results.csv`, accept: "text/csv" },
      ];
      console.log(`  ${"page".padEnd(38)} status   p50 ms   p95 ms   raw KB  gzip KB`);
      for (const page of pages) {
        const latencies: number[] = [];
        let last: Snapshot | undefined;
        for (let request = 0; request < options.requests + 3; request += 1) {
          const start = performance.now();
          last = await fetchOnce(`${server.url}${page.path}`, { accept: page.accept });
          if (request >= 3) latencies.push(performance.now() - start);
        }
        latencies.sort((a, b) => a - b);
        if (!last) continue;
        console.log(`  ${page.name.padEnd(38)} ${String(last.status).padStart(6)} ${percentile(latencies, 0.5).toFixed(0).padStart(8)} ${percentile(latencies, 0.95).toFixed(0).padStart(8)} ${(last.body.length / 1024).toFixed(1).padStart(8)} ${(gzipSync(last.body).length / 1024).toFixed(1).padStart(8)}`);
      }
    } finally {
      await server.stop();
    }
  });
}

async function main(): Promise<void> {
  const options = readOptions();
  await forEachTarget(options.databases, { embeddedFolder: "embedded-surveys", postgresPrefix: "convene_bench_surveys" }, (target) => benchDatabase(target, options));
  console.log(`\npeak RSS of the bench process: ${peakRssMb()} MB`);
}

main().catch((error: Error) => {
  console.error(`bench:surveys failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
