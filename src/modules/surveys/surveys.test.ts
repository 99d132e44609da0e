import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import { determinedCells } from "../../platform/statistics/table-suppression";
import { Browser, createTestApp, type TestApp } from "../../testing/harness";
import { buildUser, XSS } from "../../testing/factories";
import { addMember, buildOrganisation } from "../organisations/factories";
import { addSpaceRole, buildSpace } from "../spaces/factories";
import { submitResponse } from "./commands/submit-response";
import { allQuestions, type PostedAnswers } from "./definition";
import { buildSurvey, questionInput, type BuiltSurvey } from "./factories";
import { findSurveyById } from "./queries";
import { rebuildTallies } from "./results";

type ApiFigure = { option: string; count: number | null; percent: number | null };
type ApiResults = {
  response_count: number;
  items: { question: string; row: string | null; kind: string; respondents: number | null; options: ApiFigure[]; cross_tabs: { dimension: string; groups: { group: string; respondents: number | null; options: ApiFigure[] }[] }[] }[];
};

const surveyUrl = (survey: BuiltSurvey) => `/spaces/${survey.space.slug}/surveys/${survey.slug}`;
const apiUrl = (survey: BuiltSurvey) => `/api/v1/spaces/${survey.space.slug}/surveys/${survey.slug}`;

describe("surveys: builder, answering, results with suppression, exports and API", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ isReferenceSeeded: false });
  });
  after(() => t.close());

  /** Stores a response through the command, as a respondent with its own key. */
  const answer = async (survey: BuiltSurvey, posted: PostedAnswers, profile = { actorType: "", country: "", constituency: "" }) => {
    const current = (await findSurveyById(t.services.db, survey.id))!;
    return submitResponse(t.services, current, { userId: null, organisationId: null, respondentKey: `test:${randomUUID()}`, locale: "en" }, posted, profile);
  };
  const apiResults = async (survey: BuiltSurvey, browser = new Browser(t.app)) => {
    const response = await browser.get(`${apiUrl(survey)}/results`, { accept: "application/json" });
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    return JSON.parse(response.body) as ApiResults;
  };
  const keysOf = (survey: BuiltSurvey) => allQuestions(survey.definition);

  it("a coordinator builds a survey through the forms, opens it, and cannot remove an option once someone has answered", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["surveys"] });
    const coordinatorUser = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, coordinatorUser.id, "coordinator");
    const coordinator = await new Browser(t.app).logIn(coordinatorUser.email, coordinatorUser.password);
    const missing = await coordinator.post(`/spaces/${space.slug}/surveys/new`, { "title.en": "", respondent: "person", "description.en": "kept text" });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /kept text/, "the typed introduction is kept");
    const created = await coordinator.post(`/spaces/${space.slug}/surveys/new`, { "title.en": `${XSS} Training needs`, "title.ru": "Потребности в обучении", respondent: "person", results_public: "on" });
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    const path = String(created.headers.location);
    const noOptions = await coordinator.post(`${path}/questions`, { section: "s1", kind: "single", "text.en": "Pick one", "options.en": "Only one" });
    assert.equal(noOptions.statusCode, 422);
    assert.match(noOptions.body, /Give at least two options/);
    assert.equal((await coordinator.post(`${path}/questions`, { section: "s1", kind: "single", "text.en": "Do you train staff?", "text.ru": "Обучаете ли вы сотрудников?", "options.en": "Yes\nNo", "options.ru": "Да\nНет", is_required: "on" })).statusCode, 303);
    const page = await coordinator.get(path);
    assert.ok(!page.body.includes(XSS), "titles are escaped");
    const [question] = (await queryRows<{ definition: { sections: { questions: { key: string; options: { key: string }[] }[] }[] } }>(t.services.db, sql`select definition from survey_surveys where slug = ${path.split("/").pop()!}`))[0]!.definition.sections[0]!.questions;
    assert.equal((await coordinator.post(`${path}/status`, { status: "open" })).statusCode, 303);
    assert.equal((await coordinator.post(`${path}/respond`, { [`answer.${question!.key}`]: question!.options[0]!.key })).statusCode, 303);
    const removed = await coordinator.post(`${path}/questions/${question!.key}`, { section: "s1", kind: "single", "text.en": "Do you train staff?", "options.en": "Yes\nNo\n", "options.ru": "Да" });
    assert.equal(removed.statusCode, 303, "relabelling keeps both options (English lines still two)");
    const added = await coordinator.post(`${path}/questions/${question!.key}`, { section: "s1", kind: "single", "text.en": "Do you train staff?", "options.en": "Yes\nNo\nNot sure" });
    assert.equal(added.statusCode, 303, "an option may be added at the end");
    const shrunk = await coordinator.post(`${path}/questions/${question!.key}`, { section: "s1", kind: "single", "text.en": "Do you train staff?", "options.en": "Yes\nNo", "options.ru": "Да" });
    assert.equal(shrunk.statusCode, 409);
    assert.match(shrunk.body, /options and rows cannot be removed/);
    assert.match(shrunk.body, /Yes\nNo<\/textarea>/, "the typed options are kept");
    const anonymous = await new Browser(t.app).get(`${path}/questions/${question!.key}`);
    assert.notEqual(anonymous.statusCode, 200, "a question's form is for organisers only");
    const member = await buildUser(t.services);
    assert.equal((await (await new Browser(t.app).logIn(member.email, member.password)).get(`${path}/questions/${question!.key}`)).statusCode, 403);
  });

  it("counts multiple choice per option as percentages of respondents (hand-computed fixture, summing to more than 100 %)", async () => {
    const survey = await buildSurvey(t.services, {
      questions: [questionInput("multiple", { isRequired: false, options: { en: "A\nB\nC", ru: "А\nБ\nВ" } }), questionInput("scale", { isRequired: false, scale: "1-5" })],
    });
    const [multiple, scale] = keysOf(survey);
    const [a, b, c] = multiple!.options.map((option) => option.key);
    // 10 respondents answer the multiple choice question, an 11th skips it: A 8, B 6, C 4 → 80 %, 60 %, 40 % of 10.
    const picks = [[a, b, c], [a, b, c], [a, b, c], [a, b], [a, b], [a], [a], [b], [c], [a], []] as string[][];
    for (const [at, picked] of picks.entries()) await answer(survey, { [multiple!.key]: picked, [scale!.key]: [at < 4 ? "2" : at < 8 ? "4" : "5"] });
    const rows = await queryRows<{ option_key: string; n: number }>(t.services.db, sql`select option_key, count(*)::int as n from survey_answers where survey_id = ${survey.id} and question_key = ${multiple!.key} group by option_key order by option_key`);
    const expected = { [a!]: 8, [b!]: 6, [c!]: 4 };
    assert.deepEqual(Object.fromEntries(rows.map((row) => [row.option_key, row.n])), expected, "the fixture is what we think it is");
    const results = await apiResults(survey);
    const item = results.items.find((entry) => entry.question === multiple!.key)!;
    assert.equal(item.respondents, 10, "the base is those who answered the question, not all 11 responses");
    assert.deepEqual(item.options.map((option) => [option.count, option.percent]), [[8, 80], [6, 60], [4, 40]]);
    assert.ok(item.options.reduce((sum, option) => sum + option.percent!, 0) > 100);
    const page = await new Browser(t.app).get(`${surveyUrl(survey)}/results`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Respondents: 10\./);
    assert.match(page.body, /<td>8<\/td><td>80 %<\/td>/);
    assert.match(page.body, /more than 100 %/);
    assert.match(page.body, /<svg viewBox="0 0 100 1"/, "a chart is drawn");
    assert.match(page.body, /Mean 3\.55, median 4\./, "scale 2×4, 4×4, 5×3");
    assert.ok(!page.body.includes(XSS));
  });

  it("never publishes a cell under 3 nor one that follows from the published sums (page, CSV and API)", async () => {
    const survey = await buildSurvey(t.services, {
      questions: [questionInput("single", { options: { en: "Low\nMid\nHigh" } }), questionInput("multiple", { options: { en: "X\nY\nZ" } })],
    });
    const [single, multiple] = keysOf(survey);
    const profiles: [string, string, string, number][] = [
      ["ngo", "KZ", "ngo", 7], ["ngo", "KG", "women", 3], ["youth", "KZ", "youth", 4], ["academia", "UZ", "science", 1], ["business", "KZ", "business", 2], ["youth", "DE", "youth", 2],
    ];
    let at = 0;
    for (const [actorType, country, constituency, count] of profiles) {
      for (let index = 0; index < count; index += 1) {
        at += 1;
        const one = single!.options[at % 3]!.key;
        const several = multiple!.options.filter((_, position) => (at + position) % 2 === 0).map((option) => option.key);
        await answer(survey, { [single!.key]: [one], [multiple!.key]: several.length ? several : [multiple!.options[0]!.key] }, { actorType, country, constituency });
      }
    }
    // The counters kept at each submit equal what grouped SQL over all the answers gives.
    const tallies = async () => (await queryRows<{ key: string }>(t.services.db, sql`select question_key || '/' || row_key || '/' || option_key || '/' || dimension || '/' || group_key || '=' || count as key from survey_tallies where survey_id = ${survey.id} order by 1`)).map((row) => row.key);
    const kept = await tallies();
    await rebuildTallies(t.services.db, survey.id);
    assert.deepEqual(await tallies(), kept);
    assert.ok(kept.length > 50);
    const results = await apiResults(survey);
    const truth = await queryRows<{ question_key: string; option_key: string; actor_type: string; country: string; constituency: string }>(
      t.services.db,
      sql`select question_key, option_key, actor_type, country, constituency from survey_answers where survey_id = ${survey.id}`,
    );
    const regionOf: Record<string, string> = { KZ: "142", KG: "142", UZ: "142", DE: "150" };
    const groupOf = (row: (typeof truth)[number], dimension: string) => (dimension === "region" ? regionOf[row.country]! : dimension === "actor_type" ? row.actor_type : dimension === "country" ? row.country : row.constituency);
    for (const item of results.items) {
      const question = item.question;
      const isExclusive = item.kind !== "multiple";
      const answers = truth.filter((row) => row.question_key === question);
      const counts = new Map<string, number>();
      const shown = new Map<string, number | null>();
      const lines: string[][] = [];
      counts.set("n", 19);
      shown.set("n", item.respondents);
      for (const option of item.options) {
        counts.set(`t|${option.option}`, answers.filter((row) => row.option_key === option.option).length);
        shown.set(`t|${option.option}`, option.count);
      }
      if (isExclusive) lines.push([...item.options.map((option) => `t|${option.option}`), "n"]);
      for (const tab of item.cross_tabs) {
        lines.push([...tab.groups.map((group) => `${tab.dimension}|${group.group}|n`), "n"]);
        for (const group of tab.groups) {
          const inGroup = (row: (typeof truth)[number]) => groupOf(row, tab.dimension) === group.group;
          // Group size: distinct respondents (everyone answered both questions here, so the single choice rows count them).
          counts.set(`${tab.dimension}|${group.group}|n`, truth.filter((row) => row.question_key === single!.key && inGroup(row)).length);
          shown.set(`${tab.dimension}|${group.group}|n`, group.respondents);
          for (const option of group.options) {
            counts.set(`${tab.dimension}|${group.group}|${option.option}`, answers.filter((row) => inGroup(row) && row.option_key === option.option).length);
            shown.set(`${tab.dimension}|${group.group}|${option.option}`, option.count);
          }
          if (isExclusive) lines.push([...group.options.map((option) => `${tab.dimension}|${group.group}|${option.option}`), `${tab.dimension}|${group.group}|n`]);
        }
        for (const option of item.options) lines.push([...tab.groups.map((group) => `${tab.dimension}|${group.group}|${option.option}`), `t|${option.option}`]);
      }
      // Regions are sums of their countries.
      for (const suffix of [...item.options.map((option) => option.option), "n"]) {
        lines.push(["KZ", "KG", "UZ"].map((country) => `country|${country}|${suffix}`).concat(`region|142|${suffix}`));
        lines.push([`country|DE|${suffix}`, `region|150|${suffix}`]);
      }
      for (const [key, value] of shown) {
        if (value !== null) {
          assert.equal(value, counts.get(key), `published ${key} is the true count`);
          assert.ok(value === 0 || value >= 3, `${question} ${key} = ${value} is published`);
        }
      }
      const hidden = new Set([...shown].filter(([, value]) => value === null).map(([key]) => key));
      assert.ok([...counts].some(([key, value]) => value > 0 && value < 3 && hidden.has(key)), "the fixture has small cells to hide");
      const derivable = determinedCells({ counts, lines }, hidden).filter((key) => (counts.get(key) ?? 0) > 0 && (counts.get(key) ?? 0) < 3);
      assert.deepEqual(derivable, [], `no small cell of ${question} follows from the published sums`);
    }
    // The page and the CSV publish no small figure either.
    for (const dimension of ["actor_type", "country", "region", "constituency"]) {
      const page = await new Browser(t.app).get(`${surveyUrl(survey)}/results?question=${single!.key}&by=${dimension}`);
      assert.equal(page.statusCode, 200);
      const table = page.body.slice(page.body.indexOf('id="cross-tab"'));
      assert.doesNotMatch(table, /<td>[12]( \(|<\/td>)/, `no cell of 1 or 2 in the ${dimension} cross-tab`);
      assert.match(table, /<td>—<\/td>/, "hidden cells are marked");
    }
    const csv = (await new Browser(t.app).get(`${surveyUrl(survey)}/results.csv`)).body;
    for (const line of csv.split("\r\n").slice(1).filter(Boolean)) {
      const cells = line.split(",");
      const count = cells[cells.length - 3]!;
      assert.ok(count === "" || Number(count) === 0 || Number(count) >= 3, `CSV line ${line}`);
    }
    const bad = await new Browser(t.app).get(`${surveyUrl(survey)}/results?by=planet`);
    assert.equal(bad.statusCode, 422);
  });

  it("ignores answers to questions not shown and requires an answer only when the question is shown", async () => {
    const survey = await buildSurvey(t.services, { questions: [questionInput("single", { options: { en: "Yes\nNo" } })] });
    const [gate] = keysOf(survey);
    const coordinator = { id: survey.space.createdBy };
    const { saveQuestion } = await import("./commands/save-survey");
    await saveQuestion(t.services, coordinator, survey.id, null, questionInput("short_text", { showIf: [`${gate!.key}:${gate!.options[0]!.key}`] }));
    const current = (await findSurveyById(t.services.db, survey.id))!;
    const follow = allQuestions(current.definition)[1]!;
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, user.password);
    const form = await browser.get(surveyUrl(survey));
    assert.match(form.body, /Answer only if your answer to question 1 was:/);
    const missing = await browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${gate!.key}`]: gate!.options[0]!.key });
    assert.equal(missing.statusCode, 422, "shown and required: the follow-up must be answered");
    assert.match(missing.body, /Please answer this question/);
    const posted = await browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${gate!.key}`]: gate!.options[1]!.key, [`answer.${follow.key}`]: "should be dropped" });
    assert.equal(posted.statusCode, 303, "not shown: not required, and its answer is ignored");
    const stored = await queryRows<{ question_key: string }>(t.services.db, sql`select question_key from survey_answers where survey_id = ${survey.id}`);
    assert.deepEqual(stored.map((row) => row.question_key), [gate!.key]);
    const malformed = await browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${gate!.key}`]: "o999" });
    assert.equal(malformed.statusCode, 400, "an option the form never offered is a malformed request");
  });

  it("keeps one response per person when several submits race", async () => {
    const survey = await buildSurvey(t.services, { questions: [questionInput("single", { options: { en: "Yes\nNo" } })] });
    const [question] = keysOf(survey);
    const user = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(user.email, user.password);
    await browser.get(surveyUrl(survey));
    const responses = await Promise.all(Array.from({ length: 6 }, () => browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${question!.key}`]: question!.options[0]!.key })));
    assert.ok(responses.every((response) => response.statusCode === 303), responses.map((response) => response.statusCode).join(","));
    const [row] = await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from survey_responses where survey_id = ${survey.id}`);
    assert.equal(row!.n, 1);
    const [counter] = await queryRows<{ response_count: number }>(t.services.db, sql`select response_count from survey_surveys where id = ${survey.id}`);
    assert.equal(counter!.response_count, 1);
    assert.match((await browser.get(surveyUrl(survey))).body, /You answered this survey on/);
  });

  it("anonymous surveys store no identity and take one response per browser", async () => {
    const survey = await buildSurvey(t.services, { respondent: "anonymous", questions: [questionInput("long_text")] });
    const [question] = keysOf(survey);
    const first = new Browser(t.app);
    await first.get(surveyUrl(survey));
    assert.equal((await first.post(`${surveyUrl(survey)}/respond`, { [`answer.${question!.key}`]: "=HYPERLINK(\"http://evil\")" })).statusCode, 303);
    assert.equal((await first.post(`${surveyUrl(survey)}/respond`, { [`answer.${question!.key}`]: "again" })).statusCode, 303);
    assert.equal((await new Browser(t.app).post(`${surveyUrl(survey)}/respond`, { [`answer.${question!.key}`]: "another browser" })).statusCode, 303);
    const rows = await queryRows<{ user_id: string | null; organisation_id: string | null; respondent_key: string }>(t.services.db, sql`select user_id, organisation_id, respondent_key from survey_responses where survey_id = ${survey.id}`);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((row) => row.user_id === null && row.organisation_id === null && /^browser:[0-9a-f]{64}$/.test(row.respondent_key)));
    // Text answers stay out of the public results until released; the organisers' raw CSV is formula-safe.
    const results = await new Browser(t.app).get(`${surveyUrl(survey)}/results`);
    assert.ok(!results.body.includes("another browser"));
    const coordinator = await buildUser(t.services);
    await addSpaceRole(t.services, survey.space.id, coordinator.id, "coordinator");
    const organiser = await new Browser(t.app).logIn(coordinator.email, coordinator.password);
    const csv = (await organiser.get(`${surveyUrl(survey)}/responses.csv`)).body;
    assert.match(csv, /'=HYPERLINK/);
    assert.doesNotMatch(csv, /browser:|@/);
    assert.equal((await new Browser(t.app).get(`${surveyUrl(survey)}/responses.csv`)).statusCode, 401);
  });

  it("hides a private space's survey and results from non-members, on pages and in the API", async () => {
    const space = await buildSpace(t.services, { enabledModules: ["surveys"], visibility: "private" });
    const survey = await buildSurvey(t.services, { space, resultsPublic: true });
    const outsider = await buildUser(t.services);
    const browser = await new Browser(t.app).logIn(outsider.email, outsider.password);
    for (const path of [surveyUrl(survey), `${surveyUrl(survey)}/results`, `${surveyUrl(survey)}/results.csv`]) assert.equal((await browser.get(path)).statusCode, 404, path);
    for (const path of [apiUrl(survey), `${apiUrl(survey)}/results`, `/api/v1/spaces/${space.slug}/surveys`]) assert.equal((await browser.get(path, { accept: "application/json" })).statusCode, 404, path);
    const member = await buildUser(t.services);
    await addSpaceRole(t.services, space.id, member.id, "member");
    const memberBrowser = await new Browser(t.app).logIn(member.email, member.password);
    assert.equal((await memberBrowser.get(`${surveyUrl(survey)}/results`)).statusCode, 200);
    const notPublic = await buildSurvey(t.services, { resultsPublic: false });
    assert.equal((await new Browser(t.app).get(`${surveyUrl(notPublic)}/results`)).statusCode, 404);
    assert.equal((await new Browser(t.app).get(`${apiUrl(notPublic)}/results`, { accept: "application/json" })).statusCode, 404);
  });

  it("shows the form in Russian and keeps what was typed when an answer is missing", async () => {
    const survey = await buildSurvey(t.services, {
      questions: [questionInput("single", { options: { en: "Yes\nNo", ru: "Да\nНет" } }), questionInput("short_text", { isRequired: false })],
    });
    const [choice, text] = keysOf(survey);
    const user = await buildUser(t.services, { locale: "ru" });
    const browser = await new Browser(t.app, "ru").logIn(user.email, user.password);
    const form = await browser.get(`${surveyUrl(survey)}?lang=ru`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Отправить ответы/);
    assert.match(form.body, /Вопрос single/);
    assert.match(form.body, />Да</);
    const failed = await browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${text!.key}`]: "Мой ответ" });
    assert.equal(failed.statusCode, 422);
    assert.match(failed.body, /Ответьте на этот вопрос\./);
    assert.match(failed.body, /value="Мой ответ"/);
    const sent = await browser.post(`${surveyUrl(survey)}/respond`, { [`answer.${choice!.key}`]: choice!.options[1]!.key, [`answer.${text!.key}`]: "Мой ответ" });
    assert.equal(sent.statusCode, 303);
    const results = await browser.get(`${surveyUrl(survey)}/results`);
    assert.match(results.body, /Результаты/);
    assert.match(results.body, /% ответивших/);
  });
  it("takes one response per organisation: its second member sees it has answered, and its profile comes from the organisation", async () => {
    const survey = await buildSurvey(t.services, { respondent: "organisation", questions: [questionInput("single", { options: { en: "Yes\nNo" } })] });
    const [question] = keysOf(survey);
    const organisation = await buildOrganisation(t.services, { actorType: "youth", country: "KG" });
    const second = await buildUser(t.services);
    await addMember(t.services, organisation.id, second.id);
    const outsider = await buildUser(t.services);
    const first = await new Browser(t.app).logIn(organisation.owner!.email, organisation.owner!.password);
    const intruder = await new Browser(t.app).logIn(outsider.email, outsider.password);
    assert.match((await intruder.get(surveyUrl(survey))).body, /Join or register your organisation/);
    const foreign = await intruder.post(`${surveyUrl(survey)}/respond`, { organisation_id: organisation.id, [`answer.${question!.key}`]: question!.options[0]!.key });
    assert.equal(foreign.statusCode, 422, "nobody answers for an organisation they are not in");
    assert.equal((await first.post(`${surveyUrl(survey)}/respond`, { organisation_id: organisation.id, [`answer.${question!.key}`]: question!.options[0]!.key })).statusCode, 303);
    const member = await new Browser(t.app).logIn(second.email, second.password);
    assert.match((await member.get(surveyUrl(survey))).body, /Your organisation has already answered this survey/);
    assert.equal((await member.post(`${surveyUrl(survey)}/respond`, { organisation_id: organisation.id, [`answer.${question!.key}`]: question!.options[1]!.key })).statusCode, 303);
    const rows = await queryRows<{ organisation_id: string; actor_type: string; country: string }>(t.services.db, sql`select organisation_id, actor_type, country from survey_responses where survey_id = ${survey.id}`);
    assert.deepEqual(rows, [{ organisation_id: organisation.id, actor_type: "youth", country: "KG" }]);
  });
});
