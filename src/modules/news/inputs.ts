import type { Database } from "../../db/client";
import { contentSource, resolveCards } from "../../platform/content/sources";
import { AppError, type FieldErrors } from "../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../platform/i18n/localized";
import { safeWebUrl } from "../../platform/web-url";
import { NEWS_KINDS, type ContentReference, type NewsKind, type NewsQuote, type VideoLink } from "./schema";

/** What a form or an API call sends for a post, before checking. */
export type NewsRawInput = {
  kind?: unknown;
  slug?: unknown;
  title?: unknown;
  lead?: unknown;
  body?: unknown;
  related?: unknown;
  videoLinks?: unknown;
  quotes?: unknown;
  topics?: unknown;
};

/** Checked fields of a post (the organisation is checked by the caller, who knows who is writing). */
export type NewsFields = {
  kind: NewsKind;
  slug: string | null;
  title: LocalizedText;
  lead: LocalizedText;
  body: LocalizedText;
  related: ContentReference[];
  videoLinks: VideoLink[];
  quotes: NewsQuote[];
  topics: string[];
};

/**
 * What a post may be about (issue 12): commitments, events, good practices and other stories — content sources of
 * these kinds only, not progress reports or consultations, though those are sources too (for newsletters, digests).
 */
export const RELATED_KINDS: readonly string[] = ["commitment", "event", "practice", "news"];

export const LIMITS = { title: 200, lead: 1_000, body: 50_000, quote: 1_000, attribution: 200, videos: 10, quotes: 10, related: 20, topics: 10, topic: 40 } as const;

function localizedInput(value: unknown): LocalizedText {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const result: Record<string, string> = {};
  for (const [code, text] of Object.entries(value as Record<string, unknown>)) if (typeof text === "string") result[code] = text.trim();
  return cleanLocalized(result as LocalizedText);
}

const tooLong = (value: LocalizedText, max: number) => Object.values(value).some((text) => (text ?? "").length > max);

/**
 * Checks a post's input: a kind, a title in at least one language, lengths, video links (http/https only, shown as
 * link cards), quotes with their attribution, topics, and related items that resolve to public cards of a
 * registered content source. Throws a 422 naming every field at fault.
 */
export async function checkedNewsFields(db: Database, raw: NewsRawInput): Promise<NewsFields> {
  const errors: FieldErrors = {};
  const kind = typeof raw.kind === "string" && (NEWS_KINDS as readonly string[]).includes(raw.kind) ? (raw.kind as NewsKind) : null;
  if (!kind) errors.kind = { key: "news.error.kind" };
  let slug: string | null = null;
  if (typeof raw.slug === "string" && raw.slug.trim()) {
    slug = raw.slug.trim();
    if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) errors.slug = { key: "news.error.slug" };
  }
  const title = localizedInput(raw.title);
  if (!Object.keys(title).length) errors.title = { key: "news.error.title_required" };
  else if (tooLong(title, LIMITS.title)) errors.title = { key: "news.error.too_long", values: { max: LIMITS.title } };
  const lead = localizedInput(raw.lead);
  if (tooLong(lead, LIMITS.lead)) errors.lead = { key: "news.error.too_long", values: { max: LIMITS.lead } };
  const body = localizedInput(raw.body);
  if (tooLong(body, LIMITS.body)) errors.body = { key: "news.error.too_long", values: { max: LIMITS.body } };

  const videoLinks: VideoLink[] = [];
  if (raw.videoLinks !== undefined && !Array.isArray(raw.videoLinks)) errors.video_links = { key: "news.error.video_link" };
  for (const item of Array.isArray(raw.videoLinks) ? raw.videoLinks : []) {
    const entry = (item ?? {}) as { url?: unknown; title?: unknown };
    const url = typeof entry.url === "string" ? safeWebUrl(entry.url.trim()) : null;
    if (!url) errors.video_links = { key: "news.error.video_link" };
    else videoLinks.push({ url, title: typeof entry.title === "string" ? entry.title.trim().slice(0, LIMITS.title) : "" });
  }
  if (videoLinks.length > LIMITS.videos) errors.video_links = { key: "news.error.too_many", values: { max: LIMITS.videos } };

  const quotes: NewsQuote[] = [];
  for (const item of Array.isArray(raw.quotes) ? raw.quotes : []) {
    const entry = (item ?? {}) as { text?: unknown; attribution?: unknown };
    const text = localizedInput(entry.text);
    const attribution = typeof entry.attribution === "string" ? entry.attribution.trim() : "";
    if (!Object.keys(text).length && !attribution) continue;
    if (!Object.keys(text).length) errors.quote = { key: "news.error.quote_text" };
    else if (!attribution) errors.quote_attribution = { key: "news.error.quote_attribution" };
    else if (tooLong(text, LIMITS.quote) || attribution.length > LIMITS.attribution) errors.quote = { key: "news.error.too_long", values: { max: LIMITS.quote } };
    else quotes.push({ text, attribution });
  }
  if (quotes.length > LIMITS.quotes) errors.quote = { key: "news.error.too_many", values: { max: LIMITS.quotes } };

  const topics = [...new Set((Array.isArray(raw.topics) ? raw.topics : []).filter((topic): topic is string => typeof topic === "string").map((topic) => topic.trim()).filter(Boolean))];
  if (topics.length > LIMITS.topics || topics.some((topic) => topic.length > LIMITS.topic)) errors.topics = { key: "news.error.topics", values: { max: LIMITS.topics, length: LIMITS.topic } };

  const related: ContentReference[] = [];
  for (const item of Array.isArray(raw.related) ? raw.related : []) {
    const entry = (item ?? {}) as { kind?: unknown; id?: unknown };
    if (typeof entry.kind !== "string" || typeof entry.id !== "string" || !RELATED_KINDS.includes(entry.kind) || !contentSource(entry.kind) || entry.id.length > 100) {
      errors.related = { key: "news.error.related" };
      continue;
    }
    if (!related.some((reference) => reference.kind === entry.kind && reference.id === entry.id)) related.push({ kind: entry.kind, id: entry.id });
  }
  if (related.length > LIMITS.related) errors.related = { key: "news.error.too_many", values: { max: LIMITS.related } };
  else if (related.length && !errors.related) {
    // Only public things may be pointed at: a story must not reveal what its readers may not see.
    const cards = await resolveCards(db, related);
    if (cards.length !== related.length) errors.related = { key: "news.error.related" };
  }

  if (Object.keys(errors).length) throw new AppError("validation_failed", "error.validation_failed", errors);
  return { kind: kind!, slug, title, lead, body, related, videoLinks, quotes, topics };
}

/** Splits "url title" lines (a form's video links box) into link entries; the check happens in checkedNewsFields. */
export function videoLinksFromText(text: string): { url: string; title: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url = "", ...rest] = line.split(/\s+/);
      return { url, title: rest.join(" ") };
    });
}

/** The video links as the form's box shows them. */
export const videoLinksToText = (links: readonly VideoLink[]): string => links.map((link) => `${link.url}${link.title ? ` ${link.title}` : ""}`).join("\n");
