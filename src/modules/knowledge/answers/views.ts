import { html, raw, type HtmlValue } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import type { LocalizedValue } from "../../../platform/i18n/localized";
import { MAX_QUERY_LENGTH } from "../../../platform/search/query";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import type { Answer } from "./engine";
import { highlightedPassageHtml } from "./passage";

/** Where the page lives: the platform's hub, or a space's (with its title for the breadcrumbs). */
export type AskScope = { basePath: string; space?: { slug: string; title: LocalizedValue }; canManageGlossary?: boolean };

export type AskPageData = {
  scope: AskScope;
  question: string;
  /** Message key of the question's problem (empty, too long), shown beside the field. */
  error?: { key: string; values?: Record<string, string | number> };
  answer?: Answer;
  summary?: string;
};

function enquiryLink(view: ViewContext, scope: AskScope, question: string): HtmlValue {
  const href = `${scope.basePath}/enquiries/new?q=${encodeURIComponent(question)}`;
  return html`<p><a class="button" href="${href}">${view.t("knowledge.answers.ask_secretariat")}</a></p>
<p class="hint">${view.t("knowledge.answers.ask_secretariat_hint")}</p>`;
}

function results(view: ViewContext, data: AskPageData): HtmlValue {
  const { t } = view;
  const answer = data.answer;
  if (!answer) return "";
  if (!answer.answered) {
    return html`<section aria-labelledby="answer-heading" class="answers">
<h2 id="answer-heading">${t("knowledge.answers.none_heading")}</h2>
<p class="notice">${t("knowledge.answers.none")}</p>
${enquiryLink(view, data.scope, data.question)}
</section>`;
  }
  return html`<section aria-labelledby="answer-heading" class="answers">
<h2 id="answer-heading">${t("knowledge.answers.results_heading")}</h2>
<p>${t("knowledge.answers.results_count", { count: answer.results.length })}</p>
${data.summary
  ? html`<div class="notice"><h3>${t("knowledge.answers.summary_heading")}</h3><p>${data.summary}</p><p class="hint">${t("knowledge.answers.summary_note")}</p></div>`
  : ""}
<ol class="answer-list">
${answer.results.map(
  (result, index) => html`<li>
<article lang="${result.language}" aria-labelledby="answer-${index + 1}">
<h3 id="answer-${index + 1}"><a href="${result.url}">${result.heading}</a></h3>
<p class="hint">${t("knowledge.answers.from", { title: result.title })}</p>
<blockquote cite="${result.url}"><p>${raw(highlightedPassageHtml(result.passage, result.highlight))}</p></blockquote>
</article>
</li>`,
)}
</ol>
<h3>${t("knowledge.answers.not_enough")}</h3>
${enquiryLink(view, data.scope, data.question)}
</section>`;
}

/** "Ask a question": a GET form (works without JavaScript) and the cited passages or a plain "no answer". */
export function askPage(view: ViewContext, data: AskPageData): string {
  const { t } = view;
  const breadcrumbs: Breadcrumb[] = data.scope.space
    ? [
        { label: t("space.list.title"), href: "/spaces" },
        { label: data.scope.space.title, href: `/spaces/${data.scope.space.slug}` },
        { label: t("knowledge.answers.hub"), href: data.scope.basePath },
        { label: t("knowledge.answers.title") },
      ]
    : [{ label: t("knowledge.answers.hub"), href: data.scope.basePath }, { label: t("knowledge.answers.title") }];
  const error = data.error ? t(data.error.key, data.error.values) : undefined;
  const described = ["ask-q-hint", error ? "ask-q-error" : ""].filter(Boolean).join(" ");
  const body = html`<h1>${t("knowledge.answers.title")}</h1>
<p>${t("knowledge.answers.intro")}</p>
<form method="get" action="${data.scope.basePath}/ask" role="search" aria-label="${t("knowledge.answers.title")}">
<div class="field${error ? " has-error" : ""}">
<label for="ask-q">${t("knowledge.answers.question")}</label>
<p class="hint" id="ask-q-hint">${t("knowledge.answers.question_hint", { max: MAX_QUERY_LENGTH })}</p>
${error ? html`<p class="field-error" id="ask-q-error">${error}</p>` : ""}
<textarea id="ask-q" name="q" rows="3" maxlength="${MAX_QUERY_LENGTH}" aria-describedby="${described}"${error ? html` aria-invalid="true"` : ""}>${data.question}</textarea>
</div>
<button type="submit">${t("knowledge.answers.submit")}</button>
</form>
${results(view, data)}
${data.scope.canManageGlossary ? html`<p><a href="${data.scope.basePath}/glossary">${t("knowledge.glossary.manage")}</a></p>` : ""}`;
  const title = data.question && !data.error ? `${data.question.slice(0, 60)} · ${t("knowledge.answers.title")}` : t("knowledge.answers.title");
  return renderPage(view, { title, body, breadcrumbs, head: html`<meta name="robots" content="noindex">` });
}
