import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { countryName, listCountries } from "../../../platform/countries";
import { localize } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import type { ReviewCommitment, ReviewEventRow, ReviewQueueItem } from "../queries-review";
import { scrollableTable } from "../../../platform/views/table";

function countriesText(view: ViewContext, countries: readonly string[]): string {
  return countries.length ? countries.map((code) => countryName(code, view.locale)).join(", ") : view.t("commitment.review.no_countries");
}

/** The space's review queue: submitted commitments and those in their focal-point window. */
export function reviewQueuePage(view: ViewContext, space: { slug: string; title: Record<string, string | undefined> }, items: ReviewQueueItem[], options: { canManageCountries: boolean }): string {
  const title = view.t("commitment.review.queue.title");
  const base = `/spaces/${space.slug}/commitments`;
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` }, { label: view.t("commitment.review.crumb.commitments"), href: base }, { label: title }],
    body: html`<h1>${title}</h1>
<p class="lead">${view.t("commitment.review.queue.count", { count: items.length })}</p>
${items.length
  ? scrollableTable(view.t("commitment.review.queue.caption"), html`<table>
  <caption>${view.t("commitment.review.queue.caption")}</caption>
  <thead><tr>
    <th scope="col">${view.t("commitment.review.column.number")}</th>
    <th scope="col">${view.t("commitment.review.column.title")}</th>
    <th scope="col">${view.t("commitment.review.column.status")}</th>
    <th scope="col">${view.t("commitment.review.column.countries")}</th>
    <th scope="col">${view.t("commitment.review.column.submitted")}</th>
    <th scope="col">${view.t("commitment.review.column.deadline")}</th>
  </tr></thead>
  <tbody>${items.map(
    (item) => html`<tr>
    <td>${item.number}</td>
    <th scope="row"><a href="${base}/${item.number}/review">${localizedText(view, item.title)}</a></th>
    <td>${view.t(`commitment.review.status.${item.status}`)}</td>
    <td>${countriesText(view, item.countries)}</td>
    <td>${item.submittedAt ? view.format.date(item.submittedAt) : "—"}</td>
    <td>${item.reviewDeadline ? view.format.dateTime(item.reviewDeadline) : "—"}</td>
  </tr>`,
  )}</tbody>
</table>`)
  : html`<p>${view.t("commitment.review.queue.empty")}</p>`}
${options.canManageCountries ? html`<p><a href="${base}/countries">${view.t("commitment.review.countries.link")}</a></p>` : ""}`,
  });
}

export type ReviewPageActions = { canStart: boolean; canPublish: boolean; canReturn: boolean };

/** One commitment's review: where it stands, the trail of decisions, and the actions open to the viewer. */
export function reviewPage(
  view: ViewContext,
  input: { spaceSlug: string; commitment: ReviewCommitment; events: ReviewEventRow[]; actions: ReviewPageActions; form?: FormState },
): string {
  const { commitment, actions } = input;
  const base = `/spaces/${input.spaceSlug}/commitments/${commitment.number}`;
  const form = input.form ?? { values: {}, errors: {} };
  const title = view.t("commitment.review.page_title", { number: commitment.number });
  return renderPage(view, {
    title,
    breadcrumbs: [
      { label: view.t("commitment.review.crumb.commitments"), href: `/spaces/${input.spaceSlug}/commitments` },
      { label: localize(commitment.title, view.locale), href: base },
      { label: view.t("commitment.review.crumb.review") },
    ],
    body: html`<h1>${localizedText(view, commitment.title)}</h1>
${errorSummary(view, form, { comment: view.t("commitment.review.field.comment") })}
<dl>
  <dt>${view.t("commitment.review.column.status")}</dt><dd>${view.t(`commitment.review.status.${commitment.status}`)}</dd>
  <dt>${view.t("commitment.review.column.countries")}</dt><dd>${countriesText(view, commitment.countries)}</dd>
  ${commitment.reviewDeadline ? html`<dt>${view.t("commitment.review.column.deadline")}</dt><dd><time datetime="${commitment.reviewDeadline.toISOString()}">${view.format.dateTime(commitment.reviewDeadline)}</time></dd>` : ""}
  ${commitment.status === "returned" && commitment.returnComment ? html`<dt>${view.t("commitment.review.return_comment")}</dt><dd>${commitment.returnComment}</dd>` : ""}
</dl>
${actions.canStart || actions.canPublish || actions.canReturn ? html`<h2>${view.t("commitment.review.actions")}</h2>` : ""}
${actions.canStart ? postForm(view, `${base}/review/start`, html`<p class="hint">${view.t("commitment.review.start_hint")}</p><button type="submit">${view.t("commitment.review.start")}</button>`) : ""}
${actions.canPublish ? postForm(view, `${base}/review/publish`, html`<button type="submit">${view.t("commitment.review.publish")}</button>`) : ""}
${actions.canReturn
  ? postForm(view, `${base}/review/return`, html`${textArea(view, form, { name: "comment", label: view.t("commitment.review.field.comment"), hint: view.t("commitment.review.field.comment_hint"), isRequired: true })}
  <button type="submit">${view.t("commitment.review.return")}</button>`)
  : ""}
<h2>${view.t("commitment.review.trail")}</h2>
${input.events.length
  ? html`<ol class="review-trail">${input.events.map(
      (event) => html`<li><time datetime="${event.createdAt.toISOString()}">${view.format.dateTime(event.createdAt)}</time> —
      ${view.t(`commitment.review.event.${event.action}`)}${event.role ? html` (${view.t(`commitment.review.role.${event.role}`)}${event.country ? html`, ${countryName(event.country, view.locale)}` : ""})` : ""}
      ${event.comment ? html`<blockquote>${event.comment}</blockquote>` : ""}</li>`,
    )}</ol>`
  : html`<p class="muted">${view.t("commitment.review.trail_empty")}</p>`}`,
  });
}

/** Countries that publish without review: each manageable country's current choice and a toggle. */
export function countriesPage(
  view: ViewContext,
  input: { spaceSlug: string; rows: { country: string; isAutoPublish: boolean }[]; canChooseAny: boolean; form?: FormState },
): string {
  const title = view.t("commitment.review.countries.title");
  const action = `/spaces/${input.spaceSlug}/commitments/countries`;
  const form = input.form ?? { values: {}, errors: {} };
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: view.t("commitment.review.crumb.commitments"), href: `/spaces/${input.spaceSlug}/commitments` }, { label: title }],
    body: html`<h1>${title}</h1>
${errorSummary(view, form)}
<p class="lead">${view.t("commitment.review.countries.lead")}</p>
${input.rows.length
  ? scrollableTable(view.t("commitment.review.countries.caption"), html`<table>
  <caption>${view.t("commitment.review.countries.caption")}</caption>
  <thead><tr><th scope="col">${view.t("commitment.review.column.country")}</th><th scope="col">${view.t("commitment.review.column.auto_publish")}</th><th scope="col">${view.t("commitment.review.column.change")}</th></tr></thead>
  <tbody>${input.rows.map(
    (row) => html`<tr><th scope="row">${countryName(row.country, view.locale)}</th>
    <td>${view.t(row.isAutoPublish ? "commitment.review.countries.on" : "commitment.review.countries.off")}</td>
    <td>${postForm(view, action, html`<input type="hidden" name="country" value="${row.country}"><input type="hidden" name="is_auto_publish" value="${row.isAutoPublish ? "false" : "true"}">
      <button type="submit">${view.t(row.isAutoPublish ? "commitment.review.countries.turn_off" : "commitment.review.countries.turn_on", { country: countryName(row.country, view.locale) })}</button>`)}</td></tr>`,
  )}</tbody>
</table>`)
  : html`<p>${view.t("commitment.review.countries.empty")}</p>`}
${input.canChooseAny
  ? html`<h2>${view.t("commitment.review.countries.add")}</h2>
${postForm(view, action, html`${selectField(view, form, { name: "country", label: view.t("commitment.review.column.country"), choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })), placeholder: "", isRequired: true })}
<input type="hidden" name="is_auto_publish" value="true">
<button type="submit">${view.t("commitment.review.countries.add_submit")}</button>`)}`
  : ""}`,
  });
}
