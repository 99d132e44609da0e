import { readFileSync } from "node:fs";
import type { TextLanguage } from "./analyzer";

/*
 * The bilingual stem dictionary: English and Russian Snowball stems that translate each other, with a weight
 * (1 for a word's first translation in its first sense, less for later items and senses). Built once from
 * V. K. Mueller's English–Russian dictionary by `dictionary/build.ts`; the data is `dictionary/en-ru.tsv`
 * (GPL-2.0-or-later, see dictionary/README.md). The glossary names the field's terms as concepts; this names
 * the everyday words around them ("river" «река», "child" «ребёнок», "kitchen" «кухня»), so a reader that
 * compares texts across languages can use it where no concept carries a word over.
 *
 * Read on first use (~74,000 pairs, a few MB in memory), then kept.
 */

export type DictionaryTranslation = { stem: string; weight: number };

type Maps = Record<TextLanguage, Map<string, DictionaryTranslation[]>>;

let loaded: Maps | undefined;

function load(): Maps {
  if (loaded) return loaded;
  const text = readFileSync(new URL("./dictionary/en-ru.tsv", import.meta.url), "utf8");
  const maps: Maps = { en: new Map(), ru: new Map() };
  const add = (map: Map<string, DictionaryTranslation[]>, from: string, to: string, weight: number) => {
    const list = map.get(from);
    if (list) list.push({ stem: to, weight });
    else map.set(from, [{ stem: to, weight }]);
  };
  const frequency = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [en, ru, weight, count] = line.split("\t");
    if (!en || !ru || !weight) continue;
    add(maps.en, en, ru, Number(weight));
    add(maps.ru, ru, en, Number(weight));
    frequency.set(en, Number(count) || 0);
  }
  // English → Russian lines come in the dictionary's order (best first). The reverse lists gather one Russian
  // stem's English sources from all over the file: best first too, and among equals the more common English word
  // (how often it occurs in the source's examples): «сухой» is "dry" before "brut" and "sec".
  for (const list of maps.ru.values()) list.sort((a, b) => b.weight - a.weight || (frequency.get(b.stem) ?? 0) - (frequency.get(a.stem) ?? 0) || a.stem.localeCompare(b.stem));
  loaded = maps;
  return maps;
}

/**
 * Translations of one stem of `from`'s language into the other, best first, at most `limit` of them (all when
 * `limit` is omitted). An unknown stem has none.
 */
export function dictionaryTranslations(stem: string, from: TextLanguage, limit?: number): readonly DictionaryTranslation[] {
  const list = load()[from].get(stem) ?? [];
  return limit === undefined ? list : list.slice(0, limit);
}

/** How many stems of each language the dictionary knows (for reports and tests). */
export function dictionarySize(): Record<TextLanguage, number> {
  const maps = load();
  return { en: maps.en.size, ru: maps.ru.size };
}
