import { tokenize } from "../../../platform/search/analyzer";
import { escapeHtml } from "../../../platform/html";

/** A passage longer than this many words is trimmed around its best sentences. */
const MAX_PASSAGE_WORDS = 120;

function sentencesOf(text: string): string[] {
  return text.match(/[^.!?…]+(?:[.!?…]+["»”)]*\s*|$)/gu)?.filter((sentence) => sentence.trim()) ?? [text];
}

/**
 * The passage to show for a section (the whole text, or the run of sentences with the most matched words when
 * it is long, with an ellipsis where text was left out) and the words in it to mark.
 */
export function explainPassage(text: string, matchedStems: ReadonlySet<string>): { passage: string; highlight: string[] } {
  const clean = text.replace(/\s+/g, " ").trim();
  const tokens = tokenize(clean);
  const highlight = [...new Set(tokens.filter((token) => !token.isStopWord && matchedStems.has(token.stem)).map((token) => token.word))];
  if (tokens.length <= MAX_PASSAGE_WORDS) return { passage: clean, highlight };
  const sentences = sentencesOf(clean).map((sentence) => {
    const sentenceTokens = tokenize(sentence);
    return { sentence, words: sentenceTokens.length, hits: sentenceTokens.filter((token) => !token.isStopWord && matchedStems.has(token.stem)).length };
  });
  let bestStart = 0;
  let bestEnd = 0;
  let bestHits = -1;
  for (let start = 0; start < sentences.length; start += 1) {
    let words = 0;
    let hits = 0;
    for (let end = start; end < sentences.length; end += 1) {
      words += sentences[end]!.words;
      if (words > MAX_PASSAGE_WORDS && end > start) break;
      hits += sentences[end]!.hits;
      if (hits > bestHits) {
        bestHits = hits;
        bestStart = start;
        bestEnd = end;
      }
    }
  }
  const chosen = sentences.slice(bestStart, bestEnd + 1).map((part) => part.sentence).join("").trim();
  const passage = `${bestStart > 0 ? "… " : ""}${chosen}${bestEnd < sentences.length - 1 ? " …" : ""}`;
  return { passage, highlight: highlight.filter((word) => foldedIncludes(passage, word)) };
}

function foldedIncludes(text: string, word: string): boolean {
  return tokenize(text).some((token) => token.word === word);
}

/**
 * The passage as HTML: every character escaped, the words to highlight wrapped in <mark> (matched on folded
 * words, so "Accreditation" is marked for "accreditation").
 */
export function highlightedPassageHtml(passage: string, highlight: readonly string[]): string {
  if (highlight.length === 0) return escapeHtml(passage);
  const marked = new Set(highlight);
  let html = "";
  let last = 0;
  for (const match of passage.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    const word = match[0];
    const folded = word.normalize("NFKC").toLowerCase().replace(/ё/g, "е");
    if (!marked.has(folded)) continue;
    html += escapeHtml(passage.slice(last, match.index)) + `<mark>${escapeHtml(word)}</mark>`;
    last = match.index + word.length;
  }
  return html + escapeHtml(passage.slice(last));
}
