import { createHash } from "node:crypto";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { ensureSpaceFeature } from "../spaces/commands/ensure-space-feature";
import { addSection, createSurvey, saveQuestion, setAnswerReleased, setSurveyStatus, type QuestionInput } from "./commands/save-survey";
import { submitResponse } from "./commands/submit-response";
import { allQuestions, type PostedAnswers } from "./definition";
import { findSurvey, findSurveyById } from "./queries";

export const DEMO_SURVEY_SPACE = "aarhus-kazakhstan-2018-2020";
export const DEMO_SURVEY_SLUG = "skills-needs-of-civil-society-organisations";

const lines = (...items: [string, string][]) => ({ en: items.map(([en]) => en).join("\n"), ru: items.map(([, ru]) => ru).join("\n") });
const question = (section: string, kind: string, text: [string, string], extra: Partial<QuestionInput> = {}): QuestionInput => ({
  section, kind, text: { en: text[0], ru: text[1] }, help: {}, isRequired: true, options: {}, rows: {}, scale: "1-5", minLabel: {}, maxLabel: {}, showIf: [], ...extra,
});

/** A small deterministic generator, so every demo install shows the same figures. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Who answered: 40 organisations of the programme's countries, several actor types (a few rare ones, so some cells are hidden). */
const PROFILES: [string, string, string, number][] = [
  ["ngo", "KZ", "ngo", 12],
  ["aarhus_centre", "KZ", "ngo", 6],
  ["aarhus_centre", "KG", "ngo", 3],
  ["ngo", "KG", "women", 4],
  ["youth", "KZ", "youth", 4],
  ["ngo", "UZ", "ngo", 3],
  ["local_government", "KZ", "local_authorities", 3],
  ["academia", "TJ", "science", 2],
  ["women", "TJ", "women", 2],
  ["business", "KZ", "business", 1],
];

/**
 * The surveys demo (issue 13, point 8): a closed needs assessment in the Aarhus space — the skills civil-society
 * organisations say they need to work online — answered by 40 organisations through the real command, so its
 * results page shows percentages of respondents, a cross-tab with hidden small cells, and charts. The surveys
 * feature is switched on in the space when it is not yet. Idempotent: does nothing once the survey exists.
 */
export async function seedSurveysDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_SURVEY_SPACE];
  if (!spaceId) return;
  const actor = { id: demo.adminUserId };
  if (!(await ensureSpaceFeature(services, actor, spaceId, "surveys"))) return;
  if (await findSurvey(services.db, spaceId, DEMO_SURVEY_SLUG)) return;

  let survey = await createSurvey(services, actor, spaceId, {
    title: { en: "Skills needs of civil-society organisations", ru: "Потребности организаций гражданского общества в навыках" },
    description: {
      en: "Before the programme’s training and mentoring start, we ask the organisations taking part which skills for working online they need most. The results shape the training tracks.",
      ru: "Прежде чем начнутся обучение и наставничество по программе, мы спрашиваем организации-участники, каких навыков работы в интернете им больше всего не хватает. От результатов зависят направления обучения.",
    },
    respondent: "anonymous", resultsPublic: true, opensAt: null, closesAt: null,
  });
  survey = await addSection(services, actor, survey.id, { en: "Your readiness", ru: "Ваша готовность" }, {});
  const [first, second] = survey.definition.sections.map((section) => section.key) as [string, string];
  const inputs: QuestionInput[] = [
    question(first, "single", ["Does your organisation work with its community online?", "Работает ли ваша организация со своим сообществом в интернете?"], {
      options: lines(["Yes, regularly", "Да, постоянно"], ["Sometimes", "Иногда"], ["Not yet", "Пока нет"]),
    }),
    question(first, "multiple", ["Which skills would help your organisation most in the coming year?", "Какие навыки больше всего помогли бы вашей организации в ближайший год?"], {
      options: lines(
        ["Raising funds online", "Сбор средств в интернете"],
        ["Online advocacy with public authorities", "Онлайн-адвокация перед органами власти"],
        ["Project and team management", "Управление проектами и командой"],
        ["Working remotely", "Удалённая работа"],
        ["Privacy and security online", "Конфиденциальность и безопасность в сети"],
        ["Building relationships online", "Выстраивание отношений онлайн"],
        ["Running online campaigns", "Проведение онлайн-кампаний"],
      ),
    }),
    question(first, "multiple", ["Which channels do you use to reach people?", "Какими каналами вы пользуетесь, чтобы достучаться до людей?"], {
      options: lines(["Website", "Сайт"], ["Social networks", "Социальные сети"], ["Messengers", "Мессенджеры"], ["Mailing lists", "Рассылки"]),
    }),
    question(second, "scale", ["How ready is your organisation to run a public consultation online?", "Насколько ваша организация готова провести общественное обсуждение онлайн?"], {
      minLabel: { en: "not at all", ru: "совсем не готова" }, maxLabel: { en: "fully", ru: "полностью готова" },
    }),
    question(second, "matrix", ["How confident are you in helping people use their rights?", "Насколько уверенно вы помогаете людям пользоваться своими правами?"], {
      rows: lines(["Access to environmental information", "Доступ к экологической информации"], ["Taking part in decisions", "Участие в принятии решений"], ["Access to justice", "Доступ к правосудию"]),
      options: lines(["Not confident", "Неуверенно"], ["Somewhat", "Отчасти"], ["Confident", "Уверенно"]),
    }),
    question(second, "long_text", ["What else should the programme offer you?", "Что ещё программа должна вам предложить?"], { isRequired: false }),
  ];
  for (const input of inputs) survey = await saveQuestion(services, actor, survey.id, null, input);
  // The channels question is asked only of organisations already online (a condition on the first question).
  const [online, skills, channels, readiness, rights, wishes] = allQuestions(survey.definition);
  survey = await saveQuestion(services, actor, survey.id, channels!.key, { ...inputs[2]!, showIf: online!.options.slice(0, 2).map((option) => `${online!.key}:${option.key}`) });
  survey = await setSurveyStatus(services, actor, survey.id, "open");

  const random = generator(2020);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let roll = random() * total;
    for (let at = 0; at < items.length; at += 1) {
      roll -= weights[at]!;
      if (roll < 0) return items[at]!;
    }
    return items[items.length - 1]!;
  };
  const skillShares = [0.6, 0.62, 0.63, 0.56, 0.56, 0.47, 0.27];
  const wishTexts = [
    "Mentoring on how to answer a refused information request.",
    "Наставник, который поможет с первой онлайн-кампанией.",
    "Short videos in Russian rather than long webinars.",
    "Помощь с безопасностью аккаунтов после взлома нашей страницы.",
  ];
  let number = 0;
  const responseIds: string[] = [];
  for (const [actorType, country, constituency, count] of PROFILES) {
    for (let at = 0; at < count; at += 1) {
      number += 1;
      const posted: PostedAnswers = {};
      const isOnline = pick(online!.options.map((option) => option.key), [5, 3, 2]);
      posted[online!.key] = [isOnline];
      posted[skills!.key] = skills!.options.filter((_, index) => random() < skillShares[index]!).map((option) => option.key);
      if (!posted[skills!.key]!.length) posted[skills!.key] = [skills!.options[2]!.key];
      const channelKeys = channels!.options.filter(() => random() < 0.55).map((option) => option.key);
      posted[channels!.key] = channelKeys.length ? channelKeys : [channels!.options[1]!.key];
      posted[readiness!.key] = [pick(["1", "2", "3", "4", "5"], [2, 4, 5, 3, 1])];
      for (const row of rights!.rows) posted[`${rights!.key}.${row.key}`] = [pick(rights!.options.map((option) => option.key), [2, 4, 3])];
      if (number % 9 === 0) posted[wishes!.key] = [wishTexts[(number / 9 - 1) % wishTexts.length]!];
      const respondentKey = `browser:${createHash("sha256").update(`demo-survey-${number}`).digest("hex")}`;
      const current = (await findSurveyById(services.db, survey.id))!;
      responseIds.push(await submitResponse(services, current, { userId: null, organisationId: null, respondentKey, locale: number % 3 ? "ru" : "en" }, posted, { actorType, country, constituency }));
    }
  }
  survey = await setSurveyStatus(services, actor, survey.id, "closed");
  // Two written answers released by the coordinators for the public results.
  for (const index of [8, 17]) if (responseIds[index]) await setAnswerReleased(services, actor, survey, responseIds[index]!, wishes!.key, true);
}
