import { html, type HtmlValue, type SafeHtml } from "../html";

/**
 * A table that may be wider than a phone: it scrolls sideways inside its own box so the page itself never
 * does. The box is a named region and takes keyboard focus, so a keyboard user can scroll it with the arrow
 * keys and a screen reader announces what it holds (axe's scrollable-region-focusable). `label` names the
 * table in words: its caption's text, or what it lists when it has none.
 */
export function scrollableTable(label: string, table: HtmlValue): SafeHtml {
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="${label}">${table}</div>`;
}
