import { randomBytes } from "node:crypto";
import { ensureUser } from "../../platform/demo";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { ensureSpaceFeature } from "../spaces/commands/ensure-space-feature";
import type { QuestionInput } from "../surveys/commands/save-survey";
import { allQuestions, type Question } from "../surveys/definition";
import { applyToCohort, decideApplication } from "./commands/apply";
import { completeParticipant, markProgress } from "./commands/record-progress";
import { addCohort, addMaterial, addSession, addTrack, createProgramme, saveFormQuestion, setProgrammeStatus } from "./commands/save-programme";
import { findApplication, findProgramme, findProgrammeById, listSessions, listTracks } from "./queries";

export const DEMO_PROGRAMME_SPACE = "aarhus-kazakhstan-2018-2020";
export const DEMO_PROGRAMME_SLUG = "online-communities-accelerator";

const question = (kind: string, text: [string, string], extra: Partial<QuestionInput> = {}): QuestionInput => ({
  section: "s1", kind, text: { en: text[0], ru: text[1] }, help: {}, isRequired: true, options: {}, rows: {}, scale: "1-5", minLabel: {}, maxLabel: {}, showIf: [], ...extra,
});

/**
 * The programmes demo (issue 13, point 8): an accelerator for civil-society organisations in the Aarhus space with
 * two tracks, an autumn cohort of three places with three sessions and a material, and applications in every
 * state — the Russian-speaking demo member accepted, through all sessions and completed (so her certificate can be
 * printed and verified), one accepted, one declined, one waiting for a decision — all through the real commands, so
 * the cohort's private space exists too. The programmes feature is switched on in the space when it is not yet.
 * Idempotent: does nothing once the programme exists.
 */
export async function seedProgrammesDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_PROGRAMME_SPACE];
  if (!spaceId) return;
  const actor = { id: demo.adminUserId };
  if (!(await ensureSpaceFeature(services, actor, spaceId, "programmes"))) return;
  if (await findProgramme(services.db, spaceId, DEMO_PROGRAMME_SLUG)) return;

  const created = await createProgramme(services, actor, spaceId, {
    title: { en: "Online communities accelerator", ru: "Акселератор онлайн-сообществ" },
    description: {
      en: "Twelve weeks for civil-society organisations that want their members, volunteers and the public to take part online, not only read.\n\n- weekly sessions with practitioners from the region;\n- a mentor for every organisation;\n- a community of practice that stays after the course.\n\nThe tracks follow what organisations said they need most in the skills survey.",
      ru: "Двенадцать недель для организаций гражданского общества, которые хотят, чтобы их участники, волонтёры и жители не только читали, но и участвовали онлайн.\n\n- еженедельные занятия с практиками из региона;\n- наставник для каждой организации;\n- сообщество практиков, которое остаётся после курса.\n\nНаправления выбраны по итогам опроса о потребностях в навыках.",
    },
    requiredSessions: 2,
  });
  await addTrack(services, actor, created.id, {
    name: { en: "Running an online community", ru: "Ведение онлайн-сообщества" },
    description: { en: "Moderation, house rules, keeping a discussion civil.", ru: "Модерация, правила, как сохранить уважительный тон обсуждения." },
  });
  await addTrack(services, actor, created.id, {
    name: { en: "Digital advocacy", ru: "Цифровая адвокация" },
    description: { en: "Campaigns and public consultations online, working with authorities.", ru: "Кампании и общественные обсуждения онлайн, работа с органами власти." },
  });
  const tracks = await listTracks(services.db, created.id);
  const cohort = await addCohort(services, actor, created.id, {
    name: { en: "Autumn 2026 cohort", ru: "Осенний поток 2026" }, startsOn: "2026-09-07", endsOn: "2026-11-27", capacity: "3", trackIds: tracks.map((track) => track.id), opensAt: "", closesAt: "",
  });
  await saveFormQuestion(services, actor, created.id, null, question("single", ["How does your organisation work online today?", "Как ваша организация работает в интернете сейчас?"], {
    options: { en: "A website and social media pages\nWe run our own discussion groups\nHardly at all", ru: "Сайт и страницы в соцсетях\nВедём собственные группы обсуждений\nПочти никак" },
  }));
  await saveFormQuestion(services, actor, created.id, null, question("long_text", ["What would you like to achieve by the end of the programme?", "Чего вы хотите добиться к концу программы?"]));
  for (const [en, ru, day] of [
    ["House rules that people keep", "Правила, которые соблюдают", "2026-09-10T10:00"],
    ["Moderating a heated discussion", "Модерация острой дискуссии", "2026-10-08T10:00"],
    ["From an online petition to a public hearing", "От онлайн-петиции к общественным слушаниям", "2026-11-12T10:00"],
  ] as const) await addSession(services, actor, created, cohort, { title: { en, ru }, startsAt: day, eventId: "" });
  await addMaterial(services, actor, created, { title: { en: "Aarhus Convention: an implementation guide (UNECE)", ru: "Орхусская конвенция: руководство по применению (ЕЭК ООН)" }, url: "https://unece.org/environment-policy/public-participation/aarhus-convention/text", documentId: "" });
  await setProgrammeStatus(services, actor, created.id, "open");
  const programme = (await findProgrammeById(services.db, created.id))!;

  const people = [
    { key: "member", id: demo.memberUserId, locale: "ru", answer: [1, "Хотим, чтобы обсуждения наших проектов с жителями шли в интернете, а не только на собраниях."] },
    { key: "accepted", id: await ensureUser(services, { email: "programme-participant@convene.localhost", password: randomBytes(18).toString("base64url"), displayName: "Daniyar Abenov", locale: "en", isPlatformAdmin: false }), locale: "en", answer: [2, "Start a volunteer network that meets online between our field trips."] },
    { key: "declined", id: await ensureUser(services, { email: "programme-applicant@convene.localhost", password: randomBytes(18).toString("base64url"), displayName: "Гульнара Ешенова", locale: "ru", isPlatformAdmin: false }), locale: "ru", answer: [0, "Научиться вести страницу организации."] },
    { key: "pending", id: await ensureUser(services, { email: "programme-waiting@convene.localhost", password: randomBytes(18).toString("base64url"), displayName: "Aida Tursunova", locale: "en", isPlatformAdmin: false }), locale: "en", answer: [0, "Bring our air-quality reports to more readers."] },
  ] as const;
  const [choice, text] = allQuestions(programme.form) as [Question, Question];
  const applications: Record<string, string> = {};
  for (const person of people) {
    const application = await applyToCohort(services, { id: person.id }, programme, cohort, { answers: { [choice.key]: [choice.options[person.answer[0]]!.key], [text.key]: [person.answer[1]] }, organisationId: null, trackId: tracks[0]!.id, locale: person.locale });
    applications[person.key] = application.id;
  }
  await decideApplication(services, actor, applications.member!, "accept");
  await decideApplication(services, actor, applications.accepted!, "accept");
  await decideApplication(services, actor, applications.declined!, "decline");
  const sessions = await listSessions(services.db, cohort.id);
  for (const session of sessions) await markProgress(services, actor, programme, (await findApplication(services.db, applications.member!))!, session.id, true);
  await markProgress(services, actor, programme, (await findApplication(services.db, applications.accepted!))!, sessions[0]!.id, true);
  await completeParticipant(services, actor, programme, applications.member!);
}
