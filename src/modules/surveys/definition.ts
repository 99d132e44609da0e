import type { FieldErrors } from "../../platform/errors";
import type { LocalizedText } from "../../platform/i18n/localized";

// A survey's definition: sections of questions, each with stable keys (q1, o1, r1) that answers point at. Keys are
// handed out from the survey's counter and never reused, so renaming or reordering never changes what an answer
// means.

export const QUESTION_KINDS = ["single", "multiple", "scale", "short_text", "long_text", "matrix"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const SCALES = ["1-5", "0-10"] as const;
export type Scale = (typeof SCALES)[number];

export type Choice = { key: string; label: LocalizedText };
export type ShowIf = { question: string; options: string[] };

export type Question = {
  key: string;
  kind: QuestionKind;
  text: LocalizedText;
  help: LocalizedText;
  isRequired: boolean;
  /** single, multiple: the choices; matrix: the columns every row is answered on. */
  options: Choice[];
  /** matrix only */
  rows: Choice[];
  /** scale only */
  scale: Scale;
  minLabel: LocalizedText;
  maxLabel: LocalizedText;
  /** Asked only of those who chose one of these options of an earlier single or multiple choice question. */
  showIf: ShowIf | null;
};

export type Section = { key: string; title: LocalizedText; description: LocalizedText; questions: Question[] };
export type SurveyDefinition = { sections: Section[] };

export const SHORT_TEXT_LIMIT = 300;
export const LONG_TEXT_LIMIT = 5000;

export const isChoiceKind = (kind: QuestionKind): boolean => kind === "single" || kind === "multiple";
export const isTextKind = (kind: QuestionKind): boolean => kind === "short_text" || kind === "long_text";

/** The values of a scale, in order. */
export function scaleValues(scale: Scale): string[] {
  const [from, to] = scale === "0-10" ? [0, 10] : [1, 5];
  return Array.from({ length: to - from + 1 }, (_, at) => String(from + at));
}

export function allQuestions(definition: SurveyDefinition): Question[] {
  return definition.sections.flatMap((section) => section.questions);
}

export function findQuestion(definition: SurveyDefinition, key: string): Question | undefined {
  return allQuestions(definition).find((question) => question.key === key);
}

/** A respondent's answers as posted: question key (or `key.row` for matrix rows) → values. */
export type PostedAnswers = Record<string, string[]>;

/** One stored answer row. */
export type AnswerRow = { questionKey: string; rowKey: string; optionKey: string; textValue: string | null };

/**
 * Whether a question is shown to this respondent: it has no condition, or the earlier question it depends on is
 * itself shown and was answered with one of the named options. Evaluated on the server from the posted answers,
 * in definition order, so without JavaScript the whole form is shown ("answer only if …") and what the
 * respondent should not have been asked is ignored.
 */
export function shownQuestions(definition: SurveyDefinition, posted: PostedAnswers): Set<string> {
  const shown = new Set<string>();
  for (const question of allQuestions(definition)) {
    const condition = question.showIf;
    if (!condition) {
      shown.add(question.key);
      continue;
    }
    if (!shown.has(condition.question)) continue;
    const chosen = posted[condition.question] ?? [];
    if (chosen.some((option) => condition.options.includes(option))) shown.add(question.key);
  }
  return shown;
}

/**
 * Checks posted answers against the definition: choices must exist (else 400: the form never offers them),
 * required questions must be answered when shown (422 naming the question), texts within their limits; answers to
 * questions not shown are dropped. Returns the rows to store.
 */
export function checkAnswers(definition: SurveyDefinition, posted: PostedAnswers): { rows: AnswerRow[]; errors: FieldErrors; isMalformed: boolean } {
  const shown = shownQuestions(definition, posted);
  const rows: AnswerRow[] = [];
  const errors: FieldErrors = {};
  let isMalformed = false;
  for (const question of allQuestions(definition)) {
    if (!shown.has(question.key)) continue;
    const field = `answer.${question.key}`;
    const values = (posted[question.key] ?? []).map((value) => value.trim()).filter(Boolean);
    if (isTextKind(question.kind)) {
      const text = values.join("\n").trim();
      const limit = question.kind === "short_text" ? SHORT_TEXT_LIMIT : LONG_TEXT_LIMIT;
      if (text.length > limit) errors[field] = { key: "surveys.answer.error.too_long", values: { max: limit } };
      else if (text) rows.push({ questionKey: question.key, rowKey: "", optionKey: "", textValue: text });
      else if (question.isRequired) errors[field] = { key: "surveys.answer.error.required" };
      continue;
    }
    if (question.kind === "matrix") {
      const columns = new Set(question.options.map((option) => option.key));
      const missing: string[] = [];
      for (const row of question.rows) {
        const chosen = (posted[`${question.key}.${row.key}`] ?? []).filter(Boolean);
        if (chosen.length > 1 || chosen.some((value) => !columns.has(value))) isMalformed = true;
        else if (chosen[0]) rows.push({ questionKey: question.key, rowKey: row.key, optionKey: chosen[0], textValue: null });
        else missing.push(row.key);
      }
      if (question.isRequired && missing.length) errors[field] = { key: "surveys.answer.error.required_rows" };
      continue;
    }
    const allowed = new Set(question.kind === "scale" ? scaleValues(question.scale) : question.options.map((option) => option.key));
    const unique = [...new Set(values)];
    if (unique.some((value) => !allowed.has(value)) || (question.kind !== "multiple" && unique.length > 1)) {
      isMalformed = true;
      continue;
    }
    if (!unique.length) {
      if (question.isRequired) errors[field] = { key: "surveys.answer.error.required" };
      continue;
    }
    for (const value of unique) rows.push({ questionKey: question.key, rowKey: "", optionKey: value, textValue: null });
  }
  return { rows, errors, isMalformed };
}

/**
 * Whether an edited definition keeps every answer meaningful once responses exist: no question, option or row
 * may disappear, a question may not change kind or scale, and a condition may not be added to or changed on a
 * question people already answered (it would make earlier answers "not shown"). Texts, help, required-ness and
 * the order of sections may change; questions, options and rows may be added. Returns the message key of the
 * first problem, or null.
 */
export function breakingChange(before: SurveyDefinition, after: SurveyDefinition): string | null {
  const afterQuestions = new Map(allQuestions(after).map((question) => [question.key, question]));
  for (const old of allQuestions(before)) {
    const next = afterQuestions.get(old.key);
    if (!next) return "surveys.builder.error.question_removed";
    if (next.kind !== old.kind || next.scale !== old.scale) return "surveys.builder.error.kind_changed";
    const keys = (choices: Choice[]) => new Set(choices.map((choice) => choice.key));
    const nextOptions = keys(next.options);
    const nextRows = keys(next.rows);
    if (old.options.some((option) => !nextOptions.has(option.key)) || old.rows.some((row) => !nextRows.has(row.key))) return "surveys.builder.error.option_removed";
    if (JSON.stringify(old.showIf) !== JSON.stringify(next.showIf)) return "surveys.builder.error.condition_changed";
  }
  return null;
}
