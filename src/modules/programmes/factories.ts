import type { Services } from "../../platform/services";
import { XSS } from "../../testing/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import type { QuestionInput } from "../surveys/commands/save-survey";
import { questionInput } from "../surveys/factories";
import { addCohort, addSession, addTrack, createProgramme, saveFormQuestion, setProgrammeStatus } from "./commands/save-programme";
import { findProgrammeById, listCohorts, listSessions, type CohortView, type ProgrammeView, type SessionView } from "./queries";

export type BuiltProgramme = { programme: ProgrammeView; cohort: CohortView; sessions: SessionView[]; space: BuiltSpace; organiserId: string };

/**
 * An open programme made through the real commands in a public space with programmes on (made on demand): one
 * track, one cohort (capacity given, or 10), the given questions (one required single choice by default), two
 * standalone sessions and a completion rule of `requiredSessions` (0: all). Texts carry a script tag.
 */
export async function buildProgramme(
  services: Services,
  options: { space?: BuiltSpace; capacity?: number | null; questions?: QuestionInput[]; requiredSessions?: number; sessions?: number } = {},
): Promise<BuiltProgramme> {
  const space = options.space ?? (await buildSpace(services, { enabledModules: ["programmes"] }));
  const actor = { id: space.createdBy };
  const created = await createProgramme(services, actor, space.id, {
    title: { en: `${XSS} Accelerator`, ru: `${XSS} Акселератор` }, description: { en: `${XSS} **Twelve** weeks.`, ru: `${XSS} **Двенадцать** недель.` }, requiredSessions: options.requiredSessions ?? 0,
  });
  await addTrack(services, actor, created.id, { name: { en: `${XSS} Moderation`, ru: `${XSS} Модерация` }, description: {} });
  for (const question of options.questions ?? [questionInput("single", { options: { en: "Yes\nNo", ru: "Да\nНет" } })]) await saveFormQuestion(services, actor, created.id, null, question);
  await addCohort(services, actor, created.id, {
    name: { en: `${XSS} First cohort`, ru: `${XSS} Первый поток` }, startsOn: "2027-03-01", endsOn: "2027-05-31",
    capacity: options.capacity === null ? "" : String(options.capacity ?? 10), trackIds: [], opensAt: "", closesAt: "",
  });
  await setProgrammeStatus(services, actor, created.id, "open");
  const programme = (await findProgrammeById(services.db, created.id))!;
  const [cohort] = await listCohorts(services.db, programme.id);
  for (let index = 0; index < (options.sessions ?? 2); index += 1) {
    await addSession(services, actor, programme, cohort!, { title: { en: `${XSS} Session ${index + 1}`, ru: `${XSS} Занятие ${index + 1}` }, startsAt: `2027-03-${String(index + 2).padStart(2, "0")}T10:00`, eventId: "" });
  }
  return { programme, cohort: cohort!, sessions: await listSessions(services.db, cohort!.id), space, organiserId: space.createdBy };
}
