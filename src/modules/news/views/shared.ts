import { langAttributes } from "../../../platform/views/localized";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import { imagePath, type NewsImage } from "../queries";

/**
 * A picture as <picture>: WebP for browsers that take it, JPEG otherwise, each in the stored widths so a phone on a
 * slow line fetches the 480-pixel copy. Width and height are given so the page does not jump while it loads.
 */
export function pictureTag(view: ViewContext, image: NewsImage, options: { sizes: string; isLazy?: boolean; className?: string }): SafeHtml {
  const srcset = (format: "webp" | "jpeg") => image.widths.map((width) => `${imagePath(image.id, width, format)} ${width}w`).join(", ");
  const largest = Math.max(...image.widths);
  const height = Math.round((image.height * largest) / image.width);
  const alt = localize(image.alt, view.locale);
  return html`<picture${options.className ? html` class="${options.className}"` : ""}>
  <source type="image/webp" srcset="${srcset("webp")}" sizes="${options.sizes}">
  <img src="${imagePath(image.id, image.widths.includes(960) ? 960 : largest)}" srcset="${srcset("jpeg")}" sizes="${options.sizes}" width="${largest}" height="${height}" alt="${alt.text}"${alt.isFallback ? langAttributes(view, alt.locale) : ""}${options.isLazy ? html` loading="lazy"` : ""} decoding="async">
</picture>`;
}

/** The translated name of a post's state, as a tag. */
export const statusTag = (view: ViewContext, status: string): SafeHtml => html`<span class="tag">${view.t(`news.status.${status}`)}</span>`;
