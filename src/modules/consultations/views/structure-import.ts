import { html, type HtmlValue } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { errorSummary, localizedFields, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { ViewedSpace } from "../../spaces/queries";
import { outlineCounts, windowInstants, type OutlineIssue, type OutlineWindow, type ParsedOutline } from "../outline";
import { consultationCrumbs, consultationsPath, windowText } from "./structure-shared";

function issueList(view: ViewContext, issues: OutlineIssue[], className: string): HtmlValue {
  return html`<ul class="${className}">${issues.map((issue) => html`<li${issue.line ? html` data-line="${issue.line}"` : ""}>${view.t(issue.key, issue.values)}</li>`)}</ul>`;
}

function windowNote(view: ViewContext, window: OutlineWindow | null): HtmlValue {
  return window ? html` <span class="muted">(${windowText(view, windowInstants(window))})</span>` : "";
}

/** The structure read from the outline, as a tree the coordinator checks before creating anything. */
function previewTree(view: ViewContext, outline: ParsedOutline): HtmlValue {
  const counts = outlineCounts(outline);
  return html`<section class="outline-preview" aria-labelledby="preview-heading">
  <h2 id="preview-heading">${view.t("consultation.structure.import.preview")}</h2>
  <p>${view.t("consultation.structure.import.summary", counts)}</p>
  ${outline.errors.length
    ? html`<div class="error-summary" role="alert"><h3>${view.t("consultation.structure.import.errors", { count: outline.errors.length })}</h3>${issueList(view, outline.errors, "outline-errors")}</div>`
    : html`<p class="notice">${view.t(outline.warnings.length ? "consultation.structure.import.ok_with_warnings" : "consultation.structure.import.ok")}</p>`}
  ${outline.warnings.length ? html`<div class="notice"><h3>${view.t("consultation.structure.import.warnings", { count: outline.warnings.length })}</h3>${issueList(view, outline.warnings, "outline-warnings")}</div>` : ""}
  ${outline.window ? html`<p>${windowText(view, windowInstants(outline.window))}</p>` : ""}
  <ol class="outline-groups">${outline.groups.map(
    (group) => html`<li class="outline-group">
    <strong>${view.t("consultation.structure.group.heading", { kind: view.t(`consultation.structure.kind.${group.kind}`), number: group.number })}: ${group.title}</strong>${windowNote(view, group.window)}
    <span class="muted">${view.t("consultation.structure.import.line", { line: group.line })}</span>
    <ol class="outline-topics">${group.topics.map(
      (topic) => html`<li class="outline-topic">
      <strong>${view.t("consultation.structure.topic.label", { number: topic.number })}: ${topic.title}</strong>${topic.isImplicit ? html` <span class="muted">${view.t("consultation.structure.import.implicit")}</span>` : ""}${windowNote(view, topic.window)}
      ${topic.questions.length ? html`<ol class="outline-questions">${topic.questions.map((question) => html`<li>${question.text}</li>`)}</ol>` : ""}
    </li>`,
    )}</ol>
  </li>`,
  )}</ol>
</section>`;
}

/**
 * /spaces/:slug/consultations/new — paste or upload, then preview; the preview keeps the text in its box
 * (editable) beside the settings; the create button appears only when the outline has no errors.
 */
export function importPage(view: ViewContext, space: ViewedSpace, form: FormState, outline: ParsedOutline | null): string {
  const action = `${consultationsPath(space.slug)}/new`;
  const canCreate = outline !== null && outline.errors.length === 0;
  const body = html`<h1>${view.t("consultation.structure.import.title")}</h1>
<p class="lead">${view.t("consultation.structure.import.intro")}</p>
${errorSummary(view, form)}
${outline ? previewTree(view, outline) : ""}
${postForm(
  view,
  action,
  html`${textArea(view, form, { name: "outline", label: view.t("consultation.structure.import.outline"), hint: view.t("consultation.structure.import.outline_hint"), rows: 18 })}
<div class="field"><label for="field-file">${view.t("consultation.structure.import.file")}</label>
  <p class="hint">${view.t("consultation.structure.import.file_hint")}</p>
  ${form.errors.file ? html`<p class="field-error" id="field-file-error">${view.t(form.errors.file.key, form.errors.file.values)}</p>` : ""}
  <input type="file" id="field-file" name="file" accept=".txt,.md,.markdown,text/plain,text/markdown"></div>
${textField(view, form, { name: "defaultYear", label: view.t("consultation.structure.import.year"), type: "number" })}
${selectField(view, form, {
  name: "language",
  label: view.t("consultation.structure.import.language"),
  choices: [
    { value: "", label: view.t("consultation.structure.import.language_auto") },
    { value: "en", label: "English" },
    { value: "ru", label: "Русский" },
  ],
})}
<p class="form-actions"><button type="submit" name="step" value="preview"${canCreate ? html` class="secondary"` : ""}>${view.t("consultation.structure.import.preview_button")}</button></p>
${outline
  ? html`<fieldset><legend>${view.t("consultation.structure.import.settings")}</legend>
  ${localizedFields(view, form, { name: "title", label: view.t("consultation.structure.field.title"), isRequired: true })}
  ${textField(view, form, { name: "slug", label: view.t("consultation.structure.field.slug"), hint: view.t("consultation.structure.field.slug_hint"), maxLength: 80 })}
  ${selectField(view, form, {
    name: "visibility",
    label: view.t("consultation.structure.field.visibility"),
    choices: [
      { value: "public", label: view.t("consultation.structure.visibility.public") },
      { value: "members", label: view.t("consultation.structure.visibility.members") },
    ],
  })}
  ${textField(view, form, { name: "editWindowMinutes", label: view.t("consultation.structure.field.edit_window"), type: "number" })}
  ${textField(view, form, { name: "maxReplyDepth", label: view.t("consultation.structure.field.reply_depth"), type: "number" })}
  </fieldset>
  ${canCreate ? html`<p class="form-actions"><button type="submit" name="step" value="create">${view.t("consultation.structure.import.create_button")}</button></p>` : ""}`
  : ""}`,
  { enctype: "multipart/form-data", className: "wide" },
)}`;
  return renderPage(view, { title: view.t("consultation.structure.import.title"), breadcrumbs: consultationCrumbs(view, space).concat({ label: view.t("consultation.structure.import.title") }), body });
}
