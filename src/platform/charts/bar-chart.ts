import { html, type HtmlValue, type SafeHtml } from "../html";
import { round1 } from "./chart-frame";

export type BarRow = {
  /** Plain text, or HTML such as a content-language fallback marked with its own `lang`. */
  label: HtmlValue;
  /** A short code shown after the label in smaller type (e.g. "Target 7"). */
  secondary?: string;
  values: number[];
  valueText: string;
  colors?: string[];
};

export type BarChartInput = {
  id: string;
  title: string;
  description: string;
  rows: BarRow[];
  /** One colour and name per stacked series (a single series needs no legend). */
  series: { name: string; color: string }[];
  /** The value that fills a whole track (100 for shares of respondents); by default the longest row. */
  max?: number;
};

/** A small filled square in a series' colour, for legends. */
export function swatch(color: string): SafeHtml {
  return html`<svg class="swatch" viewBox="0 0 1 1" aria-hidden="true" focusable="false"><rect width="1" height="1" fill="${color}"></rect></svg>`;
}

/**
 * Horizontal bars, stacked when there are several series (e.g. primary and other targets). Labels and
 * values are HTML text, so they keep the page's font size at any width and wrap instead of being cut;
 * only the bars are SVG, stretched to their track (no text inside them to distort). The list reads as
 * "label, value" to a screen reader; the split between series is in the data table under the chart.
 */
export function barChart(input: BarChartInput): SafeHtml {
  const isStacked = input.series.length > 1;
  const max = input.max ?? Math.max(1, ...input.rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)));
  const legend = isStacked ? html`<ul class="chart-legend" aria-hidden="true">${input.series.map((series) => html`<li>${swatch(series.color)}${series.name}</li>`)}</ul>` : "";
  const rows = input.rows.map((row) => {
    let x = 0;
    const segments = row.values.map((value, index) => {
      const segment = html`<rect x="${round1((x / max) * 100)}" y="0" width="${round1((value / max) * 100)}" height="1" fill="${row.colors?.[index] ?? input.series[index]?.color ?? "#2f6f9f"}"></rect>`;
      x += value;
      return segment;
    });
    const tooltip = isStacked ? input.series.map((series, index) => `${series.name}: ${row.values[index] ?? 0}`).join(", ") : row.valueText;
    return html`<li><span class="bar-label">${row.label}${row.secondary ? html` <span class="bar-code">${row.secondary}</span>` : ""}</span><span class="bar-track" aria-hidden="true"><svg viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false"><title>${tooltip}</title>${segments}</svg></span><span class="bar-value">${row.valueText}</span></li>`;
  });
  return html`<figure class="bar-chart" id="${input.id}"><figcaption class="sr-only">${input.title}. ${input.description}</figcaption>${legend}<ol class="bars">${rows}</ol></figure>`;
}
