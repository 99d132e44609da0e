import { renderListAtom, type ListFeedInput } from "../../../platform/feeds/atom";
import { localize } from "../../../platform/i18n/localized";
import type { Locale } from "../../../platform/i18n/locales";
import type { ResourceItem } from "./queries";
import { resourcePath } from "./views/shared";

/**
 * Atom (through the platform's writer) of the newest published resources, newest first: each entry links to the
 * resource's page, names its kind as a category and its funder as author, and carries its description in the
 * reader's language (or the fallback).
 */
export function renderResourceFeed(input: ListFeedInput & { locale: Locale; items: ResourceItem[]; kindLabel: (kind: string) => string }): string {
  const { items, kindLabel, ...list } = input;
  return renderListAtom({
    ...list,
    entries: items.map((item) => ({
      url: `${input.publicUrl}${resourcePath(item)}`,
      title: localize(item.title, input.locale).text,
      summary: localize(item.description, input.locale).text,
      published: item.publishedAt ?? item.createdAt,
      updated: item.publishedAt && item.publishedAt > item.updatedAt ? item.publishedAt : item.updatedAt,
      authors: [{ name: item.funder || "Convene" }],
      categories: [{ term: item.kind, label: kindLabel(item.kind) }],
    })),
  });
}
