import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize } from "../../../../platform/i18n/localized";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel } from "../../../../platform/views/localized";
import { errorSummary, localizedFields, postForm, selectField, textArea, textField, type FormState } from "../../../../platform/views/forms";
import type { ImportReport } from "../commands/import-guidance";
import { DOCUMENT_LANGUAGES, MAX_TITLE_LENGTH } from "../front-matter";
import type { Collection, DocumentRow, documentChoices } from "../queries";
import type { KnowledgeScope } from "../scope";
import { hubCrumbs, hubNav, languageLabel } from "./shared";

export type DocumentFormData = {
  /** The document being edited; null for a new one. */
  document: DocumentRow | null;
  collections: Collection[];
  originals: Awaited<ReturnType<typeof documentChoices>>;
};

/** The document form: title, address, kind, language, Markdown text, tags, collection, translation, status, note. */
export function documentFormPage(view: ViewContext, scope: KnowledgeScope, form: FormState, data: DocumentFormData): string {
  const { t } = view;
  const { document } = data;
  const action = document ? `${scope.base}/guidance/${document.slug}/edit` : `${scope.base}/guidance/new`;
  const title = document ? t("knowledge.document.edit_title") : t("knowledge.document.new");
  const labels = {
    title: t("knowledge.document.field.title"),
    slug: t("knowledge.document.field.slug"),
    kind: t("knowledge.document.field.kind"),
    language: t("knowledge.document.field.language"),
    body: t("knowledge.document.field.body"),
    tags: t("knowledge.document.tags"),
    collection: t("knowledge.document.field.collection"),
    translationOf: t("knowledge.document.field.translation_of"),
    status: t("knowledge.document.field.status"),
    note: t("knowledge.document.field.note"),
  };
  return renderPage(view, {
    title,
    breadcrumbs: [...hubCrumbs(view, scope), ...(document ? [{ label: document.title, href: `${scope.base}/guidance/${document.slug}` }] : []), { label: title }],
    body: html`<h1>${title}</h1>
${hubNav(view, scope, document ? "" : `${scope.base}/guidance/new`)}
${errorSummary(view, form, labels)}
${postForm(
  view,
  action,
  html`${textField(view, form, { name: "title", label: labels.title, isRequired: true, maxLength: MAX_TITLE_LENGTH })}
${document
  ? html`<p>${labels.slug}: <code>${document.slug}</code></p>`
  : textField(view, form, { name: "slug", label: labels.slug, hint: t("knowledge.document.hint.slug"), isRequired: true, maxLength: 120 })}
${selectField(view, form, { name: "kind", label: labels.kind, choices: [{ value: "guidance", label: t("knowledge.document.kind.guidance") }, { value: "faq", label: t("knowledge.document.kind.faq") }] })}
${selectField(view, form, { name: "language", label: labels.language, isRequired: true, choices: DOCUMENT_LANGUAGES.map((code) => ({ value: code, label: languageLabel(view, code) })) })}
${textArea(view, form, { name: "body", label: labels.body, hint: t("knowledge.document.hint.body"), isRequired: true, rows: 18 })}
${textField(view, form, { name: "tags", label: labels.tags, hint: t("knowledge.document.hint.tags") })}
${selectField(view, form, { name: "collection", label: labels.collection, placeholder: t("knowledge.collection.none"), choices: data.collections.map((collection) => ({ value: collection.id, label: localize(collection.title, view.locale).text })) })}
${selectField(view, form, {
  name: "translationOf",
  label: labels.translationOf,
  hint: t("knowledge.document.hint.translation_of"),
  placeholder: t("knowledge.document.original"),
  choices: data.originals.filter((original) => original.id !== document?.id).map((original) => ({ value: original.slug, label: `${original.title} (${original.language}, ${original.slug})` })),
})}
${selectField(view, form, { name: "status", label: labels.status, choices: [{ value: "published", label: t("knowledge.document.status.published") }, { value: "draft", label: t("knowledge.document.status.draft") }] })}
${textField(view, form, { name: "note", label: labels.note, hint: t("knowledge.document.hint.note"), maxLength: 500 })}
<p><button type="submit">${t("knowledge.document.save")}</button>${document ? html` <a href="${scope.base}/guidance/${document.slug}/delete">${t("knowledge.document.delete")}</a>` : ""}</p>`,
  { className: "wide" },
)}`,
  });
}

/** The collections of a hub with a form to add one (or change one, when `editing` is given). */
export function collectionsPage(view: ViewContext, scope: KnowledgeScope, collections: Collection[], form: FormState, editing: Collection | null): string {
  const { t } = view;
  const labels = { slug: t("knowledge.document.field.slug"), title: t("knowledge.document.field.title"), description: t("knowledge.collection.description"), position: t("knowledge.collection.position") };
  const heading = editing ? t("knowledge.collection.edit") : t("knowledge.collection.new");
  return renderPage(view, {
    title: t("knowledge.collection.title"),
    breadcrumbs: [...hubCrumbs(view, scope), { label: t("knowledge.collection.title") }],
    body: html`<h1>${t("knowledge.collection.title")}</h1>
${hubNav(view, scope, `${scope.base}/collections`)}
${collections.length
  ? html`<ul>${collections.map((collection) => html`<li>${localizedLabel(view, collection.title)} <code>${collection.slug}</code> <a href="${scope.base}/collections/${collection.id}/edit">${t("knowledge.collection.edit")}</a> <a href="${scope.base}/collections/${collection.id}/delete">${t("knowledge.collection.delete")}</a></li>`)}</ul>`
  : html`<p class="muted">${t("knowledge.collection.empty")}</p>`}
<h2>${heading}</h2>
${errorSummary(view, form, labels)}
${postForm(
  view,
  editing ? `${scope.base}/collections/${editing.id}/edit` : `${scope.base}/collections`,
  html`${textField(view, form, { name: "slug", label: labels.slug, hint: t("knowledge.collection.hint.slug"), isRequired: true, maxLength: 80 })}
${localizedFields(view, form, { name: "title", label: labels.title, isRequired: true })}
${localizedFields(view, form, { name: "description", label: labels.description, isMultiline: true, rows: 3 })}
${textField(view, form, { name: "position", label: labels.position, type: "number" })}
<p><button type="submit">${t("knowledge.collection.save")}</button></p>`,
)}`,
  });
}

/** The confirm step before a collection is deleted: its name, and that its documents stay. */
export function collectionDeletePage(view: ViewContext, scope: KnowledgeScope, collection: Collection, documents: number): string {
  const { t } = view;
  return renderPage(view, {
    title: t("knowledge.collection.delete_title"),
    breadcrumbs: [...hubCrumbs(view, scope), { label: t("knowledge.collection.title"), href: `${scope.base}/collections` }, { label: t("knowledge.collection.delete_title") }],
    body: html`<h1>${t("knowledge.collection.delete_title")}</h1>
<p>${localizedLabel(view, collection.title)} <code>${collection.slug}</code></p>
<p>${t("knowledge.collection.delete_lead", { documents })}</p>
${postForm(view, `${scope.base}/collections/${collection.id}/delete`, html`<button type="submit" class="danger">${t("knowledge.collection.delete")}</button> <a href="${scope.base}/collections">${t("knowledge.document.cancel")}</a>`)}`,
  });
}

function reportTable(view: ViewContext, report: ImportReport): SafeHtml {
  const { t } = view;
  return html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="import-report-caption"><table>
<caption id="import-report-caption">${t("knowledge.import.report")}</caption>
<thead><tr><th scope="col">${t("knowledge.import.file")}</th><th scope="col">id</th><th scope="col">${t("knowledge.import.result")}</th></tr></thead>
<tbody>${report.files.map(
    (file) => html`<tr><td>${file.file}</td><td>${file.id ?? "—"}</td><td>${Object.keys(file.errors).length
      ? html`<ul class="field-error">${Object.entries(file.errors).map(([field, error]) => html`<li><code>${field}</code>: ${t(error.key, error.values)}</li>`)}</ul>`
      : html`${t(`knowledge.import.outcome.${file.outcome}`)}${file.version && file.outcome !== "unchanged" && file.outcome !== "failed" ? html` (${t("knowledge.document.version", { version: file.version })})` : ""}`}</td></tr>`,
  )}</tbody></table></div>`;
}

/** Upload several Markdown files with front matter; after a post, the per-file report. */
export function importPage(view: ViewContext, scope: KnowledgeScope, report: ImportReport | null, form: FormState): string {
  const { t } = view;
  const counts = (outcome: string) => report?.files.filter((file) => file.outcome === outcome).length ?? 0;
  return renderPage(view, {
    title: t("knowledge.import.title"),
    breadcrumbs: [...hubCrumbs(view, scope), { label: t("knowledge.import.title") }],
    body: html`<h1>${t("knowledge.import.title")}</h1>
${hubNav(view, scope, `${scope.base}/import`)}
${report
  ? html`<div class="${report.isImported ? "flash" : "error-summary"}" role="${report.isImported ? "status" : "alert"}"><p>${report.isImported
      ? t("knowledge.import.summary_done", { created: counts("created"), updated: counts("updated"), unchanged: counts("unchanged") })
      : t("knowledge.import.summary_failed", { problems: report.files.filter((file) => Object.keys(file.errors).length).length, total: report.files.length })}</p></div>
${reportTable(view, report)}`
  : ""}
<p>${t("knowledge.import.lead")}</p>
<pre class="source">---
id: observer-accreditation
lang: en
title: …
tags: [observers, accreditation]
translation_of: …
---</pre>
${errorSummary(view, form, { files: t("knowledge.import.files") })}
${postForm(
  view,
  `${scope.base}/import`,
  html`<div class="field${form.errors.files ? " has-error" : ""}"><label for="field-files">${t("knowledge.import.files")}</label>
<p class="hint" id="field-files-hint">${t("knowledge.import.files_hint")}</p>
${form.errors.files ? html`<p class="field-error" id="field-files-error">${t(form.errors.files.key, form.errors.files.values)}</p>` : ""}
<input type="file" id="field-files" name="files" accept=".md,.markdown,text/markdown" multiple aria-describedby="field-files-hint${form.errors.files ? " field-files-error" : ""}"></div>
<p><button type="submit">${t("knowledge.import.button")}</button></p>`,
  { enctype: "multipart/form-data" },
)}`,
  });
}
