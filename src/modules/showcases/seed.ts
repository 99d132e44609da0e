import type { DemoContext } from "../../platform/module";
import { contentSource } from "../../platform/content/sources";
import type { Services } from "../../platform/services";
import { addShowcaseItem, addShowcaseSection } from "./commands/add-showcase-entry";
import { createShowcase } from "./commands/save-showcase";
import { setShowcaseStatus } from "./commands/set-showcase-status";
import { findShowcase } from "./queries";

const SPACE = "nature-action-agenda";
const SLUG = "cop17-high-level-segment";

// Written for the demo in our own words: what a secretariat would put in front of ministers at a high-level meeting.
const NOTES = [
  { en: "A pledge with a baseline and a yearly figure to report against: what the framework asks of every actor.", ru: "Обязательство с исходным уровнем и ежегодным показателем для отчёта — то, чего рамочная программа ждёт от каждого участника." },
  { en: "Shows that a small organisation can commit to something measurable.", ru: "Показывает, что и небольшая организация может взять измеримое обязательство." },
  { en: "Already reporting progress: a good example for the panel on implementation.", ru: "Уже отчитывается о ходе работы — хороший пример для панели о реализации." },
];

/** The demo showcase: commitments and good practices of the Action Agenda, curated for the COP17 high-level segment. */
export async function seedShowcases(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[SPACE];
  if (!spaceId || (await findShowcase(services.db, spaceId, SLUG))) return;
  const actor = { id: demo.adminUserId };
  await createShowcase(services, actor, spaceId, {
    slug: SLUG,
    title: { en: "Commitments for nature: the COP17 high-level segment", ru: "Обязательства ради природы: сегмент высокого уровня КС-17" },
    occasion: { en: "COP17 high-level segment, Yerevan", ru: "Сегмент высокого уровня КС-17, Ереван" },
    intro: {
      en: "Ministers meeting at COP17 asked to see **what non-state actors have actually promised** and how far they have got.\n\nThis showcase brings together a few commitments with clear targets and the practices behind them. Each one links to its full record, with indicators and progress reports.",
      ru: "Министры, собирающиеся на КС-17, попросили показать, **что именно пообещали негосударственные участники** и насколько они продвинулись.\n\nВ этой подборке — несколько обязательств с ясными целями и практики, на которых они основаны. Каждая карточка ведёт к полной записи с показателями и отчётами о ходе работы.",
    },
    startsOn: "2026-10-19",
    endsOn: "2026-10-30",
    colour: "#1b6e3a",
  });
  const showcase = (await findShowcase(services.db, spaceId, SLUG))!;
  const commitments = (await contentSource("commitment")?.find(services.db, spaceId, "", 3)) ?? [];
  const practices = (await contentSource("practice")?.find(services.db, spaceId, "", 3)) ?? [];
  if (commitments.length) {
    await addShowcaseSection(services, actor, spaceId, showcase.id, { en: "Commitments on the table", ru: "Обязательства на столе переговоров" });
    for (const [index, card] of commitments.entries()) await addShowcaseItem(services, actor, spaceId, showcase.id, { kind: card.kind, id: card.id, note: NOTES[index] ?? {} });
  }
  if (practices.length) {
    await addShowcaseSection(services, actor, spaceId, showcase.id, { en: "Practices that make them work", ru: "Практики, на которых они держатся" });
    for (const card of practices) await addShowcaseItem(services, actor, spaceId, showcase.id, { kind: card.kind, id: card.id, note: {} });
  }
  await setShowcaseStatus(services, actor, spaceId, showcase.id, "published");
}
