import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { queryRows } from "../../db/sql";
import { regionsOf } from "../../platform/countries";
import { SUPPRESSION_THRESHOLD } from "../../platform/statistics/small-cells";
import { suppressTable } from "../../platform/statistics/table-suppression";
import { allQuestions, isTextKind, scaleValues, type Question, type SurveyDefinition } from "./definition";

// Results of a survey, from aggregates only (counts kept per option and group in survey_tallies, rebuilt by
// GROUP BY GROUPING SETS over the answers; no response is ever loaded into Node), with
// small-cell suppression over every published figure of one question at once: the overall count per option and
// the base, and the cross-tabs by actor type, country, region and constituency with their group sizes. One
// suppressTable call per question holds all of them, so a cell hidden in one view is never shown in another, and
// a region's figures, which are sums of its countries', are lines too.

export const DIMENSIONS = ["actor_type", "country", "region", "constituency"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
type StoredDimension = "actor_type" | "country" | "constituency";

/** One published figure: null when suppressed. */
export type Cell = { count: number | null; percent: number | null };

/** A question (or one row of a matrix question) as aggregated: the unit a chart and a cross-tab are about. */
export type ItemResult = {
  question: Question;
  rowKey: string;
  /** Each respondent picks one value (single choice, scale, matrix row): its counts add up to the base. */
  isExclusive: boolean;
  /** Respondents: those shown the question who answered it. Null when suppressed. */
  base: number | null;
  options: { key: string; cell: Cell }[];
  /** Scale only, and only when no value of the distribution is hidden (otherwise they would give hidden cells away). */
  mean: number | null;
  median: number | null;
  crossTabs: Record<Dimension, CrossTab>;
};

export type CrossTab = { groups: { key: string; size: number | null; cells: Cell[] }[] };

export type TextItem = { question: Question; answerCount: number | null };

/** Responses of the whole survey; null for 1 or 2 (a survey of one person would give every answer away with it). */
export type SurveyResults = { responseCount: number | null; items: ItemResult[]; texts: TextItem[] };

/** A count fit to publish: 0 or at least the suppression threshold, else null. */
export const publishedCount = (count: number): number | null => (count > 0 && count < SUPPRESSION_THRESHOLD ? null : count);

type CountRow = { question_key: string; row_key: string; option_key: string | null; dimension: string; group_key: string | null; count: number | string };

/** The option keys of a question's item, in the order they are shown. */
function itemOptions(question: Question): string[] {
  if (question.kind === "scale") return scaleValues(question.scale);
  return question.options.map((option) => option.key);
}

const percentOf = (count: number | null, base: number | null): number | null =>
  count === null || base === null || base === 0 ? null : Math.round((count / base) * 1000) / 10;

/** The M49 region (continent) of a country, or "" when unknown. */
function regionOf(country: string): string {
  return country ? (regionsOf(country, "en").find((region) => region.level === "region")?.code ?? "") : "";
}

/** The item-respondents marker in survey_tallies.option_key and the survey-respondents marker in question_key. */
export const TALLY_ALL = "*";

/**
 * Recomputes a survey's tallies from its answers and responses with grouped SQL: answers per option, distinct
 * respondents per question, and respondents of the survey — each overall and per group of every profile
 * dimension. For bulk-loaded data (the bench) and as a repair; submitResponse keeps them current otherwise.
 */
export async function rebuildTallies(db: Database, surveyId: string): Promise<void> {
  const sets = (columns: string) =>
    sql.raw(`grouping sets ((${columns}), (${columns}, actor_type), (${columns}, country), (${columns}, constituency))`);
  const dimension = sql.raw(`case when grouping(actor_type) = 0 then 'actor_type' when grouping(country) = 0 then 'country' when grouping(constituency) = 0 then 'constituency' else '' end`);
  const groupKey = sql.raw(`coalesce(case when grouping(actor_type) = 0 then actor_type end, case when grouping(country) = 0 then country end, case when grouping(constituency) = 0 then constituency end, '')`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from survey_tallies where survey_id = ${surveyId}`);
    await tx.execute(sql`insert into survey_tallies (survey_id, question_key, row_key, option_key, dimension, group_key, count)
      select ${surveyId}, question_key, row_key, option_key, ${dimension}, ${groupKey}, count(*) from survey_answers
      where survey_id = ${surveyId} and text_value is null group by ${sets("question_key, row_key, option_key")}`);
    await tx.execute(sql`insert into survey_tallies (survey_id, question_key, row_key, option_key, dimension, group_key, count)
      select ${surveyId}, question_key, row_key, ${TALLY_ALL}, ${dimension}, ${groupKey}, count(distinct response_id) from survey_answers
      where survey_id = ${surveyId} group by ${sets("question_key, row_key")}`);
    await tx.execute(sql`insert into survey_tallies (survey_id, question_key, row_key, option_key, dimension, group_key, count)
      select ${surveyId}, ${TALLY_ALL}, '', ${TALLY_ALL}, ${dimension}, ${groupKey}, count(*) from survey_responses
      where survey_id = ${surveyId} group by grouping sets ((), (actor_type), (country), (constituency))`);
  });
}

/**
 * The tally rows one response adds: each chosen option and each answered item (its respondents), and the survey's
 * respondents, overall and per profile group. Sorted, so concurrent submits lock the counters in one order.
 */
export function responseTallies(rows: { questionKey: string; rowKey: string; optionKey: string; textValue: string | null }[], profile: { actorType: string; country: string; constituency: string }): [string, string, string, string, string][] {
  const groups: [string, string][] = [["", ""], ["actor_type", profile.actorType], ["country", profile.country], ["constituency", profile.constituency]];
  const keys = new Set<string>();
  const add = (question: string, row: string, option: string) => {
    for (const [dimension, group] of groups) keys.add(JSON.stringify([question, row, option, dimension, group]));
  };
  for (const row of rows) {
    if (row.textValue === null) add(row.questionKey, row.rowKey, row.optionKey);
    add(row.questionKey, row.rowKey, TALLY_ALL);
  }
  add(TALLY_ALL, "", TALLY_ALL);
  return [...keys].sort().map((key) => JSON.parse(key) as [string, string, string, string, string]);
}

/** The tallies as the results computation reads them: a few hundred rows, whatever the number of responses. */
async function aggregate(db: Database, surveyId: string): Promise<{ counts: CountRow[]; bases: CountRow[]; profileRows: CountRow[] }> {
  const rows = await queryRows<CountRow>(db, sql`select question_key, row_key, option_key, dimension, group_key, count from survey_tallies where survey_id = ${surveyId}`);
  return {
    counts: rows.filter((row) => row.question_key !== TALLY_ALL && row.option_key !== TALLY_ALL),
    bases: rows.filter((row) => row.question_key !== TALLY_ALL && row.option_key === TALLY_ALL),
    profileRows: rows.filter((row) => row.question_key === TALLY_ALL),
  };
}

/** Cell keys: the unknown-country group and the unknown-region group are the same people, so one cell. */
const groupCell = (dimension: Dimension, group: string) => (dimension === "region" && group === "" ? "country|" : `${dimension}|${group}`);

/** The results of a survey as anyone allowed to see them sees them: suppressed. */
export async function surveyResults(db: Database, survey: { id: string; definition: SurveyDefinition; responseCount: number }): Promise<SurveyResults> {
  const { counts, bases, profileRows } = await aggregate(db, survey.id);
  const itemKey = (question: string, row: string) => `${question}\u0000${row}`;
  const byItem = (rows: CountRow[]) => {
    const grouped = new Map<string, CountRow[]>();
    for (const row of rows) {
      const key = itemKey(row.question_key, row.row_key);
      grouped.set(key, [...(grouped.get(key) ?? []), row]);
    }
    return grouped;
  };
  const countsByItem = byItem(counts);
  const basesByItem = byItem(bases);

  // The survey's profile: respondents per group of each dimension (regions summed from countries).
  const profileCounts = new Map<string, number>();
  const profileGroups = new Map<Dimension, Set<string>>(DIMENSIONS.map((dimension) => [dimension, new Set<string>()]));
  for (const row of profileRows) {
    const count = Number(row.count);
    if (row.dimension === "") {
      profileCounts.set("p|n", count);
      continue;
    }
    const dimension = row.dimension as StoredDimension;
    const group = row.group_key ?? "";
    profileGroups.get(dimension)!.add(group);
    profileCounts.set(`p|${groupCell(dimension, group)}`, count);
    if (dimension === "country") {
      const region = regionOf(group);
      profileGroups.get("region")!.add(region);
      if (region) profileCounts.set(`p|region|${region}`, (profileCounts.get(`p|region|${region}`) ?? 0) + count);
    }
  }
  const countriesOfRegion = new Map<string, string[]>();
  for (const country of profileGroups.get("country")!) {
    const region = regionOf(country);
    if (region) countriesOfRegion.set(region, [...(countriesOfRegion.get(region) ?? []), country]);
  }
  const groupsOf = (dimension: Dimension) => [...profileGroups.get(dimension)!].sort();

  const items: ItemResult[] = [];
  const texts: TextItem[] = [];
  for (const question of allQuestions(survey.definition)) {
    if (isTextKind(question.kind)) {
      const base = (basesByItem.get(itemKey(question.key, "")) ?? []).find((row) => row.dimension === "");
      texts.push({ question, answerCount: publishedCount(Number(base?.count ?? 0)) });
      continue;
    }
    const rowKeys = question.kind === "matrix" ? question.rows.map((row) => row.key) : [""];
    for (const rowKey of rowKeys) {
      items.push(itemResult(question, rowKey, countsByItem.get(itemKey(question.key, rowKey)) ?? [], basesByItem.get(itemKey(question.key, rowKey)) ?? []));
    }
  }
  return { responseCount: publishedCount(survey.responseCount), items, texts };

  function itemResult(question: Question, rowKey: string, countRows: CountRow[], baseRows: CountRow[]): ItemResult {
    const options = itemOptions(question);
    const isExclusive = question.kind !== "multiple";
    const cells = new Map<string, number>(profileCounts);
    const add = (key: string, count: number) => cells.set(key, (cells.get(key) ?? 0) + count);
    for (const row of countRows) {
      const option = row.option_key ?? "";
      const count = Number(row.count);
      if (row.dimension === "") add(`t|${option}`, count);
      else {
        const dimension = row.dimension as StoredDimension;
        const group = row.group_key ?? "";
        add(`${groupCell(dimension, group)}|${option}`, count);
        if (dimension === "country" && regionOf(group)) add(`region|${regionOf(group)}|${option}`, count);
      }
    }
    for (const row of baseRows) {
      const count = Number(row.count);
      if (row.dimension === "") add("n", count);
      else {
        const dimension = row.dimension as StoredDimension;
        const group = row.group_key ?? "";
        add(`${groupCell(dimension, group)}|n`, count);
        if (dimension === "country" && regionOf(group)) add(`region|${regionOf(group)}|n`, count);
      }
    }
    // Every cell the page, the CSV and the API can show, so zeros are known cells too.
    for (const option of options) if (!cells.has(`t|${option}`)) cells.set(`t|${option}`, 0);
    if (!cells.has("n")) cells.set("n", 0);
    const lines: string[][] = [];
    const dependents = new Map<string, string[]>();
    if (isExclusive) lines.push([...options.map((option) => `t|${option}`), "n"]);
    const profileLines = new Set<string>();
    for (const dimension of DIMENSIONS) {
      const groups = groupsOf(dimension);
      const sizeKeys = groups.map((group) => `${groupCell(dimension, group)}|n`);
      for (const key of sizeKeys) if (!cells.has(key)) cells.set(key, 0);
      lines.push([...sizeKeys, "n"]);
      const profileLine = [...groups.map((group) => `p|${groupCell(dimension, group)}`), "p|n"].join("\u0001");
      profileLines.add(profileLine);
      for (const option of options) {
        const keys = groups.map((group) => `${groupCell(dimension, group)}|${option}`);
        for (const key of keys) if (!cells.has(key)) cells.set(key, 0);
        lines.push([...keys, `t|${option}`]);
      }
      for (const group of groups) {
        const cell = groupCell(dimension, group);
        const optionKeys = options.map((option) => `${cell}|${option}`);
        if (isExclusive) lines.push([...optionKeys, `${cell}|n`]);
        // A group's answers go with its size, and its size with the group's place in the survey's profile.
        dependents.set(`${cell}|n`, optionKeys);
        dependents.set(`p|${cell}`, [`${cell}|n`]);
      }
    }
    for (const [region, countries] of countriesOfRegion) {
      for (const suffix of [...options, "n"]) lines.push([...countries.map((country) => `country|${country}|${suffix}`), `region|${region}|${suffix}`]);
      lines.push([...countries.map((country) => `p|country|${country}`), `p|region|${region}`]);
    }
    for (const line of profileLines) lines.push(line.split("\u0001"));
    const hidden = suppressTable({ counts: cells, lines, dependents });
    const shown = (key: string): number | null => (hidden.has(key) ? null : (cells.get(key) ?? 0));
    const base = shown("n");
    const optionCells = options.map((option) => {
      const count = shown(`t|${option}`);
      return { key: option, cell: { count, percent: percentOf(count, base) } };
    });
    let mean: number | null = null;
    let median: number | null = null;
    if (question.kind === "scale" && base && optionCells.every((option) => option.cell.count !== null)) {
      const values = optionCells.map((option) => ({ value: Number(option.key), count: option.cell.count! }));
      mean = Math.round((values.reduce((sum, entry) => sum + entry.value * entry.count, 0) / base) * 100) / 100;
      median = medianOf(values, base);
    }
    const crossTabs = Object.fromEntries(
      DIMENSIONS.map((dimension) => {
        const groups = groupsOf(dimension).map((group) => {
          const cell = groupCell(dimension, group);
          const size = shown(`${cell}|n`);
          return { key: group, size, cells: options.map((option) => { const count = shown(`${cell}|${option}`); return { count, percent: percentOf(count, size) }; }) };
        });
        return [dimension, { groups }];
      }),
    ) as Record<Dimension, CrossTab>;
    return { question, rowKey, isExclusive, base, options: optionCells, mean, median, crossTabs };
  }
}

/** The median of a distribution of whole values (the mean of the two middle ones for an even count). */
function medianOf(values: { value: number; count: number }[], total: number): number {
  const at = (position: number) => {
    let seen = 0;
    for (const entry of values) {
      seen += entry.count;
      if (seen > position) return entry.value;
    }
    return values[values.length - 1]!.value;
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export type TextAnswer = { responseId: string; questionKey: string; text: string; isReleased: boolean };

/** Text answers of a question: organisers see all, everyone else only those released. Newest first, capped. */
export async function textAnswers(db: Database, surveyId: string, questionKey: string, options: { isReleasedOnly: boolean; limit: number }): Promise<TextAnswer[]> {
  const rows = await queryRows<{ response_id: string; question_key: string; text_value: string; is_released: boolean }>(
    db,
    sql`select a.response_id, a.question_key, a.text_value, a.is_released from survey_answers a join survey_responses r on r.id = a.response_id
      where a.survey_id = ${surveyId} and a.question_key = ${questionKey} and a.text_value is not null ${options.isReleasedOnly ? sql`and a.is_released` : sql``}
      order by r.submitted_at desc, a.response_id limit ${options.limit}`,
  );
  return rows.map((row) => ({ responseId: row.response_id, questionKey: row.question_key, text: row.text_value, isReleased: row.is_released }));
}
