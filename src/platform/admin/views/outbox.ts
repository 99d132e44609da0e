import { html, type HtmlValue } from "../../html";
import type { ViewContext } from "../../http/context";
import type { OutboxMessage, OutboxSummary } from "../../mail/outbox";
import { adminPage, PAGE_SIZE, pager, withQuery } from "./shared";
import { scrollableTable } from "../../views/table";

export type OutboxPageData = {
  entries: OutboxSummary[];
  limit: number;
  total: number;
  nextAfter: string | null;
  isFirstPage: boolean;
  usesOutbox: boolean;
  smtpHost: string | undefined;
  outboxDir: string;
};

/** /admin/outbox: the mail written to the folder because no SMTP server is configured, newest first. */
export function outboxPage(view: ViewContext, data: OutboxPageData): string {
  const { t, format } = view;
  return adminPage(view, {
    title: t("admin.outbox"),
    body: html`<h1>${t("admin.outbox")}</h1>
${data.usesOutbox
  ? html`<p class="lead">${t("admin.outbox.lead", { folder: data.outboxDir })}</p>`
  : html`<p class="notice" role="status">${t("admin.outbox.smtp", { host: data.smtpHost ?? "" })}</p>`}
<p>${t("admin.count.outbox", { count: data.total })}</p>
${data.entries.length
  ? html`${scrollableTable(t("admin.outbox.caption"), html`<table>
<caption>${t("admin.outbox.caption")}</caption>
<thead><tr><th scope="col">${t("admin.outbox.date")}</th><th scope="col">${t("admin.outbox.to")}</th><th scope="col">${t("admin.outbox.subject")}</th></tr></thead>
<tbody>${data.entries.map((entry) => html`<tr>
  <td>${entry.date ? html`<time datetime="${entry.date.toISOString()}">${format.dateTime(entry.date)}</time>` : "—"}</td>
  <td>${entry.to || "—"}</td>
  <th scope="row"><a href="/admin/outbox/${encodeURIComponent(entry.name)}">${entry.isReadable ? entry.subject || t("admin.outbox.no_subject") : t("admin.outbox.unreadable")}</a></th>
</tr>`)}</tbody>
</table>`)}`
  : html`<p>${t("admin.outbox.empty")}</p>`}
${pager(view, { firstHref: data.isFirstPage ? null : "/admin/outbox", nextHref: data.nextAfter ? withQuery("/admin/outbox", { after: data.nextAfter, limit: data.limit === PAGE_SIZE ? null : data.limit }) : null })}`,
  });
}

const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

/** Plain text with its web addresses made into links; everything else stays escaped text. */
export function linkify(text: string): HtmlValue[] {
  return text.split(URL_PATTERN).map((part, index) => {
    if (index % 2 === 0) return part;
    // Sentence punctuation right after an address belongs to the sentence, not the link.
    const trailing = /[.,;:!?)\]]+$/.exec(part)?.[0] ?? "";
    const address = trailing ? part.slice(0, -trailing.length) : part;
    return html`<a href="${address}" rel="noreferrer noopener">${address}</a>${trailing}`;
  });
}

/** /admin/outbox/:name: one message's headers and its plain-text body with clickable links. */
export function outboxMessagePage(view: ViewContext, message: OutboxMessage): string {
  const { t, format } = view;
  const title = message.subject || t("admin.outbox.no_subject");
  const headers: [string, HtmlValue][] = [
    [t("admin.outbox.from"), message.from],
    [t("admin.outbox.to"), message.to],
    [t("admin.outbox.cc"), message.cc],
    [t("admin.outbox.reply_to"), message.replyTo],
    [t("admin.outbox.subject"), message.subject],
    [t("admin.outbox.date"), message.date ? html`<time datetime="${message.date.toISOString()}">${format.dateTime(message.date)}</time>` : ""],
    [t("admin.outbox.language"), message.language],
    [t("admin.outbox.message_id"), message.messageId ? html`<code>${message.messageId}</code>` : ""],
    [t("admin.outbox.file"), html`<code>${message.name}</code>`],
  ];
  return adminPage(view, {
    title,
    trail: [{ label: t("admin.outbox"), href: "/admin/outbox" }],
    body: html`<h1>${title}</h1>
<section aria-labelledby="headers-heading"><h2 id="headers-heading">${t("admin.outbox.headers")}</h2>
<dl class="facts">${headers.filter(([, value]) => value !== "" && value !== undefined).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
</section>
<section aria-labelledby="body-heading"><h2 id="body-heading">${t("admin.outbox.body")}</h2>
${message.text ? html`<pre>${linkify(message.text)}</pre>` : html`<p>${t("admin.outbox.no_text")}</p>`}
</section>
<p><a href="/admin/outbox">${t("admin.outbox.back")}</a></p>`,
  });
}
