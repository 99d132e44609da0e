import { html, type SafeHtml } from "../../../platform/html";
import { translateMarked } from "../../../platform/views/localized";
import type { ViewContext } from "../../../platform/http/context";
import { listCountries } from "../../../platform/countries";
import { localize } from "../../../platform/i18n/localized";
import { localizedString } from "../../../platform/i18n/localized";
import { checkboxPicker } from "../../../platform/views/checkbox-picker";
import { formSection, formSections } from "../../../platform/views/components";
import { errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { listActorTypes } from "../actor-types";
import { CONTACT_FIELDS, MAX_TARGETS, MAX_THEMES } from "../inputs";
import type { targetChoices } from "../targets";

/** The reference frameworks and their items, offered as the organisation's targets. */
export type TargetChoices = Awaited<ReturnType<typeof targetChoices>>;
import type { Organisation } from "../queries";

function fieldLabels(view: ViewContext): Record<string, string> {
  const { t } = view;
  const labels: Record<string, string> = {
    name: t("org.field.name"),
    description: t("org.field.description"),
    actorType: t("org.field.actor_type"),
    country: t("org.field.country"),
    website: t("org.field.website"),
    themes: t("org.field.themes"),
    itemIds: t("org.field.targets"),
  };
  for (const field of CONTACT_FIELDS) {
    labels[`contacts.${field}.value`] = t(`org.contacts.${field}`);
    labels[`contacts.${field}.visibility`] = t("org.contacts.visibility_of", { field: t(`org.contacts.${field}`) });
  }
  return labels;
}

function contactFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  const visibilityChoices = ["public", "members", "private"].map((value) => ({ value, label: t(`org.visibility.${value}`) }));
  const inputType: Record<string, string> = { email: "email", phone: "tel", address: "text", person: "text" };
  const autocomplete: Record<string, string> = { email: "email", phone: "tel", address: "street-address", person: "name" };
  return formSection(organisationSections(view).contacts, html`<p class="hint">${t("org.contacts.visibility_hint")}</p>
${CONTACT_FIELDS.map(
  (field) => html`<div>
  ${textField(view, form, { name: `contacts.${field}.value`, label: t(`org.contacts.${field}`), type: inputType[field], autocomplete: autocomplete[field] })}
  ${selectField(view, form, { name: `contacts.${field}.visibility`, label: t("org.contacts.visibility_of", { field: t(`org.contacts.${field}`) }), choices: visibilityChoices })}
</div>`,
)}`);
}

/** The parts of the organisation form, for its fieldsets and its table of contents. */
function organisationSections(view: ViewContext) {
  return {
    about: { id: "organisation-about", label: view.t("org.section.about") },
    focus: { id: "organisation-focus", label: view.t("org.section.focus") },
    contacts: { id: "organisation-contacts", label: view.t("org.contacts.title") },
  };
}

/** The organisation form with its table of contents beside it (above it on a phone). */
function sectionedForm(view: ViewContext, form: SafeHtml): SafeHtml {
  return html`<div class="form-with-sections">${formSections(view, Object.values(organisationSections(view)))}${form}</div>`;
}

/** The fields of the organisation form, shared by "register" and "edit". */
function organisationFields(view: ViewContext, form: FormState, targets: TargetChoices): SafeHtml {
  const { t } = view;
  const sections = organisationSections(view);
  return html`${formSection(sections.about, html`${localizedFields(view, form, { name: "name", label: t("org.field.name"), hint: t("org.field.name_hint"), isRequired: true })}
${localizedFields(view, form, { name: "description", label: t("org.field.description"), hint: t("org.field.description_hint"), isMultiline: true, rows: 6 })}
${selectField(view, form, {
  name: "actorType",
  label: t("org.field.actor_type"),
  isRequired: true,
  placeholder: t("org.field.choose"),
  choices: listActorTypes(view.locale).map((type) => ({ value: type.key, label: type.label })),
})}
${selectField(view, form, {
  name: "country",
  label: t("org.field.country"),
  hint: t("org.field.country_hint"),
  placeholder: t("org.field.no_country"),
  choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })),
})}
${textField(view, form, { name: "website", label: t("org.field.website"), type: "url", hint: t("org.field.website_hint"), autocomplete: "url" })}`)}
${formSection(sections.focus, html`${textField(view, form, { name: "themes", label: t("org.field.themes"), hint: t("org.field.themes_hint", { max: MAX_THEMES }) })}
${checkboxPicker(view, form, {
  name: "itemIds",
  legend: t("org.field.targets"),
  hint: t("org.field.targets_hint", { max: MAX_TARGETS }),
  groups: targets.map((choice) => ({
    label: localizedString(choice.framework.name, view.locale),
    choices: choice.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localizedString(item.label, view.locale)}` })),
  })),
})}`)}
${contactFields(view, form)}`;
}

function formErrors(view: ViewContext, form: FormState): SafeHtml | string {
  const general = form.errors._;
  const fieldOnly = { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) };
  return html`${errorSummary(view, fieldOnly, fieldLabels(view))}${general ? html`<div class="error-summary" role="alert"><p>${view.t(general.key, general.values)}</p></div>` : ""}`;
}

/** /organisations/new — anyone signed in registers an organisation and becomes its admin. */
export function newOrganisationPage(view: ViewContext, form: FormState, targets: TargetChoices): string {
  const { t } = view;
  return renderPage(view, {
    title: t("org.new.title"),
    breadcrumbs: [{ label: t("org.list.title"), href: "/organisations" }, { label: t("org.new.title") }],
    body: html`<h1>${t("org.new.title")}</h1>
<p class="lead">${t("org.new.lead")}</p>
${formErrors(view, form)}
${sectionedForm(view, postForm(view, "/organisations", html`${organisationFields(view, form, targets)}<button type="submit">${t("org.new.submit")}</button>`, { className: "wide" }))}`,
  });
}

/** /organisations/:slug/edit — the organisation's admins change its profile. */
export function editOrganisationPage(view: ViewContext, organisation: Organisation, form: FormState, targets: TargetChoices): string {
  const { t } = view;
  const name = localize(organisation.name, view.locale);
  const base = `/organisations/${organisation.slug}`;
  return renderPage(view, {
    title: t("org.edit.title_of", { name: name.text }),
    breadcrumbs: [{ label: t("org.list.title"), href: "/organisations" }, { label: name, href: base }, { label: t("org.edit.title") }],
    body: html`<h1>${translateMarked(view, "org.edit.title_of", { name })}</h1>
${formErrors(view, form)}
${sectionedForm(view, postForm(view, `${base}/edit`, html`${organisationFields(view, form, targets)}<button type="submit">${t("form.save")}</button> <a href="${base}">${t("form.cancel")}</a>`, { className: "wide" }))}`,
  });
}
