import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { listCountries } from "../../../platform/countries";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { fieldId, postForm, selectField, errorSummary, type FormState } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import { CONSTITUENCIES } from "../../consultations/schema";
import { ACTOR_TYPES, actorTypeLabel } from "../../organisations/actor-types";
import { LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, scaleValues, type Question, type SurveyDefinition } from "../definition";
import type { SurveyRespondent } from "../schema";
import { conditionNote, questionNumbers } from "./shared";

/** The values a form field holds (a checkbox group posts several). */
function posted(form: FormState, name: string): string[] {
  const value = form.values[name];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" && value ? [value] : [];
}

const checked = (isChecked: boolean) => (isChecked ? html` checked` : "");

function questionControl(view: ViewContext, form: FormState, question: Question, described: string): SafeHtml {
  const name = `answer.${question.key}`;
  const values = posted(form, name);
  const id = fieldId(name);
  const invalid = form.errors[name] ? html` aria-invalid="true"` : "";
  switch (question.kind) {
    case "single":
    case "multiple": {
      const type = question.kind === "single" ? "radio" : "checkbox";
      return html`${question.options.map((option, at) => html`<div class="survey-choice"><input type="${type}" id="${id}-${at}" name="${name}" value="${option.key}"${checked(values.includes(option.key))}${described ? html` aria-describedby="${described}"` : ""}${invalid}><label for="${id}-${at}">${localizedText(view, option.label)}</label></div>`)}`;
    }
    case "scale": {
      const scale = scaleValues(question.scale);
      return html`<div class="survey-scale">
        ${question.minLabel && Object.keys(question.minLabel).length ? html`<span>${scale[0]} = ${localizedText(view, question.minLabel)}</span>` : ""}
        ${scale.map((value) => html`<span class="survey-choice"><input type="radio" id="${id}-${value}" name="${name}" value="${value}"${checked(values.includes(value))}${invalid}><label for="${id}-${value}">${value}</label></span>`)}
        ${question.maxLabel && Object.keys(question.maxLabel).length ? html`<span>${scale[scale.length - 1]} = ${localizedText(view, question.maxLabel)}</span>` : ""}
      </div>`;
    }
    case "short_text":
      return html`<input type="text" id="${id}-input" name="${name}" maxlength="${SHORT_TEXT_LIMIT}" value="${values.join(" ")}" aria-labelledby="${id}-legend"${described ? html` aria-describedby="${described}"` : ""}${invalid}>`;
    case "long_text":
      return html`<textarea id="${id}-input" name="${name}" rows="5" maxlength="${LONG_TEXT_LIMIT}" aria-labelledby="${id}-legend"${described ? html` aria-describedby="${described}"` : ""}${invalid}>${values.join("\n")}</textarea>`;
    case "matrix":
      return scrollableTable(
        view.t("surveys.answer.matrix_label"),
        html`<table class="survey-matrix"><thead><tr><td></td>${question.options.map((option) => html`<th scope="col">${localizedText(view, option.label)}</th>`)}</tr></thead>
        <tbody>${question.rows.map((row, rowAt) => {
          const rowName = `answer.${question.key}.${row.key}`;
          const rowValues = posted(form, rowName);
          return html`<tr><th scope="row" id="${id}-row-${rowAt}">${localizedText(view, row.label)}</th>${question.options.map((option, at) => html`<td><input type="radio" name="${rowName}" value="${option.key}" id="${id}-${rowAt}-${at}"${checked(rowValues.includes(option.key))} aria-labelledby="${id}-row-${rowAt} ${id}-col-${at}"></td>`)}</tr>`;
        })}</tbody></table>
        <p class="sr-only">${question.options.map((option, at) => html`<span id="${id}-col-${at}">${localizedText(view, option.label)}</span> `)}</p>`,
      );
  }
}

/** One question as a fieldset: its text as the legend, help, the condition it is asked under, its error. */
function questionBlock(view: ViewContext, form: FormState, question: Question, definition: SurveyDefinition, numbers: Map<string, number>): SafeHtml {
  const name = `answer.${question.key}`;
  const id = fieldId(name);
  const error = form.errors[name];
  const hasHelp = Object.keys(question.help).length > 0;
  const described = [hasHelp ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`<fieldset class="survey-question${error ? " has-error" : ""}" id="${id}">
  <legend id="${id}-legend">${numbers.get(question.key)}. ${localizedText(view, question.text)}${question.isRequired ? html` <span class="required" aria-hidden="true">*</span><span class="sr-only">${view.t("surveys.answer.required")}</span>` : ""}</legend>
  ${conditionNote(view, question, definition, numbers)}
  ${hasHelp ? html`<p class="hint" id="${id}-help">${localizedText(view, question.help)}</p>` : ""}
  ${question.kind === "multiple" ? html`<p class="hint">${view.t("surveys.answer.several")}</p>` : ""}
  ${error ? html`<p class="field-error" id="${id}-error">${view.t(error.key, error.values)}</p>` : ""}
  ${questionControl(view, form, question, described)}
</fieldset>`;
}

/**
 * The questions of a definition, each section with its heading, as controls named `answer.<key>` (what
 * `checkAnswers` reads back). Other forms built on the survey definition (a programme's application) embed it.
 */
export function questionSections(view: ViewContext, form: FormState, definition: SurveyDefinition, headingLevel: 2 | 3 = 2): SafeHtml {
  const numbers = questionNumbers(definition);
  const heading = (id: string, content: SafeHtml | string) => (headingLevel === 2 ? html`<h2 id="${id}">${content}</h2>` : html`<h3 id="${id}">${content}</h3>`);
  return html`${definition.sections.map((section, at) => html`<section class="survey-section" aria-labelledby="section-${section.key}">
    ${heading(`section-${section.key}`, Object.keys(section.title).length ? localizedText(view, section.title) : view.t("surveys.answer.section_number", { number: at + 1 }))}
    ${Object.keys(section.description).length ? html`<p>${localizedText(view, section.description)}</p>` : ""}
    ${section.questions.map((question) => questionBlock(view, form, question, definition, numbers))}
  </section>`)}`;
}

/** The entries of a contents list (`formSections`) for a definition's sections: each links to its heading. */
export function sectionContents(view: ViewContext, definition: SurveyDefinition): { id: string; label: string }[] {
  return definition.sections.map((section, at) => ({
    id: `section-${section.key}`,
    label: Object.keys(section.title).length ? localize(section.title, view.locale).text : view.t("surveys.answer.section_number", { number: at + 1 }),
  }));
}

/** Error-summary labels for the questions: "Question 3". */
export function questionLabels(view: ViewContext, definition: SurveyDefinition): Record<string, string> {
  return Object.fromEntries([...questionNumbers(definition)].map(([key, number]) => [`answer.${key}`, view.t("surveys.answer.question_number", { number })]));
}

export type AnswerFormOptions = {
  action: string;
  respondent: SurveyRespondent;
  organisations: { id: string; name: LocalizedText }[];
};

/**
 * The whole survey on one page, every section a fieldset group with its heading. Without JavaScript nothing can
 * appear or disappear, so a question asked only after a certain answer says so ("answer only if …") and the
 * server ignores its answer when the condition does not hold.
 */
export function answerForm(view: ViewContext, form: FormState, definition: SurveyDefinition, options: AnswerFormOptions): SafeHtml {
  const { t, locale } = view;
  const labels = questionLabels(view, definition);
  const profile =
    options.respondent === "organisation"
      ? selectField(view, form, {
          name: "organisation_id", label: t("surveys.answer.organisation"), isRequired: true, hint: t("surveys.answer.organisation_hint"),
          choices: options.organisations.map((organisation) => ({ value: organisation.id, label: organisation.name[locale] ?? Object.values(organisation.name)[0] ?? "" })),
          placeholder: "",
        })
      : html`${selectField(view, form, { name: "actor_type", label: t("surveys.answer.actor_type"), choices: ACTOR_TYPES.map((type) => ({ value: type.key, label: actorTypeLabel(type.key, locale) })), placeholder: t("surveys.answer.not_stated") })}
        ${selectField(view, form, { name: "country", label: t("surveys.answer.country"), choices: listCountries(locale).map((country) => ({ value: country.code, label: country.name })), placeholder: t("surveys.answer.not_stated") })}`;
  return html`${errorSummary(view, form, labels)}
${postForm(
  view,
  options.action,
  html`${questionSections(view, form, definition)}
  <section class="survey-section" aria-labelledby="section-profile">
    <h2 id="section-profile">${t("surveys.answer.about_you")}</h2>
    <p class="hint">${t(options.respondent === "organisation" ? "surveys.answer.about_organisation_hint" : "surveys.answer.about_you_hint")}</p>
    ${profile}
    ${selectField(view, form, { name: "constituency", label: t("surveys.answer.constituency"), hint: t("surveys.answer.constituency_hint"), choices: CONSTITUENCIES.map((value) => ({ value, label: t(`consultation.contributions.constituency.${value}`) })), placeholder: t("surveys.answer.not_stated") })}
  </section>
  <p>${options.respondent === "anonymous" ? t("surveys.answer.anonymous_note") : t("surveys.answer.once_note")}</p>
  <button type="submit">${t("surveys.answer.submit")}</button>`,
)}`;
}
