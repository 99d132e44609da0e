import { XMLParser, XMLValidator } from "fast-xml-parser";

/** One Atom entry as read back by an independent parser (fast-xml-parser), for assertions in tests. */
export type ParsedAtomEntry = {
  id: string;
  title: string;
  links: { rel: string; href: string; type?: string }[];
  published?: string;
  updated: string;
  summary?: string;
  content?: string;
  authors: { name: string; uri?: string }[];
  categories: { term: string; scheme?: string; label?: string }[];
};

export type ParsedAtomFeed = {
  id: string;
  title: string;
  updated: string;
  links: { rel: string; href: string; type?: string }[];
  entries: ParsedAtomEntry[];
};

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ["entry", "link", "author", "category"].includes(name),
});

const text = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return String((value as Node)["#text"] ?? "");
  return String(value);
};
const links = (value: unknown) =>
  ((value as Node[] | undefined) ?? []).map((link) => ({ rel: String(link["@rel"] ?? "alternate"), href: String(link["@href"]), type: link["@type"] as string | undefined }));

/**
 * Validates `xml` as well-formed XML and reads it as an Atom 1.0 feed (RFC 4287): throws when it is not XML, when
 * the root is not an Atom `<feed>`, or when the feed or an entry lacks id, title or updated (the required elements).
 */
export function parseAtom(xml: string): ParsedAtomFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parser.parse(xml) as Node;
  const feed = document.feed as Node | undefined;
  if (!feed || feed["@xmlns"] !== "http://www.w3.org/2005/Atom") throw new Error("not an Atom feed");
  for (const required of ["id", "title", "updated"]) if (!text(feed[required])) throw new Error(`feed without ${required}`);
  const entries = ((feed.entry as Node[] | undefined) ?? []).map((entry): ParsedAtomEntry => {
    for (const required of ["id", "title", "updated"]) if (!text(entry[required])) throw new Error(`entry without ${required}`);
    return {
      id: text(entry.id),
      title: text(entry.title),
      links: links(entry.link),
      published: entry.published === undefined ? undefined : text(entry.published),
      updated: text(entry.updated),
      summary: entry.summary === undefined ? undefined : text(entry.summary),
      content: entry.content === undefined ? undefined : text(entry.content),
      authors: ((entry.author as Node[] | undefined) ?? []).map((author) => ({ name: text(author.name), uri: author.uri === undefined ? undefined : text(author.uri) })),
      categories: ((entry.category as Node[] | undefined) ?? []).map((category) => ({
        term: String(category["@term"]),
        scheme: category["@scheme"] as string | undefined,
        label: category["@label"] as string | undefined,
      })),
    };
  });
  return { id: text(feed.id), title: text(feed.title), updated: text(feed.updated), links: links(feed.link), entries };
}

/** The entry's alternate (HTML page) link. */
export function entryUrl(entry: ParsedAtomEntry): string | undefined {
  return entry.links.find((link) => link.rel === "alternate")?.href;
}

const sitemapParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => name === "url" || name === "sitemap" });

/** Validates a sitemap (sitemaps.org 0.9) and reads its locations: a `<urlset>`'s pages or a `<sitemapindex>`'s files. */
export function parseSitemap(xml: string): { kind: "urlset" | "index"; locations: string[]; lastModified: (string | undefined)[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = sitemapParser.parse(xml) as Node;
  const namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
  const urlset = document.urlset as Node | undefined;
  const index = document.sitemapindex as Node | undefined;
  const root = urlset ?? index;
  if (!root || root["@xmlns"] !== namespace) throw new Error("not a sitemap");
  const items = ((urlset ? urlset.url : index!.sitemap) as Node[] | undefined) ?? [];
  return { kind: urlset ? "urlset" : "index", locations: items.map((item) => text(item.loc)), lastModified: items.map((item) => (item.lastmod === undefined ? undefined : text(item.lastmod))) };
}
