import { ensureUser } from "../../../platform/demo";
import type { DemoContext } from "../../../platform/module";
import type { Services } from "../../../platform/services";
import { findFrameworkItemId } from "../../spaces/queries";
import { saveExpertProfile } from "./commands/save-expert-profile";
import { ExpertInput } from "./inputs";
import { findExpertOfUser } from "./queries";

type DemoExpert = {
  /** A demo account of the platform seed, or a person created here. */
  who: "facilitator" | "member" | { email: string; displayName: string; locale: string };
  organisation?: string;
  items: [framework: string, item: string][];
  input: Omit<Record<string, unknown>, "itemIds" | "organisationId">;
};

// Fictional people, written for Convene. Passwords follow the demo accounts' pattern; demo data only.
const DEMO_PASSWORD = "convene-expert-2026";
const DEMO_EXPERTS: DemoExpert[] = [
  {
    who: "member",
    organisation: "aarhus-centre-pavlodar",
    items: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"], ["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"], ["GBF", "GBF-TARGET-22"]],
    input: {
      displayName: "Марина Волкова",
      headline: { ru: "Юрист по экологическому праву, Орхусский центр", en: "Environmental lawyer at an Aarhus centre" },
      bio: {
        ru: "Восемь лет консультирую жителей и общественные организации по запросам экологической информации и подготовке к общественным слушаниям. Помогаю составить запрос так, чтобы на него нельзя было ответить отпиской, и разобрать ответ госоргана.",
        en: "For eight years I have advised residents and community groups on requests for environmental information and on preparing for public hearings. I help word a request so that it cannot be brushed off, and read the authority's answer together.",
      },
      tags: ["общественные слушания", "экологическая информация", "оценка воздействия"],
      languages: ["ru", "kk", "en"],
      country: "KZ",
    },
  },
  {
    who: "facilitator",
    organisation: "kazakhstan-eco-ngo-network",
    items: [["GBF", "GBF-TARGET-22"], ["GBF", "GBF-TARGET-23"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-17"]],
    input: {
      displayName: "Tomás Rivera",
      headline: { en: "Facilitator of multi-stakeholder dialogues" },
      bio: {
        en: "I design and run consultations where government officials, community groups and companies sit at one table. Breakout groups, plenary synthesis, online and hybrid formats; I also train young facilitators.",
      },
      tags: ["facilitation", "youth engagement", "hybrid meetings"],
      languages: ["es", "en", "pt"],
      country: "CO",
    },
  },
  {
    who: { email: "yerlan.expert@convene.localhost", displayName: "Ерлан Жумабаев", locale: "ru" },
    items: [["GBF", "GBF-TARGET-02"], ["GBF", "GBF-TARGET-03"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-06"], ["CBD-ACTION-AREAS", "FRESHWATER-COASTAL-OCEAN"]],
    input: {
      displayName: "Ерлан Жумабаев",
      headline: { ru: "Гидробиолог, водно-болотные угодья бассейна Балхаша" },
      bio: {
        ru: "Изучаю дельты рек и озёрные системы Прибалхашья: уровень воды, тростниковые массивы, гнездовья птиц. Могу помочь с программой мониторинга, которую смогут вести местные жители и школьники.",
      },
      tags: ["водно-болотные угодья", "мониторинг", "гражданская наука"],
      languages: ["ru", "kk"],
      country: "KZ",
    },
  },
  {
    who: { email: "wanjiru.expert@convene.localhost", displayName: "Amina Wanjiru", locale: "en" },
    items: [["GBF", "GBF-TARGET-10"], ["GBF", "GBF-TARGET-13"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-02"]],
    input: {
      displayName: "Amina Wanjiru",
      headline: { en: "Agronomist, community seed banks", ru: "Агроном, общественные банки семян" },
      bio: {
        en: "I help farmer groups set up and run community seed banks for local varieties: storage, records, exchange rules and fair sharing of benefits when breeders ask for material.",
        ru: "Помогаю фермерским группам создавать общественные банки семян местных сортов: хранение, учёт, правила обмена и справедливое распределение выгод, когда селекционеры просят материал.",
      },
      tags: ["seed banks", "agroecology", "smallholders"],
      languages: ["en", "sw"],
      country: "KE",
    },
  },
  {
    who: { email: "lindqvist.expert@convene.localhost", displayName: "Sofia Lindqvist", locale: "en" },
    items: [["GBF", "GBF-TARGET-17"], ["CBD-ACTION-AREAS", "BIOSAFETY"], ["GBF", "GBF-TARGET-20"]],
    input: {
      displayName: "Sofia Lindqvist",
      headline: { en: "Biosafety risk assessment trainer" },
      bio: {
        en: "Former regulator, now I train national staff to assess the risks of living modified organisms step by step, and to explain decisions to the public in plain words.",
      },
      tags: ["biosafety", "risk assessment", "training"],
      languages: ["sv", "en", "ru"],
      country: "SE",
    },
  },
];

/** Demo expert profiles (idempotent: a person who already has a profile is left as they are). */
export async function seedExpertsDemo(services: Services, demo: DemoContext): Promise<void> {
  for (const entry of DEMO_EXPERTS) {
    const userId =
      entry.who === "facilitator"
        ? demo.facilitatorUserId
        : entry.who === "member"
          ? demo.memberUserId
          : await ensureUser(services, { ...entry.who, password: DEMO_PASSWORD, isPlatformAdmin: false });
    if (await findExpertOfUser(services.db, userId)) continue;
    const itemIds = (await Promise.all(entry.items.map(([framework, item]) => findFrameworkItemId(services.db, framework, item)))).filter((id): id is string => Boolean(id));
    const organisationId = entry.organisation ? (demo.organisationIds[entry.organisation] ?? null) : null;
    const input = ExpertInput.parse({ headline: {}, country: null, ...entry.input, itemIds, organisationId });
    await saveExpertProfile(services, userId, input);
  }
}
