import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { LOCALES } from "../../../platform/i18n/locales";
import { localizedString } from "../../../platform/i18n/localized";
import { errorSummary, localizedFields, localizedToForm, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { languageName } from "../../../platform/views/localized";
import type { CheckedImport } from "../commands/import-framework";
import type { ImportRowError } from "../framework-import";
import type { ViewedSpace } from "../queries";
import { kindLabel } from "./frameworks";
import { spaceNav } from "./shared";
import { scrollableTable } from "../../../platform/views/table";

const EXAMPLE_CSV = `key,parent_key,number,kind,label_en,label_ru
PILLAR-1,,1,pillar,Access to information,Доступ к информации
ACT-1.1,PILLAR-1,1.1,activity,"Open data portal, in two languages",Портал открытых данных
`;

function breadcrumbs(view: ViewContext, space: ViewedSpace) {
  const title = localizedString(space.title, view.locale);
  return [{ label: view.t("space.list.title"), href: "/spaces" }, { label: title, href: `/spaces/${space.slug}` }, { label: view.t("space.nav.import") }];
}

/** The table of row problems: line, column and what is wrong, in the order of the file. */
function rowErrorTable(view: ViewContext, errors: ImportRowError[]): SafeHtml {
  const { t } = view;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="import-errors">
  <h2>${t("framework.import.rejected_heading", { count: errors.length })}</h2>
  <p>${t("framework.import.rejected_lead")}</p>
  ${scrollableTable(t("framework.import.errors_caption"), html`<table>
    <caption>${t("framework.import.errors_caption")}</caption>
    <thead><tr><th scope="col">${t("framework.import.line")}</th><th scope="col">${t("framework.import.column")}</th><th scope="col">${t("framework.import.problem")}</th></tr></thead>
    <tbody>${errors.map((problem) => html`<tr><td>${problem.line}</td><td>${problem.field === "_" ? "—" : html`<code>${problem.field}</code>`}</td><td>${t(problem.key, problem.values)}</td></tr>`)}</tbody>
  </table>`)}
</div>`;
}

function metaFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${textField(view, form, { name: "key", label: t("framework.import.key"), hint: t("framework.import.key_hint"), isRequired: true, maxLength: 80 })}
  ${localizedFields(view, form, { name: "name", label: t("framework.import.name"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: t("framework.import.description"), isMultiline: true, rows: 3 })}
  ${textField(view, form, { name: "source", label: t("framework.import.source"), hint: t("framework.import.source_hint"), maxLength: 500 })}`;
}

/** Step 1: the framework's key and name, and its items pasted or uploaded as CSV or JSON. */
export function importFormPage(view: ViewContext, space: ViewedSpace, form: FormState, rowErrors: ImportRowError[], options: { canEdit: boolean; canManageRoles: boolean }): string {
  const { t } = view;
  const metaErrors = Object.fromEntries(Object.entries(form.errors).filter(([name]) => ["key", "name", "description", "source", "data"].includes(name)));
  return renderPage(view, {
    title: t("framework.import.title"),
    breadcrumbs: breadcrumbs(view, space),
    body: html`<h1>${t("framework.import.title")}</h1>
${spaceNav(view, space.slug, { canEdit: options.canEdit, canManageRoles: options.canManageRoles, canImport: true }, `/spaces/${space.slug}/frameworks/import`)}
<p class="lead">${t("framework.import.lead")}</p>
${errorSummary(view, { ...form, errors: metaErrors }, { key: t("framework.import.key"), name: t("framework.import.name"), data: t("framework.import.data") })}
${rowErrors.length ? rowErrorTable(view, rowErrors) : ""}
${postForm(
  view,
  `/spaces/${space.slug}/frameworks/import`,
  html`${metaFields(view, form)}
  <h2>${t("framework.import.items_heading")}</h2>
  <p>${t("framework.import.columns_help")}</p>
  <pre><code>${EXAMPLE_CSV}</code></pre>
  <p class="hint">${t("framework.import.json_help")}</p>
  ${textArea(view, form, { name: "data", label: t("framework.import.data"), hint: t("framework.import.data_hint"), rows: 12 })}
  <div class="field">
    <label for="field-file">${t("framework.import.file")}</label>
    <p class="hint" id="field-file-hint">${t("framework.import.file_hint")}</p>
    <input type="file" id="field-file" name="file" accept=".csv,.json,.txt,text/csv,application/json,text/plain" aria-describedby="field-file-hint">
  </div>
  ${selectField(view, form, {
    name: "format",
    label: t("framework.import.format"),
    choices: [
      { value: "auto", label: t("framework.import.format_auto") },
      { value: "csv", label: "CSV" },
      { value: "json", label: "JSON" },
    ],
  })}
  <button type="submit" name="step" value="preview">${t("framework.import.preview_submit")}</button>`,
  { enctype: "multipart/form-data", className: "wide" },
)}`,
  });
}

/** Step 2: what would be imported, and a button to import it (the data travels in hidden fields). */
export function importPreviewPage(view: ViewContext, space: ViewedSpace, checked: CheckedImport, data: { text: string; format: string }): string {
  const { t } = view;
  const languages = [...new Set(checked.items.flatMap((item) => Object.keys(item.label)))];
  const ordered = [...LOCALES.map((locale) => locale.code).filter((code) => languages.includes(code)), ...languages.filter((code) => !LOCALES.some((locale) => locale.code === code))];
  const hidden = {
    key: checked.meta.key,
    source: checked.meta.source,
    format: data.format,
    ...localizedToForm("name", checked.meta.name),
    ...localizedToForm("description", checked.meta.description),
  };
  return renderPage(view, {
    title: t("framework.import.preview_title"),
    breadcrumbs: breadcrumbs(view, space),
    body: html`<h1>${t("framework.import.preview_title")}</h1>
<p class="lead">${t("framework.import.preview_lead", { count: checked.items.length, key: checked.meta.key, name: localizedString(checked.meta.name, view.locale) })}</p>
${scrollableTable(t("framework.import.preview_caption", { count: checked.items.length }), html`<table>
  <caption>${t("framework.import.preview_caption", { count: checked.items.length })}</caption>
  <thead><tr>
    <th scope="col">${t("framework.import.line")}</th><th scope="col">${t("framework.key")}</th><th scope="col">${t("framework.import.parent")}</th>
    <th scope="col">${t("framework.import.number")}</th><th scope="col">${t("framework.import.kind")}</th>
    ${ordered.map((code) => html`<th scope="col">${t("framework.import.label_in", { language: languageName(code, view.locale) })}</th>`)}
  </tr></thead>
  <tbody>${checked.items.map((item) => html`<tr>
    <td>${item.line}</td><td><code>${item.key}</code></td><td>${item.parentKey ? html`<code>${item.parentKey}</code>` : "—"}</td>
    <td>${item.number ?? "—"}</td><td>${kindLabel(view, item.kind)}</td>
    ${ordered.map((code) => (item.label[code] ? html`<td lang="${code}">${item.label[code]}</td>` : html`<td>—</td>`))}
  </tr>`)}</tbody>
</table>`)}
${postForm(
  view,
  `/spaces/${space.slug}/frameworks/import`,
  html`${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <input type="hidden" name="data" value="${data.text}">
  <button type="submit" name="step" value="confirm">${t("framework.import.confirm_submit")}</button>
  <button type="submit" name="step" value="edit" class="secondary">${t("framework.import.back_submit")}</button>`,
)}`,
  });
}
