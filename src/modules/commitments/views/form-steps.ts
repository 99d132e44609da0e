import { listRegions } from "../../../platform/countries";
import type { FieldErrors } from "../../../platform/errors";
import { stepsNav } from "../../../platform/views/components";
import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { checkboxPicker, countryPicker } from "../../../platform/views/checkbox-picker";
import { checkboxField, errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import type { UserOrganisation } from "../../organisations/queries";
import type { ViewedSpace } from "../../spaces/queries";
import { CRITERION_FIELDS } from "../form-criteria";
import { rowCount, STEP_COUNT, type RowGroup } from "../form-input";
import type { CommitmentForViewer, CommitmentSettings } from "../queries";
import type { FrameworkChoices, SimilarCommitment } from "../queries-form";
import { COMMITMENT_STAGES, COMMITMENT_TEMPLATES, COVERAGES, CRITERIA, FUNDING_SUFFICIENCY, type CommitmentTemplate } from "../schema";
import { fieldError, groupedSelect, statusTag, wordingOf, type Wording } from "./form-shared";

const commitmentsPath = (slug: string): string => `/spaces/${slug}/commitments`;

function breadcrumbs(view: ViewContext, space: ViewedSpace, w: Wording, last: string, commitment?: { number: number }) {
  return [
    { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
    { label: w("commitment.form.breadcrumb.list"), href: commitmentsPath(space.slug) },
    ...(commitment ? [{ label: w("commitment.form.number", { number: commitment.number }), href: `${commitmentsPath(space.slug)}/${commitment.number}` }] : []),
    { label: last },
  ];
}

// ---- /spaces/:slug/commitments/new ----

/** Who commits (one of my organisations, or myself) and which template: starts a draft. */
export function newCommitmentPage(view: ViewContext, space: ViewedSpace, settings: CommitmentSettings, organisations: UserOrganisation[], form: FormState): string {
  const w = wordingOf(view, settings);
  const title = w("commitment.form.new.title");
  const actorChoices = [
    ...organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })),
    { value: "person", label: view.t("commitment.form.new.myself", { name: view.user?.displayName ?? "" }) },
  ];
  const body = html`<h1>${title}</h1>
<p>${w("commitment.form.new.intro")}</p>
${errorSummary(view, form)}
${postForm(
  view,
  `${commitmentsPath(space.slug)}/new`,
  html`${selectField(view, form, { name: "actor", label: w("commitment.form.new.actor"), hint: organisations.length ? undefined : view.t("commitment.form.new.no_organisations"), choices: actorChoices, isRequired: true })}
  <fieldset class="${form.errors.template ? "has-error" : ""}"><legend>${view.t("commitment.form.new.template")}</legend>
    ${fieldError(view, form.errors, "template")}
    ${COMMITMENT_TEMPLATES.map((template) => {
      const id = `template-${template}`;
      const isChecked = String(form.values.template ?? "organisation") === template;
      return html`<div class="field radio"><input type="radio" id="${id}" name="template" value="${template}"${isChecked ? html` checked` : ""} aria-describedby="${id}-hint">
        <label for="${id}">${view.t(`commitment.form.template.${template}`)}</label>
        <p class="hint" id="${id}-hint">${view.t(`commitment.form.template.${template}.hint`)}</p></div>`;
    })}
  </fieldset>
  <p><button type="submit">${view.t("commitment.form.new.submit")}</button></p>`,
)}`;
  return renderPage(view, { title, body, breadcrumbs: breadcrumbs(view, space, w, title) });
}

// ---- /spaces/:slug/commitments/:number/edit?step=N ----

export type StepPageData = {
  data: CommitmentForViewer;
  step: number;
  form: FormState;
  choices: FrameworkChoices;
  similar: SimilarCommitment[];
  /** On the review step: what would stop the submission (criteria), shown beside each summary row. */
  submitErrors: FieldErrors;
};

const STEP_NAMES = ["basics", "alignment", "timeline", "measures", "people", "review"] as const;

function stepNav(view: ViewContext, base: string, current: number): SafeHtml {
  // Every step can be opened (the draft is saved on each); the ones before the current count as done.
  const steps = STEP_NAMES.map((name, index) => ({ label: view.t(`commitment.form.step.${name}`), href: `${base}/edit?step=${index + 1}`, isDone: index + 1 < current }));
  return stepsNav(view, { label: view.t("commitment.form.steps_nav"), steps, current, isPositionShown: false });
}

function navButtons(view: ViewContext, step: number): SafeHtml {
  return html`<div class="form-actions">
  ${step < STEP_COUNT ? html`<button type="submit" name="_action" value="continue">${view.t("commitment.form.action.continue")}</button>` : ""}
  <button type="submit" name="_action" value="save" class="secondary">${view.t("commitment.form.action.save")}</button>
  ${step > 1 ? html`<button type="submit" name="_action" value="back" class="secondary">${view.t("commitment.form.action.back")}</button>` : ""}
</div>`;
}

const templateOf = (data: CommitmentForViewer): CommitmentTemplate => data.commitment.template;
/** People commit alone: their template has no partners or contacts section. */
export const hasPartnersSection = (template: CommitmentTemplate): boolean => template !== "person";

function rows(view: ViewContext, form: FormState, group: RowGroup, legendKey: string, render: (index: number) => HtmlValue, values: Record<string, string | number> = {}): SafeHtml {
  const count = rowCount(form.values, group);
  return html`${Array.from({ length: count }, (_unused, index) => html`<fieldset class="row-group" id="${group}-${index}">
    <legend>${view.t(legendKey, { ...values, number: index + 1 })}</legend>
    ${render(index)}
    <p><button type="submit" name="_action" value="remove:${group}:${index}" class="secondary button-small">${view.t(`commitment.form.action.remove_${group}`, { number: index + 1 })}</button></p>
  </fieldset>`)}
  ${fieldError(view, form.errors, group)}
  <p><button type="submit" name="_action" value="add:${group}" class="secondary">${view.t(`commitment.form.action.add_${group}`, { ...values, count })}</button></p>`;
}

function basicsStep(view: ViewContext, w: Wording, page: StepPageData): SafeHtml {
  const { form } = page;
  return html`${localizedFields(view, form, { name: "title", label: w("commitment.form.field.title"), hint: view.t("commitment.form.field.title.hint"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: view.t("commitment.form.field.description"), hint: w("commitment.form.field.description.hint"), isMultiline: true, rows: 6 })}
  ${textField(view, form, { name: "themes", label: view.t("commitment.form.field.themes"), hint: view.t("commitment.form.field.themes.hint") })}`;
}

function alignmentStep(view: ViewContext, page: StepPageData): SafeHtml {
  const { form, choices } = page;
  const groups = choices.map((choice) => ({
    label: localizedString(choice.framework.name, view.locale),
    choices: choice.items.map((item) => ({ value: item.id, label: `${item.number ? `${item.number}. ` : ""}${localizedString(item.label, view.locale)}` })),
  }));
  const coverages = templateOf(page.data) === "local_government" ? (["local", "national"] as const) : COVERAGES;
  const regions = listRegions(view.locale);
  return html`${groupedSelect(view, form, { name: "primaryItemId", label: view.t("commitment.form.field.primaryItemId"), hint: view.t("commitment.form.field.primaryItemId.hint"), groups, placeholder: view.t("commitment.form.none_chosen") })}
  ${checkboxPicker(view, form, { name: "otherItemIds", legend: view.t("commitment.form.field.otherItemIds"), groups })}
  ${selectField(view, form, { name: "coverage", label: view.t("commitment.form.field.coverage"), choices: coverages.map((value) => ({ value, label: view.t(`commitment.form.coverage.${value}`) })) })}
  ${countryPicker(view, form, { name: "countries", legend: view.t("commitment.form.field.countries") })}
  ${checkboxPicker(view, form, {
    name: "regions",
    legend: view.t("commitment.form.field.regions"),
    groups: [
      { label: view.t("commitment.form.region_level.region"), choices: regions.filter((region) => region.level === "region").map((region) => ({ value: region.code, label: region.name })) },
      { label: view.t("commitment.form.region_level.subregion"), choices: regions.filter((region) => region.level === "subregion").map((region) => ({ value: region.code, label: region.name })) },
    ],
  })}`;
}

function timelineStep(view: ViewContext, page: StepPageData): SafeHtml {
  const { form } = page;
  return html`${textField(view, form, { name: "startDate", type: "date", label: view.t("commitment.form.field.startDate") })}
  ${textField(view, form, { name: "endDate", type: "date", label: view.t("commitment.form.field.endDate") })}
  ${checkboxField(view, form, { name: "isOpenEnded", label: view.t("commitment.form.field.isOpenEnded"), hint: view.t("commitment.form.field.isOpenEnded.hint") })}
  ${textField(view, form, { name: "reviewDate", type: "date", label: view.t("commitment.form.field.reviewDate"), hint: view.t("commitment.form.field.reviewDate.hint") })}
  ${selectField(view, form, { name: "stage", label: view.t("commitment.form.field.stage"), choices: COMMITMENT_STAGES.map((value) => ({ value, label: view.t(`commitment.form.stage.${value}`) })) })}`;
}

function fundingFields(view: ViewContext, form: FormState, template: CommitmentTemplate): SafeHtml {
  return html`<fieldset><legend>${view.t("commitment.form.section.funding")}</legend>
    ${template === "business" ? html`<p class="notice">${view.t("commitment.form.template.business.funding_note")}</p>` : ""}
    ${textField(view, form, { name: "fundingSource", label: view.t("commitment.form.field.fundingSource") })}
    ${selectField(view, form, { name: "fundingSufficiency", label: view.t("commitment.form.field.fundingSufficiency"), choices: FUNDING_SUFFICIENCY.map((value) => ({ value, label: view.t(`commitment.form.sufficiency.${value}`) })) })}
    ${textField(view, form, { name: "fundingAmount", label: view.t("commitment.form.field.fundingAmount"), hint: view.t("commitment.form.field.optional") })}
    ${textField(view, form, { name: "fundingCurrency", label: view.t("commitment.form.field.fundingCurrency"), hint: view.t("commitment.form.field.fundingCurrency.hint"), maxLength: 3 })}
  </fieldset>`;
}

function measuresStep(view: ViewContext, page: StepPageData): SafeHtml {
  const { form } = page;
  const template = templateOf(page.data);
  const indicatorValues = { template };
  const indicators = html`<fieldset><legend>${view.t("commitment.form.section.indicators", indicatorValues)}</legend>
    <p class="hint">${view.t("commitment.form.section.indicators.hint")}</p>
    ${rows(view, form, "indicators", "commitment.form.indicator.legend", (index) => {
      const prefix = `indicators.${index}`;
      return html`<input type="hidden" name="${prefix}.id" value="${String(form.values[`${prefix}.id`] ?? "")}">
      ${localizedFields(view, form, { name: `${prefix}.name`, label: view.t("commitment.form.indicator.name"), isRequired: true })}
      ${textField(view, form, { name: `${prefix}.unit`, label: view.t("commitment.form.indicator.unit"), hint: view.t("commitment.form.indicator.unit.hint") })}
      ${textField(view, form, { name: `${prefix}.baselineValue`, label: view.t("commitment.form.indicator.baselineValue") })}
      ${textField(view, form, { name: `${prefix}.baselineDate`, type: "date", label: view.t("commitment.form.indicator.baselineDate") })}
      ${textField(view, form, { name: `${prefix}.targetValue`, label: view.t("commitment.form.indicator.targetValue") })}
      ${textField(view, form, { name: `${prefix}.targetDate`, type: "date", label: view.t("commitment.form.indicator.targetDate") })}
      ${selectField(view, form, { name: `${prefix}.direction`, label: view.t("commitment.form.indicator.direction"), choices: (["increase", "decrease", "maintain"] as const).map((value) => ({ value, label: view.t(`commitment.form.direction.${value}`) })) })}`;
    }, indicatorValues)}
  </fieldset>`;
  const markers = html`<fieldset><legend>${view.t("commitment.form.section.markers")}</legend>
    ${localizedFields(view, form, { name: "targetAudience", label: view.t("commitment.form.field.targetAudience"), isMultiline: true, rows: 2 })}
    ${textField(view, form, { name: "scale", label: view.t("commitment.form.field.scale"), hint: view.t("commitment.form.field.scale.hint") })}
    ${localizedFields(view, form, { name: "expectedImpact", label: view.t("commitment.form.field.expectedImpact"), isMultiline: true, rows: 3 })}
  </fieldset>`;
  // A business is asked first about money and KPIs; everyone else first about what they will measure.
  return template === "business" ? html`${fundingFields(view, form, template)}${indicators}${markers}` : html`${indicators}${markers}${fundingFields(view, form, template)}`;
}

function peopleStep(view: ViewContext, w: Wording, page: StepPageData): SafeHtml {
  const { form } = page;
  const partners = hasPartnersSection(templateOf(page.data))
    ? html`<fieldset><legend>${view.t("commitment.form.section.partners")}</legend>
      <p class="hint">${view.t("commitment.form.section.partners.hint")}</p>
      ${rows(view, form, "partners", "commitment.form.partner.legend", (index) => html`${textField(view, form, { name: `partners.${index}.organisationSlug`, label: view.t("commitment.form.partner.organisationSlug"), hint: view.t("commitment.form.partner.organisationSlug.hint") })}
        ${textField(view, form, { name: `partners.${index}.name`, label: view.t("commitment.form.partner.name") })}
        ${textField(view, form, { name: `partners.${index}.role`, label: view.t("commitment.form.partner.role") })}`)}
    </fieldset>
    <fieldset><legend>${view.t("commitment.form.section.contacts")}</legend>
      ${rows(view, form, "contacts", "commitment.form.contact.legend", (index) => html`${textField(view, form, { name: `contacts.${index}.name`, label: view.t("commitment.form.contact.name"), isRequired: true })}
        ${textField(view, form, { name: `contacts.${index}.email`, type: "email", label: view.t("commitment.form.contact.email"), isRequired: true })}
        ${textField(view, form, { name: `contacts.${index}.role`, label: view.t("commitment.form.contact.role") })}
        ${checkboxField(view, form, { name: `contacts.${index}.isPublic`, label: view.t("commitment.form.contact.isPublic") })}`)}
    </fieldset>`
    : "";
  return html`${partners}
  <fieldset><legend>${view.t("commitment.form.section.links")}</legend>
    ${rows(view, form, "links", "commitment.form.link.legend", (index) => html`${textField(view, form, { name: `links.${index}.url`, type: "url", label: view.t("commitment.form.link.url"), isRequired: true })}
      ${textField(view, form, { name: `links.${index}.label`, label: view.t("commitment.form.link.label") })}`)}
  </fieldset>
  ${checkboxField(view, form, { name: "isPartnerDisplayAllowed", label: w("commitment.form.field.isPartnerDisplayAllowed"), hint: view.t("commitment.form.field.isPartnerDisplayAllowed.hint") })}
  ${checkboxField(view, form, { name: "intendsToReport", label: w("commitment.form.field.intendsToReport") })}`;
}

function similarWarning(view: ViewContext, w: Wording, space: ViewedSpace, similar: SimilarCommitment[]): HtmlValue {
  if (!similar.length) return "";
  return html`<section class="notice" aria-labelledby="similar-heading">
  <h2 id="similar-heading">${w("commitment.form.similar.heading", { count: similar.length })}</h2>
  <p>${w("commitment.form.similar.intro")}</p>
  <ul>${similar.map((item) => html`<li><a href="${commitmentsPath(space.slug)}/${item.number}">${w("commitment.form.number", { number: item.number })}: ${localizedText(view, item.title)}</a> ${statusTag(view, item.status)}</li>`)}</ul>
</section>`;
}

function summaryRow(view: ViewContext, page: StepPageData, field: string, label: string, value: HtmlValue, step: number): SafeHtml {
  const base = `${commitmentsPath(page.data.space.slug)}/${page.data.commitment.number}`;
  return html`<div class="summary-row${page.submitErrors[field] ? " has-error" : ""}" id="summary-${field}"><dt>${label}</dt>
  <dd>${value || html`<span class="muted">${view.t("commitment.form.summary.empty")}</span>`}
    ${fieldError(view, page.submitErrors, field)}
    <a href="${base}/edit?step=${step}">${view.t("commitment.form.summary.change", { step })}<span class="sr-only"> — ${label}</span></a></dd></div>`;
}

function reviewStep(view: ViewContext, w: Wording, page: StepPageData): SafeHtml {
  const { data } = page;
  const { commitment } = data;
  const base = `${commitmentsPath(data.space.slug)}/${commitment.number}`;
  const primary = data.targets.find((target) => target.isPrimary);
  const criteria = data.settings.criteria;
  return html`${similarWarning(view, w, data.space, page.similar)}
  <dl class="summary">
    ${summaryRow(view, page, "title", w("commitment.form.field.title"), localizedText(view, commitment.title), 1)}
    ${summaryRow(view, page, "primaryItemId", view.t("commitment.form.field.primaryItemId"), primary ? html`${primary.number ?? primary.key} ${localizedText(view, primary.label)}` : "", 2)}
    ${summaryRow(view, page, "endDate", view.t("commitment.form.summary.dates"), commitment.startDate || commitment.endDate || commitment.reviewDate || commitment.isOpenEnded ? view.t("commitment.form.summary.dates_value", { start: commitment.startDate ? view.format.date(commitment.startDate) : "—", end: commitment.isOpenEnded ? view.t("commitment.form.open_ended") : commitment.endDate ? view.format.date(commitment.endDate) : "—", review: commitment.reviewDate ? view.format.date(commitment.reviewDate) : "—" }) : "", 3)}
    ${summaryRow(view, page, "indicators", view.t("commitment.form.section.indicators", { template: commitment.template }), data.indicators.length ? html`<ul>${data.indicators.map((indicator) => html`<li>${localizedText(view, indicator.name)}</li>`)}</ul>` : "", 4)}
    ${summaryRow(view, page, "intendsToReport", w("commitment.form.field.intendsToReport"), commitment.intendsToReport ? view.t("commitment.form.yes") : view.t("commitment.form.no"), 5)}
  </dl>
  <h2>${view.t("commitment.form.criteria.heading")}</h2>
  ${criteria.length
    ? html`<ul class="criteria">${CRITERIA.filter((criterion) => criteria.includes(criterion)).map((criterion) => {
        const isFailing = Boolean(page.submitErrors[CRITERION_FIELDS[criterion].field]);
        return html`<li>${view.t(`commitment.form.criteria.${criterion}.label`)} — <strong>${isFailing ? view.t("commitment.form.criteria.failing") : view.t("commitment.form.criteria.met")}</strong>${isFailing ? html` <a href="${base}/edit?step=${CRITERION_FIELDS[criterion].step}">${view.t("commitment.form.summary.change", { step: CRITERION_FIELDS[criterion].step })}</a>` : ""}</li>`;
      })}</ul>`
    : html`<p>${view.t("commitment.form.criteria.none")}</p>`}
  ${data.access.canSubmit
    ? postForm(view, `${base}/submit`, html`<p><button type="submit">${w("commitment.form.submit")}</button></p>`)
    : html`<p>${statusTag(view, commitment.status)}</p>`}
  <p><a href="${base}/edit?step=${STEP_COUNT - 1}">${view.t("commitment.form.action.back")}</a></p>`;
}

/** One step of the step-by-step form (steps 1–5 save the draft; step 6 reviews and submits). */
export function stepPage(view: ViewContext, page: StepPageData): string {
  const { data, step, form } = page;
  const w = wordingOf(view, data.settings);
  const base = `${commitmentsPath(data.space.slug)}/${data.commitment.number}`;
  const stepName = view.t(`commitment.form.step.${STEP_NAMES[step - 1]}`);
  const title = w("commitment.form.edit.title", { number: data.commitment.number });
  const template = templateOf(data);
  const content =
    step === 1 ? basicsStep(view, w, page) : step === 2 ? alignmentStep(view, page) : step === 3 ? timelineStep(view, page) : step === 4 ? measuresStep(view, page) : peopleStep(view, w, page);
  const body = html`<h1>${title}</h1>
<p>${statusTag(view, data.commitment.status)} · ${view.t(`commitment.form.template.${template}`)}
${data.commitment.status === "published" ? html`<br><span class="hint">${view.t("commitment.form.edit.published_note")}</span>` : ""}</p>
${stepNav(view, base, step)}
<h2>${view.t("commitment.form.step.label", { step, total: STEP_COUNT, name: stepName })}</h2>
${step === STEP_COUNT
  ? reviewStep(view, w, page)
  : html`${errorSummary(view, form)}${postForm(
      view,
      `${base}/edit?step=${step}`,
      html`<button type="submit" name="_action" value="save" class="sr-only" tabindex="-1" aria-hidden="true">${view.t("commitment.form.action.save")}</button>
      ${template !== "organisation" && step === 1 ? html`<p class="notice">${view.t(`commitment.form.template.${template}.note`)}</p>` : ""}
      ${content}
      ${navButtons(view, step)}`,
    )}`}`;
  return renderPage(view, { title: `${stepName} · ${title}`, body, breadcrumbs: breadcrumbs(view, data.space, w, view.t("commitment.form.breadcrumb.edit"), data.commitment) });
}
