import { atomLink, DEFAULT_FEED_SIZE, renderAtom, renderListAtom, type ListFeedInput } from "../../platform/feeds/atom";
import type { SafeHtml } from "../../platform/html";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import type { Locale } from "../../platform/i18n/locales";
import type { OpenContribution } from "./api";
import { contributionBodyHtml } from "./markdown";
import type { Consultation } from "./queries";
import { consultationPath } from "./views/structure-shared";

/** How many of the newest contributions a topic's feed carries. */
export const TOPIC_FEED_SIZE = DEFAULT_FEED_SIZE;

/** Path of a topic's Atom feed. */
export function topicFeedPath(spaceSlug: string, consultationSlug: string, topicNumber: number): string {
  return `/spaces/${encodeURIComponent(spaceSlug)}/consultations/${encodeURIComponent(consultationSlug)}/topics/${topicNumber}/feed.atom`;
}

/** The `<link rel="alternate">` for a topic page's <head>, so feed readers find the feed. */
export function topicFeedLink(spaceSlug: string, consultationSlug: string, topicNumber: number, title: string): SafeHtml {
  return atomLink(topicFeedPath(spaceSlug, consultationSlug, topicNumber), title);
}

/**
 * Atom (through the platform's writer) of a topic's newest published contributions, newest first: each entry with
 * its permalink as id and link, published/updated, author (the organisation's name when posted on its behalf), and
 * the rendered Markdown as HTML content.
 */
export function renderTopicFeed(input: {
  publicUrl: string;
  spaceSlug: string;
  consultationSlug: string;
  consultationTitle: LocalizedText;
  topicNumber: number;
  topicTitle: LocalizedText;
  locale: Locale;
  /** "Contribution #{number}" in the reader's language. */
  entryTitle: (number: number, author: string) => string;
  anonymousAuthor: string;
  contributions: OpenContribution[];
  /** When the topic has no contributions yet the feed's `updated` is the topic's creation. */
  fallbackUpdated: Date;
}): string {
  const base = `${input.publicUrl}/spaces/${encodeURIComponent(input.spaceSlug)}/consultations/${encodeURIComponent(input.consultationSlug)}`;
  const topicUrl = `${base}/topics/${input.topicNumber}`;
  return renderAtom({
    selfUrl: `${input.publicUrl}${topicFeedPath(input.spaceSlug, input.consultationSlug, input.topicNumber)}`,
    htmlUrl: topicUrl,
    title: `${localize(input.topicTitle, input.locale).text} · ${localize(input.consultationTitle, input.locale).text}`,
    locale: input.locale,
    fallbackUpdated: input.fallbackUpdated,
    entries: input.contributions.map((row) => {
      const organisation = row.organisationName ? localize(row.organisationName, input.locale).text : "";
      const author = organisation || row.authorName || input.anonymousAuthor;
      return {
        url: `${base}/contributions/${row.number}`,
        title: input.entryTitle(row.number, author),
        contentHtml: contributionBodyHtml(row).value,
        published: row.createdAt,
        updated: row.editedAt && row.editedAt > row.createdAt ? row.editedAt : row.createdAt,
        authors: [{ name: author }],
      };
    }),
  });
}

/**
 * Atom of a space's consultations (the list page's, as the reader may see it), newest first: each entry the
 * consultation's overview page with its description as summary. Drafts never go out, even to their coordinators.
 */
export function renderConsultationsFeed(input: ListFeedInput & { locale: Locale; spaceSlug: string; items: Consultation[] }): string {
  const { items, spaceSlug, ...list } = input;
  const published = items.filter((item) => item.status === "published").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return renderListAtom({
    ...list,
    entries: published.slice(0, DEFAULT_FEED_SIZE).map((item) => ({
      url: `${list.publicUrl}${consultationPath(spaceSlug, item.slug)}`,
      title: localize(item.title, list.locale).text,
      summary: localize(item.description, list.locale).text,
      published: item.createdAt,
      updated: item.updatedAt,
    })),
  });
}
