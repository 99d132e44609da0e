import { html, type SafeHtml } from "../../../platform/html";
import { jsonLdScript, openGraphTags } from "../../../platform/views/meta";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { LOCALE_CODES } from "../../../platform/i18n/locales";
import { regionsOf } from "../../../platform/countries";
import { postForm, textArea, type FormState } from "../../../platform/views/forms";
import { pageHeader } from "../../../platform/views/components";
import { renderPage } from "../../../platform/views/layout";
import { canEditOrganisation, canLeaveOrganisation, canManageMembers, canRequestToJoin, type OrganisationViewer } from "../permissions";
import type { MemberRow, Organisation } from "../queries";
import { CONTACT_FIELDS } from "../inputs";
import type { OrganisationContacts } from "../schema";
import { actorTypeText, countryText, fallbackNote, localizedText, paragraphs } from "./components";
import { contactPath } from "../../../platform/relay/kinds";
import { frameworkItemLabel } from "../../spaces/views/shared";
import type { TargetRef } from "../targets";
import { listUrl } from "./list-page";

/** Themes and targets, each a link to the directory filtered by it. */
function focusSection(view: ViewContext, data: OrganisationPageData): SafeHtml | string {
  const { t } = view;
  const themes = data.organisation.themes;
  const targets = data.targets ?? [];
  if (!themes.length && !targets.length) return "";
  return html`<section aria-labelledby="org-focus-heading"><h2 id="org-focus-heading">${t("org.page.focus")}</h2>
${themes.length ? html`<h3>${t("org.field.themes")}</h3><ul class="nav tags">${themes.map((theme) => html`<li><a href="${listUrl({ theme })}">${theme}</a></li>`)}</ul>` : ""}
${targets.length
  ? html`<h3>${t("org.field.targets")}</h3><ul>${targets.map(
      (target) => html`<li><a href="${listUrl({ item: target.id })}">${frameworkItemLabel(view, target)}</a></li>`,
    )}</ul>`
  : ""}
</section>`;
}

export type OrganisationPageData = {
  organisation: Organisation;
  viewer: OrganisationViewer;
  contacts: OrganisationContacts;
  hasHiddenContacts: boolean;
  members: MemberRow[];
  hasPendingRequest: boolean;
  joinForm: FormState;
  publicUrl: string;
  /** Sections other modules add (see page-sections.ts), already rendered. */
  sections?: SafeHtml[];
  /** Reference-framework targets the organisation works on. */
  targets?: TargetRef[];
};

/**
 * schema.org Organization metadata. It is the same for every viewer and so carries only public contacts,
 * whatever the person looking at the page may see.
 */
export function organisationJsonLd(organisation: Organisation, pageUrl: string, locale: string): Record<string, unknown> {
  const name = localize(organisation.name, locale).text;
  const otherNames = [...new Set(Object.values(organisation.name).filter((value): value is string => Boolean(value) && value !== name))];
  const description = localize(organisation.description, locale).text;
  const publicContact = (field: keyof OrganisationContacts) => {
    const entry = organisation.contacts[field];
    return entry?.visibility === "public" ? entry.value : undefined;
  };
  const address = publicContact("address");
  return {
    "@context": "https://schema.org",
    "@type": "Organization",
    "@id": pageUrl,
    name,
    ...(otherNames.length ? { alternateName: otherNames } : {}),
    ...(description ? { description } : {}),
    url: organisation.website ?? pageUrl,
    mainEntityOfPage: pageUrl,
    ...(organisation.country || address
      ? { address: { "@type": "PostalAddress", ...(organisation.country ? { addressCountry: organisation.country } : {}), ...(address ? { streetAddress: address } : {}) } }
      : {}),
    ...(publicContact("email") ? { email: publicContact("email") } : {}),
    ...(publicContact("phone") ? { telephone: publicContact("phone") } : {}),
  };
}

function contactValue(field: string, value: string): SafeHtml {
  if (field === "email") return html`<a href="mailto:${value}">${value}</a>`;
  if (field === "phone") return html`<a href="tel:${value.replace(/[^+0-9]/g, "")}">${value}</a>`;
  return html`${value}`;
}

function contactsSection(view: ViewContext, data: OrganisationPageData): SafeHtml {
  const { t } = view;
  const shown = CONTACT_FIELDS.filter((field) => data.contacts[field]);
  return html`<section aria-labelledby="org-contacts-heading"><h2 id="org-contacts-heading">${t("org.contacts.title")}</h2>
${shown.length
  ? html`<dl class="facts">${shown.map((field) => html`<dt>${t(`org.contacts.${field}`)}</dt><dd>${contactValue(field, data.contacts[field]?.value ?? "")}${
      data.viewer.role || data.viewer.user?.isPlatformAdmin ? html` <span class="tag">${t(`org.contacts.seen_by.${data.contacts[field]?.visibility ?? "public"}`)}</span>` : ""
    }</dd>`)}</dl>`
  : html`<p class="muted">${t("org.contacts.none")}</p>`}
${data.hasHiddenContacts
  ? html`<p class="muted">${data.viewer.user ? t("org.contacts.hidden_members") : html`<a href="/login?next=${encodeURIComponent(`/organisations/${data.organisation.slug}`)}">${t("org.contacts.hidden_login")}</a>`}</p>`
  : ""}
${data.viewer.role ? "" : html`<p><a class="button secondary" href="${contactPath("organisation", data.organisation.slug)}">${t("org.contacts.relay")}</a></p>
<p class="hint">${t("org.contacts.relay_hint")}</p>`}
</section>`;
}

function actionsSection(view: ViewContext, data: OrganisationPageData): SafeHtml {
  const { t } = view;
  const { viewer, organisation } = data;
  const base = `/organisations/${organisation.slug}`;
  const parts: SafeHtml[] = [];
  if (viewer.role) parts.push(html`<p>${t("org.page.your_role", { role: t(`org.role.${viewer.role}`) })}</p>`);
  if (canLeaveOrganisation(viewer)) {
    parts.push(postForm(view, `${base}/leave`, html`<button type="submit" class="secondary">${t("org.page.leave")}</button>`, { className: "inline-form" }));
  }
  if (canRequestToJoin(viewer)) {
    parts.push(
      data.hasPendingRequest
        ? html`<p class="notice">${t("org.join.pending")}</p>`
        : html`<h3 id="org-join">${t("org.join.title")}</h3>${postForm(
            view,
            `${base}/join-requests`,
            html`${textArea(view, data.joinForm, { name: "message", label: t("org.join.message"), hint: t("org.join.message_hint"), rows: 3 })}
            <button type="submit">${t("org.join.submit")}</button>`,
          )}`,
    );
  }
  return html`<section aria-labelledby="org-actions-heading"><h2 id="org-actions-heading">${t("org.page.participation")}</h2>${parts}</section>`;
}

/**
 * The page's head with its one next step: those who run the organisation edit it, a signed-in outsider asks to
 * join (the form with its message is further down), a visitor writes to it through the relay.
 */
function header(view: ViewContext, data: OrganisationPageData): SafeHtml {
  const { t } = view;
  const { viewer, organisation } = data;
  const base = `/organisations/${organisation.slug}`;
  const contact = { label: t("org.contacts.relay"), href: contactPath("organisation", organisation.slug) };
  const isJoinOpen = canRequestToJoin(viewer) && !data.hasPendingRequest;
  const next = [
    ...(canEditOrganisation(viewer) ? [{ label: t("org.edit.title"), href: `${base}/edit` }] : []),
    ...(canManageMembers(viewer) ? [{ label: t("org.members.manage"), href: `${base}/members` }] : []),
    ...(isJoinOpen ? [{ label: t("org.join.title"), href: "#org-join" }] : []),
    ...(viewer.role ? [] : [contact]),
    ...(viewer.user ? [] : [{ label: t("org.join.login"), href: `/login?next=${encodeURIComponent(base)}` }]),
  ];
  return pageHeader({
    kind: actorTypeText(view, organisation.actorType),
    title: localizedText(view, organisation.name),
    facts: [organisation.country ? countryText(view, organisation.country) : "", data.members.length ? t("org.page.members", { count: data.members.length }) : ""],
    primary: next[0],
    secondary: next.slice(1),
  });
}

function regionText(view: ViewContext, country: string): string {
  return regionsOf(country, view.locale)
    .reverse()
    .map((region) => region.name)
    .join(", ");
}

function otherLanguageNames(view: ViewContext, name: LocalizedText): SafeHtml[] {
  const shown = localize(name, view.locale);
  return LOCALE_CODES.filter((code) => code !== shown.locale && name[code] && name[code] !== shown.text).map((code) => html`<span lang="${code}">${name[code]}</span>`);
}

/** /organisations/:slug — the public page of an organisation (the seed's "page of each Aarhus centre/NGO"). */
export function organisationPage(view: ViewContext, data: OrganisationPageData): string {
  const { t } = view;
  const { organisation } = data;
  const name = localize(organisation.name, view.locale);
  const description = localize(organisation.description, view.locale);
  const pageUrl = `${data.publicUrl}/organisations/${organisation.slug}`;
  const alternates = otherLanguageNames(view, organisation.name);
  return renderPage(view, {
    title: name.text,
    head: html`${openGraphTags({ title: name.text, description: description.text, url: pageUrl, locale: view.locale, share: { kind: "organisation" } })}
${jsonLdScript(organisationJsonLd(organisation, pageUrl, view.locale))}`,
    breadcrumbs: [{ label: t("org.list.title"), href: "/organisations" }, { label: name }],
    body: html`${header(view, data)}
${alternates.length ? html`<p class="muted">${alternates.map((alternate, index) => html`${index ? " · " : ""}${alternate}`)}</p>` : ""}
<div class="two-col">
<div>
  <section aria-labelledby="org-about-heading"><h2 id="org-about-heading">${t("org.page.about")}</h2>
  ${description.text
    ? html`${description.isFallback ? html`<p>${fallbackNote(view, description.locale)}</p>` : ""}${paragraphs(description.text, description.locale)}`
    : html`<p class="muted">${t("org.page.no_description")}</p>`}
  </section>
  <section aria-labelledby="org-members-heading"><h2 id="org-members-heading">${t("org.page.members", { count: data.members.length })}</h2>
  ${data.members.length
    ? html`<ul>${data.members.map((member) => html`<li>${member.displayName}${member.role === "admin" ? html` <span class="muted">(${t("org.role.admin")})</span>` : ""}</li>`)}</ul>`
    : html`<p class="muted">${t("org.page.no_members")}</p>`}
  </section>
  ${focusSection(view, data)}
  ${data.sections}
</div>
<aside>
  <section aria-labelledby="org-facts-heading"><h2 id="org-facts-heading">${t("org.page.facts")}</h2>
  <dl class="facts">
    <dt>${t("org.field.actor_type")}</dt><dd>${actorTypeText(view, organisation.actorType)}</dd>
    ${organisation.country
      ? html`<dt>${t("org.field.country")}</dt><dd>${countryText(view, organisation.country)}</dd>
    ${regionText(view, organisation.country) ? html`<dt>${t("org.page.region")}</dt><dd>${regionText(view, organisation.country)}</dd>` : ""}`
      : ""}
    ${organisation.website && /^https?:\/\//i.test(organisation.website) ? html`<dt>${t("org.field.website")}</dt><dd><a href="${organisation.website}" rel="nofollow ugc noopener">${organisation.website}</a></dd>` : ""}
    <dt>${t("org.page.registered")}</dt><dd>${view.format.date(organisation.createdAt)}</dd>
  </dl>
  </section>
  ${contactsSection(view, data)}
  ${actionsSection(view, data)}
</aside>
</div>`,
  });
}
