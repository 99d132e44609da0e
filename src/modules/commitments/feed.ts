import { atomLink, DEFAULT_FEED_SIZE, renderAtom } from "../../platform/feeds/atom";
import type { SafeHtml } from "../../platform/html";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import { commitmentUrl } from "./export";
import type { OpenCommitment } from "./queries-open-data";

/** How many of the newest publications the feed carries. */
export const FEED_SIZE = DEFAULT_FEED_SIZE;

/** Path of a space's Atom feed of newly published commitments. */
export function feedPath(spaceSlug: string): string {
  return `/spaces/${encodeURIComponent(spaceSlug)}/commitments/feed.atom`;
}

/** The `<link rel="alternate">` for a commitments page's <head>, so feed readers find the feed. */
export function feedLink(spaceSlug: string, title = "Commitments"): SafeHtml {
  return atomLink(feedPath(spaceSlug), title);
}

/**
 * Atom (through the platform's writer) of recently published commitments: each entry with the commitment's page as
 * id and link, published/updated, its owner as author, its framework targets as categories and its description as
 * summary, in the requested language (or its fallback).
 */
export function renderAtomFeed(input: {
  publicUrl: string;
  spaceSlug: string;
  spaceTitle: LocalizedText;
  feedTitle: string;
  locale: Locale;
  commitments: OpenCommitment[];
  /** When nothing is published yet the feed's `updated` is the space's last change. */
  fallbackUpdated: Date;
}): string {
  const { publicUrl, spaceSlug, locale } = input;
  return renderAtom({
    selfUrl: `${publicUrl}${feedPath(spaceSlug)}`,
    htmlUrl: `${publicUrl}/spaces/${encodeURIComponent(spaceSlug)}/commitments`,
    title: `${input.feedTitle} · ${localize(input.spaceTitle, locale).text}`,
    locale,
    fallbackUpdated: input.fallbackUpdated,
    entries: input.commitments.map((record) => ({
      url: commitmentUrl(publicUrl, spaceSlug, record.number),
      title: localize(record.title, locale).text,
      summary: localize(record.description, locale).text,
      published: record.publishedAt,
      updated: record.updatedAt > record.publishedAt ? record.updatedAt : record.publishedAt,
      authors: [{ name: localize(record.owner.name, locale).text, uri: record.owner.slug ? `${publicUrl}/organisations/${encodeURIComponent(record.owner.slug)}` : undefined }],
      categories: record.targets.map((target) => ({ term: target.key, scheme: `${publicUrl}/frameworks/${encodeURIComponent(target.frameworkKey)}` })),
    })),
  });
}
