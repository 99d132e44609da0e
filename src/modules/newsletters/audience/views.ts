import { html, type HtmlValue } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { LOCALES } from "../../../platform/i18n/locales";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { listCountries } from "../../../platform/countries";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import { checkboxField, errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { scrollableTable } from "../../../platform/views/table";
import { ACTOR_TYPES, actorTypeLabel } from "../../organisations/actor-types";
import { DIGEST_FREQUENCIES } from "../schema";
import type { Follow } from "./commands";
import type { SuppressionRow } from "./suppression";

type SpaceRef = { slug: string; title: LocalizedText };

const spaceCrumbs = (view: ViewContext, space: SpaceRef, label: string) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label },
];

function languageChoices() {
  return LOCALES.map((locale) => ({ value: locale.code, label: locale.name }));
}

function digestChoices(view: ViewContext) {
  return DIGEST_FREQUENCIES.map((frequency) => ({ value: frequency, label: view.t(`newsletters.audience.digest.${frequency}`) }));
}

/** The three choices every recipient has: newsletters yes/no, digest frequency, language. */
function preferenceFields(view: ViewContext, form: FormState): HtmlValue {
  return html`<fieldset><legend>${view.t("newsletters.audience.receive")}</legend>
${checkboxField(view, form, { name: "newsletters", label: view.t("newsletters.audience.field.newsletters") })}
${selectField(view, form, { name: "digest", label: view.t("newsletters.audience.field.digest"), choices: digestChoices(view) })}
${selectField(view, form, { name: "locale", label: view.t("newsletters.audience.field.locale"), choices: languageChoices() })}
</fieldset>`;
}

export type SpaceNewsletterState = { kind: "anonymous"; form: FormState } | { kind: "account"; isFollowing: boolean; form: FormState };

/** A space's newsletter page: follow it (account holders) or subscribe with an address (everyone else). */
export function spaceNewsletterPage(view: ViewContext, space: SpaceRef, state: SpaceNewsletterState): string {
  const { t } = view;
  const action = `/spaces/${space.slug}/newsletter`;
  const body =
    state.kind === "account"
      ? html`<p>${t(state.isFollowing ? "newsletters.audience.following" : "newsletters.audience.follow_lead")}</p>
${errorSummary(view, state.form)}
${postForm(view, action, html`${preferenceFields(view, state.form)}<button type="submit">${t(state.isFollowing ? "newsletters.audience.save" : "newsletters.audience.follow")}</button>`)}
${state.isFollowing ? postForm(view, `${action}/unfollow`, html`<button type="submit" class="secondary">${t("newsletters.audience.unfollow")}</button>`) : ""}
<p><a href="/account/newsletters">${t("newsletters.audience.account.title")}</a></p>`
      : html`<p>${t("newsletters.audience.subscribe_lead")}</p>
${errorSummary(view, state.form)}
${postForm(
  view,
  action,
  html`${textField(view, state.form, { name: "email", label: t("newsletters.audience.field.email"), type: "email", isRequired: true, autocomplete: "email", maxLength: 254 })}
${selectField(view, state.form, { name: "locale", label: t("newsletters.audience.field.locale"), choices: languageChoices() })}
${selectField(view, state.form, { name: "country", label: t("newsletters.audience.field.country"), placeholder: t("newsletters.audience.optional"), choices: listCountries(view.locale).map((country) => ({ value: country.code, label: country.name })) })}
${selectField(view, state.form, { name: "actor_type", label: t("newsletters.audience.field.actor_type"), placeholder: t("newsletters.audience.optional"), choices: ACTOR_TYPES.map((type) => ({ value: type.key, label: actorTypeLabel(type.key, view.locale) })) })}
<p class="hint">${t("newsletters.audience.subscribe_privacy")}</p>
<button type="submit">${t("newsletters.audience.subscribe")}</button>`,
)}
<p><a href="/login?next=${encodeURIComponent(action)}">${t("newsletters.audience.have_account")}</a></p>`;
  return renderPage(view, {
    title: `${t("newsletters.audience.title")} · ${localizedString(space.title, view.locale)}`,
    breadcrumbs: spaceCrumbs(view, space, t("newsletters.audience.title")),
    body: html`<h1>${t("newsletters.audience.title")}</h1>${body}`,
  });
}

/** The same page whether or not the address was already subscribed (the form must not reveal who is). */
export function checkEmailPage(view: ViewContext, space: SpaceRef): string {
  return renderPage(view, {
    title: view.t("newsletters.audience.check_email.title"),
    breadcrumbs: spaceCrumbs(view, space, view.t("newsletters.audience.title")),
    body: html`<h1>${view.t("newsletters.audience.check_email.title")}</h1><p>${view.t("newsletters.audience.check_email.body")}</p>`,
  });
}

/** A message page with a heading, a paragraph and an optional link (confirmed, unsubscribed, dead link). */
export function messagePage(view: ViewContext, titleKey: string, bodyKey: string, link?: { href: string; label: string }): string {
  return renderPage(view, {
    title: view.t(titleKey),
    body: html`<h1>${view.t(titleKey)}</h1><p>${view.t(bodyKey)}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ""}`,
  });
}

/** The confirmation link's page: one button (the link itself changes nothing, scanners open links). */
export function confirmPage(view: ViewContext, space: SpaceRef, action: string): string {
  return renderPage(view, {
    title: view.t("newsletters.audience.confirm.title"),
    body: html`<h1>${view.t("newsletters.audience.confirm.title")}</h1>
<p>${view.t("newsletters.audience.confirm.body")} ${localizedText(view, space.title)}</p>
${postForm(view, action, html`<button type="submit">${view.t("newsletters.audience.confirm.button")}</button>`)}`,
  });
}

/** The preferences page of one recipient (reached from a mail, without login). */
export function preferencesPage(view: ViewContext, space: SpaceRef, email: string, action: string, unsubscribeAction: string, form: FormState, isUnsubscribed: boolean): string {
  const { t } = view;
  return renderPage(view, {
    title: t("newsletters.audience.preferences.title"),
    body: html`<h1>${t("newsletters.audience.preferences.title")}</h1>
<p>${t("newsletters.audience.preferences.lead", { email })} ${localizedText(view, space.title)}</p>
${isUnsubscribed ? html`<p class="notice">${t("newsletters.audience.preferences.unsubscribed")}</p>` : ""}
${errorSummary(view, form)}
${postForm(view, action, html`${preferenceFields(view, form)}<button type="submit">${t("newsletters.audience.save")}</button>`)}
${isUnsubscribed ? "" : postForm(view, unsubscribeAction, html`<button type="submit" class="secondary">${t("newsletters.audience.unsubscribe.button")}</button>`)}`,
  });
}

/** GET on the unsubscribe link: one button; nothing changes until it is pressed (RFC 8058: POST only). */
export function unsubscribePage(view: ViewContext, space: SpaceRef, email: string, action: string, preferencesHref: string): string {
  const { t } = view;
  return renderPage(view, {
    title: t("newsletters.audience.unsubscribe.title"),
    body: html`<h1>${t("newsletters.audience.unsubscribe.title")}</h1>
<p>${t("newsletters.audience.unsubscribe.lead", { email })} ${localizedText(view, space.title)}</p>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t("newsletters.audience.unsubscribe.button")}</button></form>
<p><a href="${preferencesHref}">${t("newsletters.audience.unsubscribe.instead")}</a></p>`,
  });
}

/** The account's newsletters page: every space followed (or left), each with its own form. */
export function accountNewslettersPage(view: ViewContext, follows: Follow[]): string {
  const { t } = view;
  const rows = follows.map((follow) => {
    const form: FormState = { values: { newsletters: follow.status === "active" && follow.newsletters, digest: follow.status === "active" ? follow.digest : "none", locale: follow.locale }, errors: {} };
    return html`<section class="card"><h2><a href="/spaces/${follow.slug}">${localizedText(view, follow.title)}</a></h2>
<p>${t(follow.status === "active" ? "newsletters.audience.status.active" : "newsletters.audience.status.unsubscribed")}</p>
${postForm(view, `/spaces/${follow.slug}/newsletter?next=/account/newsletters`, html`${preferenceFields(view, form)}<button type="submit">${t("newsletters.audience.save")}</button>`)}
${follow.status === "active" ? postForm(view, `/spaces/${follow.slug}/newsletter/unfollow?next=/account/newsletters`, html`<button type="submit" class="secondary">${t("newsletters.audience.unfollow")}</button>`) : ""}
</section>`;
  });
  return renderPage(view, {
    title: t("newsletters.audience.account.title"),
    breadcrumbs: [{ label: t("account.title"), href: "/account" }, { label: t("newsletters.audience.account.title") }],
    body: html`<h1>${t("newsletters.audience.account.title")}</h1>${rows.length ? rows : html`<p>${t("newsletters.audience.account.none")}</p>`}`,
  });
}

/** Admin: suppressed addresses, a search, a manual add and a remove per row. */
export function suppressionsPage(view: ViewContext, rows: SuppressionRow[], search: string, form: FormState): string {
  const { t, format } = view;
  const table = html`<table><caption>${t("newsletters.audience.suppressions.caption")}</caption>
<thead><tr><th scope="col">${t("newsletters.audience.field.email")}</th><th scope="col">${t("newsletters.audience.suppressions.reason")}</th><th scope="col">${t("newsletters.audience.suppressions.detail")}</th><th scope="col">${t("newsletters.audience.suppressions.since")}</th><th scope="col"><span class="sr-only">${t("newsletters.audience.suppressions.actions")}</span></th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr><th scope="row">${row.email}</th><td>${t(`newsletters.audience.reason.${row.reason}`)}</td><td>${row.detail}</td><td>${format.date(row.createdAt)}</td>
<td>${postForm(view, "/admin/mail/suppressions/remove", html`<input type="hidden" name="email" value="${row.email}"><button type="submit" class="secondary">${t("newsletters.audience.suppressions.remove")}<span class="sr-only"> ${row.email}</span></button>`)}</td></tr>`,
  )}</tbody></table>`;
  return renderPage(view, {
    title: t("newsletters.audience.suppressions.title"),
    breadcrumbs: [{ label: t("nav.admin"), href: "/admin" }, { label: t("newsletters.audience.suppressions.title") }],
    body: html`<h1>${t("newsletters.audience.suppressions.title")}</h1>
<p>${t("newsletters.audience.suppressions.lead")}</p>
<form method="get" action="/admin/mail/suppressions" role="search"><label for="suppression-search">${t("newsletters.audience.suppressions.search")}</label> <input type="search" id="suppression-search" name="q" value="${search}"> <button type="submit">${t("newsletters.audience.suppressions.search_button")}</button></form>
${rows.length ? scrollableTable(t("newsletters.audience.suppressions.caption"), table) : html`<p>${t("newsletters.audience.suppressions.none")}</p>`}
<h2>${t("newsletters.audience.suppressions.add_title")}</h2>
${errorSummary(view, form)}
${postForm(view, "/admin/mail/suppressions", html`${textField(view, form, { name: "email", label: t("newsletters.audience.field.email"), type: "email", isRequired: true, maxLength: 254 })}
${textField(view, form, { name: "detail", label: t("newsletters.audience.suppressions.detail"), maxLength: 500 })}
<button type="submit">${t("newsletters.audience.suppressions.add")}</button>`)}`,
  });
}
