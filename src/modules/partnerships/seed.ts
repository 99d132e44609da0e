import { sql } from "drizzle-orm";
import { queryRows } from "../../db/sql";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { ensureSpaceFeature } from "../spaces/commands/ensure-space-feature";
import { findFrameworkItemId } from "../spaces/queries";
import { publishPost } from "./commands/save-post";
import type { PostInput } from "./inputs";

export const DEMO_PARTNERSHIP_SPACE = "aarhus-kazakhstan-2018-2020";

type DemoPost = Omit<PostInput, "organisationId" | "targetIds" | "untilOn"> & { organisation: string; targets: string[] };

const access = "AARHUS-ACCESS-TO-INFORMATION";
const participation = "AARHUS-PUBLIC-PARTICIPATION";
const justice = "AARHUS-ACCESS-TO-JUSTICE";

/** Offers and needs of the Aarhus programme's organisations that pair up: every need has an offer that fits it. */
const POSTS: DemoPost[] = [
  {
    organisation: "institute-of-arid-lands-ecology", side: "offer", kind: "data", targets: [access], countries: ["KZ", "UZ"], languages: ["ru", "en"], description: {
      en: "Twenty years of groundwater and soil salinity readings from the Aral Sea basin, cleaned and documented, for anyone preparing public environmental information.",
      ru: "Двадцатилетние ряды наблюдений за грунтовыми водами и засолением почв в бассейне Арала — выверенные и описанные, для всех, кто готовит открытую экологическую информацию.",
    },
    title: { en: "Open groundwater and salinity data for the Aral basin", ru: "Открытые данные о грунтовых водах и засолении в бассейне Арала" },
  },
  {
    organisation: "aarhus-centre-pavlodar", side: "need", kind: "data", targets: [access], countries: ["KZ"], languages: ["ru"], description: {
      en: "Our centre answers residents' questions about water quality near the Irtysh; we lack long-term readings to show what has changed.",
      ru: "Центр отвечает на вопросы жителей о качестве воды у Иртыша, но у нас нет многолетних наблюдений, чтобы показать, что изменилось.",
    },
    title: { en: "Long-term water data for residents' enquiries", ru: "Многолетние данные о воде для ответов на запросы жителей" },
  },
  {
    organisation: "kazakhstan-eco-ngo-network", side: "offer", kind: "expertise", targets: [participation, justice], countries: ["KZ", "KG"], languages: ["ru", "kk"], description: {
      en: "Lawyers of the network train organisations to take part in environmental impact hearings and to appeal when their comments are ignored.",
      ru: "Юристы сети учат организации участвовать в общественных слушаниях по ОВОС и обжаловать решения, если их замечания не учли.",
    },
    title: { en: "Training on public hearings and appeals", ru: "Обучение участию в общественных слушаниях и обжалованию" },
  },
  {
    organisation: "green-city-office-shymkent", side: "need", kind: "expertise", targets: [participation], countries: ["KZ"], languages: ["ru", "kk"], description: {
      en: "The city office is preparing its first public hearings on a new landfill and wants advice on running them so that residents can really take part.",
      ru: "Городской офис готовит первые общественные слушания по новому полигону и ищет совет, как провести их так, чтобы жители действительно могли участвовать.",
    },
    title: { en: "Advice on running public hearings on a landfill", ru: "Совет по проведению слушаний о новом полигоне" },
  },
  {
    organisation: "young-guardians-of-biodiversity", side: "need", kind: "funding", targets: [access, participation], countries: ["KG", "KZ"], languages: ["ru", "en"], description: {
      en: "Small grants for student volunteers who explain environmental permits to villagers in plain language.",
      ru: "Небольшие гранты для студентов-волонтёров, которые простым языком объясняют сельским жителям экологические разрешения.",
    },
    title: { en: "Small grants for student explainers", ru: "Малые гранты для студентов-разъяснителей" },
  },
  {
    organisation: "business-alliance-sustainable-supply", side: "offer", kind: "funding", targets: [participation], countries: ["KZ", "KG", "UZ"], languages: ["en", "ru"], description: {
      en: "Our members pool a small fund each year for community projects that help people take part in environmental decisions.",
      ru: "Члены альянса ежегодно складываются в небольшой фонд для местных проектов, которые помогают людям участвовать в экологических решениях.",
    },
    title: { en: "Community participation fund", ru: "Фонд местного участия" },
  },
];

/**
 * The partnerships demo (issue 13, point 8): offers and needs in the Aarhus space that match — data for a centre's
 * enquiries, advice on hearings, a small fund for volunteers — through the real command, so the browse page shows
 * suggested pairs with their reasons. The feature is switched on in the space when it is not yet. Idempotent.
 */
export async function seedPartnershipsDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_PARTNERSHIP_SPACE];
  if (!spaceId) return;
  const actor = { id: demo.adminUserId, isPlatformAdmin: true };
  if (!(await ensureSpaceFeature(services, actor, spaceId, "partnerships"))) return;
  const [existing] = await queryRows<{ count: number | string }>(services.db, sql`select count(*) as count from partnership_posts where space_id = ${spaceId}`);
  if (Number(existing?.count ?? 0) > 0) return;
  for (const post of POSTS) {
    const organisationId = demo.organisationIds[post.organisation];
    if (!organisationId) continue;
    const targetIds = (await Promise.all(post.targets.map((key) => findFrameworkItemId(services.db, "AARHUS", key)))).filter((id): id is string => id !== null);
    const { organisation: _organisation, targets: _targets, ...fields } = post;
    await publishPost(services, actor, spaceId, { ...fields, organisationId, targetIds, untilOn: "" });
  }
}
