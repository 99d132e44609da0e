import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { badge, pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { formSection, formSections } from "../../../platform/views/components";
import { checkboxField, errorSummary, localizedFields, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { localizedText } from "../../../platform/views/localized";
import { allQuestions, isChoiceKind, QUESTION_KINDS, SCALES, type Question, type SurveyDefinition } from "../definition";
import { surveyPath, type SurveyView } from "../queries";
import { SURVEY_RESPONDENTS } from "../schema";
import { answerForm, type AnswerFormOptions } from "./answer-form";
import { conditionNote, questionNumbers, statusLine, surveyFacts, SURVEY_STYLES, surveyTitle } from "./shared";

type SpaceRef = { slug: string; title: LocalizedText };

const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("surveys.title"), href: `/spaces/${space.slug}/surveys` },
];

/** The settings fields (new survey and the builder's settings form). */
function settingsFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "title", label: t("surveys.builder.title"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: t("surveys.builder.description"), isMultiline: true, rows: 3 })}
  ${selectField(view, form, { name: "respondent", label: t("surveys.builder.respondent"), hint: t("surveys.builder.respondent_hint"), choices: SURVEY_RESPONDENTS.map((value) => ({ value, label: t(`surveys.respondent.${value}`) })) })}
  ${checkboxField(view, form, { name: "results_public", label: t("surveys.builder.results_public") })}
  ${textField(view, form, { name: "opens_at", type: "datetime-local", label: t("surveys.builder.opens_at"), hint: t("surveys.builder.utc_hint") })}
  ${textField(view, form, { name: "closes_at", type: "datetime-local", label: t("surveys.builder.closes_at"), hint: t("surveys.builder.utc_hint") })}`;
}

/** /spaces/:slug/surveys — the space's surveys; organisers also see drafts and start a new one. */
export function surveyListPage(view: ViewContext, data: { space: SpaceRef; surveys: SurveyView[]; canManage: boolean; form: FormState }): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("surveys.title")} · ${localize(data.space.title, view.locale).text}`,
    breadcrumbs: crumbs(view, data.space).slice(0, 2),
    head: SURVEY_STYLES.link(),
    body: html`<h1>${t("surveys.title")}</h1>
<p class="lead">${t("surveys.lead")}</p>
${data.surveys.length
  ? html`<ul class="cards">${data.surveys.map((survey) => html`<li class="card"><h2><a href="${surveyPath(data.space.slug, survey.slug)}">${localizedText(view, survey.title)}</a></h2>${statusLine(view, survey)}</li>`)}</ul>`
  : html`<p class="muted">${t("surveys.none")}</p>`}
${data.canManage
  ? html`<section aria-labelledby="new-survey"><h2 id="new-survey">${t("surveys.builder.new")}</h2>
  ${errorSummary(view, data.form)}
  ${postForm(view, `/spaces/${data.space.slug}/surveys/new`, html`${settingsFields(view, data.form)}<button type="submit">${t("surveys.builder.create")}</button>`)}</section>`
  : ""}`,
  });
}

export type SurveyPageData = {
  space: SpaceRef;
  survey: SurveyView;
  canManage: boolean;
  canSeeResults: boolean;
  isAccepting: boolean;
  /** Why the viewer cannot answer now (already answered, must sign in, no organisation), as a message key. */
  notice: { key: string; values?: Record<string, string> } | null;
  form: FormState | null;
  answer: AnswerFormOptions;
  builder: { settings: FormState; section: FormState; question: FormState } | null;
};

/** A survey: for respondents its form (or why they cannot answer), for organisers also the builder. */
export function surveyPage(view: ViewContext, data: SurveyPageData): string {
  const { t } = view;
  const { survey, space } = data;
  const title = surveyTitle(view, survey);
  const path = surveyPath(space.slug, survey.slug);
  const isAnswerable = Boolean(data.form && data.isAccepting);
  const results = { label: t("surveys.results.link"), href: `${path}/results` };
  return renderPage(view, {
    title: title.text,
    breadcrumbs: [...crumbs(view, space), { label: title }],
    head: SURVEY_STYLES.link(),
    body: html`${pageHeader({
  kind: t("surveys.page.kind"),
  title: localizedText(view, survey.title),
  status: badge(t(`surveys.status.${survey.status}`), survey.status === "open" ? "success" : survey.status === "draft" ? "warning" : "neutral"),
  facts: surveyFacts(view, survey),
  // One next step: a respondent answers; an organiser builds it; the results come second (or first, once it is closed).
  primary: isAnswerable
    ? { label: t("surveys.page.answer"), href: "#survey-answer" }
    : data.builder
      ? { label: t("surveys.builder.heading"), href: "#builder" }
      : data.canSeeResults ? results : undefined,
  secondary: data.canSeeResults && (isAnswerable || data.builder) ? [results] : [],
})}
${Object.keys(survey.description).length ? html`<p class="lead">${localizedText(view, survey.description)}</p>` : ""}
${data.notice ? html`<p class="notice">${t(data.notice.key, data.notice.values)}</p>` : ""}
${isAnswerable && data.form ? html`<div id="survey-answer">${answerForm(view, data.form, survey.definition, data.answer)}</div>` : ""}
${!data.isAccepting && !data.notice ? html`<p class="notice">${t(survey.status === "closed" ? "surveys.answer.closed" : "surveys.answer.not_open")}</p>` : ""}
${data.builder ? builderSection(view, data, data.builder) : ""}`,
  });
}

function builderSection(view: ViewContext, data: SurveyPageData, forms: NonNullable<SurveyPageData["builder"]>): SafeHtml {
  const { t } = view;
  const { survey, space } = data;
  const path = surveyPath(space.slug, survey.slug);
  const numbers = questionNumbers(survey.definition);
  const transitions = survey.status === "draft" ? ["open"] : survey.status === "open" ? ["closed"] : ["open"];
  if (survey.status !== "draft" && survey.responseCount === 0) transitions.push("draft");
  return html`<section aria-labelledby="builder"><h2 id="builder">${t("surveys.builder.heading")}</h2>
  <p>${t("surveys.builder.rules")}</p>
  <div>${transitions.map((status) => postForm(view, `${path}/status`, html`<input type="hidden" name="status" value="${status}"><button type="submit">${t(`surveys.builder.to_${status}`)}</button>`, { className: "inline-form" }))}
  <a href="${path}/responses.csv">${t("surveys.results.raw_csv")}</a></div>
  <h3>${t("surveys.builder.questions")}</h3>
  ${survey.definition.sections.map((section, at) => html`<h4>${Object.keys(section.title).length ? localizedText(view, section.title) : t("surveys.answer.section_number", { number: at + 1 })}</h4>
    ${section.questions.length ? section.questions.map((question) => html`<div class="survey-builder-question"><p><strong>${numbers.get(question.key)}.</strong> ${localizedText(view, question.text)} <span class="tag">${t(`surveys.kind.${question.kind}`)}</span>${question.isRequired ? html` <span class="tag">${t("surveys.answer.required")}</span>` : ""}</p>
      ${conditionNote(view, question, survey.definition, numbers)}
      <p><a href="${path}/questions/${question.key}">${t("surveys.builder.edit_question")}</a>
      ${survey.responseCount === 0 ? postForm(view, `${path}/questions/${question.key}/delete`, html`<button type="submit" class="link-button">${t("surveys.builder.remove_question")}</button>`, { className: "inline-form" }) : ""}</p></div>`) : html`<p class="muted">${t("surveys.builder.no_questions")}</p>`}`)}
  <h3 id="add-question">${t("surveys.builder.add_question")}</h3>
  ${questionFields(view, forms.question, survey.definition, null, `${path}/questions`)}
  <h3 id="add-section">${t("surveys.builder.add_section")}</h3>
  ${errorSummary(view, forms.section)}
  ${postForm(view, `${path}/sections`, html`${localizedFields(view, forms.section, { name: "section_title", label: t("surveys.builder.section_title") })}${localizedFields(view, forms.section, { name: "section_description", label: t("surveys.builder.section_description"), isMultiline: true, rows: 2 })}<button type="submit">${t("surveys.builder.add_section")}</button>`)}
  <h3 id="settings">${t("surveys.builder.settings")}</h3>
  ${errorSummary(view, forms.settings)}
  ${postForm(view, `${path}/settings`, html`${settingsFields(view, forms.settings)}<button type="submit">${t("surveys.builder.save")}</button>`)}
</section>`;
}

/** Every earlier single or multiple choice option a condition may name, as "q:o" values. */
function conditionChoices(view: ViewContext, definition: SurveyDefinition, own: Question | null): { value: string; label: string }[] {
  const numbers = questionNumbers(definition);
  const questions = allQuestions(definition);
  const limit = own ? questions.findIndex((question) => question.key === own.key) : questions.length;
  return questions.slice(0, limit).filter((question) => isChoiceKind(question.kind)).flatMap((question) =>
    question.options.map((option) => ({
      value: `${question.key}:${option.key}`,
      label: `${numbers.get(question.key)}. ${localize(question.text, view.locale).text} → ${localize(option.label, view.locale).text}`,
    })),
  );
}

/** The question form: kind, texts per language, options and rows one per line per language, scale, condition. */
export function questionFields(view: ViewContext, form: FormState, definition: SurveyDefinition, question: Question | null, action: string): SafeHtml {
  const { t } = view;
  const conditions = conditionChoices(view, definition, question);
  const chosen = new Set(Array.isArray(form.values.show_if) ? form.values.show_if.map(String) : typeof form.values.show_if === "string" ? [form.values.show_if] : []);
  const lists = (name: string, label: string, hint: string): HtmlValue =>
    html`<fieldset class="localized"><legend>${label}</legend><p class="hint">${hint}</p>
    ${form.errors[name] ? html`<p class="field-error">${t(form.errors[name].key, form.errors[name].values)}</p>` : ""}
    ${["en", "ru"].map((code) => textArea(view, form, { name: `${name}.${code}`, label: t(`surveys.builder.in_${code}`), rows: 4 }))}</fieldset>`;
  const sections = {
    question: { id: "question-about", label: t("surveys.builder.part_question") },
    choices: { id: "question-choices", label: t("surveys.builder.part_choices") },
    scale: { id: "question-scale", label: t("surveys.builder.part_scale") },
  };
  // The condition is already a fieldset of its own (its id is where the error summary points), listed with the sections.
  const condition = { id: "field-show_if", label: t("surveys.builder.show_if") };
  return html`${errorSummary(view, form)}<div class="form-with-sections">${formSections(view, [...Object.values(sections), ...(conditions.length ? [condition] : [])])}${postForm(
    view,
    action,
    html`${formSection(sections.question, html`${selectField(view, form, { name: "section", label: t("surveys.builder.section"), choices: definition.sections.map((section, at) => ({ value: section.key, label: localize(section.title, view.locale).text || t("surveys.answer.section_number", { number: at + 1 }) })) })}
    ${selectField(view, form, { name: "kind", label: t("surveys.builder.kind"), choices: QUESTION_KINDS.map((kind) => ({ value: kind, label: t(`surveys.kind.${kind}`) })) })}
    ${localizedFields(view, form, { name: "text", label: t("surveys.builder.text"), isRequired: true })}
    ${localizedFields(view, form, { name: "help", label: t("surveys.builder.help") })}
    ${checkboxField(view, form, { name: "is_required", label: t("surveys.builder.is_required") })}`)}
    ${formSection(sections.choices, html`${lists("options", t("surveys.builder.options"), t("surveys.builder.options_hint"))}
    ${lists("rows", t("surveys.builder.rows"), t("surveys.builder.rows_hint"))}`)}
    ${formSection(sections.scale, html`${selectField(view, form, { name: "scale", label: t("surveys.builder.scale"), choices: SCALES.map((scale) => ({ value: scale, label: scale })) })}
    ${localizedFields(view, form, { name: "min_label", label: t("surveys.builder.min_label") })}
    ${localizedFields(view, form, { name: "max_label", label: t("surveys.builder.max_label") })}`)}
    ${conditions.length
      ? html`<fieldset class="localized form-section" id="${condition.id}"><legend>${condition.label}</legend><p class="hint">${t("surveys.builder.show_if_hint")}</p>
        ${form.errors.show_if ? html`<p class="field-error">${t(form.errors.show_if.key)}</p>` : ""}
        ${conditions.map((choice, at) => html`<div class="survey-choice"><input type="checkbox" id="show-if-${at}" name="show_if" value="${choice.value}"${chosen.has(choice.value) ? html` checked` : ""}><label for="show-if-${at}">${choice.label}</label></div>`)}</fieldset>`
      : ""}
    <button type="submit">${t(question ? "surveys.builder.save" : "surveys.builder.add_question")}</button>`,
  )}</div>`;
}

/** /spaces/:slug/surveys/:survey/questions/:key — one question's form. */
export function questionPage(view: ViewContext, data: { space: SpaceRef; survey: SurveyView; question: Question; form: FormState }): string {
  const { t } = view;
  const title = surveyTitle(view, data.survey);
  const path = surveyPath(data.space.slug, data.survey.slug);
  return renderPage(view, {
    title: `${t("surveys.builder.edit_question")} · ${title.text}`,
    breadcrumbs: [...crumbs(view, data.space), { label: title, href: path }, { label: t("surveys.builder.edit_question") }],
    head: SURVEY_STYLES.link(),
    body: html`<h1>${t("surveys.builder.edit_question")}</h1>
${data.survey.responseCount > 0 ? html`<p class="notice">${t("surveys.builder.has_responses_note")}</p>` : ""}
${questionFields(view, data.form, data.survey.definition, data.question, `${path}/questions/${data.question.key}`)}
<p><a href="${path}">${t("surveys.builder.back")}</a></p>`,
  });
}
