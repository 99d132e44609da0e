import { html, type HtmlValue, type SafeHtml } from "../../../../platform/html";
import type { ViewContext } from "../../../../platform/http/context";
import { LOCALES } from "../../../../platform/i18n/locales";
import { localize, type LocalizedText } from "../../../../platform/i18n/localized";
import { checkboxField, errorSummary, postForm, selectField, textArea, textField, type FormState } from "../../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../../platform/views/layout";
import { languageName } from "../../../../platform/views/localized";
import { detectLanguage } from "../../../../platform/search/analyzer";

/** User text marked with the language its letters are in (a visitor may write English on a Russian page). */
function inTextLanguage(view: ViewContext, text: string, content: HtmlValue, isBlock = false): SafeHtml {
  const language = detectLanguage(text);
  if (!language || language === view.locale) return html`${content}`;
  return isBlock ? html`<div lang="${language}">${content}</div>` : html`<span lang="${language}">${content}</span>`;
}

/** A language's name in the page's language ("Russian", "русский"), for sentences; falls back to the UI name. */
function languageInPage(code: string, pageLocale: string): string {
  try {
    return new Intl.DisplayNames([pageLocale], { type: "language" }).of(code) ?? languageName(code, pageLocale);
  } catch {
    return languageName(code, pageLocale);
  }
}
import { enquiryReference } from "../inputs";
import type { EnquiryDetail, OwnEnquiry, QueueItem, QueueWorker } from "../queries";
import { ENQUIRY_STATUSES, type EnquiryStatus } from "../schema";
import type { EnquiryScope } from "../scope";
import { DOCUMENT_LANGUAGES } from "../../guidance/front-matter";

/** Text as its author typed it: paragraphs at blank lines, line breaks kept, everything escaped. */
export function plainParagraphs(text: string): SafeHtml {
  const paragraphs = text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  return html`${paragraphs.map((paragraph) => html`<p>${paragraph.split("\n").map((line, index) => (index ? html`<br>${line}` : html`${line}`))}</p>`)}`;
}

/** The trail above every enquiries page: the space, its knowledge hub, then the page's own steps. */
function crumbs(view: ViewContext, scope: EnquiryScope, rest: Breadcrumb[]): Breadcrumb[] {
  const hub: Breadcrumb = { label: view.t("knowledge.enquiry.crumb.knowledge"), href: scope.base };
  return scope.space ? [{ label: localize(scope.space.title, view.locale), href: `/spaces/${scope.space.slug}` }, hub, ...rest] : [hub, ...rest];
}

/** Whom the enquiry goes to, in words: the space's coordinators or the platform secretariat. */
function destination(view: ViewContext, scope: EnquiryScope): string {
  return scope.space ? view.t("knowledge.enquiry.to_space", { space: localize(scope.space.title, view.locale).text }) : view.t("knowledge.enquiry.to_platform");
}

const statusTag = (view: ViewContext, status: EnquiryStatus): SafeHtml => html`<span class="tag">${view.t(`knowledge.enquiry.status.${status}`)}</span>`;

/** The enquiry form: the question (prefilled from "no answer"), details, tags, and for a visitor a name, an address and consent. */
export function enquiryFormPage(view: ViewContext, scope: EnquiryScope, form: FormState): string {
  const { t } = view;
  const title = t("knowledge.enquiry.new.title");
  const labels = {
    question: t("knowledge.enquiry.field.question"),
    details: t("knowledge.enquiry.field.details"),
    tags: t("knowledge.enquiry.field.tags"),
    name: t("knowledge.enquiry.field.name"),
    email: t("knowledge.enquiry.field.email"),
    consent: t("knowledge.enquiry.field.consent_short"),
  };
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, scope, [{ label: title }]),
    body: html`<h1>${title}</h1>
<p class="lead">${destination(view, scope)}</p>
${errorSummary(view, form, labels)}
${postForm(view, `${scope.base}/enquiries`, html`
  ${textArea(view, form, { name: "question", label: labels.question, isRequired: true, rows: 3 })}
  ${textArea(view, form, { name: "details", label: labels.details, hint: t("knowledge.enquiry.field.details_hint"), rows: 6 })}
  ${textField(view, form, { name: "tags", label: labels.tags, hint: t("knowledge.enquiry.field.tags_hint") })}
  ${view.user
    ? html`<p>${t("knowledge.enquiry.member_reply", { name: view.user.displayName, email: view.user.email, language: languageInPage(view.user.locale, view.locale) })}</p>`
    : html`<p>${t("knowledge.enquiry.visitor_lead")}</p>
  ${textField(view, form, { name: "name", label: labels.name, isRequired: true, autocomplete: "name" })}
  ${textField(view, form, { name: "email", label: labels.email, type: "email", isRequired: true, autocomplete: "email", hint: t("knowledge.enquiry.field.email_hint", { language: languageInPage(view.locale, view.locale) }) })}
  ${checkboxField(view, form, { name: "consent", value: "yes", label: t("knowledge.enquiry.field.consent") })}`}
  <button type="submit">${t("knowledge.enquiry.new.submit")}</button>`)}`,
  });
}

/** After sending: the reference number and what happens next. */
export function enquirySentPage(view: ViewContext, scope: EnquiryScope, number: number): string {
  const { t } = view;
  const title = t("knowledge.enquiry.sent.title");
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, scope, [{ label: title }]),
    body: html`<h1>${title}</h1>
<p class="lead">${t("knowledge.enquiry.sent.reference", { reference: enquiryReference(number) })}</p>
<p>${t("knowledge.enquiry.sent.next")}</p>
${view.user ? html`<p><a href="/account/enquiries">${t("knowledge.enquiry.sent.mine")}</a></p>` : ""}
<p><a href="${scope.base}">${t("knowledge.enquiry.sent.back")}</a></p>`,
  });
}

export type QueuePageData = {
  items: QueueItem[];
  counts: Record<EnquiryStatus, number>;
  filters: { status?: string; language?: string; assignee?: string };
  workers: QueueWorker[];
  nextAfter: number | null;
};

function queueUrl(base: string, filters: QueuePageData["filters"], after?: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (after !== undefined) params.set("after", String(after));
  const query = params.toString();
  return `${base}/enquiries${query ? `?${query}` : ""}`;
}

/** The coordinators' queue: filters by status, assignee and language, newest first. */
export function queuePage(view: ViewContext, scope: EnquiryScope, data: QueuePageData): string {
  const { t } = view;
  const title = t("knowledge.enquiry.queue.title");
  const form: FormState = { values: data.filters, errors: {} };
  const total = Object.values(data.counts).reduce((sum, count) => sum + count, 0);
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, scope, [{ label: title }]),
    body: html`<h1>${title}</h1>
<p class="lead">${scope.space ? t("knowledge.enquiry.queue.lead_space", { space: localize(scope.space.title, view.locale).text }) : t("knowledge.enquiry.queue.lead_platform")} ${t("knowledge.enquiry.queue.counts", { total, new: data.counts.new, assigned: data.counts.assigned, answered: data.counts.answered, closed: data.counts.closed })}</p>
<form method="get" action="${scope.base}/enquiries" class="filters" role="search" aria-label="${t("knowledge.enquiry.queue.filters")}">
  ${selectField(view, form, { name: "status", label: t("knowledge.enquiry.field.status"), placeholder: t("knowledge.enquiry.filter.any"), choices: ENQUIRY_STATUSES.map((status) => ({ value: status, label: t(`knowledge.enquiry.status.${status}`) })) })}
  ${selectField(view, form, {
    name: "assignee",
    label: t("knowledge.enquiry.field.assignee"),
    placeholder: t("knowledge.enquiry.filter.any"),
    choices: [{ value: "me", label: t("knowledge.enquiry.filter.me") }, { value: "none", label: t("knowledge.enquiry.filter.none") }, ...data.workers.map((worker) => ({ value: worker.userId, label: worker.displayName }))],
  })}
  ${selectField(view, form, { name: "language", label: t("knowledge.enquiry.field.language"), placeholder: t("knowledge.enquiry.filter.any"), choices: LOCALES.map((locale) => ({ value: locale.code, label: locale.name })) })}
  <button type="submit">${t("knowledge.enquiry.filter.apply")}</button>
</form>
${data.items.length
  ? html`<ol class="cards" aria-label="${t("knowledge.enquiry.queue.caption")}">${data.items.map(
      (item) => html`<li class="card">
  <h2><a href="${scope.base}/enquiries/${item.number}">${enquiryReference(item.number)}</a> ${statusTag(view, item.status)}</h2>
  <p>${inTextLanguage(view, item.question, item.question.length > 240 ? `${item.question.slice(0, 237)}…` : item.question)}</p>
  <p class="muted">${item.askerName || t("knowledge.enquiry.asker_erased")} · ${languageName(item.askerLanguage, view.locale)} · <time datetime="${item.createdAt.toISOString()}">${view.format.date(item.createdAt)}</time>
  · ${t("knowledge.enquiry.field.assignee")}: ${item.assigneeName ?? t("knowledge.enquiry.filter.none")}</p>
</li>`,
    )}</ol>`
  : html`<p>${t("knowledge.enquiry.queue.empty")}</p>`}
${data.nextAfter !== null ? html`<nav class="pager" aria-label="${t("knowledge.enquiry.queue.pages")}"><a href="${queueUrl(scope.base, data.filters, data.nextAfter)}">${t("knowledge.enquiry.queue.older")}</a></nav>` : ""}`,
  });
}

export type EnquiryPageForms = { assign?: FormState; note?: FormState; answer?: FormState };

/** One enquiry for its queue's workers: who asked and in which language, the notes, and the actions open now. */
export function enquiryPage(view: ViewContext, scope: EnquiryScope, enquiry: EnquiryDetail, workers: QueueWorker[], forms: EnquiryPageForms = {}): string {
  const { t } = view;
  const reference = enquiryReference(enquiry.number);
  const base = `${scope.base}/enquiries/${enquiry.number}`;
  const isOpen = enquiry.status === "new" || enquiry.status === "assigned";
  const assignForm = forms.assign ?? { values: { assignee: enquiry.assigneeUserId ?? "" }, errors: {} };
  const noteForm = forms.note ?? { values: {}, errors: {} };
  const answerForm = forms.answer ?? { values: {}, errors: {} };
  const allErrors: FormState = { values: {}, errors: { ...assignForm.errors, ...noteForm.errors, ...answerForm.errors } };
  const faqHref = enquiry.faqSlug ? `${enquiry.faqSpaceSlug ? `/spaces/${enquiry.faqSpaceSlug}/knowledge` : "/knowledge"}/guidance/${enquiry.faqSlug}` : null;
  return renderPage(view, {
    title: `${reference} · ${t("knowledge.enquiry.queue.title")}`,
    breadcrumbs: crumbs(view, scope, [{ label: t("knowledge.enquiry.queue.title"), href: `${scope.base}/enquiries` }, { label: reference }]),
    body: html`<h1>${reference}</h1>
${errorSummary(view, allErrors, { assignee: t("knowledge.enquiry.field.assignee"), note: t("knowledge.enquiry.field.note"), answer: t("knowledge.enquiry.field.answer") })}
<dl>
  <dt>${t("knowledge.enquiry.field.status")}</dt><dd>${statusTag(view, enquiry.status)}</dd>
  <dt>${t("knowledge.enquiry.field.asker")}</dt><dd>${enquiry.askerDisplayName || t("knowledge.enquiry.asker_erased")}${enquiry.askerUserId ? html` <span class="muted">(${t("knowledge.enquiry.asker_member")})</span>` : ""}</dd>
  <dt>${t("knowledge.enquiry.field.reply_to")}</dt><dd>${enquiry.replyAddress ?? t("knowledge.enquiry.address_erased")}</dd>
  <dt>${t("knowledge.enquiry.field.language")}</dt><dd>${languageName(enquiry.askerLanguage, view.locale)}</dd>
  <dt>${t("knowledge.enquiry.column.received")}</dt><dd><time datetime="${enquiry.createdAt.toISOString()}">${view.format.dateTime(enquiry.createdAt)}</time></dd>
  ${enquiry.tags.length ? html`<dt>${t("knowledge.enquiry.field.tags")}</dt><dd>${enquiry.tags.map((tag) => html`<span class="tag">${tag}</span> `)}</dd>` : ""}
</dl>
<h2>${t("knowledge.enquiry.the_question")}</h2>
${inTextLanguage(view, enquiry.question, plainParagraphs(enquiry.question), true)}
${enquiry.details ? inTextLanguage(view, enquiry.details, plainParagraphs(enquiry.details), true) : ""}
${enquiry.answer
  ? html`<h2>${t("knowledge.enquiry.field.answer")}</h2>
<p class="muted">${t("knowledge.enquiry.answered_by", { name: enquiry.answeredByName ?? "—", date: enquiry.answeredAt ? view.format.dateTime(enquiry.answeredAt) : "" })}</p>
${inTextLanguage(view, enquiry.answer, plainParagraphs(enquiry.answer), true)}
${faqHref
  ? html`<p><a href="${faqHref}">${t("knowledge.enquiry.faq.published_link")}</a></p>`
  : html`<p><a class="button" href="${base}/faq">${t("knowledge.enquiry.faq.action")}</a></p>`}`
  : ""}
${isOpen
  ? html`<h2>${t("knowledge.enquiry.answer.title")}</h2>
${postForm(view, `${base}/answer`, html`
  ${textArea(view, answerForm, { name: "answer", label: t("knowledge.enquiry.field.answer"), hint: enquiry.replyAddress ? t("knowledge.enquiry.answer.hint", { language: languageInPage(enquiry.askerLanguage, view.locale) }) : t("knowledge.enquiry.answer.hint_no_address"), isRequired: true, rows: 10 })}
  <button type="submit">${t("knowledge.enquiry.answer.submit")}</button>`)}`
  : ""}
<h2>${t("knowledge.enquiry.field.assignee")}</h2>
${postForm(view, `${base}/assign`, html`
  ${selectField(view, assignForm, { name: "assignee", label: t("knowledge.enquiry.assign.label"), placeholder: t("knowledge.enquiry.filter.none"), choices: workers.map((worker) => ({ value: worker.userId, label: worker.userId === view.user?.id ? t("knowledge.enquiry.assign.me", { name: worker.displayName }) : worker.displayName })) })}
  <button type="submit" class="secondary">${t("knowledge.enquiry.assign.submit")}</button>`)}
<h2>${t("knowledge.enquiry.notes.title")}</h2>
${enquiry.notes.length
  ? html`<ol class="stack">${enquiry.notes.map((note) => html`<li><p class="muted">${note.authorName || t("knowledge.enquiry.deleted_user")} · <time datetime="${note.createdAt.toISOString()}">${view.format.dateTime(note.createdAt)}</time></p>${plainParagraphs(note.body)}</li>`)}</ol>`
  : html`<p class="muted">${t("knowledge.enquiry.notes.empty")}</p>`}
${postForm(view, `${base}/notes`, html`
  ${textArea(view, noteForm, { name: "note", label: t("knowledge.enquiry.field.note"), hint: t("knowledge.enquiry.notes.hint"), isRequired: true, rows: 3 })}
  <button type="submit" class="secondary">${t("knowledge.enquiry.notes.submit")}</button>`)}
${enquiry.status !== "closed"
  ? html`<h2>${t("knowledge.enquiry.close.title")}</h2>${postForm(view, `${base}/close`, html`<p class="hint">${t("knowledge.enquiry.close.hint")}</p><button type="submit" class="secondary">${t("knowledge.enquiry.close.submit")}</button>`)}`
  : ""}`,
  });
}

/** "Publish as FAQ": the question as title and the answer as text, both editable, with language, tags and collection. */
export function faqFormPage(view: ViewContext, scope: EnquiryScope, enquiry: EnquiryDetail, form: FormState, collections: { id: string; title: LocalizedText }[]): string {
  const { t } = view;
  const reference = enquiryReference(enquiry.number);
  const title = t("knowledge.enquiry.faq.title", { reference });
  const labels = { title: t("knowledge.enquiry.faq.field.title"), body: t("knowledge.enquiry.faq.field.body"), language: t("knowledge.enquiry.field.language"), tags: t("knowledge.enquiry.field.tags"), collection: t("knowledge.enquiry.faq.field.collection") };
  return renderPage(view, {
    title,
    breadcrumbs: crumbs(view, scope, [
      { label: t("knowledge.enquiry.queue.title"), href: `${scope.base}/enquiries` },
      { label: reference, href: `${scope.base}/enquiries/${enquiry.number}` },
      { label: t("knowledge.enquiry.faq.crumb") },
    ]),
    body: html`<h1>${title}</h1>
<p class="lead">${t("knowledge.enquiry.faq.lead")}</p>
${errorSummary(view, form, labels)}
${postForm(view, `${scope.base}/enquiries/${enquiry.number}/faq`, html`
  ${textField(view, form, { name: "title", label: labels.title, isRequired: true, maxLength: 300 })}
  ${textArea(view, form, { name: "body", label: labels.body, hint: t("knowledge.enquiry.faq.field.body_hint"), isRequired: true, rows: 12 })}
  ${selectField(view, form, { name: "language", label: labels.language, isRequired: true, choices: DOCUMENT_LANGUAGES.map((code) => ({ value: code, label: languageName(code, view.locale) })) })}
  ${textField(view, form, { name: "tags", label: labels.tags, hint: t("knowledge.enquiry.field.tags_hint") })}
  ${collections.length
    ? selectField(view, form, { name: "collection", label: labels.collection, placeholder: t("knowledge.enquiry.faq.no_collection"), choices: collections.map((collection) => ({ value: collection.id, label: localize(collection.title, view.locale).text })) })
    : ""}
  <button type="submit">${t("knowledge.enquiry.faq.submit")}</button>`)}`,
  });
}

function whereAsked(view: ViewContext, item: OwnEnquiry): HtmlValue {
  return item.spaceSlug && item.spaceTitle ? localize(item.spaceTitle, view.locale).text : view.t("knowledge.enquiry.platform_secretariat");
}

/** A signed-in person's own enquiries and the answers they were sent. */
export function accountEnquiriesPage(view: ViewContext, items: OwnEnquiry[]): string {
  const { t } = view;
  const title = t("knowledge.enquiry.mine.title");
  return renderPage(view, {
    title,
    breadcrumbs: [{ label: t("account.title"), href: "/account" }, { label: title }],
    body: html`<h1>${title}</h1>
${items.length
  ? html`<ol class="cards">${items.map(
      (item) => html`<li class="card"><h2>${enquiryReference(item.number)} ${statusTag(view, item.status)}</h2>
  <p class="muted">${whereAsked(view, item)} · <time datetime="${item.createdAt.toISOString()}">${view.format.date(item.createdAt)}</time></p>
  ${inTextLanguage(view, item.question, plainParagraphs(item.question), true)}
  ${item.answer ? html`<h3>${t("knowledge.enquiry.field.answer")}</h3>${inTextLanguage(view, item.answer, plainParagraphs(item.answer), true)}` : html`<p class="muted">${t("knowledge.enquiry.mine.waiting")}</p>`}
</li>`,
    )}</ol>`
  : html`<p>${t("knowledge.enquiry.mine.empty")}</p><p><a href="/knowledge/enquiries/new">${t("knowledge.enquiry.mine.ask")}</a></p>`}`,
  });
}
