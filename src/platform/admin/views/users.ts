import { html } from "../../html";
import type { ViewContext } from "../../http/context";
import { postForm, textField, type FormState } from "../../views/forms";
import { canChangePlatformAdmin } from "../permissions";
import type { AdminUserRow } from "../queries";
import { adminPage, filterActions, PAGE_SIZE, pager, withQuery } from "./shared";
import { scrollableTable } from "../../views/table";

export type UsersPageData = {
  form: FormState;
  search: string;
  rows: AdminUserRow[];
  nextCursor: string | null;
  isFirstPage: boolean;
  now: Date;
  limit: number;
};

/** /admin/users: find accounts, see their state, grant or revoke platform administration. */
export function usersPage(view: ViewContext, data: UsersPageData): string {
  const { t, format } = view;
  const filterQuery = { q: data.search, limit: data.limit === PAGE_SIZE ? null : data.limit };
  return adminPage(view, {
    title: t("admin.users.title"),
    body: html`<h1>${t("admin.users.title")}</h1>
<p class="lead">${t("admin.users.lead")}</p>
<form method="get" action="/admin/users" class="filters" role="search" aria-label="${t("admin.users.search")}">
  ${textField(view, data.form, { name: "q", label: t("admin.users.search"), type: "search", maxLength: 200 })}
  ${filterActions(view, "/admin/users")}
</form>
${data.rows.length
  ? html`${scrollableTable(t("admin.users.caption"), html`<table>
<caption>${t("admin.users.caption")}</caption>
<thead><tr>
  <th scope="col">${t("admin.users.name")}</th><th scope="col">${t("admin.users.email")}</th><th scope="col">${t("admin.users.status")}</th>
  <th scope="col">${t("admin.users.joined")}</th><th scope="col"><span class="sr-only">${t("admin.users.actions")}</span></th>
</tr></thead>
<tbody>${data.rows.map((user) => {
    const isLocked = user.lockedUntil !== null && user.lockedUntil.getTime() > data.now.getTime();
    return html`<tr>
  <th scope="row">${user.displayName}${user.id === view.user?.id ? html` <span class="muted">${t("admin.users.you")}</span>` : ""}</th>
  <td>${user.email}</td>
  <td>
    <span class="tag">${t(user.emailVerifiedAt ? "admin.users.verified" : "admin.users.unverified")}</span>
    ${isLocked && user.lockedUntil ? html`<span class="tag">${t("admin.users.locked", { until: format.dateTime(user.lockedUntil) })}</span>` : ""}
    ${user.isPlatformAdmin ? html`<span class="tag">${t("admin.users.admin")}</span>` : ""}
  </td>
  <td><time datetime="${user.createdAt.toISOString()}">${format.date(user.createdAt)}</time></td>
  <td>${canChangePlatformAdmin(view.user, user.id)
    ? postForm(view, `/admin/users/${user.id}/platform-admin`, html`
      <input type="hidden" name="isPlatformAdmin" value="${user.isPlatformAdmin ? "false" : "true"}">
      <input type="hidden" name="q" value="${data.search}">
      <button type="submit" class="secondary">${t(user.isPlatformAdmin ? "admin.users.revoke" : "admin.users.grant")}<span class="sr-only"> ${t("admin.users.action_context", { name: user.displayName })}</span></button>`, { className: "inline-form" })
    : ""}</td>
</tr>`;
  })}</tbody>
</table>`)}`
  : html`<p>${t("admin.users.empty")}</p>`}
${pager(view, { firstHref: data.isFirstPage ? null : withQuery("/admin/users", filterQuery), nextHref: data.nextCursor ? withQuery("/admin/users", { ...filterQuery, cursor: data.nextCursor }) : null })}`,
  });
}
