import { countryName } from "../../../platform/countries";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { inItsLanguage, localizedText } from "../../../platform/views/localized";
import type { SpaceRoleGrant } from "../permissions";
import type { FrameworkRef, SpaceSummary } from "../queries";

/** The first sentences of a text, cut at a word boundary. */
export function excerpt(text: string, maxLength = 220): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), maxLength * 0.6)).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** A short multilingual text cut to an excerpt, with the fallback marker when shown in another language. */
export function localizedExcerpt(view: ViewContext, value: LocalizedText, maxLength = 220): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.text) return html``;
  return localizedText(view, { [shown.locale]: excerpt(shown.text, maxLength) });
}

export function roleLabel(view: ViewContext, grant: SpaceRoleGrant): string {
  const name = view.t(`space.role.${grant.role}`);
  return grant.country ? view.t("space.role_with_country", { role: name, country: countryName(grant.country, view.locale) }) : name;
}

export function frameworkTags(view: ViewContext, frameworks: FrameworkRef[]): SafeHtml {
  if (!frameworks.length) return html``;
  return html`<ul class="nav tags" aria-label="${view.t("space.frameworks")}">${frameworks.map(
    (framework) => html`<li class="tag"><a href="/frameworks/${framework.key}">${localizedText(view, framework.name)}</a></li>`,
  )}</ul>`;
}

/** A space as a card in a list: title, excerpt of the description, frameworks, private/archived marks. */
export function spaceCard(view: ViewContext, space: SpaceSummary, headingLevel: 2 | 3 = 3): SafeHtml {
  const title = html`<a href="/spaces/${space.slug}">${localizedText(view, space.title)}</a>`;
  return html`<li class="card">
  ${headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
  ${space.visibility === "private" ? html`<p><span class="tag">${view.t("space.visibility.private")}</span></p>` : ""}
  ${space.archivedAt ? html`<p><span class="tag">${view.t("space.archived")}</span></p>` : ""}
  <p>${localizedExcerpt(view, space.description)}</p>
  ${frameworkTags(view, space.frameworks)}
</li>`;
}

/** The local navigation of a space, showing only the pages the viewer may open. */
export function spaceNav(view: ViewContext, slug: string, links: { canEdit: boolean; canManageRoles: boolean; canImport: boolean; canModerate?: boolean }, current: string): SafeHtml {
  const items = [
    { href: `/spaces/${slug}`, label: view.t("space.nav.home"), isShown: true },
    { href: `/spaces/${slug}/members`, label: view.t("space.nav.members"), isShown: links.canManageRoles },
    { href: `/spaces/${slug}/settings`, label: view.t("space.nav.settings"), isShown: links.canEdit },
    { href: `/spaces/${slug}/frameworks/import`, label: view.t("space.nav.import"), isShown: links.canImport },
    { href: `/spaces/${slug}/moderation`, label: view.t("space.nav.moderation"), isShown: Boolean(links.canModerate) },
  ].filter((item) => item.isShown);
  if (items.length < 2) return html``;
  return html`<nav aria-label="${view.t("space.nav.label")}"><ul class="nav">${items.map((item) =>
    item.href === current ? html`<li><a href="${item.href}" aria-current="page">${item.label}</a></li>` : html`<li><a href="${item.href}">${item.label}</a></li>`,
  )}</ul></nav>`;
}

/** A framework's short tag: its key when short ("GBF"), else an acronym ("SUSTAINABLE-DEVELOPMENT-GOALS" → "SDG", "CBD-ACTION-AREAS" → "CBD"). */
export function frameworkTag(key: string): string {
  if (key.length <= 8) return key;
  const parts = key.split("-").filter(Boolean);
  return parts[0].length <= 4 ? parts[0] : parts.map((part) => part[0]).join("");
}

/** A framework item named for lists and filters: "GBF 22. Ensure participation…", the label in the page's language where it has one. */
export function frameworkItemLabel(view: ViewContext, item: { frameworkKey: string; number: string | null; label: LocalizedText }): SafeHtml {
  return html`${frameworkTag(item.frameworkKey)}${item.number ? ` ${item.number}` : ""}. ${inItsLanguage(view, localize(item.label, view.locale))}`;
}
