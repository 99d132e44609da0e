import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { toCsv } from "../../platform/csv";
import type { Locale } from "../../platform/i18n/locales";
import { localizedString } from "../../platform/i18n/localized";
import { organisationNames } from "../organisations/queries";
import { allQuestions, isTextKind, type Question } from "./definition";
import type { SurveyView } from "./queries";
import { DIMENSIONS, type Cell, type SurveyResults } from "./results";

const optionName = (question: Question, key: string, locale: Locale): string =>
  question.kind === "scale" ? key : localizedString(question.options.find((option) => option.key === key)?.label, locale) || key;

/**
 * The published aggregates as CSV, exactly what the results page shows: one line per question (matrix row),
 * group and option, suppressed figures left empty and marked. Formula-safe through platform/csv.
 */
export function aggregatesCsv(results: SurveyResults, locale: Locale): string {
  const rows: (string | number | null)[][] = [];
  const figures = (cell: Cell) => [cell.count, cell.percent, cell.count === null ? "suppressed" : ""];
  for (const item of results.items) {
    const question = localizedString(item.question.text, locale);
    const row = item.rowKey ? localizedString(item.question.rows.find((candidate) => candidate.key === item.rowKey)?.label, locale) : "";
    for (const option of item.options) rows.push([item.question.key, question, item.rowKey, row, option.key, optionName(item.question, option.key, locale), "all", "", item.base, ...figures(option.cell)]);
    for (const dimension of DIMENSIONS) {
      for (const group of item.crossTabs[dimension].groups) {
        group.cells.forEach((cell, at) => {
          const option = item.options[at]!.key;
          rows.push([item.question.key, question, item.rowKey, row, option, optionName(item.question, option, locale), dimension, group.key, group.size, ...figures(cell)]);
        });
      }
    }
  }
  return toCsv(["question_key", "question", "row_key", "row", "option_key", "option", "dimension", "group", "respondents", "count", "percent_of_respondents", "note"], rows);
}

/**
 * Every response as one line, for the survey's organisers. It never names a person: anonymous and personal
 * surveys carry only the stated profile; an organisation survey names the organisation that answered (an
 * organisation's answer is not personal data). Built from one grouped query.
 */
export async function rawResponsesCsv(db: Database, survey: SurveyView): Promise<string> {
  const questions = allQuestions(survey.definition);
  // Anonymous: the day only, in no particular order, so a line cannot be matched to a moment someone was seen online.
  const isAnonymous = survey.respondent === "anonymous";
  const columns = questions.flatMap((question) => (question.kind === "matrix" ? question.rows.map((row) => ({ question, rowKey: row.key })) : [{ question, rowKey: "" }]));
  const rows = await queryRows<{ id: string; submitted_at: Date | string; actor_type: string; country: string; constituency: string; locale: string; organisation: string | null; answers: Record<string, string> | null }>(
    db,
    sql`select r.id, r.submitted_at, r.actor_type, r.country, r.constituency, r.locale,
        r.organisation_id as organisation,
        (select jsonb_object_agg(k, v) from (select a.question_key || '.' || a.row_key as k, string_agg(coalesce(a.text_value, a.option_key), ' | ' order by a.option_key) as v
           from survey_answers a where a.response_id = r.id group by a.question_key, a.row_key) answers) as answers
      from survey_responses r where r.survey_id = ${survey.id} order by ${isAnonymous ? sql`r.id` : sql`r.submitted_at, r.id`}`,
  );
  const names = survey.respondent === "organisation" ? await organisationNames(db, [...new Set(rows.flatMap((row) => (row.organisation ? [row.organisation] : [])))]) : new Map<string, { slug: string }>();
  const headers = ["response", "submitted_at", "actor_type", "country", "constituency", "language", ...(survey.respondent === "organisation" ? ["organisation"] : []), ...columns.map((column) => (column.rowKey ? `${column.question.key}.${column.rowKey}` : column.question.key))];
  const body = rows.map((row, at) => [
    at + 1, isAnonymous ? new Date(row.submitted_at).toISOString().slice(0, 10) : new Date(row.submitted_at).toISOString(), row.actor_type, row.country, row.constituency, row.locale, ...(survey.respondent === "organisation" ? [row.organisation ? (names.get(row.organisation)?.slug ?? "") : ""] : []),
    ...columns.map((column) => {
      const value = row.answers?.[`${column.question.key}.${column.rowKey}`] ?? "";
      if (!value || isTextKind(column.question.kind)) return value;
      return value.split(" | ").map((key) => optionName(column.question, key, "en")).join(" | ");
    }),
  ]);
  return toCsv(headers, body);
}
