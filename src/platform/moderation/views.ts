import { html, type HtmlValue, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { localizedLabel } from "../views/localized";
import { errorText } from "./view-helpers";
import { postForm, type FormState } from "../views/forms";
import type { LogEntry, ModerationQueue, QueueItem } from "./queries";
import type { ModerationDecision } from "./commands/moderate-subject";
import { scrollableTable } from "../views/table";

/** A form that failed on one queue item: the item's subject id with the input and errors, for re-rendering beside it. */
export type QueueFormState = FormState & { subjectId: string };

/** Decisions that fit a subject's state, in the order the buttons are shown. */
export function decisionsFor(item: Pick<QueueItem, "status" | "openReports">): ModerationDecision[] {
  const decisions: ModerationDecision[] = [];
  if (item.status === "held") decisions.push("approve");
  if (item.status === "hidden") decisions.push("restore");
  if (item.status === "published" || item.status === "held") decisions.push("hide");
  if (item.openReports > 0) decisions.push("dismiss_reports");
  return decisions;
}

/** The reason field and one button per fitting decision, posted to `action` with the subject in hidden fields. */
export function decisionForm(view: ViewContext, action: string, item: Pick<QueueItem, "id" | "subjectType" | "status" | "openReports">, form?: FormState): SafeHtml {
  const { t } = view;
  const fieldId = `reason-${item.id}`;
  const error = form ? errorText(view, form, "reason") ?? errorText(view, form, "_") : undefined;
  const value = form && typeof form.values.reason === "string" ? form.values.reason : "";
  return postForm(
    view,
    action,
    html`<input type="hidden" name="subjectType" value="${item.subjectType}"><input type="hidden" name="subjectId" value="${item.id}">
<div class="field${error ? " has-error" : ""}"><label for="${fieldId}">${t("moderation.decision.reason")}</label>
<p class="hint" id="${fieldId}-hint">${t("moderation.decision.reason_hint")}</p>
${error ? html`<p class="field-error" id="${fieldId}-error">${error}</p>` : ""}
<textarea id="${fieldId}" name="reason" rows="2" aria-describedby="${fieldId}-hint${error ? ` ${fieldId}-error` : ""}"${error ? html` aria-invalid="true"` : ""}>${value}</textarea></div>
<div class="field">${decisionsFor(item).map((decision) => html`<button type="submit" name="decision" value="${decision}">${t(`moderation.decision.${decision}`)}</button> `)}</div>`,
    { className: "stack" },
  );
}

/** Open reports of an item: how many per reason, and the reporters' notes (never who reported). */
export function reportSummary(view: ViewContext, item: Pick<QueueItem, "openReports" | "reasons" | "notes">): HtmlValue {
  const { t } = view;
  if (!item.openReports) return "";
  return html`<p><strong>${t("moderation.queue.open_reports", { count: item.openReports })}</strong>:
${item.reasons.map((entry, index) => html`${index ? ", " : ""}${t(`moderation.reason.${entry.reason}`)} (${entry.count})`)}</p>
${item.notes.length ? html`<ul class="muted">${item.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ""}`;
}

function queueItem(view: ViewContext, item: QueueItem, options: { decideAction: string; failed?: QueueFormState }): SafeHtml {
  const { t, format } = view;
  const moderateHref = item.moderateUrl;
  return html`<li class="card" id="item-${item.id}">
<p class="muted">${localizedLabel(view, item.context)} · <time datetime="${item.createdAt.toISOString()}">${format.dateTime(item.createdAt)}</time> · ${item.authorName ?? t("moderation.queue.unknown_author")}</p>
<blockquote>${item.excerpt}</blockquote>
<p><a href="${item.url}">${t("moderation.queue.open_post")}</a>${moderateHref ? html` · <a href="${moderateHref}">${t("moderation.queue.moderate_post")}</a>` : ""}</p>
${item.reason ? html`<p>${t("moderation.queue.reason_shown", { reason: item.reason })}</p>` : ""}
${reportSummary(view, item)}
${decisionForm(view, options.decideAction, item, options.failed?.subjectId === item.id ? options.failed : undefined)}
</li>`;
}

/**
 * The three sections of a moderation queue with inline decision forms: held posts, reported posts and
 * hidden posts. Used by a space's queue and by the platform-wide one.
 */
export function queueSections(
  view: ViewContext,
  queue: ModerationQueue,
  options: { decideAction: string; failed?: QueueFormState },
): SafeHtml {
  const { t } = view;
  const section = (key: "held" | "reported" | "hidden", items: QueueItem[]) => html`<section aria-labelledby="queue-${key}">
<h2 id="queue-${key}">${t(`moderation.queue.${key}`)} (${items.length})</h2>
${items.length ? html`<ul class="cards">${items.map((item) => queueItem(view, item, options))}</ul>` : html`<p class="muted">${t(`moderation.queue.${key}_empty`)}</p>`}
</section>`;
  return html`${section("held", queue.held)}${section("reported", queue.reported)}${section("hidden", queue.hidden)}`;
}

/** What a log entry's reason says: the gate's and auto-hide's codes are translated, people's reasons shown as written. */
export function logReason(view: ViewContext, entry: Pick<LogEntry, "action" | "reason" | "actorName">, isSystem: boolean): string {
  const { t } = view;
  if (isSystem && entry.action === "held") {
    if (entry.reason.startsWith("screening")) return t("moderation.log.system.screening", { terms: entry.reason.replace(/^screening:?\s*/, "") });
    if (entry.reason === "first_posts") return t("moderation.log.system.first_posts");
  }
  if (isSystem && entry.action === "auto_hidden") return t("moderation.log.system.auto_hidden", { count: Number(entry.reason.replace(/\D+/g, "")) || 0 });
  return entry.reason;
}

/** The moderation log as a table, newest first, with a link to the next page. */
export function logTable(view: ViewContext, entries: (LogEntry & { url?: string | null })[], nextHref: string | null): SafeHtml {
  const { t, format } = view;
  if (!entries.length) return html`<p class="muted">${t("moderation.log.empty")}</p>`;
  return html`${scrollableTable(t("moderation.log.caption"), html`<table>
<thead><tr><th scope="col">${t("moderation.log.when")}</th><th scope="col">${t("moderation.log.action")}</th><th scope="col">${t("moderation.log.person")}</th><th scope="col">${t("moderation.log.reason")}</th><th scope="col">${t("moderation.log.by")}</th></tr></thead>
<tbody>${entries.map((entry) => {
    const isSystem = entry.actorName === null && (entry.action === "held" || entry.action === "auto_hidden");
    return html`<tr>
<td><time datetime="${entry.createdAt.toISOString()}">${format.dateTime(entry.createdAt)}</time></td>
<td>${entry.url ? html`<a href="${entry.url}">${t(`moderation.action.${entry.action}`)}</a>` : t(`moderation.action.${entry.action}`)}</td>
<td>${entry.subjectUserName ?? ""}</td>
<td>${logReason(view, entry, isSystem)}</td>
<td>${isSystem ? t("moderation.log.system") : (entry.actorName ?? "")}</td>
</tr>`;
  })}</tbody></table>`)}
${nextHref ? html`<nav class="pager"><a href="${nextHref}" rel="next">${t("moderation.log.older")}</a></nav>` : ""}`;
}
