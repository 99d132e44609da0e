import { Feed } from "feed";
import { escapeHtml, html, type SafeHtml } from "../html";

/** The Content-Type every Atom feed is served with. */
export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** How many of the newest items a list's feed carries, unless the list says otherwise. */
export const DEFAULT_FEED_SIZE = 50;

export type AtomAuthor = { name: string; uri?: string };
export type AtomCategory = { term: string; scheme?: string; label?: string };

/** One entry; `url` is the item's public page (absolute) and, unless `id` is given, also its Atom id. */
export type AtomEntry = {
  id?: string;
  url: string;
  title: string;
  /** Plain text shown by readers as the entry's summary. */
  summary?: string;
  /** Escaped HTML (already rendered by Convene's own renderers) for the entry's content. */
  contentHtml?: string;
  published: Date;
  updated: Date;
  authors?: AtomAuthor[];
  categories?: AtomCategory[];
  /** A picture of the entry (a story's lead image): absolute URL and media type. */
  image?: { url: string; type: string };
};

export type AtomFeedInput = {
  /** Absolute URL of the feed itself (rel="self"). */
  selfUrl: string;
  /** Absolute URL of the HTML page the feed follows (rel="alternate"); also the feed's id unless `id` is given. */
  htmlUrl: string;
  id?: string;
  title: string;
  subtitle?: string;
  locale: string;
  /** When the feed has no entries: the last change of what it lists (a feed must say when it was updated). */
  fallbackUpdated: Date;
  entries: AtomEntry[];
};

// XML 1.0 forbids these characters anywhere, escaped or not; user text may carry them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (text: string): string => text.replace(FORBIDDEN_IN_XML, "");
/** The library writes titles and summaries as `type="html"` in CDATA: plain text goes in escaped, so `<b>` stays text. */
const asHtml = (text: string): string => escapeHtml(clean(text));
/**
 * Attribute text (category term and label): the library escapes `&` and `"` in attributes but leaves `<`, which XML
 * forbids there, so it becomes the full-width sign (escaping it ourselves would be escaped again into `&amp;lt;`).
 */
const asAttribute = (text: string): string => clean(text).replaceAll("<", "\uFF1C");
/** Already-escaped HTML; a literal `]]>` (only possible where `>` was left bare) would end the CDATA section. */
const safeCdata = (markup: string): string => clean(markup).replaceAll("]]>", "]]&gt;");

/**
 * A valid Atom 1.0 document (RFC 4287) through the `feed` library: id, title, updated, self and alternate links,
 * and per entry id, title, alternate link, published/updated, authors, categories, summary and content.
 * Every public list's feed is made here, so what readers get is one shape and the escaping is the library's.
 */
export function renderAtom(input: AtomFeedInput): string {
  const newest = input.entries.reduce<Date | undefined>((latest, entry) => (!latest || entry.updated > latest ? entry.updated : latest), undefined);
  const feed = new Feed({
    id: input.id ?? input.htmlUrl,
    title: clean(input.title),
    description: input.subtitle ? clean(input.subtitle) : undefined,
    link: input.htmlUrl,
    language: input.locale,
    updated: newest ?? input.fallbackUpdated,
    generator: "Convene",
    feedLinks: { atom: input.selfUrl },
    copyright: "",
  });
  for (const entry of input.entries) {
    feed.addItem({
      id: entry.id ?? entry.url,
      link: entry.url,
      title: asHtml(entry.title) || "—",
      description: entry.summary ? asHtml(entry.summary) : undefined,
      content: entry.contentHtml ? safeCdata(entry.contentHtml) : undefined,
      date: entry.updated,
      published: entry.published,
      author: entry.authors?.map((author) => ({ name: clean(author.name) || "—", link: author.uri })),
      category: entry.categories?.map((category) => ({ term: asAttribute(category.term), scheme: category.scheme, name: category.label ? asAttribute(category.label) : undefined })),
      image: entry.image,
    });
  }
  // The library writes no language for Atom; the reader's language goes on the root as xml:lang (RFC 4287 §2).
  return feed.atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(input.locale)}">`);
}

/** The `<link rel="alternate">` for a page's <head>, so feed readers find the page's feed. */
export function atomLink(href: string, title: string): SafeHtml {
  return html`<link rel="alternate" type="application/atom+xml" title="${title}" href="${href}">`;
}

/** Where a list page's feed lives: `<list path>/feed.atom`. */
export function listFeedPath(listPath: string): string {
  return `${listPath}/feed.atom`;
}

/** What a list page's feed renderer gets besides its items. */
export type ListFeedInput = { publicUrl: string; listPath: string; title: string; locale: string; fallbackUpdated: Date };

/** The Atom feed of a list page served at `listFeedPath(listPath)`: self and alternate links made from the list's path. */
export function renderListAtom(input: ListFeedInput & { entries: AtomEntry[] }): string {
  const { publicUrl, listPath, ...rest } = input;
  return renderAtom({ ...rest, selfUrl: `${publicUrl}${listFeedPath(listPath)}`, htmlUrl: `${publicUrl}${listPath}` });
}
