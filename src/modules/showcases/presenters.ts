import type { ContentCard } from "../../platform/content/sources";
import { contentSource } from "../../platform/content/sources";
import { LOCALE_CODES } from "../../platform/i18n/locales";
import { localizedString, type LocalizedText } from "../../platform/i18n/localized";
import { translator } from "../../platform/i18n/messages";
import { jsonLdScript, openGraphTags } from "../../platform/views/meta";
import { atomLink } from "../../platform/feeds/atom";
import { html, type SafeHtml } from "../../platform/html";
import type { ResolvedEntry } from "./queries";
import { showcasePath } from "./queries";
import type { ShowcaseRow } from "./schema";

/** A card's kind in every UI language (a widget or an API client picks its own): the card's own name for it, else its source's. */
export function kindLabels(card: ContentCard): LocalizedText {
  if (card.kindLabel) return card.kindLabel;
  const source = contentSource(card.kind);
  return source ? Object.fromEntries(LOCALE_CODES.map((locale) => [locale, translator(locale)(source.labelKey)])) : {};
}

/** Each shown item with the heading of the section it is in (null before the first heading). */
export function itemsWithSections(shown: readonly ResolvedEntry[]): { card: ContentCard; note: LocalizedText; addedAt: Date; section: LocalizedText | null }[] {
  let section: LocalizedText | null = null;
  const items: { card: ContentCard; note: LocalizedText; addedAt: Date; section: LocalizedText | null }[] = [];
  for (const item of shown) {
    if (item.type === "section") section = item.entry.heading;
    else items.push({ card: item.card, note: item.entry.note, addedAt: item.entry.addedAt, section });
  }
  return items;
}

/** Open Graph, schema.org `ItemList` and the feed link for a published showcase's page. */
export function showcaseHead(input: { publicUrl: string; spaceSlug: string; showcase: ShowcaseRow; shown: readonly ResolvedEntry[]; locale: string; isPublic: boolean }): SafeHtml {
  const { publicUrl, spaceSlug, showcase, locale } = input;
  const url = `${publicUrl}${showcasePath(spaceSlug, showcase.slug)}`;
  const title = localizedString(showcase.title, locale);
  const feed = atomLink(`${showcasePath(spaceSlug, showcase.slug)}/feed.atom`, title);
  // A draft, or a showcase of a space outsiders cannot see, does not describe itself to search engines and previews.
  if (!input.isPublic) return feed;
  const description = localizedString(showcase.occasion, locale) || localizedString(showcase.intro, locale) || title;
  const items = itemsWithSections(input.shown);
  const firstImage = items.find((item) => item.card.image)?.card.image;
  return html`${openGraphTags({ title, description, url, locale, share: { kind: "showcase" }, image: firstImage ? { url: `${publicUrl}${firstImage.path}`, alt: localizedString(firstImage.alt, locale) } : undefined })}
${jsonLdScript({
  "@type": "ItemList",
  name: title,
  description,
  url,
  numberOfItems: items.length,
  itemListOrder: "https://schema.org/ItemListOrderAscending",
  itemListElement: items.map((item, index) => ({ "@type": "ListItem", position: index + 1, url: `${publicUrl}${item.card.path}`, name: localizedString(item.card.title, locale) })),
})}
${feed}`;
}
