// Synthetic guidance for `npm run bench:answers -- --scale N`: N documents of ~10 sections each, half Russian and
// half English, whose words are drawn (Zipf-like: a few common, most rare) from the vocabulary of the evaluation
// corpus, so stems, glossary concepts and document frequencies look like real guidance. Timing only: the text
// means nothing.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Database } from "../src/db/client";
import { words, wordLanguage, type TextLanguage } from "../src/platform/search/analyzer";
import { saveDocument } from "../src/modules/knowledge/guidance/commands/save-document";

const SECTIONS_PER_DOCUMENT = 10;
const DOCUMENTS_PER_TRANSACTION = 50;

/** A small deterministic generator, so two runs build the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function vocabulary(): Record<TextLanguage, string[]> {
  const folder = resolve("bench/answers/corpus");
  const counts: Record<TextLanguage, Map<string, number>> = { en: new Map(), ru: new Map() };
  for (const name of readdirSync(folder)) {
    for (const word of words(readFileSync(join(folder, name), "utf8"))) {
      const language = wordLanguage(word);
      if (!language || word.length < 2) continue;
      counts[language].set(word, (counts[language].get(word) ?? 0) + 1);
    }
  }
  const byFrequency = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word);
  return { en: byFrequency(counts.en), ru: byFrequency(counts.ru) };
}

let cached: Record<TextLanguage, string[]> | undefined;

function pick(list: readonly string[], next: () => number): string {
  // Zipf-like: the square of a uniform number favours the frequent end of the list.
  return list[Math.floor(next() ** 2 * list.length)]!;
}

function sentence(list: readonly string[], next: () => number, length: number): string {
  const text = Array.from({ length }, () => pick(list, next)).join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Generates and saves `documents` synthetic guidance documents at platform level; returns the sections made. */
export async function generateScaleCorpus(db: Database, documents: number): Promise<number> {
  cached ??= vocabulary();
  const vocabularyOf = cached;
  const next = random(42);
  let sections = 0;
  for (let start = 0; start < documents; start += DOCUMENTS_PER_TRANSACTION) {
    await db.transaction(async (tx) => {
      for (let index = start; index < Math.min(documents, start + DOCUMENTS_PER_TRANSACTION); index += 1) {
        const language: TextLanguage = index % 2 === 0 ? "en" : "ru";
        const list = vocabularyOf[language];
        const parts = [sentence(list, next, 20)];
        for (let section = 1; section < SECTIONS_PER_DOCUMENT; section += 1) {
          parts.push(`## ${sentence(list, next, 4).slice(0, -1)} ${section}`);
          parts.push(Array.from({ length: 8 }, () => sentence(list, next, 8 + Math.floor(next() * 12))).join(" "));
        }
        await saveDocument(
          tx,
          { spaceId: null, slug: `scale-${index}`, kind: "guidance", language, title: sentence(list, next, 5).slice(0, -1), tags: [], bodyMd: parts.join("\n\n"), status: "published", translationOfSlug: null, collectionId: null },
          { actorUserId: null, source: "import", now: new Date() },
        );
        sections += SECTIONS_PER_DOCUMENT;
      }
    });
    if ((start / DOCUMENTS_PER_TRANSACTION) % 20 === 19) console.log(`… ${Math.min(documents, start + DOCUMENTS_PER_TRANSACTION)} documents`);
  }
  return sections;
}

/** Questions for the timing: short and long, in both languages, some with words no section has. */
export function scaleQuestions(count: number): { text: string; language: TextLanguage }[] {
  cached ??= vocabulary();
  const vocabularyOf = cached;
  const next = random(7);
  return Array.from({ length: count }, (_, index) => {
    const language: TextLanguage = index % 2 === 0 ? "en" : "ru";
    const length = index % 5 === 4 ? 50 : 2 + Math.floor(next() * 8);
    const text = Array.from({ length }, () => pick(vocabularyOf[language], next)).join(" ");
    return { text: index % 7 === 6 ? `${text} zzyzxquartz` : `${text}?`, language };
  });
}
