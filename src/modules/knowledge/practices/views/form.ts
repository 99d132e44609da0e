import { html } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { LOCALES } from "../../../../platform/i18n/locales";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { checkboxPicker, countryPicker } from "../../../../platform/views/checkbox-picker";
import { formSection, formSections } from "../../../../platform/views/components";
import { errorSummary, localizedFields, postForm, selectField, textArea, type FormState } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import { PRACTICE_KINDS } from "../../../consultations/schema";
import { listActorTypes } from "../../../organisations/actor-types";
import type { FrameworkItem, FrameworkRef } from "../../../spaces/queries";
import { kindLabel } from "./shared";

export type PracticeFormData = {
  space: { slug: string; title: LocalizedText };
  /** The organisations the person may submit for. */
  organisations: { id: string; name: LocalizedText }[];
  frameworks: { framework: FrameworkRef; items: FrameworkItem[] }[];
  form: FormState;
  /** Set when a returned (or waiting) practice is being changed. */
  practiceId?: string;
};

/** The submission form (new, or a returned practice changed and sent again). */
export function practiceFormPage(view: ViewContext, data: PracticeFormData): string {
  const { t } = view;
  const { form } = data;
  const base = `/spaces/${data.space.slug}/knowledge/practices`;
  const title = t(data.practiceId ? "knowledge.practice.form.edit_title" : "knowledge.practice.form.title");
  const labels: Record<string, string> = {
    organisationId: t("knowledge.practice.field.organisation"),
    kind: t("knowledge.practice.field.kind"),
    title: t("knowledge.practice.field.title"),
    summary: t("knowledge.practice.field.summary"),
    results: t("knowledge.practice.field.results"),
    language: t("knowledge.practice.field.language"),
    countries: t("knowledge.practice.field.countries"),
    targetItemIds: t("knowledge.practice.field.targets"),
    actorTypes: t("knowledge.practice.field.actor_types"),
    links: t("knowledge.practice.field.links"),
  };
  const targetGroups = data.frameworks.map(({ framework, items }) => ({
    label: localizedString(framework.name, view.locale),
    choices: items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localizedString(item.label, view.locale)}` })),
  }));
  const sections = {
    practice: { id: "practice-about", label: t("knowledge.practice.form.section_practice") },
    scope: { id: "practice-scope", label: t("knowledge.practice.form.section_scope") },
    links: { id: "practice-links", label: labels.links! },
  };
  const body = html`${formSection(sections.practice, html`${selectField(view, form, {
    name: "organisationId",
    label: labels.organisationId!,
    hint: t("knowledge.practice.form.organisation_hint"),
    isRequired: true,
    choices: data.organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })),
    ...(data.organisations.length === 1 ? {} : { placeholder: t("knowledge.practice.form.choose") }),
  })}
  ${selectField(view, form, { name: "kind", label: labels.kind!, isRequired: true, placeholder: t("knowledge.practice.form.choose"), choices: PRACTICE_KINDS.map((kind) => ({ value: kind, label: kindLabel(view, kind) })) })}
  ${localizedFields(view, form, { name: "title", label: labels.title!, hint: t("knowledge.practice.form.title_hint"), isRequired: true })}
  ${localizedFields(view, form, { name: "summary", label: labels.summary!, hint: t("knowledge.practice.form.summary_hint"), isRequired: true, isMultiline: true, rows: 6 })}
  ${localizedFields(view, form, { name: "results", label: labels.results!, hint: t("knowledge.practice.form.results_hint"), isMultiline: true, rows: 4 })}
  ${selectField(view, form, { name: "language", label: labels.language!, hint: t("knowledge.practice.form.language_hint"), isRequired: true, choices: LOCALES.map((locale) => ({ value: locale.code, label: locale.name })) })}`)}
  ${formSection(sections.scope, html`${countryPicker(view, form, { name: "countries", legend: labels.countries! })}
  ${targetGroups.length ? checkboxPicker(view, form, { name: "targetItemIds", legend: labels.targetItemIds!, hint: t("knowledge.practice.form.targets_hint"), groups: targetGroups }) : ""}
  ${checkboxPicker(view, form, { name: "actorTypes", legend: labels.actorTypes!, hint: t("knowledge.practice.form.actor_types_hint"), groups: [{ label: "", choices: listActorTypes(view.locale).map((type) => ({ value: type.key, label: type.label })) }] })}`)}
  ${formSection(sections.links, textArea(view, form, { name: "links", label: labels.links!, hint: t("knowledge.practice.form.links_hint"), rows: 3 }))}
  <p class="hint">${t("knowledge.practice.form.review_note")}</p>
  <button type="submit">${t(data.practiceId ? "knowledge.practice.form.resubmit" : "knowledge.practice.form.submit")}</button>`;
  return renderPage(view, {
    title,
    breadcrumbs: [
      { label: localize(data.space.title, view.locale), href: `/spaces/${data.space.slug}` },
      { label: t("knowledge.practice.title"), href: base },
      { label: title },
    ],
    body: html`<h1>${title}</h1>
${errorSummary(view, form, labels)}
${data.organisations.length
  ? html`<div class="form-with-sections">${formSections(view, Object.values(sections))}${postForm(view, data.practiceId ? `${base}/${data.practiceId}/edit` : `${base}/new`, body)}</div>`
  : html`<p>${t("knowledge.practice.form.no_organisation")} <a href="/organisations/new">${t("knowledge.practice.form.create_organisation")}</a></p>`}`,
  });
}
