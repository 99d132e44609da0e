import { html, type HtmlValue, type SafeHtml } from "../html";
import { scrollableTable } from "../views/table";

/** Rounds a coordinate to one decimal: enough on screen, and keeps the markup small. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * The outer <svg> of a dashboard chart: an image to assistive technology, named by its <title> and
 * described by its <desc>. Text inherits the page's font (no web fonts). Everything passes through `html`.
 */
export function chartSvg(input: { id: string; title: string; description: string; width: number; height: number; body: HtmlValue; className?: string }): SafeHtml {
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${input.width} ${input.height}" width="${input.width}" height="${input.height}" role="img" aria-labelledby="${titleId} ${descId}"${
    input.className ? html` class="${input.className}"` : ""
  } font-size="13" font-family="inherit"><title id="${titleId}">${input.title}</title><desc id="${descId}">${input.description}</desc>${input.body}</svg>`;
}

/** The data behind a chart as a table, folded in a <details> under it (screen readers, text browsers, copying). */
export function chartDataTable(input: { summary: string; caption: string; headers: string[]; rows: (string | number)[][] }): SafeHtml {
  return html`<details class="chart-data"><summary>${input.summary}</summary>
${scrollableTable(input.caption, html`<table><caption>${input.caption}</caption>
<thead><tr>${input.headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
<tbody>${input.rows.map((row) => html`<tr>${row.map((cell, index) => (index === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`)}</tbody>
</table>`)}</details>`;
}

/** Cuts a label to fit a fixed column, with an ellipsis; the full text stays in the bar's tooltip and the table. */
export function clip(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1).trimEnd()}…`;
}
