import { ensureUser } from "../../platform/demo";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { ensureSpaceFeature } from "../spaces/commands/ensure-space-feature";
import { findFrameworkItemId } from "../spaces/queries";
import { confirmPair } from "./commands/confirm-pair";
import { logMeeting } from "./commands/log-meeting";
import { saveOffer, saveRequest } from "./commands/save-profile";
import { OfferInput, RequestInput } from "./inputs";
import { listMentors } from "./queries";

export const DEMO_MENTORING_SPACE = "aarhus-kazakhstan-2018-2020";
const DEMO_PASSWORD = "convene-mentoring-2026";

type Person = "facilitator" | "member" | { email: string; displayName: string; locale: string };

const MENTORS: { who: Person; items: string[]; offer: Omit<Record<string, unknown>, "itemIds"> }[] = [
  {
    who: { email: "abenova.mentor@convene.localhost", displayName: "Гульнара Абенова", locale: "ru" },
    items: ["AARHUS-ACCESS-TO-INFORMATION", "AARHUS-PUBLIC-PARTICIPATION"],
    offer: {
      displayName: "Гульнара Абенова",
      bio: "Пятнадцать лет руковожу Орхусским центром в области. Помогаю готовить запросы экологической информации и выступать на общественных слушаниях так, чтобы замечания попали в протокол.",
      tags: ["общественные слушания", "запросы информации"], languages: ["ru", "kk"], timeZone: "Asia/Almaty", capacity: 2,
    },
  },
  {
    who: "facilitator",
    items: ["AARHUS-PUBLIC-PARTICIPATION"],
    offer: {
      displayName: "Tomás Rivera",
      bio: "I facilitate online consultations and train small organisations to run their own: agendas, breakout groups, and a written summary people can check.",
      tags: ["facilitation", "online consultations"], languages: ["en", "es"], timeZone: "Europe/Madrid", capacity: 3,
    },
  },
  {
    who: { email: "ospanov.mentor@convene.localhost", displayName: "Данияр Оспанов", locale: "ru" },
    items: ["AARHUS-ACCESS-TO-JUSTICE"],
    offer: {
      displayName: "Данияр Оспанов",
      bio: "Юрист-эколог. Объясняю, как обжаловать решения и бездействие органов по экологическим вопросам и как собрать доказательства.",
      tags: ["strategic litigation"], languages: ["ru", "en"], timeZone: "Asia/Almaty", capacity: 1,
    },
  },
];

const MENTEES: { who: Person; items: string[]; request: Record<string, unknown> }[] = [
  {
    who: "member",
    items: ["AARHUS-PUBLIC-PARTICIPATION"],
    request: {
      displayName: "Марина Волкова",
      needs: "Наша НКО впервые готовит замечания к оценке воздействия на окружающую среду. Хочу понять, как участвовать в слушаниях и добиться ответа на наши замечания.",
      tags: ["общественные слушания"], languages: ["ru"], timeZone: "Asia/Almaty",
    },
  },
  {
    who: { email: "karimova.mentee@convene.localhost", displayName: "Dilnoza Karimova", locale: "en" },
    items: ["AARHUS-PUBLIC-PARTICIPATION"],
    request: {
      displayName: "Dilnoza Karimova",
      needs: "Our youth group wants to run its first online consultation with students on the city's waste plan.",
      tags: ["online consultations"], languages: ["en", "ru"], timeZone: "Asia/Tashkent",
    },
  },
  {
    who: { email: "toktogulov.mentee@convene.localhost", displayName: "Азамат Токтогулов", locale: "ru" },
    items: ["AARHUS-ACCESS-TO-JUSTICE", "AARHUS-ACCESS-TO-INFORMATION"],
    request: {
      displayName: "Азамат Токтогулов",
      needs: "Местный акимат не отвечает на наш запрос о качестве воды. Нужен совет, как действовать дальше.",
      tags: [], languages: ["ru", "ky"], timeZone: "Asia/Bishkek",
    },
  },
];

/**
 * The mentoring demo (issue 13, point 8): in the Aarhus space, three mentors and three mentees, one confirmed pair
 * (the Aarhus centre head and the member, who share Russian and a topic) with a meeting in its log; the others
 * wait, so the organisers' page shows suggestions. The space's "programmes" feature is switched on when it is not.
 * Idempotent: does nothing once the space has a mentor.
 */
export async function seedMentoringDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_MENTORING_SPACE];
  if (!spaceId) return;
  const actor = { id: demo.adminUserId };
  const space = await ensureSpaceFeature(services, actor, spaceId, "programmes");
  if (!space) return;
  if ((await listMentors(services.db, spaceId)).length) return;
  const userOf = async (who: Person) =>
    who === "facilitator" ? demo.facilitatorUserId : who === "member" ? demo.memberUserId : ensureUser(services, { ...who, password: DEMO_PASSWORD, isPlatformAdmin: false });
  const itemIds = async (keys: string[]) => (await Promise.all(keys.map((key) => findFrameworkItemId(services.db, "AARHUS", key)))).filter((id): id is string => Boolean(id));
  const mentorIds: string[] = [];
  for (const entry of MENTORS) {
    const input = OfferInput.parse({ programmeId: null, ...entry.offer, itemIds: await itemIds(entry.items) });
    mentorIds.push((await saveOffer(services, { id: await userOf(entry.who) }, spaceId, input)).id);
  }
  const menteeIds: string[] = [];
  for (const entry of MENTEES) {
    const input = RequestInput.parse({ programmeId: null, ...entry.request, itemIds: await itemIds(entry.items) });
    menteeIds.push((await saveRequest(services, { id: await userOf(entry.who) }, spaceId, input)).id);
  }
  const pair = await confirmPair(services, actor, { id: spaceId, slug: space.slug }, { mentorId: mentorIds[0]!, menteeId: menteeIds[0]! });
  const metOn = new Date(services.clock.now().getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
  await logMeeting(services, { id: demo.memberUserId }, { id: pair.id, spaceId }, {
    metOn, minutes: 50,
    notes: "Разобрали порядок общественных слушаний по ОВОС и составили план замечаний. К следующей встрече Марина готовит первый вариант письма в акимат.",
  });
}
