import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { createOrganisation } from "./commands/create-organisation";
import { OrganisationInput } from "./inputs";
import { findOrganisationBySlug } from "./queries";
import { eq } from "drizzle-orm";
import { findFrameworkItemId } from "../spaces/queries";
import { organisationMembers, organisations, type OrganisationRole } from "./schema";
import { replaceTargets } from "./targets";
import { buildSearchText } from "./search-text";

type DemoOrganisation = {
  slug: string;
  owner: "admin" | "member";
  /** Further members: which demo account, with which role. */
  members?: { who: "facilitator" | "member" | "admin"; role: OrganisationRole }[];
  input: Record<string, unknown>;
  /** Themes and reference-framework targets, set on a demo organisation that has none yet. */
  focus?: { themes: string[]; targets: [framework: string, item: string][] };
};

// Demo organisations, written for Convene and modelled on the kinds of actors the seed documents name
// (an Aarhus centre and an NGO network in Kazakhstan, CBD's non-state actors). Every name is invented.
const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: "aarhus-centre-pavlodar",
    focus: { themes: ["access to information", "public hearings", "environmental law"], targets: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"], ["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"], ["GBF", "GBF-TARGET-22"]] },
    owner: "member",
    input: {
      name: { en: "Aarhus Centre Pavlodar", ru: "Орхусский центр Павлодара" },
      description: {
        en: "A public environmental information office for the Pavlodar region. We help residents request environmental data from state bodies, prepare for public hearings on industrial projects and understand their rights under the Aarhus Convention.\n\nEvery quarter we run a training day for district officials on handling information requests.",
        ru: "Общественный офис экологической информации Павлодарской области. Помогаем жителям запрашивать экологические данные у госорганов, готовиться к общественным слушаниям по промышленным проектам и разбираться в своих правах по Орхусской конвенции.\n\nРаз в квартал проводим учебный день для районных чиновников о работе с информационными запросами.",
      },
      actorType: "aarhus_centre",
      country: "KZ",
      website: "https://aarhus-pavlodar.example.org",
      contacts: {
        email: { value: "info@aarhus-pavlodar.example.org", visibility: "public" },
        phone: { value: "+7 7182 00 00 01", visibility: "members" },
        address: { value: "Pavlodar, 1 Example Street, office 4", visibility: "public" },
        person: { value: "Marina Volkova", visibility: "private" },
      },
    },
  },
  {
    slug: "kazakhstan-eco-ngo-network",
    focus: { themes: ["ngo network", "legislation", "online conferences"], targets: [["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-17"]] },
    owner: "admin",
    members: [{ who: "facilitator", role: "member" }],
    input: {
      name: { en: "Kazakhstan Environmental NGO Network", ru: "Сеть экологических НПО Казахстана" },
      description: {
        en: "An association of about forty environmental non-governmental organisations from every region of Kazakhstan. The network keeps a shared, up-to-date contact list of its members, collects joint comments on draft environmental legislation and organises online conferences between regional groups.",
        ru: "Объединение около сорока экологических неправительственных организаций из всех регионов Казахстана. Сеть ведёт общий актуальный список контактов участников, собирает совместные замечания к проектам природоохранного законодательства и проводит онлайн-конференции региональных групп.",
      },
      actorType: "ngo",
      country: "KZ",
      website: "https://eco-network-kz.example.org",
      contacts: {
        email: { value: "secretariat@eco-network-kz.example.org", visibility: "public" },
        person: { value: "Network secretariat", visibility: "members" },
      },
    },
  },
  {
    slug: "nyandarua-women-farmers-cooperative",
    focus: { themes: ["seed banks", "soil erosion", "women farmers"], targets: [["GBF", "GBF-TARGET-10"], ["GBF", "GBF-TARGET-23"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-02"]] },
    owner: "admin",
    input: {
      name: { en: "Nyandarua Women Farmers' Cooperative", ru: "Женский фермерский кооператив Ньяндаруа" },
      description: {
        en: "Around three hundred smallholder farmers, most of them women, who keep a community seed bank of local bean and potato varieties, plant trees along field borders against soil erosion and share market transport to cut costs.",
        ru: "Около трёхсот мелких фермеров, в основном женщин. Кооператив хранит общественный банк семян местных сортов фасоли и картофеля, высаживает деревья по границам полей против эрозии почв и организует общую доставку урожая на рынок, чтобы снизить расходы.",
      },
      actorType: "women",
      country: "KE",
      contacts: { email: { value: "coop@nyandarua-farmers.example.org", visibility: "members" } },
    },
  },
  {
    slug: "young-guardians-of-biodiversity",
    owner: "admin",
    input: {
      name: { en: "Young Guardians of Biodiversity", ru: "Молодые хранители биоразнообразия" },
      description: {
        en: "A volunteer network of students and young professionals in Latin America who map urban green spaces, run citizen-science bird counts and prepare youth statements for biodiversity negotiations.",
        ru: "Волонтёрская сеть студентов и молодых специалистов Латинской Америки: картируют городские зелёные зоны, проводят учёты птиц силами горожан и готовят заявления молодёжи к переговорам по биоразнообразию.",
      },
      actorType: "youth",
      country: "BR",
      website: "https://young-guardians.example.org",
      contacts: { email: { value: "hello@young-guardians.example.org", visibility: "public" } },
    },
  },
  {
    slug: "business-alliance-sustainable-supply",
    owner: "admin",
    input: {
      name: { en: "Business Alliance for Sustainable Supply Chains", ru: "Деловой альянс за устойчивые цепочки поставок" },
      description: {
        en: "Food, textile and logistics companies that publish nature-related targets for their supply chains, compare progress once a year and fund restoration projects in sourcing regions.",
        ru: "Компании пищевой, текстильной и логистической отраслей, которые публикуют цели по сохранению природы в своих цепочках поставок, раз в год сравнивают прогресс и финансируют проекты восстановления в регионах закупок.",
      },
      actorType: "business",
      country: "NL",
      website: "https://supply-alliance.example.org",
      contacts: { email: { value: "members@supply-alliance.example.org", visibility: "public" } },
    },
  },
  {
    slug: "highland-pastoral-communities-council",
    owner: "admin",
    input: {
      name: { en: "Highland Pastoral Communities Council", ru: "Совет горных пастбищных общин" },
      description: {
        en: "A council of herding communities that manage mountain pastures under customary rules. It records traditional knowledge about seasonal grazing routes and has agreed a community protocol on how outside researchers may use that knowledge.",
        ru: "Совет скотоводческих общин, управляющих горными пастбищами по обычному праву. Совет записывает традиционные знания о сезонных маршрутах выпаса и принял общинный протокол о том, как сторонние исследователи могут использовать эти знания.",
      },
      actorType: "iplc",
      country: "KG",
      contacts: { person: { value: "Council elder for external relations", visibility: "members" } },
    },
  },
  {
    slug: "institute-of-arid-lands-ecology",
    owner: "admin",
    input: {
      name: { en: "Institute of Arid Lands Ecology", ru: "Институт экологии засушливых земель" },
      description: {
        en: "A research institute studying desertification and salt dust storms in the former Aral Sea basin. It maintains long-term monitoring plots and publishes its vegetation and soil datasets openly.",
        ru: "Научный институт, изучающий опустынивание и солевые пылевые бури в бассейне бывшего Аральского моря. Ведёт долговременные мониторинговые площадки и публикует данные о растительности и почвах в открытом доступе.",
      },
      actorType: "academia",
      country: "UZ",
      website: "https://arid-ecology.example.org",
      contacts: { email: { value: "office@arid-ecology.example.org", visibility: "public" } },
    },
  },
  {
    slug: "green-city-office-shymkent",
    focus: { themes: ["urban green spaces", "air quality"], targets: [["GBF", "GBF-TARGET-12"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-11"]] },
    owner: "admin",
    input: {
      name: { en: "Green City Office, Shymkent City Administration", ru: "Управление «Зелёный город» акимата Шымкента" },
      description: {
        en: "The city department responsible for parks, street trees and air-quality information. It publishes monthly air measurements and invites residents to comment on plans for new green areas.",
        ru: "Городское управление, отвечающее за парки, уличные деревья и информацию о качестве воздуха. Ежемесячно публикует данные замеров воздуха и приглашает жителей обсуждать планы новых зелёных зон.",
      },
      actorType: "local_government",
      country: "KZ",
      contacts: { phone: { value: "+7 7252 00 00 02", visibility: "public" } },
    },
  },
];

/** Creates the demo organisations that are missing (looked up by slug) and records their ids in `demo`. */
export async function seedOrganisations(services: Services, demo: DemoContext): Promise<void> {
  const accounts = { admin: demo.adminUserId, member: demo.memberUserId, facilitator: demo.facilitatorUserId };
  for (const entry of DEMO_ORGANISATIONS) {
    const existing = await findOrganisationBySlug(services.db, entry.slug);
    const id = existing?.id ?? (await createOrganisation(services, accounts[entry.owner], OrganisationInput.parse(entry.input), { slug: entry.slug })).id;
    demo.organisationIds[entry.slug] = id;
    if (entry.focus) await seedFocus(services, id, entry.focus);
    for (const member of entry.members ?? []) {
      await services.db.insert(organisationMembers).values({ organisationId: id, userId: accounts[member.who], role: member.role }).onConflictDoNothing();
    }
  }
}

/** Gives a demo organisation its themes and targets unless it has some already (idempotent). */
async function seedFocus(services: Services, organisationId: string, focus: NonNullable<DemoOrganisation["focus"]>): Promise<void> {
  const [current] = await services.db
    .select({ themes: organisations.themes, name: organisations.name, description: organisations.description })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!current || current.themes.length) return;
  const itemIds = (await Promise.all(focus.targets.map(([framework, item]) => findFrameworkItemId(services.db, framework, item)))).filter((id): id is string => Boolean(id));
  await services.db.transaction(async (tx) => {
    await tx.update(organisations).set({ themes: focus.themes, searchText: buildSearchText(current.name, current.description, focus.themes) }).where(eq(organisations.id, organisationId));
    await replaceTargets(tx, organisationId, itemIds);
  });
}
