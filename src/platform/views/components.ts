import { html, type HtmlValue, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";

// The design system's shared pieces beside forms.ts, checkbox-picker.ts, table.ts and platform/charts: every module
// builds its pages from these, and /design shows each of them in each state. Markup only; the look is in convene.css
// (tokens on :root), so a module never restyles a component of its own.

/** A step of a long form or a process. `href` makes a step one can go back (or ahead) to. */
export type Step = { label: string; href?: string; isDone?: boolean };

/**
 * The steps of a long form as a numbered list: where one is (aria-current="step"), what is done, and links to the
 * steps one may open. On a phone only the current step keeps its name beside its number. `isPositionShown: false`
 * when the page's heading already says "Step n of m".
 */
export function stepsNav(view: ViewContext, options: { label: string; steps: Step[]; current: number; isPositionShown?: boolean }): SafeHtml {
  const count = options.steps.length;
  const position = options.isPositionShown === false ? "" : html`<p class="steps-position">${view.t("ui.steps.position", { current: options.current, count })}</p>`;
  return html`<nav class="steps" aria-label="${options.label}">${position}<ol>${options.steps.map((step, index) => {
    const number = index + 1;
    const state = number === options.current ? "current" : step.isDone ? "done" : "todo";
    const name = html`<span class="step-number" aria-hidden="true">${state === "done" ? "✓" : number}</span> <span class="step-label">${step.label}</span>${state === "done" ? html`<span class="sr-only"> (${view.t("ui.steps.done")})</span>` : ""}`;
    if (state === "current") return html`<li class="step-current" aria-current="step">${name}</li>`;
    return html`<li class="step-${state}">${step.href ? html`<a href="${step.href}">${name}</a>` : name}</li>`;
  })}</ol></nav>`;
}

/** A tab: a link to a view of the same thing (tabs are pages here, so they work without JavaScript and can be shared). */
export type Tab = { label: string; href: string; count?: number };

/** Views of one object as tabs; the current one is marked for assistive technology (aria-current="page"). */
export function tabs(options: { label: string; items: Tab[]; current: string }): SafeHtml {
  return html`<nav class="tabs" aria-label="${options.label}"><ul>${options.items.map((item) => {
    const count = item.count === undefined ? "" : html` <span class="tab-count">${item.count}</span>`;
    return item.href === options.current ? html`<li><a href="${item.href}" aria-current="page">${item.label}${count}</a></li>` : html`<li><a href="${item.href}">${item.label}${count}</a></li>`;
  })}</ul></nav>`;
}

/** Cursor or page-number navigation under a list: first, previous, "page n of m" when known, next. */
export function pager(view: ViewContext, options: { label: string; first?: string; previous?: string; next?: string; page?: number; pages?: number }): HtmlValue {
  if (!options.first && !options.previous && !options.next) return "";
  return html`<nav class="pager" aria-label="${options.label}">
${options.first ? html`<a href="${options.first}">${view.t("ui.pager.first")}</a>` : ""}
${options.previous ? html`<a href="${options.previous}" rel="prev">${view.t("ui.pager.previous")}</a>` : ""}
${options.page && options.pages ? html`<span class="pager-position">${view.t("ui.pager.position", { page: options.page, pages: options.pages })}</span>` : ""}
${options.next ? html`<a href="${options.next}" rel="next">${view.t("ui.pager.next")}</a>` : ""}
</nav>`;
}

/** What a list shows when it has nothing: why, and the one thing to do about it (a link or a button). */
export function emptyState(options: { title: string; text?: string; action?: { label: string; href: string } }): SafeHtml {
  return html`<div class="empty-state"><p class="empty-state-title">${options.title}</p>${options.text ? html`<p>${options.text}</p>` : ""}${
    options.action ? html`<p><a class="button" href="${options.action.href}">${options.action.label}</a></p>` : ""
  }</div>`;
}

export type NoticeKind = "info" | "success" | "warning" | "error";

/**
 * A message box. Success and errors are announced (role status / alert) when they appear after an action;
 * information and warnings are read in the page's order.
 */
export function notice(kind: NoticeKind, body: HtmlValue, options: { title?: string } = {}): SafeHtml {
  const role = kind === "success" ? html` role="status"` : kind === "error" ? html` role="alert"` : "";
  return html`<div class="notice-box notice-${kind}"${role}>${options.title ? html`<p class="notice-title">${options.title}</p>` : ""}${body}</div>`;
}

/**
 * The head of a detail page: what kind of thing it is, its title, a line of facts, and the next action made obvious
 * (one primary button, others secondary). The page's <h1> is here; sections below use <h2>. `actions` takes markup
 * for actions that are not links — a form posting "join" or "follow" (a <button> is primary, `class="secondary"` not),
 * placed after the primary link and before the secondary ones.
 */
export function pageHeader(options: {
  kind?: HtmlValue;
  title: HtmlValue;
  /** The h1's id, for a landmark (`<article aria-labelledby>`) that takes its name from the title. */
  titleId?: string;
  facts?: HtmlValue[];
  primary?: { label: string; href: string };
  secondary?: { label: string; href: string }[];
  actions?: HtmlValue;
  status?: HtmlValue;
}): SafeHtml {
  const facts = (options.facts ?? []).filter((fact) => fact !== "" && fact !== null && fact !== undefined);
  const hasActions = Boolean(options.primary || options.secondary?.length || options.actions);
  return html`<header class="page-header">
${options.kind ? html`<p class="page-kind">${options.kind}</p>` : ""}
<h1${options.titleId ? html` id="${options.titleId}"` : ""}>${options.title}</h1>
${options.status ? html`<p class="page-status">${options.status}</p>` : ""}
${facts.length ? html`<ul class="page-facts">${facts.map((fact) => html`<li>${fact}</li>`)}</ul>` : ""}
${hasActions ? html`<div class="page-actions">${options.primary ? html`<a class="button" href="${options.primary.href}">${options.primary.label}</a>` : ""}${options.actions ?? ""}${(options.secondary ?? []).map(
      (action) => html` <a class="button secondary" href="${action.href}">${action.label}</a>`,
    )}</div>` : ""}
</header>`;
}

/**
 * A long form's table of contents: links to its sections (fieldsets with ids), beside the form on a wide screen and
 * above it on a phone, so a form of many parts reads as parts. Works without JavaScript (plain anchors).
 */
export function formSections(view: ViewContext, sections: { id: string; label: string }[]): HtmlValue {
  if (sections.length < 3) return "";
  return html`<nav class="form-sections" aria-label="${view.t("ui.form_sections")}"><ol>${sections.map((section) => html`<li><a href="#${section.id}">${section.label}</a></li>`)}</ol></nav>`;
}

/** One section of a long form: a fieldset with the id and legend that its entry in `formSections` links to. */
export function formSection(section: { id: string; label: string }, body: HtmlValue, options: { className?: string } = {}): SafeHtml {
  return html`<fieldset class="form-section${options.className ? ` ${options.className}` : ""}" id="${section.id}"><legend>${section.label}</legend>${body}</fieldset>`;
}

/** A number with its label, for the figures at the top of a dashboard or report. */
export function statTiles(items: { label: string; value: string; href?: string }[]): SafeHtml {
  return html`<ul class="stat-tiles">${items.map(
    (item) => html`<li><span class="stat-value">${item.href ? html`<a href="${item.href}">${item.value}</a>` : item.value}</span> <span class="stat-label">${item.label}</span></li>`,
  )}</ul>`;
}

/** A small state label (draft, published, on track, overdue…) in one of four tones; the word carries the meaning, not the colour. */
export function badge(label: string, tone: "neutral" | "info" | "success" | "warning" | "danger" = "neutral"): SafeHtml {
  return html`<span class="badge badge-${tone}">${label}</span>`;
}
