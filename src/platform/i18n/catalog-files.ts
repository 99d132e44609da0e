import { existsSync, readFileSync } from "node:fs";
import { FALLBACK_LOCALE, LOCALE_CODES } from "./locales";
import type { MessageCatalog } from "./messages";

// Messages live in JSON catalogs, one per module and locale (`locales/<code>.json` beside the module's manifest),
// in ICU MessageFormat — the shape Weblate, Crowdin and Pontoon read and write ("ICU message format JSON"). Every
// locale's file lists every English key; an empty string means "not translated yet": the translator then falls
// back to English and marks it (see messages.ts), and the admin page counts it against the locale's completeness.

/** A module's catalog from its `locales/` folder (a URL ending in "/"): one file per supported locale, if present. */
export function readCatalog(folder: URL): MessageCatalog {
  const catalog: MessageCatalog = {};
  const counts: Record<string, number> = {};
  for (const code of LOCALE_CODES) {
    const file = new URL(`${code}.json`, folder);
    if (!existsSync(file)) continue;
    const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${file.pathname}: a catalog is one JSON object of key → message`);
    const messages: Record<string, string> = {};
    for (const [key, message] of Object.entries(parsed)) {
      if (typeof message !== "string") throw new Error(`${file.pathname}: "${key}" is not a string`);
      if (message !== "") messages[key] = message;
    }
    catalog[code] = messages;
    counts[code] = Object.keys(messages).length;
  }
  const name = folder.pathname.replace(/\/locales\/?$/, "").split("/src/").pop() ?? folder.pathname;
  readCatalogs.push({ name, total: counts[FALLBACK_LOCALE] ?? 0, translated: counts });
  return catalog;
}

/** How much of one catalog each locale has translated (for the administrators' languages page). */
export type CatalogCompleteness = { name: string; total: number; translated: Record<string, number> };

const readCatalogs: CatalogCompleteness[] = [];

/** Every catalog read so far (the platform's and each module's), in the order they were read. */
export function catalogCompleteness(): readonly CatalogCompleteness[] {
  return readCatalogs;
}
