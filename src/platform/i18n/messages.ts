import { IntlMessageFormat } from "intl-messageformat";
import { FALLBACK_LOCALE, localeInfo, type Locale } from "./locales";
import { pseudoFormatter, PSEUDO_LOCALE } from "./pseudo-locale";

/** One module's UI strings: ICU MessageFormat, a catalogue per locale with the same keys. */
export type MessageCatalog = Record<Locale, Record<string, string>>;

/** Several catalogs (one per part of a module) as one. */
export function mergeCatalogs(...catalogs: MessageCatalog[]): MessageCatalog {
  const merged: MessageCatalog = {};
  for (const catalog of catalogs) for (const [locale, messages] of Object.entries(catalog)) merged[locale] = { ...merged[locale], ...messages };
  return merged;
}

const catalogs = new Map<Locale, Map<string, string>>();
// A message's formatter, or the message itself when it has no arguments, plurals, tags or quoting to resolve.
const formatters = new Map<string, IntlMessageFormat | string>();
const PLAIN_MESSAGE = /^[^{}<>'#]*$/;

/** Adds a module's messages; called once per module at import time. Keys must be unique across modules. */
export function registerMessages(catalog: MessageCatalog): void {
  for (const [locale, messages] of Object.entries(catalog)) {
    const target = catalogs.get(locale) ?? new Map<string, string>();
    for (const [key, message] of Object.entries(messages)) target.set(key, message);
    catalogs.set(locale, target);
  }
}

/**
 * Takes back messages `registerMessages` added (a test's probe messages, so that the tests sharing its process,
 * the catalog checks among them, never see them), with their cached formatters.
 */
export function unregisterMessages(catalog: MessageCatalog): void {
  const keys = new Set(Object.values(catalog).flatMap((messages) => Object.keys(messages)));
  for (const messages of catalogs.values()) for (const key of keys) messages.delete(key);
  // a formatter is cached per locale and key (translator below), for any locale that fell back to English
  for (const cacheKey of formatters.keys()) if (keys.has(cacheKey.slice(cacheKey.indexOf("\u0000") + 1))) formatters.delete(cacheKey);
}

/** Every registered key per locale; the i18n test checks they match and parse. */
export function registeredCatalogs(): ReadonlyMap<Locale, ReadonlyMap<string, string>> {
  return catalogs;
}

export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;
export type Translate = (key: string, values?: MessageValues) => string;

const translators = new Map<Locale, Translate>();

const isMissingValue = (error: unknown): boolean => error instanceof Error && "code" in error && error.code === "MISSING_VALUE";

/** Returns a translator for one locale; an unknown key falls back to English, then to the key itself. */
export function translator(locale: Locale): Translate {
  const cached = translators.get(locale);
  if (cached) return cached;
  const translate: Translate = (key, values) => {
    const message = catalogs.get(locale)?.get(key) ?? catalogs.get(FALLBACK_LOCALE)?.get(key);
    if (message === undefined) return key;
    const cacheKey = `${locale}\u0000${key}`;
    let formatter = formatters.get(cacheKey);
    if (formatter === undefined && locale === PSEUDO_LOCALE) {
      // the pseudo locale has no catalog of its own: every message is English, accented and bracketed
      formatter = pseudoFormatter(message, localeInfo(locale).intl);
      formatters.set(cacheKey, formatter);
    }
    if (formatter === undefined) {
      // plain text is its own translation: a page with a hundred "Reply" links formats nothing
      formatter = PLAIN_MESSAGE.test(message) ? message : new IntlMessageFormat(message, localeInfo(locale).intl);
      formatters.set(cacheKey, formatter);
    }
    if (typeof formatter === "string") return formatter;
    try {
      return String(formatter.format(values as Record<string, string>));
    } catch (error) {
      // A value the caller did not pass (e.g. a space's `mode` on a page that does not know the space) must not
      // turn a page into a 500: it is formatted as empty, so a select takes its `other` branch.
      if (!isMissingValue(error)) throw error;
      const lenient = new Proxy(values ?? {}, { has: () => true });
      return String(formatter.format(lenient as Record<string, string>));
    }
  };
  translators.set(locale, translate);
  return translate;
}

/**
 * A translator for one request that counts the messages it had to show in English because the locale has no
 * translation for them yet, so the page can say so (a locale may be incomplete: translators fill it in over time).
 */
export function countingTranslator(locale: Locale): { t: Translate; untranslated: () => number } {
  const base = translator(locale);
  const own = catalogs.get(locale);
  const english = catalogs.get(FALLBACK_LOCALE);
  if (locale === FALLBACK_LOCALE || locale === PSEUDO_LOCALE || !english || (own && own.size >= english.size)) return { t: base, untranslated: () => 0 };
  let count = 0;
  const t: Translate = (key, values) => {
    if (!own?.has(key) && english.has(key)) count += 1;
    return base(key, values);
  };
  return { t, untranslated: () => count };
}

export type IntlFormat = { date(value: Date | string): string; dateTime(value: Date | string): string; number(value: number): string };
const intlFormats = new Map<Locale, IntlFormat>();

/** Intl helpers for one locale, so views never format dates or numbers by hand. Built once per locale. */
export function intlFormat(locale: Locale): IntlFormat {
  const cached = intlFormats.get(locale);
  if (cached) return cached;
  const intl = localeInfo(locale).intl;
  const date = new Intl.DateTimeFormat(intl, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(intl, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const number = new Intl.NumberFormat(intl);
  const format: IntlFormat = {
    date: (value) => date.format(new Date(value)),
    dateTime: (value) => `${dateTime.format(new Date(value))} UTC`,
    number: (value) => number.format(value),
  };
  intlFormats.set(locale, format);
  return format;
}
