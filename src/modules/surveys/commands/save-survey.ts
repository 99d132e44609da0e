import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, conflict, notFound, validationFailed, type FieldErrors } from "../../../platform/errors";
import { LOCALES } from "../../../platform/i18n/locales";
import { cleanLocalized, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { slugify } from "../../../platform/slug";
import {
  allQuestions,
  breakingChange,
  isChoiceKind,
  QUESTION_KINDS,
  SCALES,
  type Choice,
  type Question,
  type QuestionKind,
  type Scale,
  type ShowIf,
  type SurveyDefinition,
} from "../definition";
import { findSurveyById, type SurveyView } from "../queries";
import { SURVEY_RESPONDENTS, type SurveyRespondent, type SurveyStatus } from "../schema";

export type Actor = { id: string; ip?: string | null };

export type SurveySettings = {
  title: LocalizedText;
  description: LocalizedText;
  respondent: SurveyRespondent;
  resultsPublic: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
};

const hasText = (value: LocalizedText) => Object.values(value).some((text) => Boolean(text?.trim()));

/** Reads a "YYYY-MM-DDTHH:mm" (UTC) or ISO date; "" is none. Errors name the field. */
export function parseWhen(value: unknown, field: string, errors: FieldErrors): Date | null {
  if (value === undefined || value === null || value === "") return null;
  const text = String(value).trim();
  const date = new Date(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) ? `${text}:00Z` : text);
  if (Number.isNaN(date.getTime())) {
    errors[field] = { key: "surveys.builder.error.bad_date" };
    return null;
  }
  return date;
}

/** Checks settings as posted (strings) into typed settings, or a 422 naming each field. */
export function checkSettings(input: { title: LocalizedText; description: LocalizedText; respondent: unknown; resultsPublic: boolean; opensAt: unknown; closesAt: unknown }): SurveySettings {
  const errors: FieldErrors = {};
  const title = cleanLocalized(input.title);
  if (!hasText(title)) errors.title = { key: "surveys.builder.error.title_required" };
  if (Object.values(title).some((text) => (text ?? "").length > 200)) errors.title = { key: "surveys.builder.error.too_long", values: { max: 200 } };
  const respondent = typeof input.respondent === "string" && (SURVEY_RESPONDENTS as readonly string[]).includes(input.respondent) ? (input.respondent as SurveyRespondent) : null;
  if (!respondent) errors.respondent = { key: "surveys.builder.error.bad_choice" };
  const opensAt = parseWhen(input.opensAt, "opens_at", errors);
  const closesAt = parseWhen(input.closesAt, "closes_at", errors);
  if (opensAt && closesAt && closesAt <= opensAt) errors.closes_at = { key: "surveys.builder.error.closes_before_opens" };
  if (Object.keys(errors).length) throw validationFailed(errors);
  return { title, description: cleanLocalized(input.description), respondent: respondent!, resultsPublic: input.resultsPublic, opensAt, closesAt };
}

/** A new draft survey with one empty section; its slug comes from the title. */
export async function createSurvey(services: Services, actor: Actor, spaceId: string, settings: SurveySettings): Promise<SurveyView> {
  const base = slugify(localizedString(settings.title, "en") || localizedString(settings.title, "ru"), "survey");
  return services.db.transaction(async (tx) => {
    const taken = new Set((await queryRows<{ slug: string }>(tx, sql`select slug from survey_surveys where space_id = ${spaceId} and slug like ${`${base}%`}`)).map((row) => row.slug));
    let slug = base;
    for (let suffix = 2; taken.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    const definition: SurveyDefinition = { sections: [{ key: "s1", title: {}, description: {}, questions: [] }] };
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into survey_surveys (space_id, slug, title, description, respondent, results_public, opens_at, closes_at, definition, next_key, created_by)
        values (${spaceId}, ${slug}, ${JSON.stringify(settings.title)}::jsonb, ${JSON.stringify(settings.description)}::jsonb, ${settings.respondent}, ${settings.resultsPublic},
          ${settings.opensAt}, ${settings.closesAt}, ${JSON.stringify(definition)}::jsonb, 2, ${actor.id}) returning id`,
    );
    await recordAudit(tx, { actorUserId: actor.id, action: "survey.created", subjectType: "survey", subjectId: row!.id, spaceId, ip: actor.ip ?? null });
    return (await findSurveyById(tx, row!.id))!;
  });
}

/** The survey locked for a change (FOR UPDATE: two organisers' edits apply one after the other). */
async function lockedSurvey(tx: Database, surveyId: string): Promise<SurveyView> {
  await tx.execute(sql`select id from survey_surveys where id = ${surveyId} for update`);
  const survey = await findSurveyById(tx, surveyId);
  if (!survey) throw notFound();
  return survey;
}

/** Title, description, who answers (fixed once anyone has), public results and the window. */
export async function updateSurveySettings(services: Services, actor: Actor, surveyId: string, settings: SurveySettings): Promise<SurveyView> {
  return services.db.transaction(async (tx) => {
    const survey = await lockedSurvey(tx, surveyId);
    if (survey.responseCount > 0 && settings.respondent !== survey.respondent) throw validationFailed({ respondent: { key: "surveys.builder.error.respondent_fixed" } });
    await tx.execute(sql`update survey_surveys set title = ${JSON.stringify(settings.title)}::jsonb, description = ${JSON.stringify(settings.description)}::jsonb,
      respondent = ${settings.respondent}, results_public = ${settings.resultsPublic}, opens_at = ${settings.opensAt}, closes_at = ${settings.closesAt}, updated_at = now()
      where id = ${surveyId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "survey.updated", subjectType: "survey", subjectId: surveyId, spaceId: survey.spaceId, ip: actor.ip ?? null });
    return (await findSurveyById(tx, surveyId))!;
  });
}

/** draft → open (needs a question) → closed, closed → open again; back to draft only while nobody has answered. */
export async function setSurveyStatus(services: Services, actor: Actor, surveyId: string, status: SurveyStatus): Promise<SurveyView> {
  return services.db.transaction(async (tx) => {
    const survey = await lockedSurvey(tx, surveyId);
    if (status === "open" && !allQuestions(survey.definition).length) throw conflict("surveys.builder.error.no_questions");
    if (status === "draft" && survey.responseCount > 0) throw conflict("surveys.builder.error.has_responses");
    await tx.execute(sql`update survey_surveys set status = ${status}, updated_at = now() where id = ${surveyId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: `survey.${status}`, subjectType: "survey", subjectId: surveyId, spaceId: survey.spaceId, ip: actor.ip ?? null });
    return (await findSurveyById(tx, surveyId))!;
  });
}

/** Stores a changed definition, refusing (409) what would break answers already given. */
async function storeDefinition(tx: Database, actor: Actor, survey: SurveyView, definition: SurveyDefinition, nextKey: number, action: string): Promise<void> {
  if (survey.responseCount > 0) {
    const problem = breakingChange(survey.definition, definition);
    if (problem) throw conflict(problem);
  }
  await tx.execute(sql`update survey_surveys set definition = ${JSON.stringify(definition)}::jsonb, next_key = ${nextKey}, updated_at = now() where id = ${survey.id}`);
  await recordAudit(tx, { actorUserId: actor.id, action, subjectType: "survey", subjectId: survey.id, spaceId: survey.spaceId, ip: actor.ip ?? null });
}

/** Adds a section (a page of the form) at the end. */
export async function addSection(services: Services, actor: Actor, surveyId: string, title: LocalizedText, description: LocalizedText): Promise<SurveyView> {
  return services.db.transaction(async (tx) => {
    const survey = await lockedSurvey(tx, surveyId);
    const definition: SurveyDefinition = { sections: [...survey.definition.sections, { key: `s${survey.nextKey}`, title: cleanLocalized(title), description: cleanLocalized(description), questions: [] }] };
    await storeDefinition(tx, actor, survey, definition, survey.nextKey + 1, "survey.section_added");
    return (await findSurveyById(tx, surveyId))!;
  });
}

/** A question as the builder form posts it (strings), before keys are given out. */
export type QuestionInput = {
  section: string;
  kind: string;
  text: LocalizedText;
  help: LocalizedText;
  isRequired: boolean;
  /** Option labels per language, one per line; the n-th lines of each language make the n-th option. */
  options: Partial<Record<string, string>>;
  rows: Partial<Record<string, string>>;
  scale: string;
  minLabel: LocalizedText;
  maxLabel: LocalizedText;
  /** "question:option" values. */
  showIf: string[];
};

const LIST_LIMIT = 30;

/** Lines per language → choices, keeping the keys of existing ones by position and giving new ones fresh keys. */
function choicesFrom(lines: Partial<Record<string, string>>, existing: Choice[], prefix: string, nextKey: () => number): Choice[] {
  const perLocale = LOCALES.map((locale) => ({ code: locale.code, lines: (lines[locale.code] ?? "").split(/\r?\n/).map((line) => line.trim()) }));
  const length = Math.max(0, ...perLocale.map((entry) => {
    let last = entry.lines.length;
    while (last > 0 && !entry.lines[last - 1]) last -= 1;
    return last;
  }));
  const choices: Choice[] = [];
  for (let at = 0; at < length; at += 1) {
    const label: LocalizedText = {};
    for (const entry of perLocale) if (entry.lines[at]) label[entry.code] = entry.lines[at];
    if (!hasText(label)) continue;
    choices.push({ key: existing[choices.length]?.key ?? `${prefix}${nextKey()}`, label });
  }
  return choices;
}

/**
 * A definition with a question added (key null) or changed, as the builder form posted it: checks the input (422
 * naming each field) and hands out keys from `nextKey`. Pure, so other modules' forms built on the survey
 * definition (a programme's application form) use the same builder. Options and rows keep their keys by position.
 */
export function applyQuestion(definition: SurveyDefinition, nextKey: number, questionKey: string | null, input: QuestionInput): { definition: SurveyDefinition; nextKey: number; isNew: boolean } {
  const questions = allQuestions(definition);
  const existing = questionKey ? questions.find((question) => question.key === questionKey) : undefined;
  if (questionKey && !existing) throw notFound();
  let counter = nextKey;
  const takeKey = () => counter++;
  const errors: FieldErrors = {};
  const section = definition.sections.find((candidate) => candidate.key === input.section);
  if (!section) errors.section = { key: "surveys.builder.error.bad_choice" };
  const kind = (QUESTION_KINDS as readonly string[]).includes(input.kind) ? (input.kind as QuestionKind) : null;
  if (!kind) errors.kind = { key: "surveys.builder.error.bad_choice" };
  const text = cleanLocalized(input.text);
  if (!hasText(text)) errors.text = { key: "surveys.builder.error.text_required" };
  const scale: Scale = (SCALES as readonly string[]).includes(input.scale) ? (input.scale as Scale) : "1-5";
  const key = existing?.key ?? `q${takeKey()}`;
  const options = kind === "single" || kind === "multiple" || kind === "matrix" ? choicesFrom(input.options, existing?.options ?? [], "o", takeKey) : [];
  const rows = kind === "matrix" ? choicesFrom(input.rows, existing?.rows ?? [], "r", takeKey) : [];
  if (kind && kind !== "scale" && (isChoiceKind(kind) || kind === "matrix") && options.length < 2) errors.options = { key: "surveys.builder.error.options_required" };
  if (options.length > LIST_LIMIT) errors.options = { key: "surveys.builder.error.too_many", values: { max: LIST_LIMIT } };
  if (kind === "matrix" && rows.length < 1) errors.rows = { key: "surveys.builder.error.rows_required" };
  if (rows.length > LIST_LIMIT) errors.rows = { key: "surveys.builder.error.too_many", values: { max: LIST_LIMIT } };
  // A condition names options of one earlier single or multiple choice question.
  let showIf: ShowIf | null = null;
  const conditions = input.showIf.filter(Boolean).map((value) => value.split(":"));
  if (conditions.length) {
    const [questionOf] = conditions[0]!;
    const position = new Map(questions.map((question, at) => [question.key, at]));
    const target = questions.find((question) => question.key === questionOf);
    const ownPosition = existing ? position.get(existing.key)! : Number.POSITIVE_INFINITY;
    const isEarlier = target !== undefined && (position.get(target.key) ?? 0) < ownPosition && target.key !== key;
    // A new question goes at the end of its section; a condition must point at a question before it.
    const sectionOrder = definition.sections.map((candidate) => candidate.key);
    const targetSection = definition.sections.find((candidate) => candidate.questions.some((question) => question.key === target?.key));
    const isBeforeSection = targetSection !== undefined && section !== undefined && sectionOrder.indexOf(targetSection.key) <= sectionOrder.indexOf(section.key);
    if (!target || !isChoiceKind(target.kind) || !isEarlier || !isBeforeSection || conditions.some(([question, option]) => question !== questionOf || !target.options.some((choice) => choice.key === option))) {
      errors.show_if = { key: "surveys.builder.error.bad_condition" };
    } else showIf = { question: target.key, options: [...new Set(conditions.map(([, option]) => option!))] };
  }
  if (Object.keys(errors).length) throw validationFailed(errors);
  const question: Question = {
    key, kind: kind!, text, help: cleanLocalized(input.help), isRequired: input.isRequired, options, rows, scale,
    minLabel: kind === "scale" ? cleanLocalized(input.minLabel) : {}, maxLabel: kind === "scale" ? cleanLocalized(input.maxLabel) : {}, showIf,
  };
  // Replaced in place when it stays in its section; moved to the end of another section otherwise.
  const sections = definition.sections.map((candidate) => {
    const at = candidate.questions.findIndex((other) => other.key === key);
    if (candidate.key === section!.key) {
      return at >= 0 ? { ...candidate, questions: candidate.questions.map((other) => (other.key === key ? question : other)) } : { ...candidate, questions: [...candidate.questions, question] };
    }
    return at >= 0 ? { ...candidate, questions: candidate.questions.filter((other) => other.key !== key) } : candidate;
  });
  return { definition: { sections }, nextKey: counter, isNew: !existing };
}

/**
 * Adds a question (key null) or changes one. Options and rows keep their keys by position, so relabelling is
 * safe and adding at the end is; removing or reordering is refused once responses exist (409, the form says why).
 */
export async function saveQuestion(services: Services, actor: Actor, surveyId: string, questionKey: string | null, input: QuestionInput): Promise<SurveyView> {
  return services.db.transaction(async (tx) => {
    const survey = await lockedSurvey(tx, surveyId);
    const applied = applyQuestion(survey.definition, survey.nextKey, questionKey, input);
    await storeDefinition(tx, actor, survey, applied.definition, applied.nextKey, applied.isNew ? "survey.question_added" : "survey.question_changed");
    return (await findSurveyById(tx, surveyId))!;
  });
}

/** Removes a question no other depends on; refused (409) once responses exist. */
export async function removeQuestion(services: Services, actor: Actor, surveyId: string, questionKey: string): Promise<SurveyView> {
  return services.db.transaction(async (tx) => {
    const survey = await lockedSurvey(tx, surveyId);
    if (allQuestions(survey.definition).some((question) => question.showIf?.question === questionKey)) throw conflict("surveys.builder.error.has_dependents");
    const sections = survey.definition.sections.map((section) => ({ ...section, questions: section.questions.filter((question) => question.key !== questionKey) }));
    await storeDefinition(tx, actor, survey, { sections }, survey.nextKey, "survey.question_removed");
    return (await findSurveyById(tx, surveyId))!;
  });
}

/** Releases (or withdraws) one text answer for public results: coordinators' moderation of free text. */
export async function setAnswerReleased(services: Services, actor: Actor, survey: SurveyView, responseId: string, questionKey: string, isReleased: boolean): Promise<void> {
  await services.db.transaction(async (tx) => {
    const updated = await queryRows<{ response_id: string }>(
      tx,
      sql`update survey_answers set is_released = ${isReleased} where survey_id = ${survey.id} and response_id = ${responseId} and question_key = ${questionKey} and text_value is not null returning response_id`,
    );
    if (!updated.length) throw new AppError("not_found", "error.not_found");
    await recordAudit(tx, { actorUserId: actor.id, action: isReleased ? "survey.answer_released" : "survey.answer_withdrawn", subjectType: "survey", subjectId: survey.id, spaceId: survey.spaceId, details: { questionKey }, ip: actor.ip ?? null });
  });
}
