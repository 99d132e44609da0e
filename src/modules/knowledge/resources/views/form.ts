import { html } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText, type LocalizedValue } from "../../../../platform/i18n/localized";
import { checkboxPicker, countryPicker } from "../../../../platform/views/checkbox-picker";
import { formSection, formSections } from "../../../../platform/views/components";
import { csrfInput, errorSummary, localizedFields, selectField, textField, type FormState } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import { listActorTypes } from "../../../organisations/actor-types";
import { RESOURCE_LANGUAGES } from "../inputs";
import type { ResourceItem } from "../queries";
import { DEADLINE_KINDS, RESOURCE_KINDS } from "../schema";
import { resourceCrumbs, resourcePath, resourcesPath, resourceLanguageName } from "./shared";

/** A framework's name as a picker group's label, marked with its language when it is a fallback. */
const frameworkLabel = (name: LocalizedValue): { label: string; lang?: string } => (name.isFallback ? { label: name.text, lang: name.locale } : { label: name.text });

export type TargetGroup = { framework: LocalizedText; items: { id: string; label: string; lang?: string }[] };

/** The form's values for an existing resource (names as the form posts them). */
export function resourceFormValues(item: ResourceItem): Record<string, unknown> {
  const values: Record<string, unknown> = {
    kind: item.kind,
    url: item.url,
    languages: item.languages,
    tags: item.tags.join(", "),
    targets: item.targetIds,
    countries: item.countries,
    funder: item.funder,
    programme: item.programme,
    eligible_actor_types: item.eligibleActorTypes,
    amount_min: item.amountMin ?? "",
    amount_max: item.amountMax ?? "",
    currency: item.currency ?? "",
    deadline_kind: item.deadlineKind,
    deadline: item.deadline ?? "",
    apply_url: item.applyUrl ?? "",
    status: item.status === "published" ? "published" : "draft",
  };
  for (const [code, text] of Object.entries(item.title)) values[`title.${code}`] = text;
  for (const [code, text] of Object.entries(item.description)) values[`description.${code}`] = text;
  return values;
}

/**
 * Writing or suggesting a resource. Coordinators choose draft or published; a suggestion goes to them for
 * review. The funding fields are in their own fieldset: they are kept only when the kind is "funding".
 */
export function resourceFormPage(
  view: ViewContext,
  form: FormState,
  data: {
    space: { slug: string; title: LocalizedText } | null;
    item: ResourceItem | null;
    targetGroups: TargetGroup[];
    canManage: boolean;
    /** A suggester's organisations: with more than one, they choose on whose behalf they suggest. */
    organisations?: { id: string; name: LocalizedText }[];
  },
): string {
  const { t } = view;
  const action = data.item ? `${resourcePath(data.item)}/edit` : `${resourcesPath(data.space?.slug ?? null)}/new`;
  const heading = data.item ? t("resource.form.edit_title") : data.canManage ? t("resource.form.new_title") : t("resource.form.suggest_title");
  const labels: Record<string, string> = {
    kind: t("resource.field.kind"),
    title: t("resource.field.title"),
    description: t("resource.field.description"),
    url: t("resource.field.url"),
    languages: t("resource.field.languages"),
    tags: t("resource.field.tags"),
    targets: t("resource.field.targets"),
    countries: t("resource.field.countries"),
    funder: t("resource.field.funder"),
    programme: t("resource.field.programme"),
    eligible_actor_types: t("resource.field.eligible_actor_types"),
    amount_min: t("resource.field.amount_min"),
    amount_max: t("resource.field.amount_max"),
    currency: t("resource.field.currency"),
    deadline_kind: t("resource.field.deadline_kind"),
    deadline: t("resource.field.deadline"),
    apply_url: t("resource.field.apply_url"),
    status: t("resource.field.status"),
  };
  const sections = {
    resource: { id: "resource-about", label: t("resource.form.section_resource") },
    scope: { id: "resource-scope", label: t("resource.form.section_scope") },
    funding: { id: "resource-funding", label: t("resource.form.funding_legend") },
  };
  const body = html`
<h1>${heading}</h1>
${!data.canManage ? html`<p class="lead">${t("resource.form.suggest_lead")}</p>` : ""}
${errorSummary(view, form, labels)}
<div class="form-with-sections">${formSections(view, Object.values(sections))}
<form method="post" action="${action}" novalidate class="stack">
  ${csrfInput(view)}
  ${formSection(sections.resource, html`${!data.canManage && (data.organisations?.length ?? 0) > 1
    ? selectField(view, form, { name: "organisation", label: t("resource.field.organisation"), choices: data.organisations!.map((organisation) => ({ value: organisation.id, label: localize(organisation.name, view.locale).text })) })
    : ""}
  ${selectField(view, form, { name: "kind", label: labels.kind, isRequired: true, choices: RESOURCE_KINDS.map((kind) => ({ value: kind, label: t(`resource.kind.${kind}`) })) })}
  ${localizedFields(view, form, { name: "title", label: labels.title, isRequired: true, hint: t("resource.form.title_hint") })}
  ${localizedFields(view, form, { name: "description", label: labels.description, isMultiline: true, rows: 5 })}
  ${textField(view, form, { name: "url", label: labels.url, type: "url", isRequired: true, hint: t("resource.form.url_hint"), maxLength: 2000 })}
  ${checkboxPicker(view, form, { name: "languages", legend: labels.languages, hint: t("resource.form.languages_hint"), groups: [{ label: "", choices: RESOURCE_LANGUAGES.map((code) => ({ value: code, label: resourceLanguageName(code, view.locale) })) }] })}`)}
  ${formSection(sections.scope, html`${textField(view, form, { name: "tags", label: labels.tags, hint: t("resource.form.tags_hint") })}
  ${data.targetGroups.length
    ? checkboxPicker(view, form, { name: "targets", legend: labels.targets, groups: data.targetGroups.map((group) => ({ ...frameworkLabel(localize(group.framework, view.locale)), choices: group.items.map((item) => ({ value: item.id, label: item.label, ...(item.lang ? { lang: item.lang } : {}) })) })) })
    : ""}
  ${countryPicker(view, form, { name: "countries", legend: labels.countries, hint: t("resource.form.countries_hint") })}`)}
  ${formSection(sections.funding, html`<p class="hint">${t("resource.form.funding_hint")}</p>
    ${textField(view, form, { name: "funder", label: labels.funder, maxLength: 200 })}
    ${textField(view, form, { name: "programme", label: labels.programme, maxLength: 200 })}
    ${checkboxPicker(view, form, { name: "eligible_actor_types", legend: labels.eligible_actor_types, hint: t("resource.form.actor_types_hint"), groups: [{ label: "", choices: listActorTypes(view.locale).map((type) => ({ value: type.key, label: type.label })) }] })}
    ${textField(view, form, { name: "amount_min", label: labels.amount_min, hint: t("resource.form.amount_hint") })}
    ${textField(view, form, { name: "amount_max", label: labels.amount_max })}
    ${textField(view, form, { name: "currency", label: labels.currency, hint: t("resource.form.currency_hint"), maxLength: 3 })}
    ${selectField(view, form, { name: "deadline_kind", label: labels.deadline_kind, choices: DEADLINE_KINDS.map((kind) => ({ value: kind, label: t(`resource.deadline_kind.${kind}`) })) })}
    ${textField(view, form, { name: "deadline", label: labels.deadline, type: "date", hint: t("resource.form.deadline_hint") })}
    ${textField(view, form, { name: "apply_url", label: labels.apply_url, type: "url", maxLength: 2000 })}`)}
  ${data.canManage ? selectField(view, form, { name: "status", label: labels.status, choices: [{ value: "draft", label: t("resource.status.draft") }, { value: "published", label: t("resource.status.published") }] }) : ""}
  <p><button type="submit">${data.item ? t("resource.form.save") : data.canManage ? t("resource.form.create") : t("resource.form.send_suggestion")}</button></p>
</form></div>`;
  return renderPage(view, { title: heading, body, breadcrumbs: [...resourceCrumbs(view, data.space), { label: heading }] });
}

/** Drafts and organisations' suggestions waiting for a coordinator, with a publish button each. */
export function resourceManagePage(view: ViewContext, data: { space: { slug: string; title: LocalizedText } | null; items: ResourceItem[] }): string {
  const { t } = view;
  const heading = t("resource.manage.title");
  const body = html`
<h1>${heading}</h1>
<p><a href="${resourcesPath(data.space?.slug ?? null)}/new">${t("resource.new")}</a></p>
${data.items.length
  ? html`<ul class="stack">${data.items.map(
      (item) => html`<li><a href="${resourcePath(item)}">${localize(item.title, view.locale).text}</a> <span class="tag">${t(`resource.kind.${item.kind}`)}</span> <span class="tag">${t(`resource.status.${item.status}`)}</span>
      <form method="post" action="${resourcePath(item)}/publish" class="inline-form">${csrfInput(view)}<button type="submit" class="button-small">${t("resource.publish")}</button></form></li>`,
    )}</ul>`
  : html`<p class="notice">${t("resource.manage.empty")}</p>`}`;
  return renderPage(view, { title: heading, body, breadcrumbs: [...resourceCrumbs(view, data.space), { label: heading }] });
}
