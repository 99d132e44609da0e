import { countryName } from "../../../../platform/countries";
import { html, type SafeHtml } from "../../../../platform/html";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../../platform/views/meta";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { errorSummary, fieldId, postForm, textArea, type FormState } from "../../../../platform/views/forms";
import { badge, pageHeader } from "../../../../platform/views/components";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../../platform/views/localized";
import type { PracticeDetail } from "../queries";
import { actorTypesText, countriesText, kindLabel, languageText, metaLine, targetText } from "./shared";

export type DetailActions = { canReview: boolean; canEdit: boolean };

const cleaned = (value: LocalizedText): Record<string, string> => Object.fromEntries(Object.entries(value).filter(([, text]) => Boolean(text?.trim()))) as Record<string, string>;

/**
 * schema.org metadata of a published practice: a CreativeWork by the organisation, about the framework
 * targets, covering the countries. Public fields only (no contact person, no review state).
 */
export function practiceJsonLd(practice: PracticeDetail, pageUrl: string, publicUrl: string, locale: string): Record<string, unknown> {
  const pick = (value: LocalizedText) => localize(value, locale).text;
  return {
    "@context": "https://schema.org",
    "@type": "CreativeWork",
    "@id": pageUrl,
    url: pageUrl,
    name: pick(practice.title),
    abstract: pick(practice.summary),
    ...(pick(practice.results) ? { description: pick(practice.results) } : {}),
    genre: practice.kind,
    inLanguage: practice.language,
    ...(practice.organisation
      ? { creator: { "@type": "Organization", name: pick(practice.organisation.name), url: `${publicUrl}/organisations/${encodeURIComponent(practice.organisation.slug)}` } }
      : {}),
    spatialCoverage: practice.countries.map((code) => ({ "@type": "Country", name: countryName(code, "en"), identifier: code })),
    about: practice.targets.map((target) => ({ "@type": "DefinedTerm", termCode: target.key, name: pick(target.label), inDefinedTermSet: target.framework })),
    audience: practice.actorTypes.map((key) => ({ "@type": "Audience", audienceType: key })),
    ...(practice.links.length ? { sameAs: practice.links.map((link) => link.url) } : {}),
    datePublished: practice.publishedAt.toISOString(),
    dateModified: practice.updatedAt.toISOString(),
  };
}

function reviewSection(view: ViewContext, base: string, practice: PracticeDetail, form: FormState): SafeHtml {
  const { t } = view;
  const reason = textArea(view, form, { name: "reason", label: t("knowledge.practice.review.reason"), hint: t("knowledge.practice.review.reason_hint") });
  return html`<section aria-labelledby="gp-review-heading"><h2 id="gp-review-heading">${t("knowledge.practice.review.title")}</h2>
  ${practice.row.screeningTerms.length ? html`<p class="notice">${t("knowledge.practice.review.screening", { terms: practice.row.screeningTerms.join(", ") })}</p>` : ""}
  ${postForm(view, `${base}/review`, html`<input type="hidden" name="decision" value="publish"><p><button type="submit">${t("knowledge.practice.review.publish")}</button></p>`)}
  ${postForm(view, `${base}/review`, html`${reason}
    <p id="${fieldId("decision")}"><button type="submit" name="decision" value="return">${t("knowledge.practice.review.return")}</button>
    <button type="submit" name="decision" value="reject" class="secondary">${t("knowledge.practice.review.reject")}</button></p>`)}
</section>`;
}

/** /spaces/:slug/knowledge/practices/:id — one submitted practice; unpublished ones only for owners and reviewers. */
export function practiceDetailPage(
  view: ViewContext,
  input: { space: { slug: string; title: LocalizedText }; practice: PracticeDetail; actions: DetailActions; jsonLd: Record<string, unknown> | null; form?: FormState },
): string {
  const { t } = view;
  const { practice, space } = input;
  const form = input.form ?? { values: {}, errors: {} };
  const base = `/spaces/${space.slug}/knowledge/practices/${practice.id}`;
  const status = practice.row.status;
  return renderPage(view, {
    title: localize(practice.title, view.locale).text,
    head: html`${openGraphTags({ title: localize(practice.title, view.locale).text, description: localize(practice.summary, view.locale).text, url: absoluteUrl(view, base), locale: view.locale, publishedAt: practice.publishedAt, share: { kind: "practice", context: localize(space.title, view.locale).text } })}
${input.jsonLd ? jsonLdScript(input.jsonLd) : ""}`,
    breadcrumbs: [
      { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
      { label: t("knowledge.practice.title"), href: `/spaces/${space.slug}/knowledge/practices` },
      { label: localize(practice.title, view.locale) },
    ],
    body: html`${pageHeader({
  kind: kindLabel(view, practice.kind),
  title: localizedText(view, practice.title),
  status: status !== "published" ? badge(t(`knowledge.practice.status.${status}`), status === "rejected" ? "danger" : status === "returned" ? "warning" : "info") : undefined,
  facts: [
    practice.organisation ? html`<a href="/organisations/${practice.organisation.slug}">${localizedLabel(view, practice.organisation.name)}</a>` : "",
    countriesText(view, practice.countries),
    status === "published" ? html`<time datetime="${practice.publishedAt.toISOString()}">${view.format.date(practice.publishedAt)}</time>` : "",
  ],
  // One next step per viewer: its owner edits it, a reviewer reviews a submitted one, a reader contacts its authors.
  primary: input.actions.canEdit
    ? { label: t("knowledge.practice.edit"), href: `${base}/edit` }
    : input.actions.canReview && status === "submitted"
      ? { label: t("knowledge.practice.review.title"), href: "#gp-review-heading" }
      : status === "published" && practice.contactUrl
        ? { label: t("knowledge.practice.contact"), href: practice.contactUrl }
        : undefined,
})}
${status === "published" && practice.contactUrl && !input.actions.canEdit ? html`<p class="hint">${t("knowledge.practice.contact_hint")}</p>` : ""}
${errorSummary(view, form, { reason: t("knowledge.practice.review.reason"), decision: t("knowledge.practice.review.decision") })}
${status !== "published"
  ? html`<div class="notice"><p><strong>${t(`knowledge.practice.status.${status}`)}</strong> — ${t(`knowledge.practice.status_hint.${status}`)}</p>
    ${practice.row.reviewReason ? html`<p>${t("knowledge.practice.review.reason_given")}:</p><blockquote>${practice.row.reviewReason}</blockquote>` : ""}</div>`
  : ""}
${metaLine(t("knowledge.practice.field.actor_types"), actorTypesText(view, practice.actorTypes))}
${metaLine(t("knowledge.practice.field.language"), languageText(view, practice.language))}
<h2>${t("knowledge.practice.field.summary")}</h2>
${localizedParagraphs(view, practice.summary)}
${Object.keys(cleaned(practice.results)).length ? html`<h2>${t("knowledge.practice.field.results")}</h2>${localizedParagraphs(view, practice.results)}` : ""}
${practice.targets.length ? html`<h2>${t("knowledge.practice.field.targets")}</h2><ul>${practice.targets.map((target) => html`<li>${targetText(view, target)}</li>`)}</ul>` : ""}
${practice.links.length
  ? html`<h2>${t("knowledge.practice.field.links")}</h2><ul>${practice.links.map((link) => html`<li><a href="${link.url}" rel="nofollow noopener">${link.label || link.url}</a></li>`)}</ul>`
  : ""}
${status === "published" && practice.contactUrl && input.actions.canEdit ? html`<p><a class="button secondary" href="${practice.contactUrl}">${t("knowledge.practice.contact")}</a></p><p class="hint">${t("knowledge.practice.contact_hint")}</p>` : ""}
${input.actions.canReview && status === "submitted" ? reviewSection(view, base, practice, form) : ""}`,
  });
}
