import { html } from "../../../platform/html";
import { translateMarked } from "../../../platform/views/localized";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { scopeCheckboxes, scopeCodes } from "../../../platform/auth/views";
import { errorSummary, postForm, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { Organisation } from "../queries";
import { scrollableTable } from "../../../platform/views/table";

export type OrganisationTokenRow = { id: string; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdBy: string };

/** Organisation API tokens: for an organisation's own systems (its website, its CRM) to use the API on its behalf. */
export function organisationTokensPage(
  view: ViewContext,
  data: { organisation: Organisation; tokens: OrganisationTokenRow[]; scopes: readonly string[]; form: FormState; newToken: string | null },
): string {
  const { t, format } = view;
  const name = localize(data.organisation.name, view.locale);
  const base = `/organisations/${data.organisation.slug}`;
  return renderPage(view, {
    title: t("org.tokens.title", { name: name.text }),
    breadcrumbs: [{ label: t("org.list.title"), href: "/organisations" }, { label: name, href: base }, { label: t("org.tokens.crumb") }],
    body: html`<h1>${translateMarked(view, "org.tokens.title", { name })}</h1>
<p class="lead">${t("org.tokens.lead")}</p>
${data.newToken ? html`<div class="notice" role="status"><p>${t("account.token_created")}</p><pre><code>${data.newToken}</code></pre></div>` : ""}
${data.tokens.length
  ? html`${scrollableTable(t("org.tokens.table"), html`<table><caption>${t("org.tokens.table")}</caption>
<thead><tr><th scope="col">${t("account.token_name")}</th><th scope="col">${t("account.token_scopes")}</th><th scope="col">${t("org.tokens.created_by")}</th><th scope="col">${t("account.token_last_used")}</th><th scope="col"><span class="sr-only">${t("account.token_actions")}</span></th></tr></thead>
<tbody>${data.tokens.map((token) => html`<tr><th scope="row">${token.name} <code>${token.prefix}…</code></th><td>${scopeCodes(token.scopes)}</td><td>${token.createdBy} · ${format.date(token.createdAt)}</td><td>${token.lastUsedAt ? format.date(token.lastUsedAt) : "—"}</td>
<td>${token.revokedAt ? t("account.token_revoked") : postForm(view, `${base}/tokens/${token.id}/revoke`, html`<button type="submit" class="secondary">${t("account.token_revoke")}<span class="sr-only"> ${token.name}</span></button>`, { className: "inline-form" })}</td></tr>`)}</tbody></table>`)}`
  : html`<p class="muted">${t("org.tokens.none")}</p>`}
<h2>${t("org.tokens.new")}</h2>
${errorSummary(view, data.form)}
${postForm(view, `${base}/tokens`, html`
  ${textField(view, data.form, { name: "name", label: t("account.token_name"), isRequired: true, hint: t("org.tokens.name_hint") })}
  <fieldset><legend>${t("account.token_scopes")}</legend>
  ${scopeCheckboxes(view, data.form, data.scopes)}
  </fieldset>
  <button type="submit">${t("account.token_create")}</button>`)}`,
  });
}
