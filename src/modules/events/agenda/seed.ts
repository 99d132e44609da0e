import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { findEventInSpace, type EventView } from "../queries";
import { createSession, saveClosingNotes, saveSessionMaterial } from "./commands/save-session";
import type { SessionFields } from "./inputs";

// The agenda's demo (issue 11, item 9), in Russian: a programme for the hybrid forum the pages part seeds (a
// plenary, two parallel tracks, a workshop with its own small seat pool) and, for the past seminar, recordings,
// slides and closing notes. The events are found by the pages part's demo slugs; a missing one is skipped.

const SPACE = "aarhus-kazakhstan-2018-2020";
const FORUM = "forum-orhus-2027";
const SEMINAR = "seminar-dostup-k-informacii";
const HOUR = 3_600_000;

type DemoSession = Omit<SessionFields, "startsAt" | "endsAt" | "description" | "hasRegistration" | "capacity"> & { from: number; hours: number; description?: string; capacity?: number };

const at = (event: EventView, session: DemoSession): Pick<SessionFields, "startsAt" | "endsAt"> => {
  const startsAt = new Date(event.startsAt.getTime() + session.from * HOUR);
  return { startsAt, endsAt: new Date(Math.min(startsAt.getTime() + session.hours * HOUR, event.endsAt.getTime())) };
};

async function addSessions(services: Services, actorId: string, event: EventView, sessions: DemoSession[]): Promise<string[]> {
  const ids: string[] = [];
  for (const session of sessions) {
    const { from, hours, description, capacity, ...rest } = session;
    void from;
    void hours;
    const created = await createSession(services, { id: actorId }, event, {
      ...rest,
      ...at(event, session),
      description: description ? { ru: description } : {},
      hasRegistration: capacity !== undefined,
      capacity: capacity ?? null,
    });
    ids.push(created.id);
  }
  return ids;
}

/** Adds the demo agenda to the demo events (only to an event that has no sessions yet, so it can run twice). */
export async function seedEventAgendaDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[SPACE];
  if (!spaceId) return;
  const actorId = demo.facilitatorUserId;
  const hasSessions = async (eventId: string) => (await queryRows(services.db, sql`select 1 from event_sessions where event_id = ${eventId} limit 1`)).length > 0;

  const forum = await findEventInSpace(services.db, spaceId, FORUM);
  if (forum && !(await hasSessions(forum.id))) {
    await addSessions(services, actorId, forum, [
      { title: { ru: "Открытие форума: доступ к информации и участие общественности" }, type: "plenary", track: "", room: "Большой зал", from: 0, hours: 1.5, description: "Зачем мы собрались и что должно получиться к концу дня.",
        people: [{ role: "moderator", email: "", name: "Гульнара Ахметова", organisation: "Орхусский центр Алматы", bio: { ru: "Координирует сеть Орхусских центров страны." } }, { role: "speaker", email: "", name: "Ерлан Садыков", organisation: "Министерство экологии", bio: {} }] },
      { title: { ru: "Перерыв на кофе" }, type: "break", track: "", room: "Фойе", from: 1.5, hours: 0.5, people: [] },
      { title: { ru: "Вода: общественный контроль качества" }, type: "panel", track: "Вода", room: "Зал 2", from: 2, hours: 1.5, people: [{ role: "speaker", email: "", name: "Айжан Нурланова", organisation: "ОФ «Чистая вода»", bio: {} }] },
      { title: { ru: "Воздух: данные мониторинга для всех" }, type: "panel", track: "Воздух", room: "Зал 3", from: 2, hours: 1.5, people: [{ role: "speaker", email: "", name: "Тимур Оспанов", organisation: "Экологическая инициатива", bio: {} }] },
      { title: { ru: "Мастерская: как подать запрос на экологическую информацию" }, type: "workshop", track: "Вода", room: "Малый зал", from: 4, hours: 1.5, capacity: 12, description: "Работаем с настоящими запросами; мест немного.", people: [] },
      { title: { ru: "Итоговое пленарное заседание" }, type: "plenary", track: "", room: "Большой зал", from: 6, hours: 1, people: [] },
    ]);
  }

  const seminar = await findEventInSpace(services.db, spaceId, SEMINAR);
  if (seminar && !(await hasSessions(seminar.id))) {
    const [first, second] = await addSessions(services, actorId, seminar, [
      { title: { ru: "Право на доступ к экологической информации" }, type: "plenary", track: "", room: "", from: 0, hours: 1, people: [{ role: "speaker", email: "", name: "Асель Жумабаева", organisation: "Юридическая клиника", bio: {} }] },
      { title: { ru: "Разбор случаев из практики центров" }, type: "breakout", track: "", room: "", from: 1, hours: 1, people: [] },
    ]);
    await saveSessionMaterial(services, { id: actorId }, seminar, first, { recordingUrl: "https://video.example.org/aarhus/seminar-1", slidesUrl: "https://files.example.org/aarhus/seminar-1.pdf", links: [] });
    await saveSessionMaterial(services, { id: actorId }, seminar, second, { recordingUrl: null, slidesUrl: null, links: [{ label: "Сборник случаев", url: "https://files.example.org/aarhus/cases.pdf" }] });
    await saveClosingNotes(services, { id: actorId }, seminar, {
      ru: "Участники договорились о **трёх шагах**: общий шаблон запроса, перечень ответственных органов и встреча через полгода, чтобы сверить ответы.",
    });
  }
}
