import { html } from "../html";
import type { ViewContext } from "../http/context";
import { checkboxField, errorSummary, postForm, textArea, textField, type FormState } from "../views/forms";
import { renderPage } from "../views/layout";
import type { RelayTarget } from "./kinds";

function fieldLabels(view: ViewContext): Record<string, string> {
  const { t } = view;
  return { name: t("relay.field.name"), email: t("relay.field.email"), subject: t("relay.field.subject"), message: t("relay.field.message"), consent: t("relay.field.consent_short") };
}

/** /contact/:kind/:id — the form; it names the target but never shows where the message goes. */
export function contactPage(view: ViewContext, input: { target: RelayTarget; action: string; form: FormState }): string {
  const { t } = view;
  const { target, form } = input;
  const general = form.errors._;
  const fieldOnly = { ...form, errors: Object.fromEntries(Object.entries(form.errors).filter(([name]) => name !== "_")) };
  const title = t("relay.title", { label: target.label });
  return renderPage(view, {
    title,
    breadcrumbs: target.backUrl ? [{ label: target.label, href: target.backUrl }, { label: t("relay.breadcrumb") }] : undefined,
    body: html`<h1>${title}</h1>
<p class="lead">${t("relay.lead")}</p>
${general ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${t(general.key, general.values)}</p></div>` : ""}
${errorSummary(view, fieldOnly, fieldLabels(view))}
${postForm(
  view,
  input.action,
  html`${textField(view, form, { name: "name", label: t("relay.field.name"), isRequired: true, autocomplete: "name", maxLength: 120 })}
${textField(view, form, { name: "email", label: t("relay.field.email"), hint: t("relay.field.email_hint"), type: "email", isRequired: true, autocomplete: "email", maxLength: 254 })}
${textField(view, form, { name: "subject", label: t("relay.field.subject"), isRequired: true, maxLength: 150 })}
${textArea(view, form, { name: "message", label: t("relay.field.message"), hint: t("relay.field.message_hint"), isRequired: true, rows: 8 })}
${checkboxField(view, form, { name: "consent", value: "yes", label: t("relay.field.consent") })}
<button type="submit">${t("relay.submit")}</button>${target.backUrl ? html` <a href="${target.backUrl}">${t("form.cancel")}</a>` : ""}`,
  { className: "wide" },
)}`,
  });
}

/** The page after sending: it confirms to whom (by name) and the sender's own address, nothing else. */
export function contactSentPage(view: ViewContext, input: { target: RelayTarget }): string {
  const { t } = view;
  const title = t("relay.sent.title");
  return renderPage(view, {
    title,
    breadcrumbs: input.target.backUrl ? [{ label: input.target.label, href: input.target.backUrl }, { label: title }] : undefined,
    body: html`<h1>${title}</h1>
<div class="flash" role="status"><p>${t("relay.sent.lead", { label: input.target.label })}</p></div>
<p>${t("relay.sent.next")}</p>
${input.target.backUrl ? html`<p><a class="button" href="${input.target.backUrl}">${t("relay.sent.back", { label: input.target.label })}</a></p>` : html`<p><a href="/">${t("error.back_home")}</a></p>`}`,
  });
}
