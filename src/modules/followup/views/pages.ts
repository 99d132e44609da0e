import { atomLink, listFeedPath } from "../../../platform/feeds/atom";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { checkboxPicker } from "../../../platform/views/checkbox-picker";
import { errorSummary, localizedFields, postForm, selectField, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../platform/views/localized";
import { scrollableTable } from "../../../platform/views/table";
import type { AcceptedRecommendation } from "../../consultations/recommendations";
import { followupPath, isOverdue, itemPath, type ItemFilters, type ItemView, type StatusChange } from "../queries";
import { FOLLOWUP_STATUSES } from "../schema";

type SpaceRef = { slug: string; title: LocalizedText };
export type OrganisationRef = { id: string; slug: string; name: LocalizedText };

const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("followup.title"), href: followupPath(space.slug) },
];

const formLabels = (view: ViewContext): Record<string, string> => {
  const { t } = view;
  return {
    title: t("followup.field.title"), description: t("followup.field.description"), recommendation_id: t("followup.field.recommendation"),
    actor_organisation_ids: t("followup.field.actor_organisations"), actor_text: t("followup.field.actor_text"), due_on: t("followup.field.due_on"),
    evidence_text: t("followup.field.evidence_text"), evidence_links: t("followup.field.evidence_links"), status: t("followup.field.status"), note: t("followup.field.note"),
  };
};

function itemFields(view: ViewContext, form: FormState, organisations: OrganisationRef[], recommendations: AcceptedRecommendation[] | null): SafeHtml {
  const { t } = view;
  return html`${recommendations
    ? selectField(view, form, {
        name: "recommendation_id", label: t("followup.field.recommendation"), hint: t("followup.field.recommendation_hint"), placeholder: t("followup.field.no_recommendation"),
        choices: recommendations.map((recommendation) => ({ value: recommendation.id, label: `${localizedString(recommendation.consultationTitle, view.locale)} #${recommendation.number}: ${recommendation.text}` })),
      })
    : ""}
  ${localizedFields(view, form, { name: "title", label: t("followup.field.title"), isRequired: true })}
  ${localizedFields(view, form, { name: "description", label: t("followup.field.description"), isMultiline: true, rows: 3 })}
  ${organisations.length
    ? checkboxPicker(view, form, { name: "actor_organisation_ids", legend: t("followup.field.actor_organisations"), groups: [{ label: "", choices: organisations.map((organisation) => ({ value: organisation.id, label: localizedString(organisation.name, view.locale) })) }], filterLabel: t("followup.field.actor_filter") })
    : ""}
  ${textField(view, form, { name: "actor_text", label: t("followup.field.actor_text"), hint: t("followup.field.actor_text_hint") })}
  ${textField(view, form, { name: "due_on", type: "date", label: t("followup.field.due_on") })}
  ${textArea(view, form, { name: "evidence_text", label: t("followup.field.evidence_text"), rows: 3 })}
  ${textArea(view, form, { name: "evidence_links", label: t("followup.field.evidence_links"), hint: t("followup.field.evidence_links_hint"), rows: 3 })}`;
}

function statusTag(view: ViewContext, item: ItemView, now: Date): SafeHtml {
  return html`<span class="tag">${view.t(`followup.status.${item.status}`)}</span>${isOverdue(item, now) ? html` <strong class="followup-overdue">${view.t("followup.overdue")}</strong>` : ""}`;
}

function actors(view: ViewContext, item: ItemView, organisations: Map<string, OrganisationRef>): SafeHtml {
  const named = item.actorOrganisationIds.flatMap((id) => (organisations.has(id) ? [organisations.get(id)!] : []));
  return html`${named.map((organisation, at) => html`${at ? ", " : ""}<a href="/organisations/${organisation.slug}">${localizedLabel(view, organisation.name)}</a>`)}${named.length && item.actorText ? ", " : ""}${item.actorText}`;
}

const dueText = (view: ViewContext, item: ItemView) => (item.dueOn ? view.format.date(`${item.dueOn}T00:00:00Z`) : "—");

export type ListPageData = {
  space: SpaceRef;
  items: ItemView[];
  filters: ItemFilters;
  organisations: Map<string, OrganisationRef>;
  canManage: boolean;
  /** For the new-item form (coordinators): accepted recommendations without an item yet, and organisations to pick. */
  recommendations: AcceptedRecommendation[];
  organisationChoices: OrganisationRef[];
  form: FormState;
  now: Date;
};

/** /spaces/:slug/follow-up — the items with filters by status and overdue, feed and CSV; the new-item form for coordinators. */
export function listPage(view: ViewContext, data: ListPageData): string {
  const { t } = view;
  const { space, filters } = data;
  const base = followupPath(space.slug);
  const query = new URLSearchParams({ ...(filters.status ? { status: filters.status } : {}), ...(filters.isOverdue ? { overdue: "1" } : {}) }).toString();
  return renderPage(view, {
    title: `${t("followup.title")} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: [...crumbs(view, space).slice(0, 2), { label: t("followup.title") }],
    head: atomLink(listFeedPath(base), t("followup.feed_title")),
    body: html`<h1>${t("followup.title")}</h1>
<p class="lead">${t("followup.lead")}</p>
<form method="get" class="filters" action="${base}" aria-label="${t("followup.filter.label")}">
  <div class="field"><label for="filter-status">${t("followup.field.status")}</label>
  <select id="filter-status" name="status"><option value="">${t("followup.filter.any")}</option>
  ${FOLLOWUP_STATUSES.map((status) => html`<option value="${status}"${filters.status === status ? html` selected` : ""}>${t(`followup.status.${status}`)}</option>`)}</select></div>
  <div class="field checkbox"><input type="checkbox" id="filter-overdue" name="overdue" value="1"${filters.isOverdue ? html` checked` : ""}><label for="filter-overdue">${t("followup.filter.overdue")}</label></div>
  <div class="field"><button type="submit">${t("followup.filter.apply")}</button></div>
</form>
<p><a href="${base}.csv${query ? `?${query}` : ""}">${t("followup.csv")}</a> · <a href="${listFeedPath(base)}">${t("followup.feed")}</a></p>
${data.items.length
  ? scrollableTable(t("followup.title"), html`<table><thead><tr><th scope="col">№</th><th scope="col">${t("followup.field.title")}</th><th scope="col">${t("followup.field.actors")}</th>
    <th scope="col">${t("followup.field.status")}</th><th scope="col">${t("followup.field.due_on")}</th></tr></thead>
    <tbody>${data.items.map((item) => html`<tr><td>${item.number}</td><td><a href="${itemPath(space.slug, item.number)}">${localizedText(view, item.title)}</a></td>
      <td>${actors(view, item, data.organisations)}</td><td>${statusTag(view, item, data.now)}</td><td>${dueText(view, item)}</td></tr>`)}</tbody></table>`)
  : html`<p class="muted">${t("followup.none")}</p>`}
${data.canManage
  ? html`<section aria-labelledby="new-item"><h2 id="new-item">${t("followup.new.heading")}</h2>
  ${errorSummary(view, data.form, formLabels(view))}
  ${postForm(view, `${base}/new#new-item`, html`${itemFields(view, data.form, data.organisationChoices, data.recommendations)}<button type="submit">${t("followup.new.submit")}</button>`)}</section>`
  : ""}`,
  });
}

export type ItemPageData = {
  space: SpaceRef;
  item: ItemView;
  history: StatusChange[];
  organisations: Map<string, OrganisationRef>;
  organisationChoices: OrganisationRef[];
  canManage: boolean;
  form: FormState;
  statusForm: FormState;
  now: Date;
};

/** One item: who acts, status, due date, the recommendation it follows, evidence, history; the forms for coordinators. */
export function itemPage(view: ViewContext, data: ItemPageData): string {
  const { t, format } = view;
  const { space, item } = data;
  const title = localize(item.title, view.locale);
  const path = itemPath(space.slug, item.number);
  return renderPage(view, {
    title: title.text,
    breadcrumbs: [...crumbs(view, space), { label: title }],
    body: html`<h1>${localizedText(view, item.title)}</h1>
<p>${statusTag(view, item, data.now)}</p>
${localizedParagraphs(view, item.description)}
<dl>
  <dt>${t("followup.field.actors")}</dt><dd>${actors(view, item, data.organisations)}</dd>
  <dt>${t("followup.field.due_on")}</dt><dd>${dueText(view, item)}</dd>
  ${item.recommendationPath ? html`<dt>${t("followup.field.recommendation")}</dt><dd><a href="${item.recommendationPath}">${item.recommendationLabel}</a></dd>` : ""}
  ${item.evidenceText || item.evidenceLinks.length
    ? html`<dt>${t("followup.field.evidence")}</dt><dd>${item.evidenceText ? html`<p>${item.evidenceText}</p>` : ""}
      ${item.evidenceLinks.length ? html`<ul>${item.evidenceLinks.map((link) => html`<li><a href="${link}" rel="nofollow noopener">${link}</a></li>`)}</ul>` : ""}</dd>`
    : ""}
</dl>
<section aria-labelledby="history-heading"><h2 id="history-heading">${t("followup.history")}</h2>
<ol>${data.history.map((change) => html`<li><time datetime="${change.changedAt.toISOString()}">${format.dateTime(change.changedAt)}</time> —
  ${change.fromStatus ? t("followup.history.changed", { from: t(`followup.status.${change.fromStatus}`), to: t(`followup.status.${change.toStatus}`) }) : t("followup.history.created")}
  ${change.changedByName ? html` (${change.changedByName})` : ""}${change.note ? html`: ${change.note}` : ""}</li>`)}</ol></section>
${data.canManage
  ? html`<section aria-labelledby="status-heading"><h2 id="status-heading">${t("followup.status_form.heading")}</h2>
  ${errorSummary(view, data.statusForm, formLabels(view))}
  ${postForm(view, `${path}/status#status-heading`, html`${selectField(view, data.statusForm, { name: "status", label: t("followup.field.status"), choices: FOLLOWUP_STATUSES.map((status) => ({ value: status, label: t(`followup.status.${status}`) })) })}
    ${textField(view, data.statusForm, { name: "note", label: t("followup.field.note") })}<button type="submit">${t("followup.status_form.submit")}</button>`)}</section>
  <section aria-labelledby="edit-heading"><h2 id="edit-heading">${t("followup.edit.heading")}</h2>
  ${errorSummary(view, data.form, formLabels(view))}
  ${postForm(view, `${path}/edit#edit-heading`, html`${itemFields(view, data.form, data.organisationChoices, null)}<button type="submit">${t("followup.edit.submit")}</button>`)}</section>`
  : ""}`,
  });
}
