import { html, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { LOCALES } from "../i18n/locales";
import { API_SCOPES } from "../api/tokens";
import { renderPage } from "../views/layout";
import { checkboxField, errorSummary, postForm, selectField, textField, type FormState } from "../views/forms";
import { scrollableTable } from "../views/table";

/** A token's scopes: identifiers the API uses, the same in every language, shown as code. */
export const scopeCodes = (scopes: readonly string[]): SafeHtml =>
  scopes.length ? html`${scopes.map((scope, at) => html`${at ? ", " : ""}<code>${scope}</code>`)}` : html`—`;

/** One checkbox per scope a new token may carry: the scope's identifier, then what it allows. */
export const scopeCheckboxes = (view: ViewContext, form: FormState, scopes: readonly string[]): SafeHtml =>
  html`${scopes.map((scope) => checkboxField(view, form, { name: `scope.${scope}`, label: html`<code>${scope}</code> — ${view.t(`scope.${scope}`)}` }))}`;

function formError(view: ViewContext, form: FormState) {
  const general = form.errors._;
  return general ? html`<div class="error-summary" role="alert"><p>${view.t(general.key, general.values)}</p></div>` : "";
}

export function registerPage(view: ViewContext, form: FormState): string {
  const { t } = view;
  return renderPage(view, {
    title: t("auth.register.title"),
    body: html`<h1>${t("auth.register.title")}</h1>
<p class="lead">${t("auth.register.lead")}</p>
${errorSummary(view, { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) })}${formError(view, form)}
${postForm(view, "/register", html`
  ${textField(view, form, { name: "displayName", label: t("auth.field.display_name"), isRequired: true, autocomplete: "name", maxLength: 120 })}
  ${textField(view, form, { name: "email", label: t("auth.field.email"), type: "email", isRequired: true, autocomplete: "email" })}
  ${textField(view, form, { name: "password", label: t("auth.field.password"), type: "password", isRequired: true, autocomplete: "new-password", hint: t("auth.field.password_hint") })}
  ${selectField(view, form, { name: "locale", label: t("auth.field.locale"), choices: LOCALES.map((locale) => ({ value: locale.code, label: locale.name })) })}
  <button type="submit">${t("auth.register.submit")}</button>`)}
<p>${t("auth.register.have_account")} <a href="/login">${t("nav.login")}</a></p>`,
  });
}

export function checkEmailPage(view: ViewContext, email: string): string {
  const { t } = view;
  return renderPage(view, {
    title: t("auth.check_email.title"),
    body: html`<h1>${t("auth.check_email.title")}</h1><p class="lead">${t("auth.check_email.body", { email })}</p>`,
  });
}

export function verifyEmailPage(view: ViewContext, token: string): string {
  const { t } = view;
  return renderPage(view, {
    title: t("auth.verify.title"),
    body: html`<h1>${t("auth.verify.title")}</h1><p>${t("auth.verify.body")}</p>
${postForm(view, "/verify-email", html`<input type="hidden" name="token" value="${token}"><button type="submit">${t("auth.verify.submit")}</button>`)}`,
  });
}

export function loginPage(view: ViewContext, form: FormState): string {
  const { t } = view;
  const isUnverified = form.errors._?.key === "error.email_not_verified";
  return renderPage(view, {
    title: t("auth.login.title"),
    body: html`<h1>${t("auth.login.title")}</h1>
${formError(view, form)}
${postForm(view, "/login", html`
  <input type="hidden" name="next" value="${String(form.values.next ?? "")}">
  ${textField(view, form, { name: "email", label: t("auth.field.email"), type: "email", isRequired: true, autocomplete: "email" })}
  ${textField(view, form, { name: "password", label: t("auth.field.password"), type: "password", isRequired: true, autocomplete: "current-password" })}
  <button type="submit">${t("auth.login.submit")}</button>`)}
${isUnverified
  ? postForm(view, "/resend-verification", html`<input type="hidden" name="email" value="${String(form.values.email ?? "")}"><button type="submit" class="secondary">${t("auth.resend_verification")}</button>`)
  : ""}
<p><a href="/forgot-password">${t("auth.login.forgot")}</a> · <a href="/register">${t("nav.register")}</a></p>`,
  });
}

export function forgotPasswordPage(view: ViewContext, form: FormState, isSent: boolean): string {
  const { t } = view;
  return renderPage(view, {
    title: t("auth.forgot.title"),
    body: html`<h1>${t("auth.forgot.title")}</h1>
${isSent
  ? html`<p class="flash" role="status">${t("auth.forgot.sent")}</p>`
  : html`<p>${t("auth.forgot.lead")}</p>${postForm(view, "/forgot-password", html`
    ${textField(view, form, { name: "email", label: t("auth.field.email"), type: "email", isRequired: true, autocomplete: "email" })}
    <button type="submit">${t("auth.forgot.submit")}</button>`)}`}`,
  });
}

export function resetPasswordPage(view: ViewContext, form: FormState): string {
  const { t } = view;
  return renderPage(view, {
    title: t("auth.reset.title"),
    body: html`<h1>${t("auth.reset.title")}</h1>${formError(view, form)}
${postForm(view, "/reset-password", html`
  <input type="hidden" name="token" value="${String(form.values.token ?? "")}">
  ${textField(view, form, { name: "password", label: t("auth.field.new_password"), type: "password", isRequired: true, autocomplete: "new-password", hint: t("auth.field.password_hint") })}
  <button type="submit">${t("auth.reset.submit")}</button>`)}`,
  });
}

export type TokenRow = { id: string; name: string; prefix: string; scopes: string[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export function accountPage(view: ViewContext, form: FormState, passwordForm: FormState, emailForm: FormState, tokenForm: FormState, tokens: TokenRow[], newToken: string | null): string {
  const { t, format } = view;
  return renderPage(view, {
    title: t("account.title"),
    body: html`<h1>${t("account.title")}</h1>
<p class="muted">${view.user?.email}</p>
<section aria-labelledby="profile-heading"><h2 id="profile-heading">${t("account.profile")}</h2>
${errorSummary(view, form)}
${postForm(view, "/account", html`
  ${textField(view, form, { name: "displayName", label: t("auth.field.display_name"), isRequired: true, autocomplete: "name" })}
  ${selectField(view, form, { name: "locale", label: t("auth.field.locale"), choices: LOCALES.map((locale) => ({ value: locale.code, label: locale.name })) })}
  ${selectField(view, form, { name: "notificationEmail", label: t("account.notifications"), hint: t("account.notifications_hint"), choices: ["immediately", "daily", "weekly", "off"].map((value) => ({ value, label: t(`account.frequency.${value}`) })) })}
  ${checkboxField(view, form, { name: "notificationNews", label: t("account.news") })}
  <button type="submit">${t("form.save")}</button>`)}
</section>
<section aria-labelledby="password-heading"><h2 id="password-heading">${t("account.password")}</h2>
${postForm(view, "/account/password", html`
  ${textField(view, passwordForm, { name: "currentPassword", label: t("auth.field.current_password"), type: "password", isRequired: true, autocomplete: "current-password" })}
  ${textField(view, passwordForm, { name: "newPassword", label: t("auth.field.new_password"), type: "password", isRequired: true, autocomplete: "new-password", hint: t("auth.field.password_hint") })}
  <button type="submit">${t("account.change_password")}</button>`)}
</section>
<section aria-labelledby="email-heading"><h2 id="email-heading">${t("account.email")}</h2>
<p>${t("account.email_lead")}</p>
${postForm(view, "/account/email", html`
  ${textField(view, emailForm, { name: "newEmail", label: t("auth.field.new_email"), type: "email", isRequired: true, autocomplete: "email" })}
  ${textField(view, emailForm, { name: "password", label: t("auth.field.current_password"), type: "password", isRequired: true, autocomplete: "current-password" })}
  <button type="submit">${t("account.change_email")}</button>`)}
</section>
<section aria-labelledby="tokens-heading"><h2 id="tokens-heading">${t("account.tokens")}</h2>
<p>${t("account.tokens_lead")}</p>
${newToken ? html`<div class="notice" role="status"><p>${t("account.token_created")}</p><pre><code>${newToken}</code></pre></div>` : ""}
${tokens.length
  ? html`${scrollableTable(t("account.tokens"), html`<table><caption class="sr-only">${t("account.tokens")}</caption><thead><tr><th scope="col">${t("account.token_name")}</th><th scope="col">${t("account.token_scopes")}</th><th scope="col">${t("account.token_created_at")}</th><th scope="col">${t("account.token_last_used")}</th><th scope="col"><span class="sr-only">${t("account.token_actions")}</span></th></tr></thead><tbody>
  ${tokens.map((token) => html`<tr><td>${token.name} <code>${token.prefix}…</code></td><td>${scopeCodes(token.scopes)}</td><td>${format.date(token.createdAt)}</td><td>${token.lastUsedAt ? format.date(token.lastUsedAt) : "—"}</td>
  <td>${token.revokedAt ? t("account.token_revoked") : postForm(view, `/account/tokens/${token.id}/revoke`, html`<button type="submit" class="secondary">${t("account.token_revoke")}</button>`, { className: "inline-form" })}</td></tr>`)}
  </tbody></table>`)}`
  : html`<p class="muted">${t("account.no_tokens")}</p>`}
${postForm(view, "/account/tokens", html`
  ${textField(view, tokenForm, { name: "name", label: t("account.token_name"), isRequired: true })}
  <fieldset><legend>${t("account.token_scopes")}</legend>
  ${scopeCheckboxes(view, tokenForm, API_SCOPES)}
  </fieldset>
  <button type="submit">${t("account.token_create")}</button>`)}
</section>
<section aria-labelledby="data-heading"><h2 id="data-heading">${t("account.your_data")}</h2>
<p><a href="/account/enquiries">${t("account.enquiries")}</a></p>
<p><a href="/account/events">${t("account.events")}</a></p>
<p><a href="/account/programmes">${t("account.programmes")}</a></p>
<p><a href="/account/newsletters">${t("account.newsletters")}</a></p>
<p><a class="button secondary" href="/account/export" download>${t("account.export")}</a></p>
<p><a href="/account/delete">${t("account.delete")}</a></p>
</section>`,
  });
}

export function confirmEmailChangePage(view: ViewContext, token: string): string {
  const { t } = view;
  return renderPage(view, {
    title: t("account.email_confirm.title"),
    body: html`<h1>${t("account.email_confirm.title")}</h1><p>${t("account.email_confirm.body")}</p>
${postForm(view, "/account/email/confirm", html`<input type="hidden" name="token" value="${token}"><button type="submit">${t("account.email_confirm.submit")}</button>`)}`,
  });
}

export function deleteAccountPage(view: ViewContext, form: FormState): string {
  const { t } = view;
  return renderPage(view, {
    title: t("account.delete"),
    breadcrumbs: [{ label: t("account.title"), href: "/account" }, { label: t("account.delete") }],
    body: html`<h1>${t("account.delete")}</h1><p>${t("account.delete_lead")}</p>
${postForm(view, "/account/delete", html`
  ${textField(view, form, { name: "password", label: t("auth.field.password"), type: "password", isRequired: true, autocomplete: "current-password" })}
  <button type="submit" class="danger">${t("account.delete_confirm")}</button>`)}`,
  });
}
