import { html, type SafeHtml } from "../../../platform/html";
import { translateMarked } from "../../../platform/views/localized";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { errorSummary, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { InvitationRow, JoinRequestRow, MemberRow, Organisation } from "../queries";
import { scrollableTable } from "../../../platform/views/table";

export type MembersPageData = {
  organisation: Organisation;
  members: MemberRow[];
  joinRequests: JoinRequestRow[];
  invitations: InvitationRow[];
  inviteForm: FormState;
  /** A problem with a member action (e.g. removing the last admin), shown above the table. */
  notice?: string;
};

const ROLES = ["admin", "member"] as const;

function membersTable(view: ViewContext, data: MembersPageData, base: string): SafeHtml {
  const { t, format } = view;
  return html`${scrollableTable(t("org.members.table", { count: data.members.length }), html`<table>
<caption>${t("org.members.table", { count: data.members.length })}</caption>
<thead><tr><th scope="col">${t("org.members.name")}</th><th scope="col">${t("org.members.role")}</th><th scope="col">${t("org.members.since")}</th><th scope="col">${t("org.members.actions")}</th></tr></thead>
<tbody>${data.members.map(
  (member) => html`<tr>
  <th scope="row">${member.displayName}</th>
  <td>${t(`org.role.${member.role}`)}</td>
  <td>${format.date(member.since)}</td>
  <td>${postForm(
    view,
    `${base}/members/${member.userId}/role`,
    html`<label for="role-${member.userId}" class="sr-only">${t("org.members.role_of", { name: member.displayName })}</label>
    <select id="role-${member.userId}" name="role">${ROLES.map((role) => html`<option value="${role}"${role === member.role ? html` selected` : ""}>${t(`org.role.${role}`)}</option>`)}</select>
    <button type="submit" class="secondary">${t("org.members.change_role")}</button>`,
    { className: "inline-form" },
  )}
  ${postForm(view, `${base}/members/${member.userId}/remove`, html`<button type="submit" class="danger">${t("org.members.remove")}<span class="sr-only"> ${member.displayName}</span></button>`, { className: "inline-form" })}</td>
</tr>`,
)}</tbody></table>`)}`;
}

function joinRequestsSection(view: ViewContext, data: MembersPageData, base: string): SafeHtml {
  const { t, format } = view;
  return html`<section aria-labelledby="org-requests-heading"><h2 id="org-requests-heading">${t("org.requests.title")}</h2>
${data.joinRequests.length
  ? html`${scrollableTable(t("org.requests.title"), html`<table>
<caption class="sr-only">${t("org.requests.title")}</caption>
<thead><tr><th scope="col">${t("org.members.name")}</th><th scope="col">${t("org.requests.message")}</th><th scope="col">${t("org.requests.date")}</th><th scope="col">${t("org.members.actions")}</th></tr></thead>
<tbody>${data.joinRequests.map(
  (request) => html`<tr><th scope="row">${request.displayName}</th><td>${request.message || "—"}</td><td>${format.date(request.createdAt)}</td>
  <td>${postForm(view, `${base}/join-requests/${request.id}/accept`, html`<button type="submit">${t("org.requests.accept")}<span class="sr-only"> ${request.displayName}</span></button>`, { className: "inline-form" })}
  ${postForm(view, `${base}/join-requests/${request.id}/decline`, html`<button type="submit" class="secondary">${t("org.requests.decline")}<span class="sr-only"> ${request.displayName}</span></button>`, { className: "inline-form" })}</td></tr>`,
)}</tbody></table>`)}`
  : html`<p class="muted">${t("org.requests.none")}</p>`}
</section>`;
}

function invitationsSection(view: ViewContext, data: MembersPageData, base: string): SafeHtml {
  const { t, format } = view;
  return html`<section aria-labelledby="org-invitations-heading"><h2 id="org-invitations-heading">${t("org.invitations.title")}</h2>
${data.invitations.length
  ? html`${scrollableTable(t("org.invitations.title"), html`<table>
<caption class="sr-only">${t("org.invitations.title")}</caption>
<thead><tr><th scope="col">${t("org.invitations.email")}</th><th scope="col">${t("org.members.role")}</th><th scope="col">${t("org.invitations.expires")}</th><th scope="col">${t("org.members.actions")}</th></tr></thead>
<tbody>${data.invitations.map(
  (invitation) => html`<tr><th scope="row">${invitation.email}</th><td>${t(`org.role.${invitation.role}`)}</td><td>${format.date(invitation.expiresAt)}</td>
  <td>${postForm(view, `${base}/invitations/${invitation.id}/revoke`, html`<button type="submit" class="secondary">${t("org.invitations.revoke")}<span class="sr-only"> ${invitation.email}</span></button>`, { className: "inline-form" })}</td></tr>`,
)}</tbody></table>`)}`
  : html`<p class="muted">${t("org.invitations.none")}</p>`}
<h3>${t("org.invitations.new")}</h3>
${errorSummary(view, data.inviteForm, { email: t("org.invitations.email"), role: t("org.members.role") })}
${postForm(
  view,
  `${base}/invitations`,
  html`${textField(view, data.inviteForm, { name: "email", label: t("org.invitations.email"), type: "email", isRequired: true, hint: t("org.invitations.hint") })}
  ${selectField(view, data.inviteForm, { name: "role", label: t("org.members.role"), choices: ROLES.map((role) => ({ value: role, label: t(`org.role.${role}`) })) })}
  <button type="submit">${t("org.invitations.send")}</button>`,
)}
</section>`;
}

/** /organisations/:slug/members — org admins manage members, join requests and invitations. */
export function membersPage(view: ViewContext, data: MembersPageData): string {
  const { t } = view;
  const name = localize(data.organisation.name, view.locale);
  const base = `/organisations/${data.organisation.slug}`;
  return renderPage(view, {
    title: t("org.members.title_of", { name: name.text }),
    breadcrumbs: [{ label: t("org.list.title"), href: "/organisations" }, { label: name, href: base }, { label: t("org.members.manage") }],
    body: html`<h1>${translateMarked(view, "org.members.title_of", { name })}</h1>
${data.notice ? html`<div class="error-summary" role="alert"><p>${data.notice}</p></div>` : ""}
<section aria-labelledby="org-members-heading"><h2 id="org-members-heading">${t("org.members.current")}</h2>
<p class="hint">${t("org.members.last_admin_hint")}</p>
${membersTable(view, data, base)}
</section>
${joinRequestsSection(view, data, base)}
${invitationsSection(view, data, base)}
<p><a href="${base}/tokens">${t("org.tokens.manage")}</a></p>`,
  });
}
