/** A UI language. Adding one (e.g. Arabic) = an entry here plus a messages file per module. */
export type LocaleInfo = { code: string; name: string; dir: "ltr" | "rtl"; intl: string };

export const LOCALES: readonly LocaleInfo[] = [
  { code: "en", name: "English", dir: "ltr", intl: "en-GB" },
  { code: "ru", name: "Русский", dir: "ltr", intl: "ru-RU" },
];

export type Locale = string;
export const LOCALE_CODES = LOCALES.map((locale) => locale.code);
export const FALLBACK_LOCALE = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && LOCALE_CODES.includes(value);
}

export function localeInfo(code: Locale): LocaleInfo {
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
