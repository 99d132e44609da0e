import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { localizedText } from "../../../platform/views/localized";
import { allQuestions, type Question, type SurveyDefinition } from "../definition";
import type { SurveyView } from "../queries";
import { publishedCount } from "../results";

// The few styles survey pages add to convene.css: question blocks, the bars of the results charts (a fixed value
// column, so every track of a question has the same length and 100 % fills it), cross-tabs.
export const SURVEY_STYLES = moduleStylesheet(
  "surveys",
  `.survey-section{border:0;padding:0;margin:0 0 2rem}
.survey-question{border:1px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem;margin:0 0 1rem;min-width:0}
.survey-question legend{font-weight:600;padding:0 .25rem}
.survey-choice{display:flex;gap:.5rem;align-items:baseline;margin:.25rem 0}
.survey-scale{display:flex;flex-wrap:wrap;gap:.25rem .9rem;align-items:baseline}
.survey-condition{font-size:.9rem;background:var(--soft);padding:.25rem .5rem;border-radius:4px}
.survey-matrix td,.survey-matrix th{padding:.25rem .5rem;text-align:center}
.survey-matrix th[scope=row]{text-align:start}
.survey-result{margin:0 0 2.5rem}
.survey-chart{margin:.5rem 0}
.survey-chart .bar-track svg{background:#eef1f4}
@media print{.survey-result h3{break-after:avoid}.survey-chart .bars li,.survey-figures tr{break-inside:avoid}.survey-texts li{break-inside:avoid}}
.survey-figures td,.survey-figures th{text-align:end;padding:.2rem .5rem}
.survey-figures th[scope=row],.survey-figures th:first-child{text-align:start}
.survey-texts{padding-inline-start:1.25rem}
.survey-texts li{margin:0 0 .5rem}
.survey-builder-question{border-top:1px solid var(--line);padding:.5rem 0}
`,
);

/** The title of a survey in the page language (or its fallback, marked). */
export const surveyTitle = (view: ViewContext, survey: Pick<SurveyView, "title">) => localize(survey.title, view.locale);

/** Question numbers as respondents see them: 1, 2, 3 … across sections. */
export function questionNumbers(definition: SurveyDefinition): Map<string, number> {
  return new Map(allQuestions(definition).map((question, at) => [question.key, at + 1]));
}

/** A label of a choice, or the key when it has none in any language (never empty). */
export function choiceLabel(view: ViewContext, choices: { key: string; label: LocalizedText }[], key: string): SafeHtml {
  const choice = choices.find((candidate) => candidate.key === key);
  return choice ? localizedText(view, choice.label) : html`${key}`;
}

/** "Answer only if you chose A or B in question 3." */
export function conditionNote(view: ViewContext, question: Question, definition: SurveyDefinition, numbers: Map<string, number>): SafeHtml | "" {
  if (!question.showIf) return "";
  const target = allQuestions(definition).find((candidate) => candidate.key === question.showIf!.question);
  if (!target) return "";
  const options = question.showIf.options.map((key, at) => html`${at ? ", " : ""}«${choiceLabel(view, target.options, key)}»`);
  return html`<p class="survey-condition">${view.t("surveys.answer.condition", { number: numbers.get(target.key) ?? 0 })} ${options}</p>`;
}

/** The status of a survey in words, with its window; the count of responses only when it is 0 or at least 3. */
/** What a survey's header says of it: when it opens and closes, who answers, how many have. */
export function surveyFacts(view: ViewContext, survey: SurveyView): string[] {
  const { t, format } = view;
  const count = publishedCount(survey.responseCount);
  return [
    survey.opensAt ? t("surveys.window.opens", { when: format.dateTime(survey.opensAt) }) : "",
    survey.closesAt ? t("surveys.window.closes", { when: format.dateTime(survey.closesAt) }) : "",
    t(`surveys.respondent.${survey.respondent}`),
    count === null ? t("surveys.response_count_few") : t("surveys.response_count", { count }),
  ];
}

export function statusLine(view: ViewContext, survey: SurveyView): SafeHtml {
  const { t, format } = view;
  const count = publishedCount(survey.responseCount);
  return html`<p><span class="tag">${t(`surveys.status.${survey.status}`)}</span>
  ${survey.opensAt ? html` ${t("surveys.window.opens", { when: format.dateTime(survey.opensAt) })}` : ""}
  ${survey.closesAt ? html` ${t("surveys.window.closes", { when: format.dateTime(survey.closesAt) })}` : ""}
  · ${t(`surveys.respondent.${survey.respondent}`)} · ${count === null ? t("surveys.response_count_few") : t("surveys.response_count", { count })}</p>`;
}
