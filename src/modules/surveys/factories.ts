import type { Services } from "../../platform/services";
import { XSS } from "../../testing/factories";
import { buildSpace, type BuiltSpace } from "../spaces/factories";
import { createSurvey, saveQuestion, setSurveyStatus, type QuestionInput } from "./commands/save-survey";
import { findSurveyById, type SurveyView } from "./queries";
import type { SurveyRespondent } from "./schema";

export type BuiltSurvey = SurveyView & { space: BuiltSpace };

/** A question input with defaults: required, texts with a script tag (so pages also prove escaping). */
export function questionInput(kind: string, overrides: Partial<QuestionInput> = {}): QuestionInput {
  return {
    section: "s1", kind, text: { en: `${XSS} Question ${kind}`, ru: `${XSS} Вопрос ${kind}` }, help: {}, isRequired: true, options: {}, rows: {}, scale: "1-5",
    minLabel: {}, maxLabel: {}, showIf: [], ...overrides,
  };
}

/**
 * A survey made through the real commands in a public space with surveys on (made on demand), with the given
 * questions, open unless told otherwise. Options are given as "English | Русский" lines.
 */
export async function buildSurvey(
  services: Services,
  options: { space?: BuiltSpace; respondent?: SurveyRespondent; resultsPublic?: boolean; questions?: QuestionInput[]; status?: "draft" | "open" | "closed" } = {},
): Promise<BuiltSurvey> {
  const space = options.space ?? (await buildSpace(services, { enabledModules: ["surveys"] }));
  const actor = { id: space.createdBy };
  let survey = await createSurvey(services, actor, space.id, {
    title: { en: `${XSS} Needs survey`, ru: `${XSS} Опрос потребностей` }, description: {}, respondent: options.respondent ?? "person",
    resultsPublic: options.resultsPublic ?? true, opensAt: null, closesAt: null,
  });
  for (const question of options.questions ?? [questionInput("single", { options: { en: "Yes\nNo", ru: "Да\nНет" } })]) survey = await saveQuestion(services, actor, survey.id, null, question);
  const status = options.status ?? "open";
  if (status !== "draft") survey = await setSurveyStatus(services, actor, survey.id, "open");
  if (status === "closed") survey = await setSurveyStatus(services, actor, survey.id, "closed");
  return { ...(await findSurveyById(services.db, survey.id))!, space };
}
