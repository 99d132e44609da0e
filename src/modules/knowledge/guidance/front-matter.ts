import matter from "gray-matter";
import type { FieldError } from "../../../platform/errors";
import { DOCUMENT_KINDS, type DocumentKind } from "../schema";

/** The document languages guidance may be written in (the interface languages' text languages). */
export const DOCUMENT_LANGUAGES = ["en", "ru"] as const;
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,119}$/;
export const MAX_TITLE_LENGTH = 300;
export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 60;
/** A guidance file larger than this is refused (a manual is fine; a pasted archive is not). */
export const MAX_DOCUMENT_BYTES = 1_000_000;

/** What a guidance Markdown file's front matter says, with its body. */
export type ParsedGuidanceFile = {
  slug: string;
  /** `guidance` or `faq` (title = the question, body = the answer); null when the file does not say. */
  kind: DocumentKind | null;
  language: string;
  title: string;
  tags: string[];
  translationOfSlug: string | null;
  bodyMd: string;
};

export type GuidanceFileResult = { ok: true; document: ParsedGuidanceFile } | { ok: false; errors: Record<string, FieldError> };

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return undefined;
}

const FLAT_LINE = /^([A-Za-z_][\w-]*):(?:\s+(.*))?$/;

/**
 * Front matter that is not valid YAML only because a value contains ": " (`title: Mercury: a primer`), read line
 * by line as `key: value` — the way its author meant it. Anything less regular stays an error.
 */
function readFlatFrontMatter(source: string): { data: Record<string, unknown>; body: string } | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return undefined;
  const data: Record<string, unknown> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const pair = FLAT_LINE.exec(line);
    if (!pair) return undefined;
    const value = (pair[2] ?? "").trim();
    const list = /^\[(.*)\]$/.exec(value);
    data[pair[1]!] = list ? list[1]!.split(",").map((item) => item.trim().replace(/^["']|["']$/g, "")).filter(Boolean) : value === "null" || value === "~" || value === "" ? null : value.replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
  }
  return { data, body: source.slice(match[0].length) };
}

/**
 * Parses one guidance file: YAML front matter (`id`, `kind`, `lang`, `title`, `tags`, `translation_of`) and a Markdown
 * body. Every problem is reported against the field it concerns (message keys `knowledge.import.error.*`), so an
 * import can list them per file; nothing is thrown for bad input.
 */
export function parseGuidanceFile(source: string): GuidanceFileResult {
  const errors: Record<string, FieldError> = {};
  if (Buffer.byteLength(source, "utf8") > MAX_DOCUMENT_BYTES) return { ok: false, errors: { file: { key: "knowledge.import.error.too_large", values: { max: MAX_DOCUMENT_BYTES / 1_000_000 } } } };
  if (source.includes("\u0000")) return { ok: false, errors: { file: { key: "knowledge.import.error.not_text" } } };
  let data: Record<string, unknown>;
  let body: string;
  try {
    // options given so gray-matter does not cache by content (its cache would hand back a shared object)
    const parsed = matter(source.replace(/^\uFEFF/, ""), { excerpt: false });
    data = parsed.data as Record<string, unknown>;
    body = parsed.content;
  } catch (error) {
    const lenient = readFlatFrontMatter(source.replace(/^\uFEFF/, ""));
    if (!lenient) return { ok: false, errors: { file: { key: "knowledge.import.error.front_matter", values: { reason: String((error as Error).message).split("\n")[0]!.slice(0, 200) } } } };
    ({ data, body } = lenient);
  }
  if (Object.keys(data).length === 0) return { ok: false, errors: { file: { key: "knowledge.import.error.no_front_matter" } } };

  const slug = text(data.id);
  if (!slug) errors.id = { key: "knowledge.import.error.id_missing" };
  else if (!SLUG_PATTERN.test(slug)) errors.id = { key: "knowledge.import.error.id_invalid", values: { id: slug.slice(0, 130) } };

  let kind: DocumentKind | null = null;
  if (data.kind !== undefined && data.kind !== null && data.kind !== "") {
    const named = text(data.kind)?.toLowerCase();
    const known = DOCUMENT_KINDS.find((candidate) => candidate === named);
    if (known) kind = known;
    else errors.kind = { key: "knowledge.import.error.kind_invalid", values: { kind: (named ?? "").slice(0, 20), allowed: DOCUMENT_KINDS.join(", ") } };
  }

  const language = text(data.lang)?.toLowerCase();
  if (!language) errors.lang = { key: "knowledge.import.error.lang_missing" };
  else if (!(DOCUMENT_LANGUAGES as readonly string[]).includes(language)) errors.lang = { key: "knowledge.import.error.lang_invalid", values: { lang: language.slice(0, 20), allowed: DOCUMENT_LANGUAGES.join(", ") } };

  const title = text(data.title)?.replace(/\s+/g, " ");
  if (!title) errors.title = { key: "knowledge.import.error.title_missing" };
  else if (title.length > MAX_TITLE_LENGTH) errors.title = { key: "knowledge.import.error.title_too_long", values: { max: MAX_TITLE_LENGTH } };

  let tags: string[] = [];
  if (data.tags !== undefined && data.tags !== null) {
    const list = Array.isArray(data.tags) ? data.tags : typeof data.tags === "string" ? data.tags.split(",") : undefined;
    const items = list?.map(text);
    if (!items || items.some((item) => item === undefined)) errors.tags = { key: "knowledge.import.error.tags_invalid" };
    else {
      tags = [...new Set((items as string[]).map((tag) => tag.replace(/\s+/g, " ")).filter(Boolean))];
      if (tags.length > MAX_TAGS || tags.some((tag) => tag.length > MAX_TAG_LENGTH)) errors.tags = { key: "knowledge.import.error.tags_too_many", values: { max: MAX_TAGS, length: MAX_TAG_LENGTH } };
    }
  }

  let translationOfSlug: string | null = null;
  if (data.translation_of !== undefined && data.translation_of !== null && data.translation_of !== "") {
    const original = text(data.translation_of);
    if (!original || !SLUG_PATTERN.test(original)) errors.translation_of = { key: "knowledge.import.error.translation_of_invalid" };
    else if (original === slug) errors.translation_of = { key: "knowledge.document.error.translation_of_self" };
    else translationOfSlug = original;
  }

  if (!body.trim()) errors.body = { key: "knowledge.import.error.body_empty" };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, document: { slug: slug!, kind, language: language!, title: title!, tags, translationOfSlug, bodyMd: body.replace(/^\n+/, "") } };
}
