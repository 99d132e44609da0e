import { barChart } from "../../../platform/charts/bar-chart";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName, regionName } from "../../../platform/countries";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { postForm } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import { actorTypeLabel } from "../../organisations/actor-types";
import type { Question } from "../definition";
import { surveyPath, type SurveyView } from "../queries";
import { DIMENSIONS, type Cell, type Dimension, type ItemResult, type SurveyResults, type TextAnswer } from "../results";
import { choiceLabel, questionNumbers, SURVEY_STYLES, surveyTitle } from "./shared";

type SpaceRef = { slug: string; title: LocalizedText };

/** The key of an item in links and the cross-tab form: "q3" or "q5.r2". */
export const itemId = (item: Pick<ItemResult, "question" | "rowKey">): string => (item.rowKey ? `${item.question.key}.${item.rowKey}` : item.question.key);

/** What a group of a dimension is called, in the page language; "" is "not stated". */
export function groupLabel(view: ViewContext, dimension: Dimension, key: string): string {
  if (!key) return view.t("surveys.results.not_stated");
  if (dimension === "actor_type") return actorTypeLabel(key, view.locale);
  if (dimension === "country") return countryName(key, view.locale);
  if (dimension === "region") return regionName(key, view.locale);
  return view.t(`consultation.contributions.constituency.${key}`);
}

/** An option of an item as shown: a choice's label, or a scale value. */
function optionLabel(view: ViewContext, question: Question, key: string): SafeHtml {
  return question.kind === "scale" ? html`${key}` : choiceLabel(view, question.options, key);
}

const SUPPRESSED = "—";
const countText = (view: ViewContext, cell: Cell) => (cell.count === null ? SUPPRESSED : view.format.number(cell.count));
const percentText = (view: ViewContext, cell: Cell) => (cell.percent === null ? SUPPRESSED : `${view.format.number(cell.percent)} %`);

/**
 * Bars for an item's options, as a share of respondents (a full track is 100 %), drawn by the shared bar chart so
 * the labels stay page-size text on a phone and the bars mirror in Arabic. Hidden from assistive technology: the
 * figures table under it is the truth. Suppressed options have no bar.
 */
function bars(view: ViewContext, item: ItemResult, id: string): SafeHtml {
  const chart = barChart({
    id: `${id}-chart`,
    title: view.t("surveys.results.percent"),
    description: "",
    max: 100,
    series: [{ name: view.t("surveys.results.percent"), color: "#2f6f9f" }],
    rows: item.options.map((option) => ({
      label: optionLabel(view, item.question, option.key),
      values: [Math.max(0, Math.min(100, option.cell.percent ?? 0))],
      valueText: percentText(view, option.cell),
    })),
  });
  return html`<div class="survey-chart" aria-hidden="true">${chart}</div>`;
}

function itemHeading(view: ViewContext, item: ItemResult, number: number): SafeHtml {
  const row = item.rowKey ? item.question.rows.find((candidate) => candidate.key === item.rowKey) : undefined;
  return html`${number}. ${localizedText(view, item.question.text)}${row ? html` — ${localizedText(view, row.label)}` : ""}`;
}

function itemSection(view: ViewContext, item: ItemResult, number: number): SafeHtml {
  const { t } = view;
  const id = `item-${itemId(item).replace(/\./g, "-")}`;
  return html`<section class="survey-result" aria-labelledby="${id}">
  <h3 id="${id}">${itemHeading(view, item, number)}</h3>
  <p>${t("surveys.results.base", { count: item.base === null ? SUPPRESSED : view.format.number(item.base) })}${item.question.showIf ? ` ${t("surveys.results.base_conditional")}` : ""}</p>
  ${item.question.kind === "multiple" ? html`<p class="hint">${t("surveys.results.multiple_note")}</p>` : ""}
  ${item.mean !== null ? html`<p>${t("surveys.results.mean_median", { mean: view.format.number(item.mean), median: view.format.number(item.median ?? 0) })}</p>` : item.question.kind === "scale" ? html`<p class="hint">${t("surveys.results.no_mean")}</p>` : ""}
  ${bars(view, item, id)}
  ${scrollableTable(
    t("surveys.results.table_label", { number: item.rowKey ? `${number}, ${localize(item.question.rows.find((row) => row.key === item.rowKey)?.label, view.locale).text}` : number }),
    html`<table class="survey-figures"><caption class="sr-only">${itemHeading(view, item, number)}</caption>
    <thead><tr><th scope="col">${t("surveys.results.option")}</th><th scope="col">${t("surveys.results.count")}</th><th scope="col">${t("surveys.results.percent")}</th></tr></thead>
    <tbody>${item.options.map((option) => html`<tr><th scope="row">${optionLabel(view, item.question, option.key)}</th><td>${countText(view, option.cell)}</td><td>${percentText(view, option.cell)}</td></tr>`)}</tbody></table>`,
  )}
</section>`;
}

export type ResultsPageData = {
  space: SpaceRef;
  survey: SurveyView;
  results: SurveyResults;
  canManage: boolean;
  texts: Map<string, TextAnswer[]>;
  crossTab: { item: ItemResult; dimension: Dimension } | null;
};

function crossTabSection(view: ViewContext, data: ResultsPageData, numbers: Map<string, number>): SafeHtml {
  const { t } = view;
  const path = `${surveyPath(data.space.slug, data.survey.slug)}/results`;
  const selected = data.crossTab;
  const form = html`<form method="get" action="${path}#cross-tab" class="filters">
    <div class="field"><label for="cross-item">${t("surveys.results.cross_question")}</label><select id="cross-item" name="question">${data.results.items.map((item) => {
      const row = item.rowKey ? item.question.rows.find((candidate) => candidate.key === item.rowKey) : undefined;
      const label = `${numbers.get(item.question.key)}. ${localize(item.question.text, view.locale).text}${row ? ` — ${localize(row.label, view.locale).text}` : ""}`;
      return html`<option value="${itemId(item)}"${selected && itemId(selected.item) === itemId(item) ? html` selected` : ""}>${label}</option>`;
    })}</select></div>
    <div class="field"><label for="cross-by">${t("surveys.results.cross_by")}</label><select id="cross-by" name="by">${DIMENSIONS.map((dimension) => html`<option value="${dimension}"${selected?.dimension === dimension ? html` selected` : ""}>${t(`surveys.dimension.${dimension}`)}</option>`)}</select></div>
    <button type="submit">${t("surveys.results.cross_show")}</button></form>`;
  if (!selected) return html`<section aria-labelledby="cross-tab"><h2 id="cross-tab">${t("surveys.results.cross_heading")}</h2>${form}</section>`;
  const { item, dimension } = selected;
  const tab = item.crossTabs[dimension];
  const number = numbers.get(item.question.key) ?? 0;
  const cellText = (cell: Cell) => (cell.count === null ? SUPPRESSED : `${view.format.number(cell.count)} (${percentText(view, cell)})`);
  return html`<section aria-labelledby="cross-tab"><h2 id="cross-tab">${t("surveys.results.cross_heading")}</h2>${form}
  ${scrollableTable(
    t("surveys.results.cross_label", { dimension: t(`surveys.dimension.${dimension}`) }),
    html`<table class="survey-figures"><caption>${itemHeading(view, item, number)} — ${t(`surveys.dimension.${dimension}`)}</caption>
    <thead><tr><th scope="col">${t(`surveys.dimension.${dimension}`)}</th><th scope="col">${t("surveys.results.group_size")}</th>${item.options.map((option) => html`<th scope="col">${optionLabel(view, item.question, option.key)}</th>`)}</tr></thead>
    <tbody>${tab.groups.map((group) => html`<tr><th scope="row">${groupLabel(view, dimension, group.key)}</th><td>${group.size === null ? SUPPRESSED : view.format.number(group.size)}</td>${group.cells.map((cell) => html`<td>${cellText(cell)}</td>`)}</tr>`)}</tbody>
    <tfoot><tr><th scope="row">${t("surveys.results.total")}</th><td>${item.base === null ? SUPPRESSED : view.format.number(item.base)}</td>${item.options.map((option) => html`<td>${cellText(option.cell)}</td>`)}</tr></tfoot></table>`,
  )}
  <p class="hint">${t("surveys.results.cross_note")}</p></section>`;
}

/** /spaces/:slug/surveys/:survey/results — every question's figures, charts, released text answers, a cross-tab. */
export function resultsPage(view: ViewContext, data: ResultsPageData): string {
  const { t } = view;
  const { survey, space } = data;
  const title = surveyTitle(view, survey);
  const path = surveyPath(space.slug, survey.slug);
  const numbers = questionNumbers(survey.definition);
  const blocks = survey.definition.sections.flatMap((section) => section.questions).map((question) => {
    const text = data.results.texts.find((entry) => entry.question.key === question.key);
    if (text) {
      const answers = data.texts.get(question.key) ?? [];
      const id = `item-${question.key}`;
      return html`<section class="survey-result" aria-labelledby="${id}"><h3 id="${id}">${numbers.get(question.key)}. ${localizedText(view, question.text)}</h3>
        <p>${text.answerCount === null ? t("surveys.results.text_few") : t("surveys.results.text_count", { count: text.answerCount })}</p>
        ${data.canManage ? html`<p class="hint">${t("surveys.results.text_moderation")}</p>` : html`<p class="hint">${t("surveys.results.text_released_only")}</p>`}
        ${answers.length ? html`<ul class="survey-texts">${answers.map((answer) => html`<li><p>${answer.text}</p>${data.canManage
          ? postForm(view, `${path}/answers/release`, html`<input type="hidden" name="response_id" value="${answer.responseId}"><input type="hidden" name="question" value="${answer.questionKey}"><input type="hidden" name="released" value="${answer.isReleased ? "false" : "true"}">${answer.isReleased ? html`<span class="tag">${t("surveys.results.released")}</span> ` : ""}<button type="submit" class="link-button">${t(answer.isReleased ? "surveys.results.withdraw" : "surveys.results.release")}</button>`, { className: "inline-form" })
          : ""}</li>`)}</ul>` : ""}
      </section>`;
    }
    return html`${data.results.items.filter((item) => item.question.key === question.key).map((item) => itemSection(view, item, numbers.get(question.key) ?? 0))}`;
  });
  return renderPage(view, {
    title: `${t("surveys.results.title")} · ${title.text}`,
    breadcrumbs: [{ label: t("nav.spaces"), href: "/spaces" }, { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: t("surveys.title"), href: `/spaces/${space.slug}/surveys` }, { label: title, href: path }, { label: t("surveys.results.title") }],
    head: SURVEY_STYLES.link(),
    body: html`<h1>${t("surveys.results.title")}: ${localizedText(view, survey.title)}</h1>
<p class="lead">${data.results.responseCount === null ? t("surveys.results.lead_few") : t("surveys.results.lead", { count: data.results.responseCount })}</p>
<p class="hint">${t("surveys.results.suppression_note")}</p>
<p><a href="${path}/results.csv">${t("surveys.results.csv")}</a>${data.canManage ? html` · <a href="${path}/responses.csv">${t("surveys.results.raw_csv")}</a>` : ""}</p>
<h2>${t("surveys.results.by_question")}</h2>
${blocks}
${data.results.items.length ? crossTabSection(view, data, numbers) : ""}`,
  });
}
