import { html, jsonForScript, type SafeHtml } from "../html";
import { CARD_HEIGHT, CARD_WIDTH } from "../share/card";
import { shareImagePath, type ShareKind } from "../share/links";

/** What a public detail page tells link previews (Open Graph) about itself. URLs are absolute. */
export type PageMeta = {
  title: string;
  /** Plain text; cut to about 200 characters here. */
  description: string;
  url: string;
  /** Open Graph type: "article" for stories, "website" otherwise (events and others have no OG type of their own). */
  type?: "article" | "website";
  locale: string;
  /** The page's own picture (a news post's lead image); without one the page gets a share card (platform/share). */
  image?: { url: string; alt: string; width?: number; height?: number };
  /** What the share card names: the kind of page and the space or convention it belongs to. */
  share?: { kind: ShareKind; context?: string };
  siteName?: string;
  publishedAt?: Date;
  updatedAt?: Date;
};

const OG_LOCALES: Record<string, string> = { en: "en_GB", ru: "ru_RU", fr: "fr_FR", es: "es_ES", ar: "ar_AR", zh: "zh_CN" };

function shorten(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}

/** The page's share card (1200×630) as an Open Graph image, at the same origin as the page's URL. */
function shareCardImage(meta: PageMeta): PageMeta["image"] {
  const origin = /^https?:\/\/[^/]+/.exec(meta.url)?.[0] ?? "";
  const path = shareImagePath({ kind: meta.share?.kind ?? "page", title: meta.title, context: meta.share?.context ?? "", locale: meta.locale, path: meta.url.slice(origin.length) || "/" });
  if (!path) return undefined;
  return { url: `${origin}${path}`, alt: meta.title, width: CARD_WIDTH, height: CARD_HEIGHT };
}

/**
 * Open Graph (and the plain description) `<meta>` tags for a page's <head>; escaped like everything `html` makes.
 * A page without a picture of its own gets its share card, and every image is announced as a large Twitter card.
 */
export function openGraphTags(meta: PageMeta): SafeHtml {
  const description = shorten(meta.description);
  const image = meta.image ?? shareCardImage(meta);
  return html`<meta name="description" content="${description}">
<meta property="og:type" content="${meta.type ?? "website"}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${meta.url}">
<meta property="og:locale" content="${OG_LOCALES[meta.locale] ?? meta.locale}">
<meta property="og:site_name" content="${meta.siteName ?? "Convene"}">
${image ? html`<meta property="og:image" content="${image.url}">
<meta property="og:image:alt" content="${image.alt}">
${image.width ? html`<meta property="og:image:width" content="${String(image.width)}">` : ""}
${image.height ? html`<meta property="og:image:height" content="${String(image.height)}">` : ""}
<meta name="twitter:card" content="summary_large_image">` : ""}
${meta.type === "article" && meta.publishedAt ? html`<meta property="article:published_time" content="${meta.publishedAt.toISOString()}">` : ""}
${meta.type === "article" && meta.updatedAt ? html`<meta property="article:modified_time" content="${meta.updatedAt.toISOString()}">` : ""}
<link rel="canonical" href="${meta.url}">`;
}

/** A schema.org JSON-LD block (`{"@context": "https://schema.org", …}`) for a page's <head>. */
export function jsonLdScript(data: Record<string, unknown>): SafeHtml {
  return html`<script type="application/ld+json">${jsonForScript({ "@context": "https://schema.org", ...data })}</script>`;
}

/** The absolute URL of a path on this site, from the public URL the page was rendered with. */
export function absoluteUrl(view: { publicUrl?: string }, path: string): string {
  return `${view.publicUrl ?? ""}${path}`;
}
