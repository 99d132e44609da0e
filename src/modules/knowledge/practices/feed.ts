import { renderListAtom, type ListFeedInput } from "../../../platform/feeds/atom";
import { localize } from "../../../platform/i18n/localized";
import type { Locale } from "../../../platform/i18n/locales";
import type { PracticeListItem } from "./queries";

/**
 * Atom of the good-practice compilation (as filtered on the list page), newest publication first: each entry the
 * practice's page (or the contribution a consultation practice was tagged on), its organisation as author, its kind
 * and framework targets as categories.
 */
export function renderPracticeFeed(input: ListFeedInput & { locale: Locale; items: PracticeListItem[]; kindLabel: (kind: string) => string }): string {
  const { items, kindLabel, ...list } = input;
  return renderListAtom({
    ...list,
    entries: items.map((item) => ({
      url: `${list.publicUrl}${item.url}`,
      title: localize(item.title, list.locale).text,
      summary: localize(item.summary, list.locale).text,
      published: item.publishedAt,
      updated: item.updatedAt > item.publishedAt ? item.updatedAt : item.publishedAt,
      authors: item.organisation ? [{ name: localize(item.organisation.name, list.locale).text, uri: `${list.publicUrl}/organisations/${encodeURIComponent(item.organisation.slug)}` }] : undefined,
      categories: [{ term: item.kind, label: kindLabel(item.kind) }, ...item.targets.map((target) => ({ term: target.key, scheme: `${list.publicUrl}/frameworks/${encodeURIComponent(target.framework)}` }))],
    })),
  });
}
