import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import { countryName } from "../../../platform/countries";
import { actorTypeLabel } from "../actor-types";

const languageNames = new Map<string, Intl.DisplayNames>();

/** The name of a language (of content) in the viewer's UI language: "Russian", "английский". */
export function languageName(code: string, uiLocale: string): string {
  let names = languageNames.get(uiLocale);
  if (!names) {
    names = new Intl.DisplayNames([uiLocale], { type: "language" });
    languageNames.set(uiLocale, names);
  }
  return names.of(code) ?? code;
}

/**
 * Multilingual content in the viewer's language, marked with its language (`lang`) and, when it had to fall
 * back to another language, with a visible "shown in <language>" note.
 */
export function localizedText(view: ViewContext, value: LocalizedText | null | undefined): SafeHtml {
  const shown = localize(value, view.locale);
  return html`<span lang="${shown.locale}">${shown.text}</span>${shown.isFallback && shown.text ? fallbackNote(view, shown.locale) : ""}`;
}

export function fallbackNote(view: ViewContext, locale: string): SafeHtml {
  return html` <span class="lang-note">(${view.t("layout.shown_in", { language: languageName(locale, view.locale) })})</span>`;
}

/** Paragraphs from plain text: a blank line starts a new paragraph. Escaped like everything else. */
export function paragraphs(text: string, locale?: string): SafeHtml {
  const blocks = text.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean);
  return html`${blocks.map((block) => html`<p${locale ? html` lang="${locale}"` : ""}>${block}</p>`)}`;
}

/** The first sentences of a text, cut at a word boundary. */
export function excerpt(text: string, maxLength = 220): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), maxLength * 0.6)).trimEnd()}…`;
}

export function actorTypeText(view: ViewContext, key: string): string {
  return actorTypeLabel(key, view.locale);
}

export function countryText(view: ViewContext, code: string | null): string {
  return code ? countryName(code, view.locale) : "";
}
