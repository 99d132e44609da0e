import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedLabel } from "../../../platform/views/localized";
import { errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { formSection, formSections } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import type { SpacePerson } from "../../spaces/queries";
import type { ConsultationForViewer, ConsultationGroup, ConsultationQuestion, ConsultationTopic } from "../queries";
import type { Facilitator } from "../queries-structure";
import { consultationCrumbs, consultationPath } from "./structure-shared";

const windowFields = (view: ViewContext, form: FormState) => html`
${textField(view, form, { name: "opensOn", label: view.t("consultation.structure.field.opens_on"), hint: view.t("consultation.structure.field.window_hint"), type: "date" })}
${textField(view, form, { name: "closesOn", label: view.t("consultation.structure.field.closes_on"), type: "date" })}`;

const saveButton = (view: ViewContext) => html`<p class="form-actions"><button type="submit">${view.t("consultation.structure.edit.save")}</button></p>`;

function page(view: ViewContext, loaded: ConsultationForViewer, title: string, body: ReturnType<typeof html>): string {
  return renderPage(view, { title, breadcrumbs: consultationCrumbs(view, loaded.space, loaded.consultation).concat({ label: title }), body: html`<h1>${title}</h1>${body}` });
}

/**
 * /:consultation/settings — the consultation set-up form in three parts with a contents list (as the other long
 * forms): about it (title, description in each language), who sees it and when, how contributions are edited.
 */
export function settingsPage(view: ViewContext, loaded: ConsultationForViewer, form: FormState): string {
  const base = consultationPath(loaded.space.slug, loaded.consultation.slug);
  const sections = {
    about: { id: "consultation-about", label: view.t("consultation.structure.edit.section_about") },
    access: { id: "consultation-access", label: view.t("consultation.structure.edit.section_access") },
    contributions: { id: "consultation-contributions", label: view.t("consultation.structure.edit.section_contributions") },
  };
  return page(
    view,
    loaded,
    view.t("consultation.structure.edit.settings_title"),
    html`${errorSummary(view, form)}<div class="form-with-sections">${formSections(view, Object.values(sections))}${postForm(
      view,
      `${base}/settings`,
      html`${formSection(sections.about, html`${localizedFields(view, form, { name: "title", label: view.t("consultation.structure.field.title"), isRequired: true })}
${localizedFields(view, form, { name: "description", label: view.t("consultation.structure.field.description"), isMultiline: true, rows: 6 })}`)}
${formSection(sections.access, html`${selectField(view, form, {
  name: "visibility",
  label: view.t("consultation.structure.field.visibility"),
  choices: [
    { value: "public", label: view.t("consultation.structure.visibility.public") },
    { value: "members", label: view.t("consultation.structure.visibility.members") },
  ],
})}
${windowFields(view, form)}`)}
${formSection(sections.contributions, html`${textField(view, form, { name: "editWindowMinutes", label: view.t("consultation.structure.field.edit_window"), type: "number" })}
${textField(view, form, { name: "maxReplyDepth", label: view.t("consultation.structure.field.reply_depth"), type: "number" })}`)}
${saveButton(view)}`,
    )}</div>
${loaded.consultation.sourceOutline ? html`<details><summary>${view.t("consultation.structure.edit.source_outline")}</summary><pre class="source-outline">${loaded.consultation.sourceOutline}</pre></details>` : ""}`,
  );
}

/** /:consultation/groups/:number/edit — the group's fields, and its named facilitators. */
export function groupEditPage(view: ViewContext, loaded: ConsultationForViewer, group: ConsultationGroup, form: FormState, people: { facilitators: Facilitator[]; candidates: SpacePerson[]; form: FormState }): string {
  const path = `${consultationPath(loaded.space.slug, loaded.consultation.slug)}/groups/${group.number}`;
  const kind = view.t(`consultation.structure.kind.${group.kind}`);
  const named = new Set(people.facilitators.map((person) => person.userId));
  const candidates = [...new Map(people.candidates.filter((person) => !named.has(person.userId)).map((person) => [person.userId, person])).values()];
  return page(
    view,
    loaded,
    view.t("consultation.structure.edit.group_title", { kind, number: group.number }),
    html`${errorSummary(view, form)}${postForm(
      view,
      `${path}/edit`,
      html`${localizedFields(view, form, { name: "title", label: view.t("consultation.structure.field.title"), isRequired: true })}
${localizedFields(view, form, { name: "description", label: view.t("consultation.structure.field.description"), isMultiline: true, rows: 5 })}
${selectField(view, form, {
  name: "kind",
  label: view.t("consultation.structure.field.kind"),
  choices: [
    { value: "discussion", label: view.t("consultation.structure.kind.discussion") },
    { value: "session", label: view.t("consultation.structure.kind.session") },
  ],
})}
${windowFields(view, form)}
${saveButton(view)}`,
    )}
<section aria-labelledby="facilitators"><h2 id="facilitators">${view.t("consultation.structure.edit.facilitators")}</h2>
${people.facilitators.length
  ? html`<ul>${people.facilitators.map(
      (person) => html`<li>${person.displayName} ${postForm(
        view,
        `${path}/facilitators/remove`,
        html`<input type="hidden" name="userId" value="${person.userId}"><button type="submit" class="link-button">${view.t("consultation.structure.edit.remove_facilitator", { name: person.displayName })}</button>`,
        { className: "inline-form" },
      )}</li>`,
    )}</ul>`
  : html`<p class="muted">${view.t("consultation.structure.edit.no_facilitators")}</p>`}
${candidates.length
  ? postForm(
      view,
      `${path}/facilitators`,
      html`${selectField(view, people.form, {
        name: "userId",
        label: view.t("consultation.structure.field.facilitator"),
        hint: view.t("consultation.structure.edit.facilitator_hint"),
        choices: candidates.map((person) => ({ value: person.userId, label: person.displayName })),
      })}<p class="form-actions"><button type="submit">${view.t("consultation.structure.edit.add_facilitator")}</button></p>`,
    )
  : ""}
</section>`,
  );
}

/** /:consultation/topics/:number/edit — the topic's fields, order in its group, and its guiding questions. */
export function topicEditPage(view: ViewContext, loaded: ConsultationForViewer, topic: ConsultationTopic, questions: ConsultationQuestion[], form: FormState, questionForms: { number: number; form: FormState }[]): string {
  const path = `${consultationPath(loaded.space.slug, loaded.consultation.slug)}/topics/${topic.number}`;
  const formFor = (number: number): FormState => {
    const entry = questionForms.find((candidate) => candidate.number === number)?.form;
    const stored = questions.find((question) => question.number === number)?.text ?? {};
    const defaults = Object.fromEntries(Object.entries(stored).map(([code, text]) => [`text.${code}`, text]));
    return entry ? { values: Object.keys(entry.values).length ? entry.values : defaults, errors: entry.errors } : { values: defaults, errors: {} };
  };
  return page(
    view,
    loaded,
    view.t("consultation.structure.edit.topic_title", { number: topic.number }),
    html`<p class="muted">${localizedLabel(view, topic.title)}</p>
${errorSummary(view, form)}${postForm(
      view,
      `${path}/edit`,
      html`${localizedFields(view, form, { name: "title", label: view.t("consultation.structure.field.title"), isRequired: true })}
${localizedFields(view, form, { name: "description", label: view.t("consultation.structure.field.description"), isMultiline: true, rows: 5 })}
${windowFields(view, form)}
${saveButton(view)}`,
    )}
<p>${postForm(view, `${path}/move`, html`<input type="hidden" name="direction" value="up"><button type="submit" class="secondary">${view.t("consultation.structure.edit.move_up")}</button>`, { className: "inline-form" })}
${postForm(view, `${path}/move`, html`<input type="hidden" name="direction" value="down"><button type="submit" class="secondary">${view.t("consultation.structure.edit.move_down")}</button>`, { className: "inline-form" })}</p>
<section aria-labelledby="questions"><h2 id="questions">${view.t("consultation.structure.edit.questions")}</h2>
${questions.map(
  (question) => html`<div class="question-edit" id="question-${question.number}">
  ${errorSummary(view, formFor(question.number))}
  ${postForm(
    view,
    `${path}/questions/${question.number}`,
    html`${localizedFields(view, formFor(question.number), { name: "text", label: view.t("consultation.structure.field.question", { number: question.number }), isMultiline: true, rows: 3 })}
    <p class="form-actions"><button type="submit">${view.t("consultation.structure.edit.save_question", { number: question.number })}</button></p>`,
  )}
  ${postForm(view, `${path}/questions/${question.number}/remove`, html`<button type="submit" class="secondary">${view.t("consultation.structure.edit.remove_question", { number: question.number })}</button>`, { className: "inline-form" })}
</div>`,
)}
${postForm(
  view,
  `${path}/questions`,
  html`${localizedFields(view, formFor(0), { name: "text", label: view.t("consultation.structure.field.new_question"), isMultiline: true, rows: 3 })}
  <p class="form-actions"><button type="submit">${view.t("consultation.structure.edit.add_question")}</button></p>`,
)}
</section>`,
  );
}

/** /:consultation/groups/:number/topics/new — a new topic at the end of the group. */
export function addTopicPage(view: ViewContext, loaded: ConsultationForViewer, group: ConsultationGroup, form: FormState): string {
  const path = `${consultationPath(loaded.space.slug, loaded.consultation.slug)}/groups/${group.number}/topics/new`;
  return page(
    view,
    loaded,
    view.t("consultation.structure.edit.add_topic_title", { number: group.number }),
    html`${errorSummary(view, form)}${postForm(
      view,
      path,
      html`${localizedFields(view, form, { name: "title", label: view.t("consultation.structure.field.title"), isRequired: true })}
${localizedFields(view, form, { name: "description", label: view.t("consultation.structure.field.description"), isMultiline: true, rows: 5 })}
${windowFields(view, form)}
${saveButton(view)}`,
    )}`,
  );
}
