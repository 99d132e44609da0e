import { badge, emptyState, pageHeader } from "../../../platform/views/components";
import type { ContentCard } from "../../../platform/content/sources";
import { contentSource } from "../../../platform/content/sources";
import { html, raw, type HtmlValue, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import { errorSummary, localizedFields, postForm, textField, type FormState } from "../../../platform/views/forms";
import { renderPage, type Breadcrumb } from "../../../platform/views/layout";
import { localizedLabel, localizedText } from "../../../platform/views/localized";
import { SHOWCASE_WIDGET_PATH } from "../widget";
import type { ResolvedEntry, ShowcaseSummary } from "../queries";
import { showcasePath, showcasesPath } from "../queries";
import type { ShowcaseItemRow, ShowcaseRow } from "../schema";

export type SpaceRef = { slug: string; title: LocalizedText };

const crumbs = (view: ViewContext, space: SpaceRef, last: Breadcrumb[]): Breadcrumb[] => [
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("showcases.list.title"), href: showcasesPath(space.slug) },
  ...last,
];

/** The showcase's occasion and dates: "COP17 high-level segment · 19 Oct 2026 – 30 Oct 2026". */
/** The occasion and dates of a showcase, as facts for its page's header. */
function occasionFacts(view: ViewContext, showcase: ShowcaseRow): HtmlValue[] {
  const dates = showcase.startsOn && showcase.endsOn
    ? view.t("showcases.page.dates", { from: view.format.date(showcase.startsOn), until: view.format.date(showcase.endsOn) })
    : showcase.startsOn ? view.format.date(showcase.startsOn) : "";
  return [localize(showcase.occasion, view.locale).text ? localizedText(view, showcase.occasion) : "", dates];
}

/** The occasion and dates on one line, under a showcase's card in the list. */
function occasionLine(view: ViewContext, showcase: ShowcaseRow): HtmlValue {
  const [occasion, dates] = occasionFacts(view, showcase);
  if (!occasion && !dates) return "";
  return html`<p class="lead">${occasion}${occasion && dates ? " · " : ""}${dates}</p>`;
}

/** The cover band in the curator's colour: an SVG fill, since the CSP allows no inline style. */
function cover(colour: string): HtmlValue {
  return colour ? html`<svg class="showcase-cover" aria-hidden="true" focusable="false" width="100%" height="12" viewBox="0 0 100 12" preserveAspectRatio="none"><rect width="100" height="12" fill="${colour}"/></svg>` : "";
}

/** HTML rendered (and sanitised) by renderMarkdown when it was written: trusted markup, marked with its language when it fell back. */
function storedMarkup(view: ViewContext, value: LocalizedText): HtmlValue {
  const shown = localize(value, view.locale);
  if (!shown.text) return "";
  // trusted: intro_html is only written from renderMarkdown(intro), never from what a request sends
  const markup = raw(shown.text);
  return shown.isFallback ? html`<div lang="${shown.locale}">${markup}</div>` : markup;
}

function kindLabel(view: ViewContext, kind: string): string {
  const source = contentSource(kind);
  return source ? view.t(source.labelKey) : kind;
}

/** One item as a card: picture, kind, title linked to its page, meta line, summary and the curator's note. */
function itemCard(view: ViewContext, card: ContentCard, note: LocalizedText, level: 2 | 3): SafeHtml {
  const title = html`<a href="${card.path}">${localizedLabel(view, card.title)}</a>`;
  const hasNote = Boolean(localize(note, view.locale).text);
  return html`<li class="card">
  ${card.image ? html`<img src="${card.image.path}" alt="${localizedString(card.image.alt, view.locale)}" loading="lazy">` : ""}
  <p><span class="tag">${card.kindLabel ? localizedString(card.kindLabel, view.locale) : kindLabel(view, card.kind)}</span></p>
  ${level === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
  ${localize(card.meta, view.locale).text ? html`<p class="muted">${localizedLabel(view, card.meta)}</p>` : ""}
  ${localize(card.summary, view.locale).text ? html`<p>${localizedText(view, card.summary)}</p>` : ""}
  ${hasNote ? html`<p><strong>${view.t("showcases.page.note")}:</strong> ${localizedText(view, note)}</p>` : ""}
</li>`;
}

/** The entries as sections of cards: a heading closes the list before it and opens a new one. */
function entriesHtml(view: ViewContext, shown: ResolvedEntry[]): SafeHtml {
  const blocks: SafeHtml[] = [];
  let cards: SafeHtml[] = [];
  let isInSection = false;
  const flush = () => {
    if (cards.length) blocks.push(html`<ul class="cards">${cards}</ul>`);
    cards = [];
  };
  for (const item of shown) {
    if (item.type === "section") {
      flush();
      isInSection = true;
      blocks.push(html`<h2>${localizedText(view, item.entry.heading)}</h2>`);
    } else cards.push(itemCard(view, item.card, item.entry.note, isInSection ? 3 : 2));
  }
  flush();
  return html`${blocks}`;
}

/** A space's showcases: published ones for everyone, drafts too for its curators. */
export function listPage(view: ViewContext, data: { space: SpaceRef; showcases: ShowcaseSummary[]; canCurate: boolean }): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("showcases.list.title")} · ${localizedString(data.space.title, view.locale)}`,
    breadcrumbs: [{ label: localize(data.space.title, view.locale), href: `/spaces/${data.space.slug}` }, { label: t("showcases.list.title") }],
    body: html`<h1>${t("showcases.list.title")}</h1>
<p class="lead">${t("showcases.list.lead")}</p>
${data.canCurate ? html`<p><a class="button" href="${showcasesPath(data.space.slug)}/new">${t("showcases.list.new")}</a></p>` : ""}
${data.showcases.length
  ? html`<ul class="cards">${data.showcases.map((showcase) => html`<li class="card">
    ${cover(showcase.colour)}
    <h2><a href="${showcasePath(data.space.slug, showcase.slug)}">${localizedLabel(view, showcase.title)}</a></h2>
    ${occasionLine(view, showcase)}
    <p class="muted">${showcase.status === "draft" ? html`<span class="tag">${t("showcases.list.draft")}</span> ` : ""}${t("showcases.list.items", { count: showcase.itemCount })}</p>
  </li>`)}</ul>`
  : emptyState({ title: t("showcases.list.empty") })}`,
  });
}

/** The public page of a showcase: its cards in the curator's order, with the feed and the embed snippet. */
export function showcasePage(
  view: ViewContext,
  data: { space: SpaceRef; showcase: ShowcaseRow; shown: ResolvedEntry[]; canCurate: boolean; publicUrl: string; head: SafeHtml },
): string {
  const { t } = view;
  const { space, showcase } = data;
  const path = showcasePath(space.slug, showcase.slug);
  const snippet = `<script src="${data.publicUrl}${SHOWCASE_WIDGET_PATH}" defer></script>
<convene-showcase space="${space.slug}" showcase="${showcase.slug}" limit="12" lang="${view.locale}">
  <a href="${data.publicUrl}${path}">${localizedString(showcase.title, view.locale)}</a>
</convene-showcase>`;
  return renderPage(view, {
    title: localizedString(showcase.title, view.locale),
    head: data.head,
    breadcrumbs: crumbs(view, space, [{ label: localize(showcase.title, view.locale) }]),
    body: html`<article>
${cover(showcase.colour)}
${pageHeader({
  kind: t("showcases.page.kind"),
  title: localizedText(view, showcase.title),
  status: showcase.status === "draft" ? badge(t("showcases.list.draft"), "warning") : undefined,
  facts: occasionFacts(view, showcase),
  // Its curators' next step is curating it; a visitor may follow it through its feed.
  primary: data.canCurate ? { label: t("showcases.page.curate"), href: `${path}/edit` } : undefined,
  secondary: [{ label: t("showcases.page.feed"), href: `${path}/feed.atom` }],
})}
${showcase.status === "draft" ? html`<p class="notice">${t("showcases.page.draft_notice")}</p>` : ""}
${storedMarkup(view, showcase.introHtml)}
${data.shown.some((item) => item.type === "item") ? entriesHtml(view, data.shown) : html`<p>${t("showcases.page.empty")}</p>`}
</article>
${showcase.status === "published" ? html`<details><summary>${t("showcases.page.embed")}</summary>
<p>${t("showcases.page.embed_lead")}</p>
<pre><code>${snippet}</code></pre>
</details>` : ""}`,
  });
}

function detailsFields(view: ViewContext, form: FormState): SafeHtml {
  const { t } = view;
  return html`${localizedFields(view, form, { name: "title", label: t("showcases.field.title"), isRequired: true })}
${localizedFields(view, form, { name: "occasion", label: t("showcases.field.occasion"), hint: t("showcases.field.occasion_hint") })}
${textField(view, form, { name: "starts_on", label: t("showcases.field.starts_on"), type: "date" })}
${textField(view, form, { name: "ends_on", label: t("showcases.field.ends_on"), type: "date" })}
${localizedFields(view, form, { name: "intro", label: t("showcases.field.intro"), hint: t("showcases.field.intro_hint"), isMultiline: true, rows: 6 })}
${textField(view, form, { name: "slug", label: t("showcases.field.slug"), hint: t("showcases.field.slug_hint"), maxLength: 60 })}
${textField(view, form, { name: "colour", label: t("showcases.field.colour"), hint: t("showcases.field.colour_hint"), maxLength: 7 })}`;
}

/** The form for a new showcase. */
export function newPage(view: ViewContext, space: SpaceRef, form: FormState): string {
  const { t } = view;
  return renderPage(view, {
    title: t("showcases.new.title"),
    breadcrumbs: crumbs(view, space, [{ label: t("showcases.new.title") }]),
    body: html`<h1>${t("showcases.new.title")}</h1>
${errorSummary(view, form)}
${postForm(view, `${showcasesPath(space.slug)}/new`, html`${detailsFields(view, form)}<button type="submit" class="button">${t("showcases.new.submit")}</button>`)}`,
  });
}

export type PickerState = { kinds: { kind: string; label: string }[]; kind: string; q: string; results: ContentCard[] | null; taken: Set<string> };

/** A curator's page: publication, the entries with their controls, the picker, a heading form and the details. */
export function curatePage(
  view: ViewContext,
  data: { space: SpaceRef; showcase: ShowcaseRow; entries: ShowcaseItemRow[]; cards: Map<string, ContentCard>; dropped: ShowcaseItemRow[]; picker: PickerState; details: FormState; action: FormState },
): string {
  const { t } = view;
  const { space, showcase, picker } = data;
  const base = `${showcasePath(space.slug, showcase.slug)}/edit`;
  const title = localize(showcase.title, view.locale);
  const isDropped = new Set(data.dropped.map((entry) => entry.id));
  const small = (action: string, label: string, fields: HtmlValue = "") => postForm(view, action, html`${fields}<button type="submit" class="button-small">${label}</button>`, { className: "inline-form" });
  const entryRow = (entry: ShowcaseItemRow, index: number) => {
    const isSection = entry.kind === "section";
    const card = data.cards.get(entry.id);
    const name = `text_${entry.id}`;
    const textForm: FormState = { values: Object.fromEntries(Object.entries(isSection ? entry.heading : entry.note).map(([locale, text]) => [`${name}.${locale}`, text])), errors: data.action.errors[name] ? { [name]: data.action.errors[name] } : {} };
    return html`<li>
  <p>${isSection
    ? html`<strong>${t("showcases.curate.section")}:</strong> ${localizedLabel(view, entry.heading)}`
    : html`<span class="tag">${kindLabel(view, entry.kind)}</span> ${card ? html`<a href="${card.path}">${localizedLabel(view, card.title)}</a>` : localizedLabel(view, entry.label)}
      ${isDropped.has(entry.id) ? html` <strong>${t("showcases.curate.dropped")}</strong>` : ""}`}</p>
  <p>${index > 0 ? small(`${base}/entries/${entry.id}/move`, t("showcases.curate.up"), html`<input type="hidden" name="direction" value="up">`) : ""}
    ${index < data.entries.length - 1 ? small(`${base}/entries/${entry.id}/move`, t("showcases.curate.down"), html`<input type="hidden" name="direction" value="down">`) : ""}
    ${small(`${base}/entries/${entry.id}/remove`, t("showcases.curate.remove"))}</p>
  <details${textForm.errors[name] ? html` open` : ""}><summary>${isSection ? t("showcases.field.heading") : t("showcases.field.note")}</summary>
  ${postForm(view, `${base}/entries/${entry.id}/text`, html`${localizedFields(view, textForm, { name, label: isSection ? t("showcases.field.heading") : t("showcases.field.note"), isMultiline: !isSection, rows: 2 })}
    <button type="submit" class="button-small">${t("showcases.curate.save_note")}</button>`)}
  </details>
</li>`;
  };
  return renderPage(view, {
    title: t("showcases.curate.title", { title: title.text }),
    breadcrumbs: crumbs(view, space, [{ label: title, href: showcasePath(space.slug, showcase.slug) }, { label: t("showcases.page.curate") }]),
    body: html`<h1>${t("showcases.curate.title", { title: title.text })}</h1>
${errorSummary(view, data.action)}
<section aria-labelledby="state-heading">
  <h2 id="state-heading">${t("showcases.curate.state")}</h2>
  <p>${showcase.status === "published" ? t("showcases.curate.state_published") : t("showcases.curate.state_draft")}</p>
  <p>${small(`${base}/status`, showcase.status === "published" ? t("showcases.curate.unpublish") : t("showcases.curate.publish"), html`<input type="hidden" name="status" value="${showcase.status === "published" ? "draft" : "published"}">`)}
    <a href="${showcasePath(space.slug, showcase.slug)}">${t("showcases.curate.view")}</a></p>
</section>
<section aria-labelledby="items-heading">
  <h2 id="items-heading">${t("showcases.curate.items")}</h2>
  ${data.dropped.length ? html`<p class="notice">${t("showcases.curate.dropped_summary", { count: data.dropped.length })}</p>` : ""}
  ${data.entries.length ? html`<ol class="stack">${data.entries.map(entryRow)}</ol>` : html`<p>${t("showcases.curate.items_empty")}</p>`}
</section>
<section aria-labelledby="picker-heading">
  <h2 id="picker-heading">${t("showcases.curate.picker")}</h2>
  <p class="hint">${t("showcases.curate.picker_lead")}</p>
  <form method="get" action="${base}#picker-heading" class="search-form-row">
    <div class="field"><label for="picker-kind">${t("showcases.field.kind")}</label>
      <select id="picker-kind" name="kind">${picker.kinds.map((kind) => html`<option value="${kind.kind}"${kind.kind === picker.kind ? html` selected` : ""}>${kind.label}</option>`)}</select></div>
    <div class="field"><label for="picker-q">${t("showcases.field.search")}</label><input type="search" id="picker-q" name="q" value="${picker.q}" maxlength="200"></div>
    <button type="submit" class="button">${t("showcases.curate.find")}</button>
  </form>
  ${picker.results === null ? "" : picker.results.length
    ? html`<h3>${t("showcases.curate.results")}</h3><ul class="stack">${picker.results.map((card) => html`<li>${localizedLabel(view, card.title)}
        ${card.meta && localize(card.meta, view.locale).text ? html` <span class="muted">(${localizedLabel(view, card.meta)})</span>` : ""}
        ${picker.taken.has(`${card.kind}:${card.id}`)
          ? html` <em>${t("showcases.curate.added")}</em>`
          : small(`${base}/items`, t("showcases.curate.add"), html`<input type="hidden" name="kind" value="${card.kind}"><input type="hidden" name="item" value="${card.id}">`)}</li>`)}</ul>`
    : html`<p>${t("showcases.curate.no_results")}</p>`}
</section>
<section aria-labelledby="section-heading">
  <h2 id="section-heading">${t("showcases.curate.add_section")}</h2>
  ${postForm(view, `${base}/sections`, html`${localizedFields(view, data.action.errors.heading ? data.action : { values: {}, errors: {} }, { name: "heading", label: t("showcases.field.heading"), isRequired: true })}
    <button type="submit" class="button">${t("showcases.curate.add_section_submit")}</button>`)}
</section>
<section aria-labelledby="details-heading">
  <h2 id="details-heading">${t("showcases.curate.details")}</h2>
  ${errorSummary(view, data.details)}
  ${postForm(view, base, html`${detailsFields(view, data.details)}<button type="submit" class="button">${t("showcases.curate.save")}</button>`)}
</section>`,
  });
}
