import { html } from "../../html";
import type { ViewContext } from "../../http/context";
import { JOB_STATUSES, type JobFilters, type JobRow } from "../../jobs/queries";
import { postForm, selectField, type FormState } from "../../views/forms";
import { canRetryJob } from "../permissions";
import { adminPage, filterActions, PAGE_SIZE, pager, withQuery } from "./shared";
import { scrollableTable } from "../../views/table";

export type JobsPageData = {
  form: FormState;
  filters: JobFilters;
  kinds: string[];
  rows: JobRow[];
  nextCursor: string | null;
  isFirstPage: boolean;
  limit: number;
};

/** /admin/jobs: the job queue with a status and kind filter; failed jobs can be retried. */
export function jobsPage(view: ViewContext, data: JobsPageData): string {
  const { t, format } = view;
  const kinds = data.filters.kind && !data.kinds.includes(data.filters.kind) ? [...data.kinds, data.filters.kind] : data.kinds;
  const filterQuery = { status: data.filters.status, kind: data.filters.kind, limit: data.limit === PAGE_SIZE ? null : data.limit };
  return adminPage(view, {
    title: t("admin.jobs"),
    body: html`<h1>${t("admin.jobs")}</h1>
<p class="lead">${t("admin.jobs.lead")}</p>
<form method="get" action="/admin/jobs" class="filters" role="search" aria-label="${t("admin.filter.label")}">
  ${selectField(view, data.form, { name: "status", label: t("admin.jobs.status"), placeholder: t("admin.jobs.status.all"), choices: JOB_STATUSES.map((status) => ({ value: status, label: t(`admin.jobs.status.${status}`) })) })}
  ${selectField(view, data.form, { name: "kind", label: t("admin.jobs.kind"), placeholder: t("admin.jobs.kind.all"), choices: kinds.map((kind) => ({ value: kind, label: kind })) })}
  ${filterActions(view, "/admin/jobs")}
</form>
${data.rows.length
  ? html`${scrollableTable(t("admin.jobs.caption"), html`<table>
<caption>${t("admin.jobs.caption")}</caption>
<thead><tr>
  <th scope="col">${t("admin.jobs.id")}</th><th scope="col">${t("admin.jobs.kind")}</th><th scope="col">${t("admin.jobs.status")}</th>
  <th scope="col">${t("admin.jobs.attempts")}</th><th scope="col">${t("admin.jobs.run_at")}</th><th scope="col">${t("admin.jobs.last_error")}</th>
  <th scope="col"><span class="sr-only">${t("admin.jobs.actions")}</span></th>
</tr></thead>
<tbody>${data.rows.map((job) => html`<tr>
  <th scope="row">${job.id}</th>
  <td><code>${job.kind}</code></td>
  <td><span class="tag">${t(`admin.jobs.status.${job.status}`)}</span></td>
  <td>${t("admin.jobs.attempts_value", { attempts: job.attempts, max: job.maxAttempts })}</td>
  <td><time datetime="${job.runAt.toISOString()}">${format.dateTime(job.runAt)}</time></td>
  <td>${job.lastError ? html`<code>${job.lastError}</code>` : "—"}</td>
  <td>${canRetryJob(view.user, job)
    ? postForm(view, `/admin/jobs/${job.id}/retry`, html`<button type="submit" class="secondary">${t("admin.jobs.retry")}<span class="sr-only"> ${t("admin.jobs.retry_context", { id: job.id })}</span></button>`, { className: "inline-form" })
    : ""}</td>
</tr>`)}</tbody>
</table>`)}`
  : html`<p>${t("admin.jobs.empty")}</p>`}
${pager(view, { firstHref: data.isFirstPage ? null : withQuery("/admin/jobs", filterQuery), nextHref: data.nextCursor ? withQuery("/admin/jobs", { ...filterQuery, cursor: data.nextCursor }) : null })}`,
  });
}
