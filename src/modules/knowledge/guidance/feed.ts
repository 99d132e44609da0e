import { renderListAtom, type ListFeedInput } from "../../../platform/feeds/atom";
import type { FeedDocument } from "./queries";
import { htmlText } from "./views/shared";

/** How much of a document's text an entry's summary carries. */
const SUMMARY_LENGTH = 400;

/**
 * Atom of a hub's guidance library, the latest changed first: each entry the document's page, its first words as
 * summary and its tags as categories. A document is in one language; each translation is an entry of its own.
 */
export function renderGuidanceFeed(input: ListFeedInput & { items: FeedDocument[] }): string {
  const { items, ...list } = input;
  return renderListAtom({
    ...list,
    entries: items.map((item) => {
      const text = htmlText(item.bodyHtml);
      return {
        url: `${list.publicUrl}${list.listPath}/${encodeURIComponent(item.slug)}`,
        title: item.title,
        summary: text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…` : text,
        published: item.publishedAt ?? item.createdAt,
        updated: item.updatedAt,
        categories: item.tags.map((tag) => ({ term: tag })),
      };
    }),
  });
}
