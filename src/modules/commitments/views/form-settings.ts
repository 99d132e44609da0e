import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { ViewedSpace } from "../../spaces/queries";
import { CRITERIA } from "../schema";
import { fieldError } from "./form-shared";

/** The coordinator's page: which criteria a submission must meet, the review window, the status-light thresholds, the mode. */
export function settingsPage(view: ViewContext, space: ViewedSpace, form: FormState): string {
  const title = view.t("commitment.form.settings.title");
  const selected = new Set(Array.isArray(form.values.criteria) ? form.values.criteria.map(String) : []);
  const body = html`<h1>${title}</h1>
${errorSummary(view, form)}
${postForm(
  view,
  `/spaces/${space.slug}/commitments/settings`,
  html`${selectField(view, form, {
    name: "mode",
    label: view.t("commitment.form.settings.mode"),
    hint: view.t("commitment.form.settings.mode.hint"),
    choices: (["commitments", "memorandum"] as const).map((value) => ({ value, label: view.t(`commitment.form.settings.mode.${value}`) })),
  })}
  <fieldset id="field-criteria"><legend>${view.t("commitment.form.settings.criteria")}</legend>
    ${fieldError(view, form.errors, "criteria")}
    ${CRITERIA.map((criterion) => html`<div class="field checkbox"><input type="checkbox" id="criterion-${criterion}" name="criteria" value="${criterion}"${selected.has(criterion) ? html` checked` : ""}>
      <label for="criterion-${criterion}">${view.t(`commitment.form.criteria.${criterion}.label`)}</label></div>`)}
  </fieldset>
  ${textField(view, form, { name: "reviewWindowDays", type: "number", label: view.t("commitment.form.settings.reviewWindowDays"), hint: view.t("commitment.form.settings.reviewWindowDays.hint") })}
  ${textField(view, form, { name: "greenMonths", type: "number", label: view.t("commitment.form.settings.greenMonths") })}
  ${textField(view, form, { name: "redMonths", type: "number", label: view.t("commitment.form.settings.redMonths") })}
  <p><button type="submit">${view.t("form.save")}</button></p>`,
)}`;
  return renderPage(view, {
    title,
    body,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: title }],
  });
}
