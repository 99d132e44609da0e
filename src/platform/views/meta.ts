import { html, jsonForScript, type SafeHtml } from "../html";

/** What a public detail page tells link previews (Open Graph) about itself. URLs are absolute. */
export type PageMeta = {
  title: string;
  /** Plain text; cut to about 200 characters here. */
  description: string;
  url: string;
  /** Open Graph type: "article" for stories, "website" otherwise (events and others have no OG type of their own). */
  type?: "article" | "website";
  locale: string;
  image?: { url: string; alt: string; width?: number; height?: number };
  siteName?: string;
  publishedAt?: Date;
  updatedAt?: Date;
};

const OG_LOCALES: Record<string, string> = { en: "en_GB", ru: "ru_RU", fr: "fr_FR", es: "es_ES", ar: "ar_AR", zh: "zh_CN" };

function shorten(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1).trimEnd()}…`;
}

/** Open Graph (and the plain description) `<meta>` tags for a page's <head>; escaped like everything `html` makes. */
export function openGraphTags(meta: PageMeta): SafeHtml {
  const description = shorten(meta.description);
  return html`<meta name="description" content="${description}">
<meta property="og:type" content="${meta.type ?? "website"}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${meta.url}">
<meta property="og:locale" content="${OG_LOCALES[meta.locale] ?? meta.locale}">
<meta property="og:site_name" content="${meta.siteName ?? "Convene"}">
${meta.image ? html`<meta property="og:image" content="${meta.image.url}">
<meta property="og:image:alt" content="${meta.image.alt}">
${meta.image.width ? html`<meta property="og:image:width" content="${String(meta.image.width)}">` : ""}
${meta.image.height ? html`<meta property="og:image:height" content="${String(meta.image.height)}">` : ""}` : ""}
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
