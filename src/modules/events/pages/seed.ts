import { sql } from "drizzle-orm";
import { queryRows } from "../../../db/sql";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { createEvent, setEventStatus, setRegistrationState } from "../commands/save-event";
import { eventFieldDefaults, instantIn, type EventFields } from "../inputs";

/** The demo space events live in, and the slugs of the demo events the other parts add their own content to. */
export const DEMO_EVENTS_SPACE = "aarhus-kazakhstan-2018-2020";
export const DEMO_EVENT_SLUGS = { hybrid: "forum-orhus-2027", past: "seminar-dostup-k-informacii", external: "unece-mop-vstrecha" } as const;

const DAY = 86_400_000;

/** Day `days` from today at a wall-clock hour in Almaty (UTC+5), as an instant. */
function almatyAt(now: Date, days: number, hour: number): Date {
  const day = new Date(now.getTime() + days * DAY);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour - 5, 0));
}

/** Day `days` from today at a wall-clock hour in Geneva, as an instant (summer or winter time alike). */
function zurichAt(now: Date, days: number, hour: number): Date {
  const day = new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
  return instantIn(`${day}T${String(hour).padStart(2, "0")}:00`, "Europe/Zurich")!;
}

const base = (): Omit<EventFields, "slug" | "title" | "summary" | "description" | "startsAt" | "endsAt"> => ({
  ...eventFieldDefaults(),
  kind: "hybrid",
  visibility: "public",
  timeZone: "Asia/Almaty",
  venueName: "",
  venueAddress: "",
  country: "KZ",
  meetingUrl: null,
  languages: ["ru"],
});

/**
 * Demo events of the pages part (issue 11, item 9), in Russian, in the Aarhus space: an upcoming hybrid forum with
 * limited places (the agenda and registration parts add its programme and registrations), a past seminar (for the
 * recordings and attendance of the other parts) and another organiser's meeting listed with its own link. Only
 * what is missing is created.
 */
export async function seedEventPagesDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_EVENTS_SPACE];
  if (!spaceId) return;
  const existing = new Set((await queryRows<{ slug: string }>(services.db, sql`select slug from events where space_id = ${spaceId}`)).map((row) => row.slug));
  const now = services.clock.now();
  const actor = { id: demo.adminUserId };
  const [series] = await queryRows<{ id: string }>(services.db, sql`select id from event_series where space_id = ${spaceId} order by created_at limit 1`);
  const seriesId =
    series?.id ??
    (await queryRows<{ id: string }>(services.db, sql`insert into event_series (space_id, title) values (${spaceId}, ${JSON.stringify({ ru: "Форумы Орхусских центров", en: "Aarhus centres' forums" })}::jsonb) returning id`))[0]!.id;
  const organisationIds = Object.values(demo.organisationIds).slice(0, 2);

  if (!existing.has(DEMO_EVENT_SLUGS.hybrid)) {
    const event = await createEvent(services, actor, spaceId, {
      ...base(),
      slug: DEMO_EVENT_SLUGS.hybrid,
      title: { ru: "Форум Орхусских центров: участие общественности в экологических решениях" },
      summary: { ru: "Два дня о том, как жители влияют на решения о воде, воздухе и земле: пленарное заседание, панели, работа в группах и анконференция." },
      description: {
        ru: "Форум собирает Орхусские центры всех регионов, государственные органы и общественные организации.\n\n**Первый день** — пленарное заседание и панельные дискуссии об общественных слушаниях и доступе к экологической информации.\n\n**Второй день** — работа в группах, сессия дизайн-мышления и анконференция: темы предлагают и выбирают сами участники.\n\nМожно участвовать очно в Алматы или онлайн; личная ссылка для подключения придёт после подтверждения регистрации.",
      },
      startsAt: almatyAt(now, 21, 10),
      endsAt: almatyAt(now, 22, 17),
      venueName: "Конференц-зал Алматинского Орхусского центра",
      venueAddress: "ул. Абая, 10, Алматы",
      mapUrl: "https://www.openstreetmap.org/search?query=Almaty",
      meetingUrl: "https://meet.example.org/orhus-forum-demo",
      languages: ["ru", "kk"],
      interpretation: ["en"],
      accessibility: { ru: "Вход без ступеней, субтитры на онлайн-трансляции, тихая комната на втором этаже." },
      themes: ["участие общественности", "вода"],
      capacity: 60,
      seriesId,
      organisationIds,
    });
    await setEventStatus(services, actor, event.id, "published");
    await setRegistrationState(services, actor, event.id, "open");
  }
  if (!existing.has(DEMO_EVENT_SLUGS.past)) {
    const event = await createEvent(services, actor, spaceId, {
      ...base(),
      slug: DEMO_EVENT_SLUGS.past,
      kind: "online",
      title: { ru: "Семинар «Доступ к экологической информации: запросы и ответы»" },
      summary: { ru: "Как составить запрос в государственный орган и что делать, если ответа нет: практический семинар для общественных организаций." },
      description: { ru: "Юристы Орхусских центров разобрали реальные запросы и ответы на них, а участники потренировались составлять собственные запросы." },
      startsAt: almatyAt(now, -14, 15),
      endsAt: almatyAt(now, -14, 17),
      meetingUrl: "https://meet.example.org/orhus-seminar-demo",
      themes: ["доступ к информации"],
      seriesId,
      organisationIds: organisationIds.slice(0, 1),
    });
    await setEventStatus(services, actor, event.id, "published");
  }
  if (!existing.has(DEMO_EVENT_SLUGS.external)) {
    const event = await createEvent(services, actor, spaceId, {
      ...base(),
      slug: DEMO_EVENT_SLUGS.external,
      kind: "in_person",
      title: { ru: "Совещание Сторон Орхусской конвенции (ЕЭК ООН)", en: "Meeting of the Parties to the Aarhus Convention (UNECE)" },
      summary: { ru: "Встреча другого организатора: регистрация наблюдателей от общественности — на сайте ЕЭК ООН." },
      description: {},
      startsAt: zurichAt(now, 45, 10),
      endsAt: zurichAt(now, 47, 17),
      timeZone: "Europe/Zurich",
      venueName: "Palais des Nations",
      venueAddress: "Женева",
      country: "CH",
      languages: ["en", "ru", "fr"],
      isExternal: true,
      externalUrl: "https://unece.org/environmental-policy/public-participation",
      themes: ["участие общественности"],
    });
    await setEventStatus(services, actor, event.id, "published");
  }
}
