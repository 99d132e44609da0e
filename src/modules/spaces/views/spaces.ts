import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import type { MessageValues } from "../../../platform/i18n/messages";
import { postForm } from "../../../platform/views/forms";
import { badge, pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { absoluteUrl, jsonLdScript, openGraphTags } from "../../../platform/views/meta";
import { localizedParagraphs, localizedText } from "../../../platform/views/localized";
import type { FrameworkRef, SpacePerson, SpaceSummary, ViewedSpace } from "../queries";
import { FEATURE_LINKS, type SpaceFeature } from "../inputs";
import { roleLabel, spaceCard, spaceNav } from "./shared";

/** /spaces: every space the viewer may see, archived ones apart. */
export function spacesListPage(view: ViewContext, spaces: SpaceSummary[], options: { canCreate: boolean }): string {
  const { t } = view;
  const active = spaces.filter((space) => !space.archivedAt);
  const archived = spaces.filter((space) => space.archivedAt);
  return renderPage(view, {
    title: t("space.list.title"),
    body: html`<h1>${t("space.list.title")}</h1>
<p class="lead">${t("space.list.lead")}</p>
${options.canCreate ? html`<p><a class="button" href="/admin/spaces/new">${t("space.create")}</a></p>` : ""}
${active.length ? html`<ul class="cards">${active.map((space) => spaceCard(view, space, 2))}</ul>` : html`<p class="muted">${t("home.no_spaces")}</p>`}
${archived.length
  ? html`<section aria-labelledby="archived-spaces"><h2 id="archived-spaces">${t("space.list.archived")}</h2>
  <ul class="cards">${archived.map((space) => spaceCard(view, space, 3))}</ul></section>`
  : ""}`,
  });
}

export type SpacePageData = {
  space: ViewedSpace;
  frameworks: FrameworkRef[];
  coordinators: SpacePerson[];
  facilitators: SpacePerson[];
  memberCount: number;
  /** Each enabled feature's wording values for the links to its pages. */
  featureWordings: Partial<Record<SpaceFeature, MessageValues>>;
  can: { join: boolean; leave: boolean; edit: boolean; manageRoles: boolean; importFramework: boolean; moderate: boolean };
};

function peopleList(people: SpacePerson[]) {
  return html`<ul>${people.map((person) => html`<li>${person.displayName}</li>`)}</ul>`;
}

/** Links to the pages of the space's enabled features that have them (e.g. the commitments list), in each feature's wording. */
function featureLinks(view: ViewContext, slug: string, enabled: string[], wordings: SpacePageData["featureWordings"]): SafeHtml {
  const links = [
    ...enabled
      .flatMap((feature) => (FEATURE_LINKS[feature as SpaceFeature] ?? []).map((link) => ({ ...link, values: wordings[feature as SpaceFeature] })))
      .filter((link) => !link.onlyInMode || link.values?.mode === link.onlyInMode),
    // Reports to the governing body draw on every feature, so every space has them (visitors see frozen versions only).
    { path: "reports", labelKey: "space.link.reports", values: undefined },
  ];
  if (!links.length) return html``;
  return html`<ul class="nav">${links.map((link) => html`<li><a href="/spaces/${slug}/${link.path}">${view.t(link.labelKey, link.values)}</a></li>`)}</ul>`;
}

/** A space's home page: what it is, its frameworks, who runs it, and what the viewer can do here. */
export function spacePage(view: ViewContext, data: SpacePageData): string {
  const { t } = view;
  const { space, can } = data;
  const title = localize(space.title, view.locale);
  const url = absoluteUrl(view, `/spaces/${space.slug}`);
  const description = localize(space.description, view.locale).text;
  return renderPage(view, {
    title: title.text,
    head: html`${openGraphTags({ title: title.text, description, url, locale: view.locale, share: { kind: "space" } })}
${jsonLdScript({ "@type": "WebPage", "@id": url, url, name: title.text, ...(description ? { description } : {}), inLanguage: title.locale })}`,
    breadcrumbs: [{ label: t("space.list.title"), href: "/spaces" }, { label: title }],
    body: html`${pageHeader({
      kind: t("space.nav.label"),
      title: localizedText(view, space.title),
      status: space.archivedAt ? badge(t("space.archived"), "warning") : undefined,
      facts: [t(`space.visibility.${space.visibility}`), t("space.member_count", { count: data.memberCount })],
      // The one next step: a visitor joins (or logs in to); a coordinator, already in, edits the space.
      actions: can.join ? postForm(view, `/spaces/${space.slug}/join`, html`<button type="submit">${t("space.join")}</button>`, { className: "inline-form" }) : "",
      primary: !can.join && !view.user && !space.archivedAt
        ? { label: t("space.login_to_join"), href: `/login?next=${encodeURIComponent(`/spaces/${space.slug}`)}` }
        : !can.join && can.edit ? { label: t("space.nav.settings"), href: `/spaces/${space.slug}/settings` } : undefined,
    })}
${spaceNav(view, space.slug, { canEdit: can.edit, canManageRoles: can.manageRoles, canImport: can.importFramework, canModerate: can.moderate }, `/spaces/${space.slug}`)}
<p>${space.enabledModules.filter((feature) => !FEATURE_LINKS[feature as SpaceFeature]).map((feature) => html`<span class="tag">${t(`space.feature.${feature}`)}</span> `)}</p>
${featureLinks(view, space.slug, space.enabledModules, data.featureWordings)}
${space.archivedAt ? html`<p class="notice">${t("space.archived_notice", { date: view.format.date(space.archivedAt) })}</p>` : ""}
<div class="two-col">
<div>
  ${localizedParagraphs(view, space.description)}
  <section aria-labelledby="space-frameworks">
    <h2 id="space-frameworks">${t("space.frameworks")}</h2>
    ${data.frameworks.length
      ? html`<ul>${data.frameworks.map((framework) => html`<li><a href="/frameworks/${framework.key}">${localizedText(view, framework.name)}</a></li>`)}</ul>`
      : html`<p class="muted">${t("space.no_frameworks")}</p>`}
  </section>
</div>
<aside aria-labelledby="space-people">
  <h2 id="space-people">${t("space.people")}</h2>
  <p>${t("space.member_count", { count: data.memberCount })}</p>
  ${data.coordinators.length ? html`<h3>${t("space.coordinators")}</h3>${peopleList(data.coordinators)}` : ""}
  ${data.facilitators.length ? html`<h3>${t("space.facilitators")}</h3>${peopleList(data.facilitators)}` : ""}
  <h3>${t("space.your_part")}</h3>
  ${space.viewerRoles.length
    ? html`<p>${t("space.your_roles")}</p><ul>${space.viewerRoles.map((grant) => html`<li>${roleLabel(view, grant)}</li>`)}</ul>`
    : view.user
      ? html`<p class="muted">${t("space.not_member")}</p>`
      : ""}
  ${can.leave ? postForm(view, `/spaces/${space.slug}/leave`, html`<button type="submit" class="secondary">${t("space.leave")}</button>`) : ""}
</aside>
</div>`,
  });
}
