import { html } from "../../html";
import type { ViewContext } from "../../http/context";
import type { AdminOverview } from "../queries";
import { adminPage } from "./shared";

/** /admin: what needs attention, with a way into each part of administration. */
export function overviewPage(view: ViewContext, counts: AdminOverview, smtpHost: string | undefined): string {
  const { t } = view;
  return adminPage(view, {
    title: t("admin.title"),
    isHome: true,
    body: html`<h1>${t("admin.title")}</h1>
<p class="lead">${t("admin.overview.lead")}</p>
<ul class="cards">
  <li class="card"><h2><a href="/admin/users">${t("admin.users.title")}</a></h2>
    <p>${t("admin.count.users", { count: counts.users })}</p></li>
  <li class="card"><h2><a href="/admin/jobs">${t("admin.jobs")}</a></h2>
    <p><a href="/admin/jobs?status=pending">${t("admin.count.jobs_pending", { count: counts.jobsPending })}</a></p>
    <p><a href="/admin/jobs?status=failed">${t("admin.count.jobs_failed", { count: counts.jobsFailed })}</a></p></li>
  <li class="card"><h2><a href="/admin/outbox">${t("admin.outbox")}</a></h2>
    <p>${counts.outbox === null ? t("admin.outbox.smtp_short", { host: smtpHost ?? "" }) : t("admin.count.outbox", { count: counts.outbox })}</p></li>
  <li class="card"><h2><a href="/admin/audit">${t("admin.audit")}</a></h2>
    <p>${t("admin.count.audit_week", { count: counts.auditLastWeek })}</p></li>
  <li class="card"><h2><a href="/admin/moderation">${t("admin.moderation")}</a></h2>
    <p>${t("admin.overview.moderation_hint")}</p></li>
  <li class="card"><h2><a href="/admin/languages">${t("admin.languages.title")}</a></h2>
    <p>${t("admin.overview.languages_hint")}</p></li>
  <li class="card"><h2><a href="/admin/spaces">${t("admin.spaces")}</a></h2>
    <p>${t("admin.overview.new_space_hint")}</p><p><a href="/admin/spaces/new">${t("admin.new_space")}</a></p></li>
</ul>`,
  });
}
