import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { createSpace } from "./commands/create-space";
import type { SpaceInput } from "./inputs";
import { findSpaceBySlug } from "./queries";
import { spaceMembers, type SpaceRole } from "./schema";

// Demo spaces modelled on the programmes in the seed documents, described in our own words.
const DEMO_SPACES: SpaceInput[] = [
  {
    slug: "nature-action-agenda",
    title: { en: "Action Agenda for Nature and People", ru: "Программа действий в интересах природы и людей" },
    description: {
      en: "Businesses, NGOs, cities, farmers’ associations, indigenous peoples and local communities, youth and women’s groups show here what they do for biodiversity.\n\nOnline discussion groups collect good practices, needs and opportunities for action by non-state actors. Participants register commitments tied to the targets of the Kunming-Montreal Global Biodiversity Framework and report on their progress, so that action beyond governments becomes visible and can be counted.",
      ru: "Компании, НКО, города, фермерские объединения, коренные народы и местные сообщества, молодёжные и женские группы рассказывают здесь, что они делают для сохранения биоразнообразия.\n\nВ онлайн-дискуссионных группах собираются лучшие практики, потребности и возможности для действий негосударственных участников. Участники регистрируют обязательства, связанные с задачами Куньминско-Монреальской глобальной рамочной программы, и отчитываются о ходе их выполнения — так вклад за пределами правительств становится заметным и поддаётся учёту.",
    },
    visibility: "public",
    enabledModules: ["commitments", "consultations", "knowledge", "news"],
    frameworkKeys: ["GBF", "SUSTAINABLE-DEVELOPMENT-GOALS", "CBD-ACTION-AREAS"],
  },
  {
    slug: "aarhus-kazakhstan-2018-2020",
    title: { en: "Aarhus programme Kazakhstan 2018–2020", ru: "Программа Орхусского движения в Казахстане на 2018–2020 годы" },
    description: {
      en: "Government bodies, the Aarhus centres in the regions and civil-society organisations work together here to make the public’s environmental rights real: access to information, a say in decisions and access to justice.\n\nParticipants who sign the programme memorandum take on activities and report on them; the space also keeps a directory of independent experts, hosts online conferences and shares news of joint projects and exchange visits.",
      ru: "Государственные органы, региональные Орхусские центры и организации гражданского общества вместе добиваются того, чтобы экологические права общественности действовали на деле: доступ к информации, участие в принятии решений и доступ к правосудию.\n\nУчастники, подписавшие меморандум программы, берут на себя мероприятия и отчитываются о них; здесь же ведётся реестр независимых экспертов, проходят онлайн-конференции и публикуются новости совместных проектов и обменных визитов.",
    },
    visibility: "public",
    enabledModules: ["commitments", "events", "knowledge", "news"],
    frameworkKeys: ["AARHUS"],
  },
  {
    slug: "migration-consultation-grcp",
    title: { en: "Consultation of inter-state migration processes (GRCP)", ru: "Консультация межгосударственных процессов по миграции (ГРКП)" },
    description: {
      en: "A closed working space for the chairs and secretariats of regional consultative processes on migration and their partners.\n\nSessions move from breakout groups to a plenary: each group names good practices — policies, laws, projects, institutions, funds — as well as gaps and possible partnerships, and the facilitators bring together the findings that recur across groups as input to the Global Compact for Migration.",
      ru: "Закрытое рабочее пространство для председателей и секретариатов региональных консультативных процессов по миграции и их партнёров.\n\nЗаседания проходят сначала в группах, затем на пленарной сессии: каждая группа называет лучшие практики — политику, законодательство, проекты, учреждения, фонды, — а также пробелы и возможные партнёрства, а фасилитаторы сводят воедино выводы, повторяющиеся в разных группах, как вклад в Глобальный договор о миграции.",
    },
    visibility: "private",
    enabledModules: ["consultations", "events"],
    frameworkKeys: ["GCM"],
  },
];

/** Creates the demo spaces and roles that are missing; an existing space is left as its coordinators changed it. */
export async function seedSpacesDemo(services: Services, demo: DemoContext): Promise<void> {
  for (const input of DEMO_SPACES) {
    const existing = await findSpaceBySlug(services.db, input.slug);
    const id = existing?.id ?? (await createSpace(services, { id: demo.adminUserId }, input)).id;
    demo.spaceIds[input.slug] = id;
  }
  const [agenda, aarhus, migration] = DEMO_SPACES.map((space) => demo.spaceIds[space.slug]);
  const roles: { spaceId: string; userId: string; role: SpaceRole; country?: string }[] = [
    ...[agenda, aarhus, migration].map((spaceId) => ({ spaceId, userId: demo.adminUserId, role: "coordinator" as const })),
    { spaceId: agenda, userId: demo.facilitatorUserId, role: "facilitator" },
    { spaceId: migration, userId: demo.facilitatorUserId, role: "facilitator" },
    { spaceId: agenda, userId: demo.memberUserId, role: "member" },
    { spaceId: aarhus, userId: demo.memberUserId, role: "member" },
    { spaceId: aarhus, userId: demo.memberUserId, role: "focal_point", country: "KZ" },
  ];
  await services.db
    .insert(spaceMembers)
    .values(roles.map((grant) => ({ ...grant, country: grant.country ?? "" })))
    .onConflictDoNothing();
}
