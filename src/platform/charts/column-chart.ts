import { html, type SafeHtml } from "../html";
import { round1 } from "./chart-frame";

export type ColumnChartInput = {
  id: string;
  title: string;
  description: string;
  columns: { label: string; shortLabel: string; value: number; valueText: string }[];
  color: string;
};

/** At most this many axis labels, an odd number so that every other one (phones) still keeps the last. */
const AXIS_LABELS = 7;

/** Which columns get an axis label: the first, the last and evenly spaced ones between. */
export function axisLabelIndexes(count: number): number[] {
  if (count <= 0) return [];
  let labels = Math.min(count, AXIS_LABELS);
  if (labels % 2 === 0) labels -= 1;
  if (labels <= 1) return [0];
  return Array.from({ length: labels }, (_, index) => Math.round((index * (count - 1)) / (labels - 1)));
}

/**
 * Vertical columns over time (e.g. new commitments per month). The columns are an SVG stretched to the
 * plot; the scale and the axis labels are HTML text beside and under it, so they keep the page's font size
 * on a phone as on a wide screen (text inside a scaled SVG shrinks with it).
 */
export function columnChart(input: ColumnChartInput): SafeHtml {
  const count = Math.max(input.columns.length, 1);
  const max = Math.max(1, ...input.columns.map((column) => column.value));
  const columns = input.columns.map(
    (column, index) =>
      html`<rect x="${index * 10 + 1}" y="${round1(100 - (column.value / max) * 100)}" width="8" height="${round1((column.value / max) * 100)}" fill="${input.color}"><title>${column.label}: ${column.valueText}</title></rect>`,
  );
  const labels = axisLabelIndexes(input.columns.length).map((index) => html`<span>${input.columns[index].shortLabel}</span>`);
  return html`<figure class="column-chart" id="${input.id}"><figcaption class="sr-only">${input.title}. ${input.description}</figcaption>
<div class="column-plot" aria-hidden="true"><span class="column-scale"><span>${max}</span><span>0</span></span><svg viewBox="0 0 ${count * 10} 100" preserveAspectRatio="none" focusable="false">${columns}</svg><span class="column-axis">${labels}</span></div></figure>`;
}
