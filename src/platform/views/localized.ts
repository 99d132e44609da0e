import { escapeHtml, html, raw, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { LOCALES, localeInfo } from "../i18n/locales";
import { localize, type LocalizedText, type LocalizedValue } from "../i18n/localized";
import type { MessageValues } from "../i18n/messages";

/**
 * A language's name in the page's language ("anglais" on a French page, "英语" on a Chinese one), for notes such as
 * "shown in English" and lists of languages; the language menu alone names each language in itself.
 */
export function languageName(code: string, pageLocale: string): string {
  try {
    const name = new Intl.DisplayNames([localeInfo(pageLocale).intl], { type: "language" }).of(code);
    if (name && name !== code) return name;
  } catch {
    // an unknown code: fall through to the menu's name or the code itself
  }
  return LOCALES.find((locale) => locale.code === code)?.name ?? code;
}

/**
 * A language named in itself where it is marked with its own `lang` (a link to a document's Russian version reads
 * "Русский"): the interface's six by their own names, other languages in the page's language.
 */
export function ownLanguageName(code: string, pageLocale: string): string {
  return LOCALES.find((locale) => locale.code === code)?.name ?? languageName(code, pageLocale);
}

/** Scripts written right to left, for content languages beyond the interface's six. */
const RIGHT_TO_LEFT = new Set(["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"]);

/** The writing direction of a language code ("ar-EG" → rtl). */
export function textDirection(code: string): "ltr" | "rtl" {
  const base = code.toLowerCase().split("-")[0];
  return LOCALES.find((locale) => locale.code === base)?.dir ?? (RIGHT_TO_LEFT.has(base) ? "rtl" : "ltr");
}

/**
 * The attributes of an element holding text in another language than the page's: its `lang` (screen readers switch
 * voice, browsers pick fonts and hyphenation) and, when its direction differs from the page's, its `dir` (English in
 * an Arabic page reads left to right).
 */
export function langAttributes(view: ViewContext, code: string): SafeHtml {
  const direction = textDirection(code);
  return direction === textDirection(view.locale) ? html` lang="${code}"` : html` lang="${code}" dir="${direction}"`;
}

/**
 * A short label (breadcrumb, card title, list entry, option group) as it was picked by `localize`: the bare
 * text when it is in the page's language, else wrapped in a `<span lang>` of its own language, without the
 * "shown in" note that would clutter a short label. A plain string is UI text in the page's language.
 */
export function inItsLanguage(view: ViewContext, shown: LocalizedValue | string): SafeHtml {
  if (typeof shown === "string") return html`${shown}`;
  return shown.locale === view.locale || !shown.text ? html`${shown.text}` : html`<span${langAttributes(view, shown.locale)}>${shown.text}</span>`;
}

/** `inItsLanguage` for a multilingual value: the best text for the page, marked with its language when it fell back. */
export function localizedLabel(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  return inItsLanguage(view, localize(value, view.locale));
}

/**
 * A translated message (heading, lead) that names multilingual content: values given as `localize(...)`'s
 * result are put in with `inItsLanguage`, so "Участники: <span lang="en">Green Steppe</span>" is read in
 * the right voice. The message is formatted with placeholders from the Unicode private-use area, then escaped.
 */
export function translateMarked(view: ViewContext, key: string, values: Record<string, MessageValues[string] | LocalizedValue>): SafeHtml {
  const plain: MessageValues = {};
  const marked: SafeHtml[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      plain[name] = `\uE000${marked.length}\uE001`;
      marked.push(inItsLanguage(view, value));
    } else plain[name] = value;
  }
  // Both halves are escaped: the message by escapeHtml, each value by inItsLanguage's html``.
  return raw(escapeHtml(view.t(key, plain)).replace(/\uE000(\d+)\uE001/g, (_match, index: string) => marked[Number(index)].value));
}

/**
 * Multilingual user content for a page: the text in the page's language, or the best fallback wrapped
 * in its own `lang` (screen readers switch voice) with a visible "shown in <language>" marker.
 */
export function localizedText(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.isFallback) return html`${shown.text}`;
  return html`<span${langAttributes(view, shown.locale)}>${shown.text}</span> <span class="lang-note">(${view.t("layout.shown_in", { language: languageName(shown.locale, view.locale) })})</span>`;
}

/** Same for a block of text, keeping the author's paragraphs. */
export function localizedParagraphs(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.text) return html``;
  const paragraphs = shown.text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`);
  if (!shown.isFallback) return html`${paragraphs}`;
  return html`<p class="lang-note">${view.t("layout.shown_in", { language: languageName(shown.locale, view.locale) })}</p><div${langAttributes(view, shown.locale)}>${paragraphs}</div>`;
}
