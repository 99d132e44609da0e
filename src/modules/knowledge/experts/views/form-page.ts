import { html, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { listCountries } from "../../../../platform/countries";
import { localizedString } from "../../../../platform/i18n/localized";
import { checkboxPicker } from "../../../../platform/views/checkbox-picker";
import { errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import type { UserOrganisation } from "../../../organisations/queries";
import { MAX_ITEMS, MAX_TAGS } from "../inputs";
import { listSpokenLanguages } from "../languages";
import type { ExpertDetail, ExpertiseChoice } from "../queries";

export type ExpertFormData = {
  form: FormState;
  existing: ExpertDetail | undefined;
  organisations: UserOrganisation[];
  choices: ExpertiseChoice[];
};

function fieldLabels(view: ViewContext): Record<string, string> {
  const { t } = view;
  return {
    displayName: t("experts.field.display_name"),
    headline: t("experts.field.headline"),
    bio: t("experts.field.bio"),
    tags: t("experts.field.tags"),
    languages: t("experts.field.languages"),
    country: t("experts.field.country"),
    organisationId: t("experts.field.organisation"),
    itemIds: t("experts.field.items"),
  };
}

function fields(view: ViewContext, data: ExpertFormData): SafeHtml {
  const { t } = view;
  const { form } = data;
  const itemGroups = data.choices.map((choice) => ({
    label: localizedString(choice.framework.name, view.locale),
    choices: choice.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localizedString(item.label, view.locale)}` })),
  }));
  return html`${textField(view, form, { name: "displayName", label: t("experts.field.display_name"), hint: t("experts.field.display_name_hint"), isRequired: true, autocomplete: "name", maxLength: 120 })}
${localizedFields(view, form, { name: "headline", label: t("experts.field.headline"), hint: t("experts.field.headline_hint") })}
${localizedFields(view, form, { name: "bio", label: t("experts.field.bio"), hint: t("experts.field.bio_hint"), isRequired: true, isMultiline: true, rows: 5 })}
${checkboxPicker(view, form, { name: "itemIds", legend: t("experts.field.items"), hint: t("experts.field.items_hint", { max: MAX_ITEMS }), groups: itemGroups })}
${textField(view, form, { name: "tags", label: t("experts.field.tags"), hint: t("experts.field.tags_hint", { max: MAX_TAGS }) })}
${checkboxPicker(view, form, { name: "languages", legend: t("experts.field.languages"), groups: [{ label: "", choices: listSpokenLanguages(view.locale).map((language) => ({ value: language.code, label: language.name })) }] })}
${selectField(view, form, {
  name: "country",
  label: t("experts.field.country"),
  placeholder: t("experts.field.no_country"),
  choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })),
})}
${selectField(view, form, {
  name: "organisationId",
  label: t("experts.field.organisation"),
  hint: data.organisations.length ? t("experts.field.organisation_hint") : t("experts.field.organisation_none"),
  placeholder: t("experts.field.no_organisation"),
  choices: data.organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })),
})}`;
}

function manage(view: ViewContext, existing: ExpertDetail): SafeHtml {
  const { t } = view;
  return html`<section aria-labelledby="expert-manage-heading"><h2 id="expert-manage-heading">${t("experts.form.manage")}</h2>
<p>${existing.isListed ? t("experts.form.listed_state") : t("experts.form.paused_state")} <a href="/experts/${existing.id}">${t("experts.form.view")}</a></p>
${postForm(view, existing.isListed ? "/experts/profile/pause" : "/experts/profile/resume", html`<button type="submit" class="secondary">${existing.isListed ? t("experts.form.pause") : t("experts.form.resume")}</button>`, { className: "inline-form" })}
${postForm(view, "/experts/profile/delete", html`<p class="hint">${t("experts.form.delete_hint")}</p><button type="submit" class="danger">${t("experts.form.delete")}</button>`)}
</section>`;
}

/** /experts/profile — opt in to the directory, or edit, pause or delete one's profile. */
export function expertFormPage(view: ViewContext, data: ExpertFormData): string {
  const { t } = view;
  const title = data.existing ? t("experts.form.edit_title") : t("experts.form.new_title");
  const general = data.form.errors._;
  const fieldOnly = { ...data.form, errors: Object.fromEntries(Object.entries(data.form.errors).filter(([name]) => name !== "_")) };
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: t("experts.list.title"), href: "/experts" }, { label: title }],
    body: html`<h1>${title}</h1>
<p class="lead">${t("experts.form.lead")}</p>
${general ? html`<div class="error-summary" role="alert"><p>${t(general.key, general.values)}</p></div>` : ""}
${errorSummary(view, fieldOnly, fieldLabels(view))}
${postForm(view, "/experts/profile", html`${fields(view, data)}<button type="submit">${data.existing ? t("form.save") : t("experts.form.publish")}</button> <a href="/experts">${t("form.cancel")}</a>`, { className: "wide" })}
${data.existing ? manage(view, data.existing) : ""}`,
  });
}
