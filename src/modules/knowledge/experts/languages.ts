import type { Locale } from "../../../platform/i18n/locales";

/**
 * Languages an expert can say they speak: the six UN languages, the languages of the regions Convene serves
 * first (Central Asia, the Caucasus, Eastern Europe) and other widely spoken ones. ISO 639-1 codes.
 */
export const SPOKEN_LANGUAGES = [
  "ar", "zh", "en", "fr", "ru", "es",
  "kk", "ky", "uz", "tg", "tk", "mn", "az", "hy", "ka", "uk", "be", "ro",
  "de", "it", "nl", "pl", "sv", "pt", "tr", "fa", "hi", "ur", "bn", "sw", "am", "ha", "id", "ja", "ko", "vi", "th",
] as const;

const KNOWN = new Set<string>(SPOKEN_LANGUAGES);

export function isSpokenLanguage(code: unknown): code is string {
  return typeof code === "string" && KNOWN.has(code);
}

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** A language's name in the page's language ("Kazakh", «казахский»). */
export function spokenLanguageName(code: string, locale: Locale): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "language" });
    displayNames.set(locale, names);
  }
  return names.of(code) ?? code;
}

/** Every offered language, named and sorted in the page's language. */
export function listSpokenLanguages(locale: Locale): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale);
  return SPOKEN_LANGUAGES.map((code) => ({ code, name: spokenLanguageName(code, locale) })).sort((a, b) => collator.compare(a.name, b.name));
}
