import type { DemoContext } from "../../platform/module";
import type { Services } from "../../platform/services";
import { hasMemorandum, currentVersion } from "./queries";
import { publishVersion } from "./commands/publish-version";
import { signMemorandum } from "./commands/sign-memorandum";
import { findSpaceById } from "../spaces/queries";
import { listMembers } from "../organisations/queries";

export const DEMO_MEMORANDUM_SPACE = "aarhus-kazakhstan-2018-2020";

const FIRST = {
  en: `# Memorandum on the Aarhus programme in Kazakhstan

## 1. Purpose

The signatories join forces so that the three rights of the Aarhus Convention — access to environmental information, a say in decisions and access to justice — work in practice in every region of Kazakhstan.

## 2. What each signatory does

- takes on at least one programme activity and publishes it in this space;
- reports on its activities at least once a year;
- shares its materials and experience with the Aarhus centres and the other signatories.

## 3. Coordination

The secretariat keeps the list of signatories and their activities, convenes online conferences and prepares a yearly summary of progress.

## 4. Final provisions

Signing creates no financial obligation. A signatory may withdraw at any time on this page.`,
  ru: `# Меморандум об Орхусской программе в Казахстане

## 1. Цель

Подписавшие объединяют усилия, чтобы три права, закреплённые Орхусской конвенцией, — доступ к экологической информации, участие в принятии решений и доступ к правосудию — действовали на деле во всех регионах Казахстана.

## 2. Что делает каждый подписавший

- берёт на себя хотя бы одно мероприятие программы и публикует его в этом пространстве;
- не реже раза в год отчитывается о своих мероприятиях;
- делится материалами и опытом с Орхусскими центрами и другими участниками.

## 3. Координация

Секретариат ведёт список подписавших и их мероприятий, проводит онлайн-конференции и готовит ежегодный обзор хода работы.

## 4. Заключительные положения

Подписание не влечёт финансовых обязательств. Подписавший может в любое время отозвать подпись на этой странице.`,
};

const SECOND = {
  en: FIRST.en.replace("- reports on its activities at least once a year;", "- reports on its activities twice a year, in June and December;\n- names a contact person for the inter-agency working group;").replace(
    "convenes online conferences and prepares a yearly summary of progress.",
    "convenes online conferences, sends programme news to the signatories' mailing list and prepares a yearly summary of progress.",
  ),
  ru: FIRST.ru.replace("- не реже раза в год отчитывается о своих мероприятиях;", "- отчитывается о своих мероприятиях дважды в год, в июне и декабре;\n- называет контактное лицо для межведомственной рабочей группы;").replace(
    "проводит онлайн-конференции и готовит ежегодный обзор хода работы.",
    "проводит онлайн-конференции, рассылает новости программы подписавшим и готовит ежегодный обзор хода работы.",
  ),
};

/** Signs for an organisation as its first admin (the demo goes through the real command, audit and history included). */
async function signAsAdmin(services: Services, spaceId: string, organisationId: string | undefined): Promise<void> {
  if (!organisationId) return;
  const admin = (await listMembers(services.db, organisationId)).find((member) => member.role === "admin");
  if (admin) await signMemorandum(services, { id: admin.userId }, spaceId, organisationId);
}

/**
 * The memorandum demo (issue 13, point 8): the Aarhus space — whose commitments run in memorandum mode — gets a
 * memorandum in Russian and English with two versions. Five organisations signed the first; four re-signed the
 * second, and the Aarhus centre in Pavlodar (the demo member's organisation) has not yet, so it shows as "signed an
 * earlier version — invited to re-sign". Idempotent: does nothing once the space has a version.
 */
export async function seedMemorandumDemo(services: Services, demo: DemoContext): Promise<void> {
  const spaceId = demo.spaceIds[DEMO_MEMORANDUM_SPACE];
  if (!spaceId) return;
  const space = await findSpaceById(services.db, spaceId);
  if (!space || !(await hasMemorandum(services.db, space)) || (await currentVersion(services.db, spaceId))) return;
  const secretariat = { id: demo.adminUserId };
  await publishVersion(services, secretariat, spaceId, { bodyMd: FIRST, changeSummary: {} });
  const organisations = ["aarhus-centre-pavlodar", "kazakhstan-eco-ngo-network", "green-city-office-shymkent", "institute-of-arid-lands-ecology", "highland-pastoral-communities-council"];
  for (const slug of organisations) await signAsAdmin(services, spaceId, demo.organisationIds[slug]);
  await publishVersion(services, secretariat, spaceId, {
    bodyMd: SECOND,
    changeSummary: {
      en: "Signatories now report twice a year and each names a contact person for the inter-agency working group; programme news goes to a mailing list.",
      ru: "Подписавшие теперь отчитываются дважды в год и называют контактное лицо для межведомственной рабочей группы; новости программы рассылаются по почте.",
    },
  });
  for (const slug of organisations.slice(1)) await signAsAdmin(services, spaceId, demo.organisationIds[slug]);
}
