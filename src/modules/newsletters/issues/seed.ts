import { eq } from "drizzle-orm";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { findSpaceBySlug } from "../../spaces/queries";
import { createNewsletter, scheduleNewsletter } from "./commands";
import { newsletters } from "./schema";
import { startSending } from "./send";

const DEMO_SPACE = "nature-action-agenda";
const DAY = 86_400_000;

/**
 * Two newsletters of the Action Agenda space, in our own words: one sent to its members (through the real send, so
 * its mails land in the outbox once the job worker runs) and one scheduled a week ahead. Only when the space has none.
 */
export async function seedNewsletterIssuesDemo(services: Services, demo: DemoContext): Promise<void> {
  const space = await findSpaceBySlug(services.db, DEMO_SPACE);
  if (!space) return;
  const [existing] = await services.db.select({ id: newsletters.id }).from(newsletters).where(eq(newsletters.spaceId, space.id)).limit(1);
  if (existing) return;
  const actor = { id: demo.adminUserId };
  const sent = await createNewsletter(services, actor, space.id, {
    subject: { en: "Action Agenda: what partners did this quarter", ru: "Программа действий: что сделали партнёры за квартал" },
    preheader: { en: "New commitments, first progress reports and the next discussion round", ru: "Новые обязательства, первые отчёты и следующий раунд обсуждений" },
    intro: {
      en: "Dear partners,\n\nthis quarter **fourteen organisations** registered commitments tied to the biodiversity targets, and the first progress reports came in. Thank you to everyone who shared what works — and what does not yet.\n\n- The discussion on urban green spaces closes at the end of the month.\n- Farmers' associations asked for a shared glossary; a first draft is in the knowledge hub.",
      ru: "Уважаемые партнёры!\n\nВ этом квартале **четырнадцать организаций** зарегистрировали обязательства, связанные с задачами по биоразнообразию, и пришли первые отчёты о ходе работы. Спасибо всем, кто рассказал, что получается, а что пока нет.\n\n- Обсуждение городских зелёных зон завершается в конце месяца.\n- Фермерские объединения попросили общий глоссарий — первый вариант уже в базе знаний.",
    },
    segment: { audiences: ["members", "followers", "subscribers"] },
  });
  await startSending(services, sent.id, demo.adminUserId);
  const scheduled = await createNewsletter(services, actor, space.id, {
    subject: { en: "Invitation: stocktaking webinar for non-state actors", ru: "Приглашение: вебинар по подведению итогов для негосударственных участников" },
    preheader: { en: "Register by Friday", ru: "Регистрация до пятницы" },
    intro: {
      en: "We will look together at the commitments registered so far and at the targets where action is still missing. Interpretation into Russian is provided.",
      ru: "Вместе посмотрим на уже зарегистрированные обязательства и на задачи, по которым действий пока не хватает. Будет синхронный перевод на русский язык.",
    },
    segment: { audiences: ["members", "followers", "subscribers"], locales: [] },
  });
  await scheduleNewsletter(services, actor, space.id, scheduled.id, new Date(services.clock.now().getTime() + 7 * DAY));
}
