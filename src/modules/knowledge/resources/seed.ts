import { and, eq, isNull, sql } from "drizzle-orm";
import { DAY_MS } from "../../../platform/clock";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { findFrameworkItemId } from "../../spaces/queries";
import { saveResource } from "./commands/save-resource";
import { readResourceInput, type ResourceRawInput } from "./inputs";
import { knowledgeResources } from "./schema";
import { isoDay } from "./queries";

type DemoResource = ResourceRawInput & {
  /** null: platform-wide */
  space: string | null;
  /** Days from the seeding day to the deadline (negative: already closed). */
  deadlineInDays?: number;
  targetKeys?: [string, string][];
};

// Written for the demo in our own words; every funder and programme here is fictional. Seed 001 names the gap
// they answer: little state funding for environmental work in the regions, and environmental topics seldom
// among the lots of national grant competitions — so NGOs and Aarhus centres need to see where else to apply.
const AARHUS = "aarhus-kazakhstan-2018-2020";
const RESOURCES: DemoResource[] = [
  {
    space: AARHUS,
    kind: "funding",
    title: { en: "Small grants for public environmental monitoring", ru: "Малые гранты на общественный экологический мониторинг" },
    description: {
      en: "Support for community groups and Aarhus centres that measure air or water quality near their homes and publish the results openly. Projects of six to twelve months; equipment may make up to a third of the budget.",
      ru: "Поддержка инициативных групп и Орхусских центров, которые сами измеряют качество воздуха или воды рядом с домом и открыто публикуют результаты. Проекты на 6–12 месяцев; оборудование — не более трети бюджета.",
    },
    url: "https://steppe-fund.example.org/monitoring",
    applyUrl: "https://steppe-fund.example.org/monitoring/apply",
    languages: ["ru", "kk"],
    tags: ["monitoring", "air quality", "мониторинг"],
    countries: ["KZ"],
    funder: "Steppe Futures Foundation",
    programme: "Citizen Science 2026",
    eligibleActorTypes: ["ngo", "aarhus_centre", "iplc"],
    amountMin: "2000",
    amountMax: "8000",
    currency: "USD",
    deadlineKind: "date",
    deadlineInDays: 9,
    targetKeys: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"]],
  },
  {
    space: AARHUS,
    kind: "funding",
    title: { en: "Grants for legal aid on environmental cases", ru: "Гранты на юридическую помощь по экологическим делам" },
    description: {
      en: "For organisations that advise residents on appeals against permits and on going to court when environmental information is refused.",
      ru: "Для организаций, которые консультируют жителей по обжалованию разрешений и по обращению в суд, когда им отказывают в экологической информации.",
    },
    url: "https://justice-trust.example.org/grants",
    languages: ["ru", "en"],
    tags: ["legal aid", "access to justice"],
    countries: ["KZ", "KG", "UZ", "TJ"],
    funder: "Open Justice Trust",
    programme: "Environmental Rights Window",
    eligibleActorTypes: ["ngo", "academia"],
    amountMin: "10000",
    amountMax: "40000",
    currency: "EUR",
    deadlineKind: "date",
    deadlineInDays: 24,
    targetKeys: [["AARHUS", "AARHUS-ACCESS-TO-JUSTICE"]],
  },
  {
    space: AARHUS,
    kind: "funding",
    title: { en: "Business partnership fund for green public hearings", ru: "Партнёрский фонд бизнеса для «зелёных» общественных слушаний" },
    description: {
      en: "Companies in the region co-finance well-prepared public hearings on new projects: plain-language summaries, venues, travel for rural residents.",
      ru: "Компании региона софинансируют хорошо подготовленные общественные слушания по новым проектам: понятные резюме, помещения, проезд сельских жителей.",
    },
    url: "https://csr-alliance.example.kz/hearings",
    languages: ["ru"],
    tags: ["public hearings", "CSR"],
    countries: ["KZ"],
    funder: "Regional CSR Alliance",
    eligibleActorTypes: ["ngo", "aarhus_centre", "local_government"],
    amountMax: "5000000",
    currency: "KZT",
    deadlineKind: "rolling",
    targetKeys: [["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"]],
  },
  {
    space: AARHUS,
    kind: "funding",
    title: { en: "Exchange visits between Aarhus centres (2025 round)", ru: "Обменные визиты между Орхусскими центрами (раунд 2025 года)" },
    description: { en: "Travel grants for staff of Aarhus centres to spend a week with a centre in another country.", ru: "Гранты на поездки сотрудников Орхусских центров на неделю в центр другой страны." },
    url: "https://exchange.example.org/aarhus-2025",
    languages: ["ru", "en"],
    tags: ["exchange"],
    funder: "Central Asia Exchange Network",
    eligibleActorTypes: ["aarhus_centre"],
    amountMax: "1500",
    currency: "EUR",
    deadlineKind: "date",
    deadlineInDays: -40,
  },
  {
    space: AARHUS,
    kind: "toolkit",
    title: { en: "How to request environmental information: a step-by-step guide", ru: "Как запросить экологическую информацию: пошаговое руководство" },
    description: {
      en: "Templates of requests, the time limits authorities must keep, and what to do when the answer is late or incomplete.",
      ru: "Образцы запросов, сроки, которые должны соблюдать органы, и что делать, если ответ опоздал или неполный.",
    },
    url: "https://aarhus-guide.example.org/information-requests",
    languages: ["ru", "kk"],
    tags: ["access to information", "templates"],
    countries: ["KZ"],
    targetKeys: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"]],
  },
  {
    space: AARHUS,
    kind: "training",
    title: { en: "Online course: preparing for a public hearing", ru: "Онлайн-курс: как подготовиться к общественным слушаниям" },
    description: { en: "Five short lessons with exercises, for first-time participants.", ru: "Пять коротких уроков с упражнениями для тех, кто участвует впервые." },
    url: "https://learn.example.org/public-hearings",
    languages: ["ru"],
    tags: ["training", "public participation"],
  },
  {
    space: null,
    kind: "funding",
    title: { en: "Youth climate action micro-grants", ru: "Микрогранты молодёжным климатическим инициативам" },
    description: {
      en: "Quick, small grants for youth-led groups that start a local climate or nature project. Decisions within four weeks.",
      ru: "Быстрые небольшие гранты молодёжным группам, начинающим местный проект по климату или природе. Решение в течение четырёх недель.",
    },
    url: "https://youth-climate.example.org/micro-grants",
    languages: ["en", "ru", "fr", "es"],
    tags: ["youth", "climate"],
    funder: "Global Youth Nature Fund",
    eligibleActorTypes: ["youth"],
    amountMin: "500",
    amountMax: "3000",
    currency: "USD",
    deadlineKind: "date",
    deadlineInDays: 4,
  },
  {
    space: null,
    kind: "dataset",
    title: { en: "Open register of protected areas, Central Asia", ru: "Открытый реестр особо охраняемых природных территорий Центральной Азии" },
    description: { en: "Boundaries and status of protected areas as downloadable GeoJSON and CSV, updated each year.", ru: "Границы и статус ООПТ в виде файлов GeoJSON и CSV, обновляется ежегодно." },
    url: "https://data.example.org/protected-areas",
    languages: ["en", "ru"],
    tags: ["protected areas", "open data"],
    countries: ["KZ", "KG", "TJ", "TM", "UZ"],
  },
  {
    space: null,
    kind: "report",
    title: { en: "What helps civil society win funding: lessons from 40 applications", ru: "Что помогает общественным организациям получить финансирование: уроки 40 заявок" },
    description: { en: "A short study of successful and rejected proposals, with a checklist for the next one.", ru: "Короткое исследование удачных и отклонённых заявок с чек-листом для следующей." },
    url: "https://ngo-lab.example.org/funding-lessons",
    languages: ["en"],
    tags: ["fundraising"],
  },
];

/** Demo funding and resources (idempotent: an item whose English title exists in its scope is left as it is). */
export async function seedResources(services: Services, demo: DemoContext): Promise<void> {
  const now = services.clock.now();
  for (const entry of RESOURCES) {
    const spaceId = entry.space ? demo.spaceIds[entry.space] : null;
    if (spaceId === undefined) continue;
    const [existing] = await services.db
      .select({ id: knowledgeResources.id })
      .from(knowledgeResources)
      .where(and(spaceId === null ? isNull(knowledgeResources.spaceId) : eq(knowledgeResources.spaceId, spaceId), sql`${knowledgeResources.title}->>'en' = ${entry.title?.en ?? ""}`))
      .limit(1);
    if (existing) continue;
    const targetIds: string[] = [];
    for (const [framework, item] of entry.targetKeys ?? []) {
      const id = await findFrameworkItemId(services.db, framework, item);
      if (id) targetIds.push(id);
    }
    const deadline = entry.deadlineInDays === undefined ? undefined : isoDay(new Date(now.getTime() + entry.deadlineInDays * DAY_MS));
    const { fields, errors } = readResourceInput({ ...entry, targets: targetIds, deadline }, { targetIds: new Set(targetIds) });
    if (Object.keys(errors).length) throw new Error(`demo resource "${entry.title?.en}" is invalid: ${JSON.stringify(errors)}`);
    await saveResource(services, { spaceId, fields, status: "published", actorUserId: demo.adminUserId, now, ip: null });
  }
}
