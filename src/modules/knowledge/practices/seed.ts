import { and, eq, sql } from "drizzle-orm";
import type { LocalizedText } from "../../../platform/i18n/localized";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { listMembers } from "../../organisations/queries";
import { findFrameworkItemId } from "../../spaces/queries";
import { rowValues, writeLexemes } from "./commands/submit-practice";
import { parsePracticeFields } from "./inputs";
import { knowledgePractices, type PracticeStatus } from "./schema";

const DAY_MS = 86_400_000;

type DemoPractice = {
  space: string;
  organisation: string;
  kind: "policy" | "legislation" | "project" | "institution" | "fund" | "other";
  language: string;
  title: LocalizedText;
  summary: LocalizedText;
  results?: LocalizedText;
  countries: string[];
  targets: [string, string][];
  actorTypes: string[];
  links?: { url: string; label: string }[];
  status: PracticeStatus;
  daysAgo: number;
};

// Written for the demo in our own words: practices organisations shared in two spaces, most published,
// two still waiting for a coordinator, in Russian, English or both.
const DEMO: DemoPractice[] = [
  {
    space: "nature-action-agenda",
    organisation: "nyandarua-women-farmers-cooperative",
    kind: "project",
    language: "en",
    title: { en: "Farmer-to-farmer exchange of drought-tolerant seed", ru: "Обмен засухоустойчивыми семенами между фермерами" },
    summary: {
      en: "Twice a year, member farms bring surplus seed of local sorghum and bean varieties to a village fair and swap it for varieties they lack. Older farmers explain how each variety behaves in a dry season.\n\nThe cooperative keeps a simple ledger of who took which seed, so that the next fair can bring it back multiplied.",
      ru: "Дважды в год хозяйства кооператива привозят излишки семян местных сортов сорго и фасоли на сельскую ярмарку и обменивают их на недостающие сорта. Опытные фермеры рассказывают, как каждый сорт ведёт себя в засушливый сезон.",
    },
    results: { en: "Around 600 farms now grow at least three local varieties instead of one; replanting after the 2025 drought took weeks rather than a season.", ru: "Около 600 хозяйств выращивают не менее трёх местных сортов вместо одного." },
    countries: ["KE"],
    targets: [["GBF", "GBF-TARGET-04"], ["GBF", "GBF-TARGET-10"]],
    actorTypes: ["farmers", "women"],
    status: "published",
    daysAgo: 40,
  },
  {
    space: "nature-action-agenda",
    organisation: "green-city-office-shymkent",
    kind: "policy",
    language: "ru",
    title: { ru: "Городская политика «зелёного каркаса» с картой деревьев", en: "A city green-network policy with a public tree map" },
    summary: {
      ru: "Город закрепил в градостроительных правилах сеть озеленённых коридоров между парками и поймой реки. Каждое посаженное дерево наносится на открытую карту, а жители могут сообщить о погибшем дереве через форму на сайте.\n\nЗастройщики обязаны компенсировать вырубку посадками в том же районе.",
      en: "The city wrote a network of green corridors between parks and the river floodplain into its planning rules. Every planted tree goes on an open map, and residents can report a dead tree through a form on the website.",
    },
    results: { ru: "За два года высажено 18 тысяч деревьев, приживаемость — 87 процентов.", en: "18,000 trees planted in two years, 87 per cent survived." },
    countries: ["KZ"],
    targets: [["GBF", "GBF-TARGET-12"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-11"]],
    actorTypes: ["local_government", "ngo"],
    links: [{ url: "https://example.org/shymkent-tree-map", label: "Tree map (demo link)" }],
    status: "published",
    daysAgo: 25,
  },
  {
    space: "nature-action-agenda",
    organisation: "business-alliance-sustainable-supply",
    kind: "fund",
    language: "en",
    title: { en: "A supplier fund for restoring field margins" },
    summary: {
      en: "Member companies put a small share of each purchase from their farm suppliers into a pooled fund. Suppliers apply for grants to sow flowering strips and hedgerows along field edges, and an agronomist visits each site in the first year.",
    },
    results: { en: "120 suppliers restored about 300 km of field margins; pollinator counts rose on most monitored sites." },
    countries: ["DE", "PL", "KE"],
    targets: [["GBF", "GBF-TARGET-10"], ["GBF", "GBF-TARGET-15"]],
    actorTypes: ["business", "farmers"],
    status: "published",
    daysAgo: 12,
  },
  {
    space: "aarhus-kazakhstan-2018-2020",
    organisation: "aarhus-centre-pavlodar",
    kind: "institution",
    language: "ru",
    title: { ru: "Общественный совет по экологической информации при акимате" },
    summary: {
      ru: "При областном акимате действует совет, куда входят представители Орхусского центра, НКО и промышленных предприятий. Раз в квартал совет рассматривает, какие данные о выбросах и качестве воды опубликованы, а какие жители запрашивали, но не получили.\n\nРешения совета публикуются на сайте центра в течение недели.",
    },
    results: { ru: "Доля запросов граждан об экологической информации, на которые дан ответ в срок, выросла с 55 до 92 процентов." },
    countries: ["KZ"],
    targets: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"]],
    actorTypes: ["aarhus_centre", "ngo", "national_government"],
    status: "published",
    daysAgo: 30,
  },
  {
    space: "aarhus-kazakhstan-2018-2020",
    organisation: "kazakhstan-eco-ngo-network",
    kind: "legislation",
    language: "en",
    title: { en: "Model rules for public hearings on environmental assessments", ru: "Типовые правила общественных слушаний по экологической оценке" },
    summary: {
      en: "NGOs drafted model rules for public hearings that set minimum notice periods, require documents in Kazakh and Russian, and oblige the developer to answer every written comment. Two regions adopted them as regulations.",
    },
    countries: ["KZ"],
    targets: [["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"]],
    actorTypes: ["ngo", "local_government"],
    status: "submitted",
    daysAgo: 3,
  },
  {
    space: "nature-action-agenda",
    organisation: "young-guardians-of-biodiversity",
    kind: "project",
    language: "ru",
    title: { ru: "Школьный мониторинг опылителей", en: "School pollinator monitoring" },
    summary: {
      ru: "Школьники раз в неделю считают насекомых-опылителей на пробных площадках у школ и вносят данные в общую таблицу. Учителя биологии получают короткое методическое пособие.",
    },
    countries: ["KZ", "KG"],
    targets: [["GBF", "GBF-TARGET-21"]],
    actorTypes: ["youth", "academia"],
    status: "submitted",
    daysAgo: 1,
  },
];

/** Creates the demo practices that are missing (by space and title), written through the same analysis as submissions. */
export async function seedPracticesDemo(services: Services, demo: DemoContext): Promise<void> {
  const now = services.clock.now();
  for (const entry of DEMO) {
    const spaceId = demo.spaceIds[entry.space];
    const organisationId = demo.organisationIds[entry.organisation];
    if (!spaceId || !organisationId) continue;
    const title = entry.title.en ?? entry.title.ru ?? "";
    const [existing] = await services.db
      .select({ id: knowledgePractices.id })
      .from(knowledgePractices)
      .where(and(eq(knowledgePractices.spaceId, spaceId), sql`(${knowledgePractices.title}->>'en' = ${title} or ${knowledgePractices.title}->>'ru' = ${title})`))
      .limit(1);
    if (existing) continue;
    const targetItemIds = (await Promise.all(entry.targets.map(([framework, key]) => findFrameworkItemId(services.db, framework, key)))).filter((id): id is string => Boolean(id));
    const fields = parsePracticeFields({ ...entry, organisationId, targetItemIds, links: entry.links ?? [], results: entry.results ?? {} });
    const { values, analysis } = await rowValues(services, spaceId, fields);
    const submitter = (await listMembers(services.db, organisationId)).find((member) => member.role === "admin")?.userId ?? demo.adminUserId;
    const at = new Date(now.getTime() - entry.daysAgo * DAY_MS);
    const isPublished = entry.status === "published";
    await services.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(knowledgePractices)
        .values({
          ...values,
          spaceId,
          submittedBy: submitter,
          contactUserId: submitter,
          status: entry.status,
          submittedAt: at,
          createdAt: at,
          updatedAt: at,
          ...(isPublished ? { publishedAt: new Date(at.getTime() + DAY_MS), reviewedAt: new Date(at.getTime() + DAY_MS), reviewedBy: demo.adminUserId } : {}),
        })
        .returning({ id: knowledgePractices.id });
      await writeLexemes(tx, row.id, analysis);
    });
  }
}
