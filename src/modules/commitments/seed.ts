import { and, eq, sql } from "drizzle-orm";
import type { LocalizedText } from "../../platform/i18n/localized";
import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { findFrameworkItemId } from "../spaces/queries";
import {
  commitmentIndicators,
  commitmentReviewEvents,
  commitmentSpaceSettings,
  commitmentTargets,
  commitments,
  progressReports,
  progressValues,
  type CommitmentStage,
  type CommitmentStatus,
  type Coverage,
} from "./schema";

const MONTH_MS = 30.4 * 86_400_000;

type DemoIndicator = { name: LocalizedText; unit: string; baseline: number; target: number; values: number[] };
type DemoCommitment = {
  space: string;
  organisation: string;
  title: LocalizedText;
  description: LocalizedText;
  targets: [string, string][];
  coverage: Coverage;
  countries: string[];
  stage: CommitmentStage;
  status: CommitmentStatus;
  /** Months ago it was published (or submitted, for one in review). */
  publishedMonthsAgo: number;
  /** Months ago of each progress report, oldest first; values per indicator follow the same order. */
  reportMonthsAgo: number[];
  indicators: DemoIndicator[];
  audience?: LocalizedText;
};

// Written for the demo in our own words, modelled on the seeds: an Action Agenda with commitments at every
// stage and reporting health, and an Aarhus programme run as a memorandum of programme activities.
const DEMO: DemoCommitment[] = [
  {
    space: "nature-action-agenda",
    organisation: "nyandarua-women-farmers-cooperative",
    title: { en: "Community seed banks in 40 villages", ru: "Общинные банки семян в 40 сёлах" },
    description: {
      en: "Members set up and run seed banks of local bean, sorghum and potato varieties, so that farms keep their own diversity and can replant after drought.",
      ru: "Участницы кооператива создают и ведут банки семян местных сортов фасоли, сорго и картофеля, чтобы хозяйства сохраняли собственное разнообразие и могли пересеять поля после засухи.",
    },
    targets: [["GBF", "GBF-TARGET-10"], ["GBF", "GBF-TARGET-04"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-02"]],
    coverage: "local",
    countries: ["KE"],
    stage: "implementation",
    status: "published",
    publishedMonthsAgo: 14,
    reportMonthsAgo: [8, 2],
    indicators: [{ name: { en: "Villages with a working seed bank", ru: "Сёла с действующим банком семян" }, unit: "villages", baseline: 6, target: 40, values: [14, 23] }],
    audience: { en: "Smallholder farmers, most of them women", ru: "Мелкие фермерские хозяйства, в основном женщины" },
  },
  {
    space: "nature-action-agenda",
    organisation: "business-alliance-sustainable-supply",
    title: { en: "Deforestation-free sourcing by member companies", ru: "Закупки без вырубки лесов у компаний-участников" },
    description: {
      en: "Member companies trace soy, cocoa and timber to the farm or forest unit and stop buying from land cleared after 2020.",
      ru: "Компании-участники прослеживают сою, какао и древесину до хозяйства или лесного участка и прекращают закупки с земель, расчищенных после 2020 года.",
    },
    targets: [["GBF", "GBF-TARGET-15"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-12"]],
    coverage: "global",
    countries: ["NL", "BR", "GH", "ID"],
    stage: "implementation",
    status: "published",
    publishedMonthsAgo: 22,
    reportMonthsAgo: [16],
    indicators: [{ name: { en: "Share of volumes traced and verified", ru: "Доля прослеженных и проверенных объёмов" }, unit: "%", baseline: 35, target: 100, values: [48] }],
  },
  {
    space: "nature-action-agenda",
    organisation: "young-guardians-of-biodiversity",
    title: { en: "Map 200 urban green spaces with volunteers", ru: "Нанести на карту 200 городских зелёных зон с волонтёрами" },
    description: {
      en: "Students record trees, birds and pollinators in parks and courtyards and publish the data openly for city planners.",
      ru: "Студенты учитывают деревья, птиц и опылителей в парках и дворах и открыто публикуют данные для городских планировщиков.",
    },
    targets: [["GBF", "GBF-TARGET-12"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-11"]],
    coverage: "national",
    countries: ["BR"],
    stage: "development",
    status: "published",
    publishedMonthsAgo: 3,
    reportMonthsAgo: [],
    indicators: [{ name: { en: "Green spaces mapped", ru: "Зелёных зон нанесено на карту" }, unit: "sites", baseline: 0, target: 200, values: [] }],
  },
  {
    space: "nature-action-agenda",
    organisation: "green-city-office-shymkent",
    title: { en: "Plant 20,000 street trees", ru: "Высадить 20 000 уличных деревьев" },
    description: {
      en: "The city plants drought-tolerant native trees along main streets and school yards and waters them for three summers.",
      ru: "Город высаживает засухоустойчивые местные деревья вдоль главных улиц и у школ и поливает их три лета подряд.",
    },
    targets: [["GBF", "GBF-TARGET-12"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-11"]],
    coverage: "local",
    countries: ["KZ"],
    stage: "implementation",
    status: "published",
    publishedMonthsAgo: 34,
    reportMonthsAgo: [27],
    indicators: [{ name: { en: "Trees planted and alive after one year", ru: "Деревьев высажено и прижилось через год" }, unit: "trees", baseline: 0, target: 20000, values: [4200] }],
  },
  {
    space: "nature-action-agenda",
    organisation: "highland-pastoral-communities-council",
    title: { en: "Restore 3,000 ha of degraded mountain pasture", ru: "Восстановить 3000 га деградировавших горных пастбищ" },
    description: {
      en: "Herders rotate grazing under a community plan and reseed eroded slopes with native grasses.",
      ru: "Пастухи чередуют выпас по общинному плану и подсевают местные травы на размытых склонах.",
    },
    targets: [["GBF", "GBF-TARGET-02"], ["SUSTAINABLE-DEVELOPMENT-GOALS", "SDG-15"]],
    coverage: "national",
    countries: ["KG"],
    stage: "planning",
    status: "submitted",
    publishedMonthsAgo: 0,
    reportMonthsAgo: [],
    indicators: [{ name: { en: "Pasture under restoration", ru: "Пастбища в процессе восстановления" }, unit: "ha", baseline: 0, target: 3000, values: [] }],
  },
  {
    space: "aarhus-kazakhstan-2018-2020",
    organisation: "aarhus-centre-pavlodar",
    title: { en: "Prepare residents for public hearings in 12 districts", ru: "Подготовить жителей 12 районов к общественным слушаниям" },
    description: {
      en: "Evening sessions explain how to read an environmental impact assessment and how to submit written comments before a hearing.",
      ru: "Вечерние занятия объясняют, как читать оценку воздействия на окружающую среду и как подать письменные замечания до слушаний.",
    },
    targets: [["AARHUS", "AARHUS-PUBLIC-PARTICIPATION"]],
    coverage: "local",
    countries: ["KZ"],
    stage: "implementation",
    status: "published",
    publishedMonthsAgo: 10,
    reportMonthsAgo: [4],
    indicators: [{ name: { en: "Districts with a completed session", ru: "Районов, где проведены занятия" }, unit: "districts", baseline: 0, target: 12, values: [5] }],
  },
  {
    space: "aarhus-kazakhstan-2018-2020",
    organisation: "kazakhstan-eco-ngo-network",
    title: { en: "A help desk for environmental information requests", ru: "Справочная служба по запросам экологической информации" },
    description: {
      en: "Volunteer lawyers help residents word requests to state bodies and follow up when the legal deadline passes without an answer.",
      ru: "Юристы-волонтёры помогают жителям составлять запросы в государственные органы и добиваться ответа, если законный срок истёк.",
    },
    targets: [["AARHUS", "AARHUS-ACCESS-TO-INFORMATION"], ["AARHUS", "AARHUS-ACCESS-TO-JUSTICE"]],
    coverage: "national",
    countries: ["KZ"],
    stage: "planning",
    status: "published",
    publishedMonthsAgo: 1,
    reportMonthsAgo: [],
    indicators: [{ name: { en: "Requests supported", ru: "Поддержано запросов" }, unit: "requests", baseline: 0, target: 300, values: [] }],
  },
];

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** Demo commitments at different stages with progress, so a newcomer sees a living dashboard (idempotent). */
export async function seedCommitments(services: Services, demo: DemoContext): Promise<void> {
  const { db } = services;
  const now = services.clock.now().getTime();
  const nature = demo.spaceIds["nature-action-agenda"];
  const aarhus = demo.spaceIds["aarhus-kazakhstan-2018-2020"];
  if (nature) {
    await db.insert(commitmentSpaceSettings).values({ spaceId: nature, criteria: ["require_target", "require_indicator_target"] }).onConflictDoNothing();
  }
  if (aarhus) await db.insert(commitmentSpaceSettings).values({ spaceId: aarhus, mode: "memorandum" }).onConflictDoNothing();

  for (const entry of DEMO) {
    const spaceId = demo.spaceIds[entry.space];
    const organisationId = demo.organisationIds[entry.organisation];
    if (!spaceId || !organisationId) continue;
    const [existing] = await db
      .select({ id: commitments.id })
      .from(commitments)
      .where(and(eq(commitments.spaceId, spaceId), sql`${commitments.title}->>'en' = ${entry.title.en ?? ""}`));
    if (existing) continue;
    const targetIds = (await Promise.all(entry.targets.map(([framework, item]) => findFrameworkItemId(db, framework, item)))).filter((id): id is string => id !== null);
    const published = new Date(now - entry.publishedMonthsAgo * MONTH_MS);
    const reportDates = entry.reportMonthsAgo.map((months) => isoDate(new Date(now - months * MONTH_MS)));
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(commitments)
        .values({
          spaceId,
          organisationId,
          createdBy: demo.adminUserId,
          template: entry.organisation.includes("city") ? "local_government" : entry.organisation.includes("business") ? "business" : "organisation",
          title: entry.title,
          description: entry.description,
          primaryItemId: targetIds[0] ?? null,
          coverage: entry.coverage,
          countries: entry.countries,
          startDate: isoDate(new Date(published.getTime() - MONTH_MS)),
          endDate: "2030-12-31",
          stage: entry.stage,
          status: entry.status,
          targetAudience: entry.audience ?? {},
          intendsToReport: true,
          isPartnerDisplayAllowed: true,
          draftStep: 6,
          submittedAt: entry.status === "draft" ? null : published,
          publishedAt: entry.status === "published" ? published : null,
          lastReportAt: reportDates.at(-1) ?? null,
          searchText: [...Object.values(entry.title), ...Object.values(entry.description)].join(" "),
          createdAt: published,
          updatedAt: published,
        })
        .returning({ id: commitments.id });
      for (const [index, id] of targetIds.entries()) await tx.insert(commitmentTargets).values({ commitmentId: row.id, frameworkItemId: id, isPrimary: index === 0 });
      const indicatorIds: string[] = [];
      for (const [position, indicator] of entry.indicators.entries()) {
        const [created] = await tx
          .insert(commitmentIndicators)
          .values({ commitmentId: row.id, position, name: indicator.name, unit: indicator.unit, baselineValue: String(indicator.baseline), baselineDate: isoDate(published), targetValue: String(indicator.target), targetDate: "2030-12-31" })
          .returning({ id: commitmentIndicators.id });
        indicatorIds.push(created.id);
      }
      await tx.insert(commitmentReviewEvents).values({ commitmentId: row.id, actorUserId: demo.adminUserId, role: "author", action: "submitted", createdAt: published });
      if (entry.status === "published") await tx.insert(commitmentReviewEvents).values({ commitmentId: row.id, actorUserId: demo.adminUserId, role: "coordinator", action: "published", createdAt: published });
      for (const [index, reportDate] of reportDates.entries()) {
        const [report] = await tx
          .insert(progressReports)
          .values({
            commitmentId: row.id,
            reportDate,
            stage: entry.stage,
            percentComplete: Math.round(((entry.indicators[0]?.values[index] ?? 0) / (entry.indicators[0]?.target || 1)) * 100),
            narrative: { en: "Work continues as planned; figures are from our own records.", ru: "Работа идёт по плану; цифры взяты из наших собственных записей." },
            createdBy: demo.adminUserId,
          })
          .returning({ id: progressReports.id });
        for (const [position, indicator] of entry.indicators.entries()) {
          const value = indicator.values[index];
          if (value !== undefined) await tx.insert(progressValues).values({ reportId: report.id, indicatorId: indicatorIds[position], value: String(value) });
        }
      }
    });
  }
}
