import { escapeHtml, raw, type SafeHtml } from "../html";
import { foldText, stemWord } from "./analyzer";

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Markdown written by people, as plain text for a snippet: links keep their text, markup characters go. */
export function plainFromMarkdown(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function isMatch(word: string, stems: ReadonlySet<string>): boolean {
  const folded = foldText(word);
  return stems.has(folded) || stems.has(stemWord(folded));
}

/**
 * About `maxLength` characters of `text` around its first word matching one of `stems` (the start when none
 * does), cut at word boundaries, with an ellipsis where text was left out.
 */
export function makeSnippet(text: string, stems: readonly string[], maxLength = 240): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxLength) return clean;
  const wanted = new Set(stems);
  let first = 0;
  for (const match of clean.matchAll(WORD)) {
    if (isMatch(match[0], wanted)) {
      first = match.index;
      break;
    }
  }
  let start = Math.max(0, first - Math.floor(maxLength / 4));
  if (start > 0) {
    const space = clean.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + maxLength);
  if (end < clean.length) {
    const space = clean.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  return `${start > 0 ? "… " : ""}${clean.slice(start, end)}${end < clean.length ? " …" : ""}`;
}

/** The text escaped, with every word matching one of `stems` (by its folded form or its stem) wrapped in <mark>. */
export function highlightHtml(text: string, stems: readonly string[]): SafeHtml {
  const wanted = new Set(stems);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    out += escapeHtml(text.slice(last, match.index));
    out += isMatch(word, wanted) || (word.includes("-") && word.split("-").some((part) => isMatch(part, wanted))) ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word);
    last = match.index + word.length;
  }
  out += escapeHtml(text.slice(last));
  return raw(out);
}

/** The distinct words of `text` (as written) that match one of `stems`, for clients that highlight themselves. */
export function matchedWords(text: string, stems: readonly string[]): string[] {
  const wanted = new Set(stems);
  const found = new Set<string>();
  for (const match of text.matchAll(WORD)) if (isMatch(match[0], wanted)) found.add(match[0]);
  return [...found];
}
