import { html, type HtmlValue } from "../../html";
import type { ViewContext } from "../../http/context";
import type { AuditFilters, AuditRow } from "../../audit/queries";
import { selectField, textField, type FormState } from "../../views/forms";
import { adminPage, filterActions, PAGE_SIZE, pager, withQuery } from "./shared";
import { scrollableTable } from "../../views/table";

export type AuditPageData = {
  form: FormState;
  filters: AuditFilters;
  subjectTypes: string[];
  rows: AuditRow[];
  nextCursor: string | null;
  isFirstPage: boolean;
  limit: number;
};

function detailValue(view: ViewContext, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return view.t(value ? "admin.audit.yes" : "admin.audit.no");
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length ? value.map((item) => detailValue(view, item)).join(", ") : "—";
  return JSON.stringify(value);
}

/** An entry's details as a key/value list a person can read; the keys are the command's field names, shown as code. */
function details(view: ViewContext, values: Record<string, unknown>): HtmlValue {
  const entries = Object.entries(values ?? {});
  if (!entries.length) return "—";
  return html`<dl class="facts">${entries.map(([key, value]) => html`<dt><code>${key}</code></dt><dd>${detailValue(view, value)}</dd>`)}</dl>`;
}

/** /admin/audit: who did what, newest first, with filters. */
export function auditPage(view: ViewContext, data: AuditPageData): string {
  const { t, format } = view;
  const subjectTypes = data.filters.subjectType && !data.subjectTypes.includes(data.filters.subjectType) ? [...data.subjectTypes, data.filters.subjectType] : data.subjectTypes;
  const filterQuery = { action: data.filters.actionPrefix, subjectType: data.filters.subjectType, actor: data.filters.actorEmail, spaceId: data.filters.spaceId, limit: data.limit === PAGE_SIZE ? null : data.limit };
  return adminPage(view, {
    title: t("admin.audit"),
    body: html`<h1>${t("admin.audit")}</h1>
<p class="lead">${t("admin.audit.lead")}</p>
<form method="get" action="/admin/audit" class="filters" role="search" aria-label="${t("admin.filter.label")}">
  ${textField(view, data.form, { name: "action", label: t("admin.audit.filter_action"), hint: t("admin.audit.filter_action_hint"), maxLength: 100 })}
  ${selectField(view, data.form, { name: "subjectType", label: t("admin.audit.filter_subject"), placeholder: t("admin.audit.filter_subject_all"), choices: subjectTypes.map((type) => ({ value: type, label: type })) })}
  ${textField(view, data.form, { name: "actor", label: t("admin.audit.filter_actor"), type: "search", maxLength: 200 })}
  ${textField(view, data.form, { name: "spaceId", label: t("admin.audit.filter_space"), maxLength: 36 })}
  ${filterActions(view, "/admin/audit")}
</form>
${data.rows.length
  ? html`${scrollableTable(t("admin.audit.caption"), html`<table>
<caption>${t("admin.audit.caption")}</caption>
<thead><tr>
  <th scope="col">${t("admin.audit.time")}</th><th scope="col">${t("admin.audit.actor")}</th><th scope="col">${t("admin.audit.action")}</th>
  <th scope="col">${t("admin.audit.subject")}</th><th scope="col">${t("admin.audit.details")}</th>
</tr></thead>
<tbody>${data.rows.map((row) => html`<tr>
  <td><time datetime="${row.createdAt.toISOString()}">${format.dateTime(row.createdAt)}</time></td>
  <td>${row.actorName !== null
    ? html`${row.actorName}${row.actorEmail ? html`<br><a class="muted" href="${withQuery("/admin/audit", { actor: row.actorEmail })}">${row.actorEmail}</a>` : ""}`
    : html`<span class="muted">${t("account.deleted_user")}</span>`}</td>
  <th scope="row"><code>${row.action}</code></th>
  <td>${row.subjectType}${row.subjectType === "user" && row.subjectId
    ? html`: ${row.subjectUserName ?? t("account.deleted_user")}`
    : row.subjectId ? html` <code>${row.subjectId}</code>` : ""}
    ${row.spaceId ? html`<br><a class="muted" href="${withQuery("/admin/audit", { spaceId: row.spaceId })}">${t("admin.audit.in_space", { id: row.spaceId })}</a>` : ""}</td>
  <td>${details(view, row.details)}</td>
</tr>`)}</tbody>
</table>`)}`
  : html`<p>${t("admin.audit.empty")}</p>`}
${pager(view, { firstHref: data.isFirstPage ? null : withQuery("/admin/audit", filterQuery), nextHref: data.nextCursor ? withQuery("/admin/audit", { ...filterQuery, cursor: data.nextCursor }) : null })}`,
  });
}
