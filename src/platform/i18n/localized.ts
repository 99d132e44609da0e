import { FALLBACK_LOCALE, LOCALE_CODES, type Locale } from "./locales";

/** User content in several languages, keyed by locale code: { en: "...", ru: "..." }. */
export type LocalizedText = Partial<Record<Locale, string>>;

export type LocalizedValue = { text: string; locale: Locale; isFallback: boolean };

/**
 * Picks the text to show in `locale`: that language, else the fallback language, else any language
 * present. `isFallback` tells the view to mark the text as "shown in <language>".
 */
export function localize(value: LocalizedText | null | undefined, locale: Locale): LocalizedValue {
  const chain = [locale, FALLBACK_LOCALE, ...LOCALE_CODES, ...Object.keys(value ?? {})];
  for (const candidate of chain) {
    const text = value?.[candidate]?.trim();
    if (text) return { text, locale: candidate, isFallback: candidate !== locale };
  }
  return { text: "", locale, isFallback: false };
}

/** Plain string in the best language (for titles, CSV, JSON-LD names). */
export function localizedString(value: LocalizedText | null | undefined, locale: Locale): string {
  return localize(value, locale).text;
}

/** Drops empty languages and trims; returns undefined-free JSON ready to store. */
export function cleanLocalized(value: LocalizedText): LocalizedText {
  const result: LocalizedText = {};
  for (const [code, text] of Object.entries(value)) {
    const trimmed = text?.trim();
    if (trimmed) result[code] = trimmed;
  }
  return result;
}

/** All languages joined, for search columns. */
export function searchableText(...values: (LocalizedText | null | undefined)[]): string {
  return values.flatMap((value) => Object.values(value ?? {})).filter(Boolean).join(" ");
}
