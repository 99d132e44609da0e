/**
 * A UI language. Adding one = an entry here plus a `<code>.json` in every `locales/` folder (the catalog check
 * in the tests lists what is missing). `name` is the language's own name, for the switcher.
 */
import { isPseudoLocaleEnabled, PSEUDO_LOCALE } from "./pseudo-locale";

export type LocaleInfo = { code: string; name: string; dir: "ltr" | "rtl"; intl: string };

/** The six official languages of the United Nations; English first (the source every catalog is written in). */
export const LOCALES: readonly LocaleInfo[] = [
  { code: "en", name: "English", dir: "ltr", intl: "en-GB" },
  { code: "ru", name: "Русский", dir: "ltr", intl: "ru-RU" },
  { code: "fr", name: "Français", dir: "ltr", intl: "fr-FR" },
  { code: "es", name: "Español", dir: "ltr", intl: "es-ES" },
  { code: "ar", name: "العربية", dir: "rtl", intl: "ar" },
  { code: "zh", name: "中文", dir: "ltr", intl: "zh-CN" },
];

export type Locale = string;
export const LOCALE_CODES = LOCALES.map((locale) => locale.code);
export const FALLBACK_LOCALE = "en";

/** The test-only pseudo locale (see pseudo-locale.ts): not in LOCALES, so no switcher or form ever offers it. */
const PSEUDO_LOCALE_INFO: LocaleInfo = { code: PSEUDO_LOCALE, name: "[Þšéüđö]", dir: "ltr", intl: "en-GB" };

/** A UI language code; the pseudo locale counts only while a test has switched it on. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALE_CODES.includes(value) || (value === PSEUDO_LOCALE && isPseudoLocaleEnabled()));
}

export function localeInfo(code: Locale): LocaleInfo {
  if (code === PSEUDO_LOCALE && isPseudoLocaleEnabled()) return PSEUDO_LOCALE_INFO;
  return LOCALES.find((locale) => locale.code === code) ?? LOCALES[0];
}

/** Picks the best supported locale from an Accept-Language header (q-values respected). */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const quality = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      return { tag: tag.toLowerCase(), quality: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return undefined;
}
