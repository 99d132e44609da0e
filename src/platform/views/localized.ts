import { html, type SafeHtml } from "../html";
import type { ViewContext } from "../http/context";
import { LOCALES } from "../i18n/locales";
import { localize, type LocalizedText } from "../i18n/localized";

/** A language's own name for UI languages ("Русский"), otherwise its name in the page's language. */
export function languageName(code: string, pageLocale: string): string {
  const ui = LOCALES.find((locale) => locale.code === code);
  if (ui) return ui.name;
  try {
    return new Intl.DisplayNames([pageLocale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Multilingual user content for a page: the text in the page's language, or the best fallback wrapped
 * in its own `lang` (screen readers switch voice) with a visible "shown in <language>" marker.
 */
export function localizedText(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.isFallback) return html`${shown.text}`;
  return html`<span lang="${shown.locale}">${shown.text}</span> <span class="lang-note">(${view.t("layout.shown_in", { language: languageName(shown.locale, view.locale) })})</span>`;
}

/** Same for a block of text, keeping the author's paragraphs. */
export function localizedParagraphs(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  const shown = localize(value, view.locale);
  if (!shown.text) return html``;
  const paragraphs = shown.text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`);
  if (!shown.isFallback) return html`${paragraphs}`;
  return html`<p class="lang-note">${view.t("layout.shown_in", { language: languageName(shown.locale, view.locale) })}</p><div lang="${shown.locale}">${paragraphs}</div>`;
}
