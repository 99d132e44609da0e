import { html, type SafeHtml } from "../../../../platform/html";
import { jsonLdScript, openGraphTags } from "../../../../platform/views/meta";
import type { ViewContext } from "../../../../platform/http/context";
import { countryName, regionsOf } from "../../../../platform/countries";
import { localize, localizedString } from "../../../../platform/i18n/localized";
import { contactPath } from "../../../../platform/relay/kinds";
import { inItsLanguage, localizedLabel, localizedParagraphs } from "../../../../platform/views/localized";
import { pageHeader } from "../../../../platform/views/components";
import { renderPage } from "../../../../platform/views/layout";
import type { ExpertDetail } from "../queries";
import { itemLabelHtml, languagesText, tagLinks } from "./components";
import { expertsUrl } from "./list-page";

/** schema.org Person: what the profile says about the expert, nothing about how to reach them. */
function personJsonLd(expert: ExpertDetail, url: string, locale: string): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "Person",
    name: expert.displayName,
    url,
    description: localizedString(expert.bio, locale) || undefined,
    jobTitle: localizedString(expert.headline, locale) || undefined,
    knowsAbout: [...expert.tags, ...expert.items.map((item) => localizedString(item.label, locale))],
    knowsLanguage: expert.languages,
    ...(expert.country ? { homeLocation: { "@type": "Country", name: expert.country } } : {}),
    ...(expert.organisation ? { worksFor: { "@type": "Organization", name: localizedString(expert.organisation.name, locale) } } : {}),
  };
}

/** The profile's one next step: its owner edits it, anyone else writes to the expert through the relay. */
function header(view: ViewContext, expert: ExpertDetail, headline: ReturnType<typeof localize>): SafeHtml {
  const { t } = view;
  const isOwn = view.user?.id === expert.userId;
  return html`${pageHeader({
    kind: t("experts.page.kind"),
    title: expert.displayName,
    facts: [
      headline.text ? inItsLanguage(view, headline) : "",
      expert.country ? countryName(expert.country, view.locale) : "",
      expert.organisation ? html`<a href="/organisations/${expert.organisation.slug}">${localizedLabel(view, expert.organisation.name)}</a>` : "",
    ],
    // The relay form: no address of the expert is ever on this page.
    primary: isOwn ? { label: t("experts.page.edit_own"), href: "/experts/profile" } : { label: t("experts.page.contact"), href: contactPath("expert", expert.id) },
  })}
${isOwn ? "" : html`<p class="hint">${t("experts.page.contact_hint")}</p>`}`;
}

/** /experts/:id — one expert's public profile with a "Contact" button to the relay. */
export function expertPage(view: ViewContext, expert: ExpertDetail, publicUrl: string): string {
  const { t } = view;
  const headline = localize(expert.headline, view.locale);
  const url = `${publicUrl}/experts/${expert.id}`;
  const region = expert.country ? regionsOf(expert.country, view.locale).at(-1)?.name : undefined;
  return renderPage(view, {
    title: expert.displayName,
    head: html`${openGraphTags({ title: expert.displayName, description: headline.text || localize(expert.bio, view.locale).text, url, locale: view.locale, share: { kind: "expert" } })}
${jsonLdScript(personJsonLd(expert, url, view.locale))}`,
    breadcrumbs: [{ label: t("experts.list.title"), href: "/experts" }, { label: expert.displayName }],
    body: html`${header(view, expert, headline)}
${!expert.isListed ? html`<div class="notice" role="status"><p>${t("experts.page.paused_notice")}</p></div>` : ""}
<div class="two-col">
<div>
  <section aria-labelledby="expert-bio-heading"><h2 id="expert-bio-heading">${t("experts.page.about")}</h2>
  ${localizedParagraphs(view, expert.bio)}
  </section>
  <section aria-labelledby="expert-expertise-heading"><h2 id="expert-expertise-heading">${t("experts.page.expertise")}</h2>
  ${expert.items.length
    ? html`<ul>${expert.items.map((item) => html`<li><a href="${expertsUrl({ item: item.id })}">${itemLabelHtml(view, item)}</a></li>`)}</ul>`
    : html`<p class="muted">${t("experts.page.no_items")}</p>`}
  ${expert.tags.length ? html`<h3>${t("experts.field.tags")}</h3>${tagLinks(expert.tags, (tag) => expertsUrl({ tag }))}` : ""}
  </section>
</div>
<aside>
  <section aria-labelledby="expert-facts-heading"><h2 id="expert-facts-heading">${t("experts.page.facts")}</h2>
  <dl class="facts">
    ${expert.languages.length ? html`<dt>${t("experts.list.language")}</dt><dd>${languagesText(view, expert.languages)}</dd>` : ""}
    ${expert.country ? html`<dt>${t("experts.field.country")}</dt><dd><a href="${expertsUrl({ country: expert.country })}">${countryName(expert.country, view.locale)}</a></dd>` : ""}
    ${region ? html`<dt>${t("experts.list.region")}</dt><dd>${region}</dd>` : ""}
    ${expert.organisation ? html`<dt>${t("experts.field.organisation")}</dt><dd><a href="/organisations/${expert.organisation.slug}">${localizedLabel(view, expert.organisation.name)}</a></dd>` : ""}
    <dt>${t("experts.page.updated")}</dt><dd>${view.format.date(expert.updatedAt)}</dd>
  </dl>
  </section>
</aside>
</div>`,
  });
}
