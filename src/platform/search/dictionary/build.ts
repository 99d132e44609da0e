// Builds `en-ru.tsv`, the bilingual stem dictionary (see README.md beside this file), from V. K. Mueller's
// English–Russian dictionary in dictd format as Debian's `mueller7-dict` package installs it:
//
//   apt-get install mueller7-dict
//   npx tsx src/platform/search/dictionary/build.ts [/usr/share/dictd/mueller7.dict.dz]
//
// Only the build reads the dictd file; Convene reads the committed TSV. The rules, in short: a single-word,
// lower-case English headword; in each of its parts of speech the first MAX_SENSES numbered senses, leaving out
// senses marked archaic, historical, poetic, dialect, slang, figurative and the like; in a sense, the Russian
// items before the first example (examples start with English words), one word each (a phrase gives its first
// content word at a lower weight when the sense has no single word); stop words out on both sides; weights fall
// with the sense's number and the item's place in it. Both sides are stored as Snowball stems, the form every
// search in Convene compares.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { isStopWord, stemWord, words } from "../analyzer";

const MAX_SENSES = 3;
const SENSE_WEIGHT = [1, 0.8, 0.6];
const LATER_ITEM = 0.9;
const PHRASE_HEAD = 0.7;
const MAX_PER_HEADWORD = 6;
/** Usage labels (Mueller's abbreviations) whose senses are left out: not what a participant means today. */
const SKIPPED_LABELS = new Set(
  ("уст ист поэт книжн диал шотл жарг груб вульг библ арх ирон шутл презр перен школ воен мор театр муз " +
    "бот зоол анат мед хим физ мат геол горн ж-д спорт карт охот рел церк фото полигр радио тех стр ав эл").split(" "),
);

type Pair = { en: string; ru: string; weight: number };

/**
 * How often each English stem occurs in the dictionary's whole text — headwords, and above all the English of its
 * examples and phrases. Common words fill the examples ("dry" hundreds of times, "brut" once), so this stands in
 * for a word's frequency when a Russian word has several English sources.
 */
function englishFrequency(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.match(/[A-Za-z]+(?:-[A-Za-z]+)*/g) ?? []) {
    const stem = stemWord(word.toLowerCase());
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

function entries(text: string): { headword: string; body: string }[] {
  const found: { headword: string; body: string }[] = [];
  let current: { headword: string; lines: string[] } | undefined;
  for (const line of text.split("\n")) {
    if (line && !/^\s/.test(line)) {
      if (current) found.push({ headword: current.headword, body: current.lines.join(" ") });
      current = { headword: line.trim(), lines: [] };
    } else if (current) {
      current.lines.push(line.trim());
    }
  }
  if (current) found.push({ headword: current.headword, body: current.lines.join(" ") });
  return found;
}

/** The senses of one part of speech: the text after "1)", "2)"…, or the whole block when it is not numbered. */
function senses(block: string): string[] {
  const numbered = block.split(/(?:^|\s)\d{1,2}\)\s*/);
  if (numbered.length === 1) return [block];
  return numbered.slice(1);
}

/** The Russian items of one sense, before its first example; `undefined` when the sense carries a skipped label. */
function senseItems(sense: string): string[] | undefined {
  const text = sense.replace(/\[[^\]]*\]/g, " ").replace(/\([^)]*\)/g, " ").trim();
  const label = /^_([^\s.]+)\./.exec(text);
  if (label && SKIPPED_LABELS.has(label[1]!)) return undefined;
  const withoutLabels = text.replace(/_[^\s.]+\./g, " ");
  // examples and phrases begin with English words: the translations are what comes before the first Latin letter
  const latin = withoutLabels.search(/[A-Za-z]/);
  const head = latin === -1 ? withoutLabels : withoutLabels.slice(0, latin);
  return head
    .split(/[;,]/)
    .map((item) => item.replace(/[^\p{L}\s-]/gu, " ").replace(/\s+/g, " ").trim())
    .filter((item) => item && /^[\u0400-\u04FF\s-]+$/.test(item));
}

function pairsOf(headword: string, body: string): Pair[] {
  const en = stemWord(headword);
  if (en.length < 3) return [];
  const found = new Map<string, number>();
  // parts of speech: "1. _n.", "2. _v." … or one block
  const blocks = body.split(/(?:^|\s)\d\.\s+(?=_|\[)/).filter((block) => block.trim());
  for (const block of blocks) {
    senses(block)
      .slice(0, MAX_SENSES)
      .forEach((sense, senseIndex) => {
        const items = senseItems(sense);
        if (!items?.length) return;
        const single = items.filter((item) => !item.includes(" "));
        const chosen = single.length ? single.map((item) => ({ item, factor: 1 })) : items.slice(0, 1).map((item) => ({ item, factor: PHRASE_HEAD }));
        chosen.forEach(({ item, factor }, itemIndex) => {
          const word = words(item).find((candidate) => !isStopWord(candidate, "ru") && candidate.length > 2);
          if (!word) return;
          const ru = stemWord(word);
          if (ru.length < 3) return;
          const weight = SENSE_WEIGHT[senseIndex]! * factor * (itemIndex === 0 ? 1 : LATER_ITEM);
          found.set(ru, Math.max(found.get(ru) ?? 0, weight));
        });
      });
  }
  return [...found]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_PER_HEADWORD)
    .map(([ru, weight]) => ({ en, ru, weight }));
}

function build(text: string): Pair[] {
  // Derived headwords share their base word's stem ("courtly", "courteous" → court): a stem takes the
  // translations of its shortest headwords only, the base word, not what its derivatives mean.
  const byStem = new Map<string, { length: number; pairs: Pair[] }>();
  for (const { headword, body } of entries(text)) {
    if (!/^[a-z][a-z-]*[a-z]$/.test(headword) || isStopWord(headword, "en")) continue;
    const pairs = pairsOf(headword, body);
    if (!pairs.length) continue;
    const stem = pairs[0]!.en;
    const known = byStem.get(stem);
    if (!known || headword.length < known.length) byStem.set(stem, { length: headword.length, pairs });
    else if (headword.length === known.length) known.pairs.push(...pairs);
  }
  const best = new Map<string, Pair>();
  for (const { pairs } of byStem.values()) {
    for (const pair of pairs) {
      const key = `${pair.en}\t${pair.ru}`;
      const known = best.get(key);
      if (!known || known.weight < pair.weight) best.set(key, pair);
    }
  }
  return [...best.values()].sort((a, b) => (a.en === b.en ? b.weight - a.weight || a.ru.localeCompare(b.ru) : a.en < b.en ? -1 : 1));
}

const source = process.argv[2] ?? "/usr/share/dictd/mueller7.dict.dz";
const text = gunzipSync(readFileSync(source)).toString("utf8");
const pairs = build(text);
const frequency = englishFrequency(text);
const target = new URL("./en-ru.tsv", import.meta.url);
writeFileSync(
  target,
  `# Convene's bilingual stem dictionary: English stem, Russian stem, weight, how often the English stem occurs in the source's text. Built by build.ts from V. K. Mueller's English-Russian dictionary (7th edition; electronic version S. Starostin 1996, E. S. Cymbalyuk 1999-2000), GNU GPL version 2 or later. See README.md.\n${pairs.map((pair) => `${pair.en}\t${pair.ru}\t${pair.weight.toFixed(2)}\t${frequency.get(pair.en) ?? 0}`).join("\n")}\n`,
);
process.stdout.write(`${pairs.length} pairs, ${new Set(pairs.map((pair) => pair.en)).size} English stems, ${new Set(pairs.map((pair) => pair.ru)).size} Russian stems → ${target.pathname}\n`);
