import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { postForm } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { OpenInvitation } from "../queries";

/**
 * /invitations/:token — what the invitation offers and, depending on who opens it: a login link (nobody signed
 * in), a note that it belongs to another address (wrong account), or the button to accept.
 */
export function invitationPage(view: ViewContext, invitation: OpenInvitation, token: string): string {
  const { t, user } = view;
  const organisation = localizedString(invitation.organisation.name, view.locale);
  const path = `/invitations/${token}`;
  const isForThisUser = user !== null && user.email.toLowerCase() === invitation.email;
  return renderPage(view, {
    title: t("org.invitation.title", { organisation }),
    body: html`<h1>${t("org.invitation.title", { organisation })}</h1>
<p class="lead">${t("org.invitation.lead", { organisation, role: t(`org.role.${invitation.role}`), expires: view.format.date(invitation.expiresAt) })}</p>
${!user
  ? html`<p>${t("org.invitation.login_as", { email: invitation.email })}</p>
<p><a class="button" href="/login?next=${encodeURIComponent(path)}">${t("nav.login")}</a> <a href="/register">${t("nav.register")}</a></p>`
  : isForThisUser
    ? postForm(view, path, html`<button type="submit">${t("org.invitation.accept")}</button>`)
    : html`<div class="notice" role="status"><p>${t("org.invitation.other_account", { email: invitation.email, current: user.email })}</p></div>`}
<p><a href="/organisations/${invitation.organisation.slug}">${t("org.invitation.view_organisation")}</a></p>`,
  });
}
