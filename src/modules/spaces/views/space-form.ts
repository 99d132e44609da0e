import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { errorSummary, localizedFields, postForm, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText, translateMarked } from "../../../platform/views/localized";
import { SPACE_FEATURES, SPACE_VISIBILITIES } from "../inputs";
import type { FrameworkRef, SpaceSummary, ViewedSpace } from "../queries";
import { spaceNav } from "./shared";
import { scrollableTable } from "../../../platform/views/table";

function listValue(form: FormState, name: string): string[] {
  const value = form.values[name];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" && value ? [value] : [];
}

function fieldError(view: ViewContext, form: FormState, name: string): SafeHtml | "" {
  const error = form.errors[name];
  return error ? html`<p class="field-error" id="field-${name}-error">${view.t(error.key, error.values)}</p>` : "";
}

/** A group of radio buttons or checkboxes inside a fieldset whose id the error summary links to. */
function choiceGroup(
  view: ViewContext,
  form: FormState,
  options: { name: string; legend: string; hint?: string; type: "radio" | "checkbox"; choices: { value: string; label: string; hint?: string }[] },
): SafeHtml {
  const selected = options.type === "radio" ? [String(form.values[options.name] ?? "")] : listValue(form, options.name);
  const hasError = Boolean(form.errors[options.name]);
  return html`<fieldset id="field-${options.name}"${hasError ? html` class="has-error" aria-describedby="field-${options.name}-error"` : ""}>
  <legend>${options.legend}</legend>
  ${options.hint ? html`<p class="hint">${options.hint}</p>` : ""}
  ${fieldError(view, form, options.name)}
  ${options.choices.map((choice) => {
    const id = `field-${options.name}-${choice.value}`;
    return html`<div class="field checkbox">
      <input type="${options.type}" id="${id}" name="${options.name}" value="${choice.value}"${selected.includes(choice.value) ? html` checked` : ""}${choice.hint ? html` aria-describedby="${id}-hint"` : ""}>
      <label for="${id}">${choice.label}</label>
      ${choice.hint ? html`<p class="hint" id="${id}-hint">${choice.hint}</p>` : ""}
    </div>`;
  })}
</fieldset>`;
}

/** Frameworks as checkboxes, each with a position box so the space can list them in its own order. */
function frameworkPicker(view: ViewContext, form: FormState, choices: FrameworkRef[]): SafeHtml {
  const { t } = view;
  const selected = listValue(form, "frameworks");
  const hasError = Boolean(form.errors.frameworks);
  return html`<fieldset id="field-frameworks"${hasError ? html` class="has-error" aria-describedby="field-frameworks-error"` : ""}>
  <legend>${t("space.field.frameworks")}</legend>
  <p class="hint">${t("space.field.frameworks_hint")}</p>
  ${fieldError(view, form, "frameworks")}
  ${choices.map((framework) => {
    const id = `field-frameworks-${framework.key}`;
    const order = form.values[`order.${framework.key}`];
    return html`<div class="field checkbox">
      <input type="checkbox" id="${id}" name="frameworks" value="${framework.key}"${selected.includes(framework.key) ? html` checked` : ""}>
      <label for="${id}">${localizedText(view, framework.name)} <code>${framework.key}</code></label>
      <label for="${id}-order" class="hint">${t("space.field.position")}<span class="sr-only"> — ${localizedString(framework.name, view.locale)}</span></label>
      <input type="number" id="${id}-order" name="order.${framework.key}" min="1" max="99" inputmode="numeric" value="${order === undefined ? "" : String(order)}">
    </div>`;
  })}
</fieldset>`;
}

export type SpaceFormOptions = { mode: "create" } | { mode: "edit"; space: ViewedSpace; canManageRoles: boolean; canImport: boolean };

/** Create a space (platform admins) or edit its settings (admins and its coordinators). */
export function spaceFormPage(view: ViewContext, form: FormState, choices: FrameworkRef[], options: SpaceFormOptions): string {
  const { t } = view;
  const isEdit = options.mode === "edit";
  const spaceTitle = isEdit ? localize(options.space.title, view.locale) : undefined;
  const title = spaceTitle ? t("space.settings.title", { space: spaceTitle.text }) : t("space.create");
  const action = isEdit ? `/spaces/${options.space.slug}/settings` : "/admin/spaces/new";
  const labels = { slug: t("space.field.slug"), title: t("space.field.title"), description: t("space.field.description"), visibility: t("space.field.visibility"), enabledModules: t("space.field.modules"), frameworks: t("space.field.frameworks") };
  return renderPage(view, {
    title,
    breadcrumbs: isEdit && spaceTitle
      ? [{ label: t("space.list.title"), href: "/spaces" }, { label: spaceTitle, href: `/spaces/${options.space.slug}` }, { label: t("space.nav.settings") }]
      : [{ label: t("admin.title"), href: "/admin" }, { label: t("space.admin.title"), href: "/admin/spaces" }, { label: t("space.create") }],
    body: html`<h1>${spaceTitle ? translateMarked(view, "space.settings.title", { space: spaceTitle }) : title}</h1>
${isEdit ? spaceNav(view, options.space.slug, { canEdit: true, canManageRoles: options.canManageRoles, canImport: options.canImport }, action) : ""}
${errorSummary(view, { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) }, labels)}
${postForm(view, action, html`
  ${textField(view, form, { name: "slug", label: labels.slug, hint: t("space.field.slug_hint"), isRequired: true, maxLength: 60 })}
  ${localizedFields(view, form, { name: "title", label: labels.title, hint: t("space.field.title_hint"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: labels.description, isMultiline: true, rows: 6 })}
  ${choiceGroup(view, form, {
    name: "visibility",
    legend: labels.visibility,
    type: "radio",
    choices: SPACE_VISIBILITIES.map((value) => ({ value, label: t(`space.visibility.${value}`), hint: t(`space.visibility.${value}_hint`) })),
  })}
  ${choiceGroup(view, form, {
    name: "enabledModules",
    legend: labels.enabledModules,
    hint: t("space.field.modules_hint"),
    type: "checkbox",
    choices: SPACE_FEATURES.map((value) => ({ value, label: t(`space.feature.${value}`) })),
  })}
  ${frameworkPicker(view, form, choices)}
  <button type="submit">${isEdit ? t("form.save") : t("space.create_submit")}</button>`)}
${isEdit ? archiveSection(view, options.space) : ""}`,
  });
}

function archiveSection(view: ViewContext, space: ViewedSpace): SafeHtml {
  const { t } = view;
  return html`<section aria-labelledby="archive-heading">
  <h2 id="archive-heading">${t("space.archive.heading")}</h2>
  ${space.archivedAt
    ? html`<p>${t("space.archived_notice", { date: view.format.date(space.archivedAt) })}</p>
    ${postForm(view, `/spaces/${space.slug}/unarchive`, html`<button type="submit" class="secondary">${t("space.archive.restore")}</button>`)}`
    : html`<p>${t("space.archive.explain")}</p>
    ${postForm(view, `/spaces/${space.slug}/archive`, html`<button type="submit" class="danger">${t("space.archive.submit")}</button>`)}`}
</section>`;
}

/** /admin/spaces: every space, private and archived ones included, with links to their settings. */
export function adminSpacesPage(view: ViewContext, spaces: SpaceSummary[]): string {
  const { t } = view;
  return renderPage(view, {
    title: t("space.admin.title"),
    breadcrumbs: [{ label: t("admin.title"), href: "/admin" }, { label: t("space.admin.title") }],
    body: html`<h1>${t("space.admin.title")}</h1>
<p><a class="button" href="/admin/spaces/new">${t("space.create")}</a></p>
${spaces.length
  ? html`${scrollableTable(t("space.admin.caption", { count: spaces.length }), html`<table>
  <caption>${t("space.admin.caption", { count: spaces.length })}</caption>
  <thead><tr><th scope="col">${t("space.field.title")}</th><th scope="col">${t("space.field.slug")}</th><th scope="col">${t("space.field.visibility")}</th><th scope="col">${t("space.admin.state")}</th><th scope="col"><span class="sr-only">${t("space.admin.actions")}</span></th></tr></thead>
  <tbody>${spaces.map((space) => html`<tr>
    <th scope="row"><a href="/spaces/${space.slug}">${localizedText(view, space.title)}</a></th>
    <td><code>${space.slug}</code></td>
    <td>${t(`space.visibility.${space.visibility}`)}</td>
    <td>${space.archivedAt ? t("space.archived") : t("space.active")}</td>
    <td><a href="/spaces/${space.slug}/settings">${t("space.nav.settings")}</a> · <a href="/spaces/${space.slug}/members">${t("space.nav.members")}</a></td>
  </tr>`)}</tbody>
</table>`)}`
  : html`<p class="muted">${t("home.no_spaces")}</p>`}`,
  });
}
