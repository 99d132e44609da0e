import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { findSpaceById } from "../spaces/queries";
import { freezeReport } from "./commands/freeze-report";
import { checkReport, createReport } from "./commands/save-report";
import { availableSections } from "./document";
import { listReports } from "./queries";

const DEMO_SPACE = "aarhus-kazakhstan-2018-2020";

/**
 * The reports demo (issue 13, point 8): in the Aarhus space, a report to the Meeting of the Parties with every
 * section the space can give, the secretariat's introduction, a note after the commitments and conclusions in
 * Russian and English, frozen once as version 1 with a document symbol. Idempotent: nothing when the space already
 * has a report.
 */
export async function seedReportsDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_SPACE];
  if (!spaceId) return;
  const space = await findSpaceById(services.db, spaceId);
  if (!space || (await listReports(services.db, spaceId, true)).length) return;
  const actor = { id: demo.adminUserId, ip: "127.0.0.1" };
  const sections = (await availableSections(services.db, spaceId)).map((section) => section.key);
  const year = services.clock.now().getUTCFullYear();
  const input = checkReport({
    title: { en: "Aarhus programme in Kazakhstan: progress report to the Meeting of the Parties", ru: "Орхусская программа в Казахстане: доклад о ходе работы Совещанию Сторон" },
    periodFrom: "2018-01-01",
    periodTo: `${year}-12-31`,
    symbol: `ECE/MP.PP/${year}/INF/7`,
    sectionKeys: sections,
    narratives: {
      start: {
        en: "## Introduction\n\nThis report sets out what the partners of the Aarhus programme in Kazakhstan — government bodies, Aarhus centres and environmental NGOs — have pledged and done since the programme began. The figures below are drawn directly from the programme's platform; the secretariat's comments put them in context.\n\nThe Meeting of the Parties is invited to **take note** of the progress made and to consider the recommendations at the end of this report.",
        ru: "## Введение\n\nВ докладе изложено, какие обязательства приняли и что сделали участники Орхусской программы в Казахстане — государственные органы, Орхусские центры и экологические НКО — с начала программы. Приведённые ниже цифры взяты непосредственно с платформы программы; комментарии секретариата помогают их истолковать.\n\nСовещанию Сторон предлагается **принять к сведению** достигнутый прогресс и рассмотреть рекомендации, приведённые в конце доклада.",
      },
      "after:commitments": {
        en: "Most activities were taken on by Aarhus centres and NGOs. The secretariat notes that a number of activities have not reported for over a year and will contact their organisers before the next meeting.",
        ru: "Бо́льшую часть мероприятий взяли на себя Орхусские центры и НКО. Секретариат отмечает, что по ряду мероприятий отчётов нет больше года, и до следующего совещания свяжется с их организаторами.",
      },
      end: {
        en: "## Conclusions and recommendations\n\n1. Keep the public consultations open to all organisations registered on the platform.\n2. Ask every partner to report on its activities at least once a year.\n3. Use the needs assessment to plan the next round of training for Aarhus centres.",
        ru: "## Выводы и рекомендации\n\n1. Сохранить открытый доступ к общественным обсуждениям для всех организаций, зарегистрированных на платформе.\n2. Предложить каждому участнику отчитываться о своих мероприятиях не реже раза в год.\n3. Использовать результаты оценки потребностей при планировании следующего цикла обучения для Орхусских центров.",
      },
    },
  });
  const report = await createReport(services, actor, spaceId, input);
  await freezeReport(services, actor, report, { id: spaceId, slug: space.slug });
}
