import { searchableText, type LocalizedText } from "../../platform/i18n/localized";
import { transliterate } from "./slug";

/**
 * The organisation's `search_text`: every language's name and description, plus the names in Latin letters
 * (so "Pavlodar" finds "Павлодар") and the themes, lower-cased here in JavaScript: case-folding then does not depend on the
 * database's locale, and queries are lower-cased the same way.
 */
export function buildSearchText(name: LocalizedText, description: LocalizedText, themes: readonly string[] = []): string {
  const all = `${searchableText(name, description)} ${themes.join(" ")}`.toLowerCase();
  const names = searchableText(name).toLowerCase();
  const latinNames = transliterate(names);
  return (latinNames === names ? all : `${all} ${latinNames}`).replace(/\s+/g, " ").trim();
}

/** A search query as it is matched against `search_text`. */
export function normaliseQuery(query: string): string {
  return query.toLowerCase().replace(/\s+/g, " ").trim().slice(0, 200);
}
