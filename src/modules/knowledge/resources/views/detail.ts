import { html, type SafeHtml } from "../../../../platform/html";
import { jsonLdScript, openGraphTags } from "../../../../platform/views/meta";
import type { ViewContext } from "../../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../../platform/i18n/localized";
import { badge, pageHeader } from "../../../../platform/views/components";
import { postForm } from "../../../../platform/views/forms";
import { renderPage } from "../../../../platform/views/layout";
import { localizedLabel, localizedParagraphs, localizedText } from "../../../../platform/views/localized";
import type { ResourceItem } from "../queries";
import { actorList, amountText, countryList, deadlineText, languageList, resourceCrumbs, resourcePath, resourcesPath } from "./shared";

export type ResourceTarget = { key: string; label: LocalizedText; code: string; frameworkKey: string };

/**
 * schema.org metadata of a resource: a MonetaryGrant (funder, amount range) for funding, a CreativeWork otherwise.
 * Built as data and serialised by jsonLdScript (jsonForScript), which escapes `<` so text cannot close the script element.
 */
export function resourceJsonLd(item: ResourceItem, options: { publicUrl: string; locale: string; targets: ResourceTarget[] }): Record<string, unknown> {
  const locale = options.locale as "en";
  const pageUrl = `${options.publicUrl}${resourcePath(item)}`;
  const common = {
    "@context": "https://schema.org",
    "@id": pageUrl,
    name: localizedString(item.title, locale),
    description: localizedString(item.description, locale) || undefined,
    url: item.url,
    mainEntityOfPage: pageUrl,
    keywords: item.tags.length ? item.tags.join(", ") : undefined,
    inLanguage: item.languages.length ? item.languages : undefined,
    spatialCoverage: item.countries.length ? item.countries.map((code) => ({ "@type": "Country", identifier: code })) : undefined,
    about: options.targets.length ? options.targets.map((target) => ({ "@type": "DefinedTerm", termCode: target.key, name: localizedString(target.label, locale), inDefinedTermSet: target.frameworkKey })) : undefined,
    datePublished: item.publishedAt?.toISOString(),
    dateModified: item.updatedAt.toISOString(),
  };
  if (item.kind !== "funding") return { ...common, "@type": "CreativeWork", genre: item.kind };
  return {
    ...common,
    "@type": "MonetaryGrant",
    funder: item.funder ? { "@type": "Organization", name: item.funder } : undefined,
    alternateName: item.programme || undefined,
    amount:
      item.currency && (item.amountMin !== null || item.amountMax !== null)
        ? { "@type": "MonetaryAmount", currency: item.currency, minValue: item.amountMin ?? undefined, maxValue: item.amountMax ?? undefined }
        : undefined,
    // Grant has no deadline property; `expires` (from CreativeWork) is what harvesters read most often.
    expires: item.deadlineKind === "date" ? item.deadline : undefined,
    potentialAction: item.applyUrl ? { "@type": "ApplyAction", target: item.applyUrl } : undefined,
  };
}

/** One resource: what it is, for whom, how much and until when, the link out, and its managers' actions. */
export function resourceDetailPage(
  view: ViewContext,
  data: {
    item: ResourceItem;
    space: { slug: string; title: LocalizedText } | null;
    targets: ResourceTarget[];
    canManage: boolean;
    publicUrl: string;
    /** The organisation that suggested it (organisations' names are public, like their directory). */
    suggestedBy?: { slug: string; name: LocalizedText } | null;
  },
): string {
  const { t } = view;
  const { item } = data;
  const base = resourcesPath(data.space?.slug ?? null);
  const row = (label: string, value: SafeHtml | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  const amount = amountText(view, item);
  const title = localize(item.title, view.locale);
  const external = (href: string, label: string, isPrimary: boolean) => html`<a class="${isPrimary ? "button" : "button secondary"}" href="${href}" rel="noopener nofollow external">${label}</a> `;
  const isOpenForApplications = Boolean(item.applyUrl) && !item.isClosed;
  // One next step per viewer: a manager publishes (or, once published, edits) it; a reader applies while it is open, else opens it.
  const actions = data.canManage
    ? html`${item.status !== "published" ? postForm(view, `${base}/${item.id}/publish`, html`<button type="submit">${t("resource.publish")}</button>`, { className: "inline-form" }) : ""}
<a class="${item.status !== "published" ? "button secondary" : "button"}" href="${base}/${item.id}/edit">${t("resource.edit")}</a>
${external(item.url, t("resource.open_link"), false)}${item.applyUrl ? external(item.applyUrl, t("resource.apply_link"), false) : ""}`
    : html`${isOpenForApplications && item.applyUrl ? external(item.applyUrl, t("resource.apply_link"), true) : ""}${external(item.url, t("resource.open_link"), !isOpenForApplications)}${
        item.applyUrl && !isOpenForApplications ? external(item.applyUrl, t("resource.apply_link"), false) : ""
      }`;
  const body = html`
${pageHeader({
  kind: t(`resource.kind.${item.kind}`),
  title: localizedText(view, item.title),
  status: item.isClosed || item.status !== "published"
    ? html`${item.isClosed ? badge(t("resource.state.closed"), "neutral") : ""}${item.isClosed && item.status !== "published" ? " " : ""}${item.status !== "published" ? badge(t(`resource.status.${item.status}`), "warning") : ""}`
    : undefined,
  facts: [
    item.kind === "funding" ? html`<strong>${deadlineText(view, item)}</strong>` : "",
    item.kind === "funding" ? item.funder : "",
    item.kind === "funding" ? amount : "",
  ],
  actions,
})}
${item.status === "submitted" ? html`<p class="notice">${t("resource.submitted_notice")}</p>` : ""}
${item.status === "draft" ? html`<p class="notice">${t("resource.draft_notice")}</p>` : ""}
<div class="stack">${localizedParagraphs(view, item.description)}</div>
<h2>${t("resource.details")}</h2>
<dl>
  ${item.kind === "funding" ? row(t("resource.field.funder"), item.funder) : ""}
  ${item.kind === "funding" && item.programme ? row(t("resource.field.programme"), item.programme) : ""}
  ${item.kind === "funding" ? row(t("resource.field.eligible_actor_types"), actorList(view, item.eligibleActorTypes)) : ""}
  ${item.kind === "funding" && amount ? row(t("resource.field.amount"), amount) : ""}
  ${row(item.kind === "funding" ? t("resource.field.eligible_countries") : t("resource.field.countries"), countryList(view, item.countries))}
  ${item.languages.length ? row(t("resource.field.languages"), languageList(view, item.languages)) : ""}
  ${data.targets.length ? row(t("resource.field.targets"), html`<ul>${data.targets.map((target) => html`<li>${localize(target.label, view.locale).text}${target.code ? ` (${target.code})` : ""}</li>`)}</ul>`) : ""}
  ${item.tags.length ? row(t("resource.field.tags"), html`${item.tags.map((tag) => html`<span class="tag">${tag}</span> `)}`) : ""}
  ${data.suggestedBy ? row(t("resource.suggested_by"), html`<a href="/organisations/${data.suggestedBy.slug}">${localizedLabel(view, data.suggestedBy.name)}</a>`) : ""}
  ${item.publishedAt ? row(t("resource.published_on"), view.format.date(item.publishedAt)) : ""}
</dl>
`;
  return renderPage(view, {
    title: title.text,
    body,
    breadcrumbs: [...resourceCrumbs(view, data.space), { label: title }],
    head: html`${openGraphTags({ title: title.text, description: localize(item.description, view.locale).text, url: `${data.publicUrl}${resourcePath(item)}`, locale: view.locale, share: { kind: "resource", context: data.space ? localize(data.space.title, view.locale).text : "" } })}
${jsonLdScript(resourceJsonLd(item, { publicUrl: data.publicUrl, locale: view.locale, targets: data.targets }))}`,
  });
}
