import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { errorSummary, localizedFields, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import type { IndicatorRow, ProgressSectionData } from "../queries-progress";
import type { ReviewCommitment } from "../queries-review";
import { COMMITMENT_STAGES } from "../schema";
import { progressSection } from "./progress-section";
import { commitmentStylesheet } from "./browse-styles";

type PageSubject = { spaceSlug: string; commitment: ReviewCommitment };

function breadcrumbs(view: ViewContext, subject: PageSubject, current: string) {
  const base = `/spaces/${subject.spaceSlug}/commitments`;
  return [
    { label: view.t("commitment.progress.crumb.commitments"), href: base },
    { label: localize(subject.commitment.title, view.locale), href: `${base}/${subject.commitment.number}` },
    { label: current },
  ];
}

/** The public progress page of one commitment: timeline, charts and status light. */
export function progressPage(view: ViewContext, subject: PageSubject, data: ProgressSectionData): string {
  const title = view.t("commitment.progress.page_title");
  return renderPage(view, {
    title: `${title} · ${localizedString(subject.commitment.title, view.locale)}`,
    breadcrumbs: breadcrumbs(view, subject, title),
    head: commitmentStylesheet(),
    body: html`<h1>${localizedText(view, subject.commitment.title)}</h1>
${progressSection(view, data)}`,
  });
}

/** The owner's form for a new progress report: date, stage, a value per indicator, percent, narrative, evidence. */
export function progressFormPage(view: ViewContext, subject: PageSubject, indicators: IndicatorRow[], form: FormState): string {
  const title = view.t("commitment.progress.new");
  const action = `/spaces/${subject.spaceSlug}/commitments/${subject.commitment.number}/progress/new`;
  const labels: Record<string, string> = {
    report_date: view.t("commitment.progress.field.report_date"),
    stage: view.t("commitment.progress.field.stage"),
    percent_complete: view.t("commitment.progress.field.percent_complete"),
    narrative: view.t("commitment.progress.field.narrative"),
    evidence_links: view.t("commitment.progress.field.evidence_links"),
  };
  for (const indicator of indicators) labels[`value.${indicator.id}`] = localizedString(indicator.name, view.locale);
  return renderPage(view, {
    title,
    breadcrumbs: breadcrumbs(view, subject, title),
    body: html`<h1>${title}</h1>
<p class="lead">${localizedText(view, subject.commitment.title)}</p>
${errorSummary(view, form, labels)}
${postForm(
  view,
  action,
  html`${textField(view, form, { name: "report_date", label: labels.report_date, type: "date", isRequired: true, hint: view.t("commitment.progress.field.report_date_hint") })}
  ${selectField(view, form, {
    name: "stage",
    label: labels.stage,
    isRequired: true,
    choices: COMMITMENT_STAGES.map((stage) => ({ value: stage, label: view.t(`commitment.progress.stage.${stage}`) })),
  })}
  ${indicators.length
    ? html`<fieldset><legend>${view.t("commitment.progress.field.values")}</legend>
    ${indicators.map((indicator) =>
      textField(view, form, {
        name: `value.${indicator.id}`,
        label: `${labels[`value.${indicator.id}`]}${indicator.unit ? ` (${indicator.unit})` : ""}`,
        isRequired: true,
        hint: view.t("commitment.progress.field.value_hint", {
          baseline: indicator.baselineValue === null ? "—" : view.format.number(indicator.baselineValue),
          target: indicator.targetValue === null ? "—" : view.format.number(indicator.targetValue),
        }),
      }),
    )}</fieldset>`
    : ""}
  ${textField(view, form, { name: "percent_complete", label: labels.percent_complete, type: "number", hint: view.t("commitment.progress.field.percent_hint") })}
  ${localizedFields(view, form, { name: "narrative", label: labels.narrative, isMultiline: true, isRequired: true })}
  ${textArea(view, form, { name: "evidence_links", label: labels.evidence_links, hint: view.t("commitment.progress.field.evidence_hint"), rows: 3 })}
  <button type="submit">${view.t("commitment.progress.submit")}</button>`,
)}`,
  });
}
