import { countryName, regionName } from "../../../platform/countries";
import { html, type HtmlValue, type SafeHtml } from "../../../platform/html";
import { jsonLdScript, openGraphTags } from "../../../platform/views/meta";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { postForm } from "../../../platform/views/forms";
import { pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../platform/views/localized";
import type { CommitmentForViewer } from "../queries";
import type { ReviewTrailEntry } from "../queries-form";
import type { RevisionEntry } from "../revisions";
import { commitmentStylesheet } from "./browse-styles";
import { statusTag, wordingOf, type Wording } from "./form-shared";
import { scrollableTable } from "../../../platform/views/table";

export type DetailPageData = {
  found: CommitmentForViewer;
  trail: ReviewTrailEntry[];
  /** The progress part's section (status light, charts, timeline), when there is one to show. */
  progress: SafeHtml | null;
  publicUrl: string;
};

const pathOf = (found: CommitmentForViewer): string => `/spaces/${found.space.slug}/commitments/${found.commitment.number}`;

function crumbs(view: ViewContext, found: CommitmentForViewer, w: Wording, last?: string) {
  const number = w("commitment.form.number", { number: found.commitment.number });
  return [
    { label: localize(found.space.title, view.locale), href: `/spaces/${found.space.slug}` },
    { label: w("commitment.form.breadcrumb.list"), href: `/spaces/${found.space.slug}/commitments` },
    ...(last ? [{ label: number, href: pathOf(found) }, { label: last }] : [{ label: number }]),
  ];
}

/** The commitment's title, or "Untitled draft" while it has none. */
export function titleOf(view: ViewContext, w: Wording, found: CommitmentForViewer): string {
  return localizedString(found.commitment.title, view.locale) || w("commitment.form.untitled", { number: found.commitment.number });
}

const ACTION_STATUS: Record<string, string> = { planning: "PotentialActionStatus", development: "ActiveActionStatus", implementation: "ActiveActionStatus", evaluation: "ActiveActionStatus", completed: "CompletedActionStatus" };

/** Open Graph and schema.org metadata (an Action by its agent, with its time span), described in the page's language. */
function jsonLd(view: ViewContext, data: DetailPageData): SafeHtml {
  const { commitment, organisation, person, targets } = data.found;
  const agent = organisation
    ? { "@type": "Organization", name: localizedString(organisation.name, view.locale), url: new URL(`/organisations/${organisation.slug}`, data.publicUrl).href }
    : { "@type": "Person", name: person?.displayName ?? "" };
  const document = {
    "@type": "Action",
    "@id": data.publicUrl,
    url: data.publicUrl,
    identifier: String(commitment.number),
    name: localizedString(commitment.title, view.locale),
    description: localizedString(commitment.description, view.locale),
    inLanguage: view.locale,
    agent,
    actionStatus: `https://schema.org/${ACTION_STATUS[commitment.stage]}`,
    ...(commitment.startDate ? { startTime: commitment.startDate } : {}),
    ...(commitment.endDate ? { endTime: commitment.endDate } : {}),
    ...(commitment.publishedAt ? { datePublished: commitment.publishedAt.toISOString() } : {}),
    about: targets.map((target) => ({ "@type": "DefinedTerm", termCode: target.key, name: localizedString(target.label, view.locale), inDefinedTermSet: target.frameworkKey })),
    ...(commitment.countries.length ? { location: commitment.countries.map((code) => ({ "@type": "Country", identifier: code, name: countryName(code, view.locale) })) } : {}),
  };
  return html`${openGraphTags({ title: document.name, description: document.description, url: data.publicUrl, locale: view.locale, publishedAt: commitment.publishedAt ?? undefined, share: { kind: "commitment", context: localizedString(data.found.space.title, view.locale) } })}
${jsonLdScript(document)}`;
}

const numberText = (view: ViewContext, value: string | null): string => (value === null ? "—" : view.format.number(Number(value)));
const dateText = (view: ViewContext, value: string | null): string => (value ? view.format.date(value) : "—");

function row(label: string, value: HtmlValue): HtmlValue {
  return value === "" || value === null || value === undefined || (Array.isArray(value) && !value.length) ? "" : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function reviewStatus(view: ViewContext, w: Wording, data: DetailPageData): HtmlValue {
  const { commitment, access } = data.found;
  if (!access.canSeeReviewStatus) return "";
  const base = pathOf(data.found);
  return html`<section class="review-status" aria-labelledby="review-status-heading">
  <h2 id="review-status-heading">${view.t("commitment.form.detail.review_status")}</h2>
  <p>${statusTag(view, commitment.status)}${commitment.submittedAt ? html` · ${view.t("commitment.form.detail.submitted_at", { date: view.format.dateTime(commitment.submittedAt) })}` : ""}</p>
  ${commitment.status === "returned" && commitment.returnComment
    ? html`<div class="notice"><h3>${view.t("commitment.form.detail.return_comment")}</h3><p>${commitment.returnComment}</p></div>`
    : ""}
  ${data.trail.length
    ? html`<ol class="trail">${data.trail.map((entry) => html`<li><time datetime="${entry.createdAt.toISOString()}">${view.format.dateTime(entry.createdAt)}</time> — ${view.t(`commitment.form.trail.${entry.action}`)}${entry.actorName ? html` (${entry.actorName}${entry.country ? `, ${countryName(entry.country, view.locale)}` : ""})` : ""}${entry.comment ? html`: ${entry.comment}` : ""}</li>`)}</ol>`
    : ""}
  ${commitment.status === "submitted" || commitment.status === "under_review" || commitment.status === "returned"
    ? html`<p><a href="${base}/review">${view.t("commitment.form.detail.review_page")}</a></p>`
    : ""}
  ${access.isOwner
    ? html`<div class="form-actions">
      ${access.canEdit ? html`<a class="button" href="${base}/edit?step=${commitment.status === "published" ? 1 : commitment.draftStep}">${w("commitment.form.detail.edit")}</a>` : ""}
      ${access.canSubmit ? html`<a class="button secondary" href="${base}/edit?step=6">${w("commitment.form.detail.review_and_submit")}</a>` : ""}
      ${access.canWithdraw ? postForm(view, `${base}/withdraw`, html`<button type="submit" class="secondary">${w("commitment.form.withdraw")}</button>`, { className: "inline-form" }) : ""}
    </div>`
    : ""}
</section>`;
}

/**
 * What the owner does next, as a primary button under the title rather than after every section: report
 * progress on a published commitment, else go on editing one that is not yet out.
 */
function nextAction(view: ViewContext, w: Wording, found: CommitmentForViewer): HtmlValue {
  const { commitment, access } = found;
  if (!access.isOwner) return "";
  if (commitment.status === "published") return html`<a class="button" href="${pathOf(found)}/progress/new">${view.t("commitment.progress.new")}</a>`;
  if (access.canEdit) return html`<a class="button" href="${pathOf(found)}/edit?step=${commitment.draftStep}">${w("commitment.form.detail.edit")}</a>`;
  return "";
}

/** The commitment page: everything about it, public once published; owners also see its review status. */
export function detailPage(view: ViewContext, data: DetailPageData): string {
  const { found } = data;
  const { commitment, organisation, person, targets, indicators, partners, access } = found;
  const w = wordingOf(view, found.settings);
  const title = titleOf(view, w, found);
  const primary = targets.filter((target) => target.isPrimary);
  const others = targets.filter((target) => !target.isPrimary);
  const targetLink = (target: (typeof targets)[number]) =>
    html`<a href="/frameworks/${encodeURIComponent(target.frameworkKey)}#item-${target.key}">${target.number ?? target.key}</a> ${localizedText(view, target.label)} <span class="muted">(${localizedText(view, target.frameworkName)})</span>`;
  const contacts = commitment.contacts.filter((contact) => contact.isPublic || access.isOwner || access.canSeeReviewStatus);
  const funding = [commitment.fundingSource, commitment.fundingAmount !== null ? `${view.format.number(Number(commitment.fundingAmount))} ${commitment.fundingCurrency ?? ""}`.trim() : ""].filter(Boolean).join(" · ");
  const body = html`<article class="commitment">
${pageHeader({
  title: localizedString(commitment.title, view.locale) ? localizedText(view, commitment.title) : title,
  status: html`${commitment.status !== "published" ? html`${statusTag(view, commitment.status)} ` : ""}<span class="tag">${view.t(`commitment.form.stage.${commitment.stage}`)}</span>
  ${commitment.revision > 0 ? html` · <a href="${pathOf(found)}/history">${view.t("commitment.form.detail.history_link", { count: commitment.revision })}</a>` : ""}`,
  actions: nextAction(view, w, found) || undefined,
})}
<dl class="facts">
  ${row(w("commitment.form.owner_label"), organisation ? html`<a href="/organisations/${organisation.slug}">${localizedText(view, organisation.name)}</a>` : (person?.displayName ?? ""))}
  ${row(view.t("commitment.form.field.themes"), commitment.themes.join(", "))}
  ${row(view.t("commitment.form.field.coverage"), view.t(`commitment.form.coverage.${commitment.coverage}`))}
  ${row(view.t("commitment.form.field.countries"), commitment.countries.map((code) => countryName(code, view.locale)).join(", "))}
  ${row(view.t("commitment.form.field.regions"), commitment.regions.map((code) => regionName(code, view.locale)).join(", "))}
  ${row(view.t("commitment.form.field.startDate"), commitment.startDate ? view.format.date(commitment.startDate) : "")}
  ${row(view.t("commitment.form.field.endDate"), commitment.isOpenEnded ? view.t("commitment.form.open_ended") : commitment.endDate ? view.format.date(commitment.endDate) : "")}
  ${row(view.t("commitment.form.field.reviewDate"), commitment.reviewDate ? view.format.date(commitment.reviewDate) : "")}
</dl>
<section aria-labelledby="description-heading"><h2 id="description-heading">${view.t("commitment.form.field.description")}</h2>${localizedParagraphs(view, commitment.description)}</section>
<section aria-labelledby="alignment-heading"><h2 id="alignment-heading">${view.t("commitment.form.step.alignment")}</h2>
  <dl>${row(view.t("commitment.form.field.primaryItemId"), primary.map(targetLink))}
  ${row(view.t("commitment.form.field.otherItemIds"), others.length ? html`<ul>${others.map((target) => html`<li>${targetLink(target)}</li>`)}</ul>` : "")}</dl>
</section>
${indicators.length
  ? html`<section aria-labelledby="indicators-heading"><h2 id="indicators-heading">${view.t("commitment.form.section.indicators", { template: commitment.template })}</h2>
  ${scrollableTable(view.t("commitment.form.detail.indicators_caption", { count: indicators.length }), html`<table><caption>${view.t("commitment.form.detail.indicators_caption", { count: indicators.length })}</caption>
  <thead><tr><th scope="col">${view.t("commitment.form.indicator.name")}</th><th scope="col">${view.t("commitment.form.indicator.unit")}</th><th scope="col">${view.t("commitment.form.indicator.baselineValue")}</th><th scope="col">${view.t("commitment.form.indicator.targetValue")}</th><th scope="col">${view.t("commitment.form.indicator.direction")}</th></tr></thead>
  <tbody>${indicators.map((indicator) => html`<tr><th scope="row">${localizedText(view, indicator.name)}</th><td>${indicator.unit}</td>
    <td>${numberText(view, indicator.baselineValue)} <span class="muted">${dateText(view, indicator.baselineDate)}</span></td>
    <td>${numberText(view, indicator.targetValue)} <span class="muted">${dateText(view, indicator.targetDate)}</span></td>
    <td>${view.t(`commitment.form.direction.${indicator.direction}`)}</td></tr>`)}</tbody></table>`)}</section>`
  : ""}
<section aria-labelledby="markers-heading"><h2 id="markers-heading">${view.t("commitment.form.section.markers")}</h2>
<dl>${row(view.t("commitment.form.field.targetAudience"), localizedString(commitment.targetAudience, view.locale) ? localizedText(view, commitment.targetAudience) : "")}
  ${row(view.t("commitment.form.field.scale"), commitment.scale)}
  ${row(view.t("commitment.form.field.expectedImpact"), localizedString(commitment.expectedImpact, view.locale) ? localizedText(view, commitment.expectedImpact) : "")}
  ${row(view.t("commitment.form.section.funding"), funding)}
  ${row(view.t("commitment.form.field.fundingSufficiency"), view.t(`commitment.form.sufficiency.${commitment.fundingSufficiency}`))}</dl>
</section>
${partners.length
  ? html`<section aria-labelledby="partners-heading"><h2 id="partners-heading">${view.t("commitment.form.section.partners")}</h2>
  <ul>${partners.map((partner) => html`<li>${partner.slug && partner.organisationName ? html`<a href="/organisations/${partner.slug}">${localizedText(view, partner.organisationName)}</a>` : partner.name}${partner.role ? html` — ${partner.role}` : ""}</li>`)}</ul></section>`
  : ""}
${contacts.length
  ? html`<section aria-labelledby="contacts-heading"><h2 id="contacts-heading">${view.t("commitment.form.section.contacts")}</h2>
  <ul>${contacts.map((contact) => html`<li>${contact.name}${contact.role ? html` (${contact.role})` : ""} — <a href="mailto:${contact.email}">${contact.email}</a></li>`)}</ul></section>`
  : ""}
${commitment.links.length
  ? html`<section aria-labelledby="links-heading"><h2 id="links-heading">${view.t("commitment.form.section.links")}</h2>
  <ul>${commitment.links.map((link) => html`<li><a href="${link.url}" rel="nofollow noopener">${link.label || link.url}</a></li>`)}</ul></section>`
  : ""}
${reviewStatus(view, w, data)}
<!-- slot: progress (filled by the progress part's progressSection) -->
${data.progress ?? ""}
</article>`;
  return renderPage(view, {
    title,
    body,
    // the commitment stylesheet lays out the progress charts (HTML scale and dates beside the drawing)
    head: html`${commitmentStylesheet()}${commitment.status === "published" ? jsonLd(view, data) : ""}`,
    breadcrumbs: crumbs(view, found, w),
  });
}

/** The public history: each revision with the fields that changed. */
export function historyPage(view: ViewContext, found: CommitmentForViewer, revisions: RevisionEntry[]): string {
  const w = wordingOf(view, found.settings);
  const heading = view.t("commitment.form.history.heading");
  const body = html`<h1>${heading}: ${localizedString(found.commitment.title, view.locale) ? localizedLabel(view, found.commitment.title) : titleOf(view, w, found)}</h1>
<p><a href="${pathOf(found)}">${w("commitment.form.history.back")}</a></p>
${revisions.length
  ? html`<ol class="revisions" reversed>${revisions.map(
      (revision) => html`<li><h2>${view.t("commitment.form.history.revision", { revision: revision.revision })} — <time datetime="${revision.createdAt.toISOString()}">${view.format.dateTime(revision.createdAt)}</time></h2>
    <p>${view.t("commitment.form.history.changed", { count: revision.changedFields.length })}</p>
    <ul>${revision.changedFields.map((field) => html`<li>${view.t(`commitment.form.history.field.${field}`)}</li>`)}</ul></li>`,
    )}</ol>`
  : html`<p>${w("commitment.form.history.none")}</p>`}`;
  return renderPage(view, { title: heading, body, breadcrumbs: crumbs(view, found, w, heading) });
}
