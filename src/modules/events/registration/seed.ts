import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import { ensureUser } from "../../../platform/demo";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { findEventById, isRegistrationOpen } from "../queries";
import { addQuestion, registerForEvent } from "./commands";
import { listQuestions } from "./queries";

/** Demo participants (Russian names, the demo's language); they log in with a random password nobody knows. */
const PARTICIPANTS = [
  "Айжан Касымова",
  "Ерлан Жумабаев",
  "Ольга Ким",
  "Нурлан Сейткали",
  "Дина Абенова",
  "Сергей Петренко",
  "Гульнара Тулегенова",
  "Асель Мухамедова",
];

/**
 * The registration part of the demo (run after the pages part made the Aarhus space's events): each open event
 * gets the organisers' two questions, and demo participants register — for an event with a capacity, two more
 * than it holds, so its waitlist shows. Idempotent: an event that already has registrations is left alone.
 */
export async function seedRegistrationDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds["aarhus-kazakhstan-2018-2020"];
  if (!spaceId) return;
  const now = services.clock.now();
  const rows = await queryRows<{ id: string; capacity: number | null }>(
    services.db,
    sql`select e.id, p.capacity from events e left join seat_pools p on p.kind = 'event' and p.owner_id = e.id
      where e.space_id = ${spaceId} and e.status = 'published' and not exists (select 1 from event_registrations r where r.event_id = e.id)
      order by e.starts_at`,
  );
  const participants: string[] = [];
  for (const [index, name] of PARTICIPANTS.entries()) {
    participants.push(await ensureUser(services, { email: `participant-${index + 1}@convene.localhost`, password: randomBytes(18).toString("base64url"), displayName: name, locale: "ru", isPlatformAdmin: false }));
  }
  const actor = { id: demo.adminUserId };
  for (const row of rows) {
    const event = await findEventById(services.db, row.id);
    if (!event || !isRegistrationOpen(event, now)) continue;
    if (!(await listQuestions(services.db, event.id)).length) {
      await addQuestion(services, actor, event, { kind: "single", label: { ru: "Как вы будете участвовать?", en: "How will you take part?" }, options: "In person | Очно\nOnline | Онлайн", isRequired: true });
      await addQuestion(services, actor, event, { kind: "text", label: { ru: "Какие вопросы вы хотели бы обсудить?", en: "What would you like to discuss?" }, options: "", isRequired: false });
    }
    const questions = await listQuestions(services.db, event.id);
    const count = row.capacity === null ? 4 : Math.min(participants.length, row.capacity + 2);
    for (const [index, userId] of participants.slice(0, count).entries()) {
      await registerForEvent(services, { id: userId }, event, {
        locale: "ru",
        answers: (questionId) => {
          const question = questions.find((item) => item.id === questionId);
          if (question?.kind === "single") return index % 3 === 0 ? "o2" : "o1";
          return question?.kind === "text" && index % 2 === 0 ? "Доступ к экологической информации в регионах" : undefined;
        },
      });
    }
  }
}
