import { html, type SafeHtml } from "../../../platform/html";
import { scrollableTable } from "../../../platform/views/table";

export type ChartPoint = { date: string; value: number };

export type IndicatorChartInput = {
  /** Unique within the page: used for the ids that tie the chart to its title and description. */
  id: string;
  title: string;
  description: string;
  baseline: ChartPoint | null;
  target: ChartPoint | null;
  reported: ChartPoint[];
  labels: { baseline: string; target: string; reported: string; date: string; value: string; series: string; caption: string };
  formatNumber: (value: number) => string;
  formatDate: (day: string) => string;
};

const WIDTH = 640;
const HEIGHT = 260;
/** Room for the markers only: the scale and the dates are HTML text beside and under the drawing. */
const PAD = { left: 8, right: 8, top: 8, bottom: 8 };

const dayNumber = (day: string): number => Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 86_400_000;
const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * One indicator's reported values over time as a server-rendered SVG line chart, with the baseline as the
 * first point and the target as a dashed line; the same data follows as a table for screen readers and
 * text browsers. The scale and the first and last dates are HTML text beside and under the drawing, so they
 * keep the page's font size on a phone (text inside the scaled SVG shrank to a few pixels there), like the
 * dashboard's charts. Every text goes through `html`, so author-written names are escaped.
 */
export function indicatorChart(input: IndicatorChartInput): SafeHtml {
  const reported = [...input.reported].sort((a, b) => a.date.localeCompare(b.date));
  const all = [...(input.baseline ? [input.baseline] : []), ...reported, ...(input.target ? [input.target] : [])];
  const titleId = `chart-${input.id}-title`;
  const descId = `chart-${input.id}-desc`;
  const table = scrollableTable(input.labels.caption, html`<table class="chart-data">
  <caption>${input.labels.caption}</caption>
  <thead><tr><th scope="col">${input.labels.date}</th><th scope="col">${input.labels.value}</th><th scope="col">${input.labels.series}</th></tr></thead>
  <tbody>
    ${input.baseline ? html`<tr><td>${input.formatDate(input.baseline.date)}</td><td>${input.formatNumber(input.baseline.value)}</td><td>${input.labels.baseline}</td></tr>` : ""}
    ${reported.map((point) => html`<tr><td>${input.formatDate(point.date)}</td><td>${input.formatNumber(point.value)}</td><td>${input.labels.reported}</td></tr>`)}
    ${input.target ? html`<tr><td>${input.formatDate(input.target.date)}</td><td>${input.formatNumber(input.target.value)}</td><td>${input.labels.target}</td></tr>` : ""}
  </tbody>
</table>`);
  if (!all.length) return html`<figure class="indicator-chart">${table}</figure>`;
  const days = all.map((point) => dayNumber(point.date));
  const values = all.map((point) => point.value);
  let [minDay, maxDay] = [Math.min(...days), Math.max(...days)];
  if (minDay === maxDay) [minDay, maxDay] = [minDay - 30, maxDay + 30];
  const minValue = Math.min(0, ...values);
  const maxValue = Math.max(...values) === minValue ? minValue + 1 : Math.max(...values);
  const x = (day: string) => round(PAD.left + ((dayNumber(day) - minDay) / (maxDay - minDay)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => round(HEIGHT - PAD.bottom - ((value - minValue) / (maxValue - minValue)) * (HEIGHT - PAD.top - PAD.bottom));
  const line = [...(input.baseline ? [input.baseline] : []), ...reported];
  const ticks = [minValue, (minValue + maxValue) / 2, maxValue];
  const firstDay = all.reduce((a, b) => (a.date < b.date ? a : b)).date;
  const lastDay = all.reduce((a, b) => (a.date > b.date ? a : b)).date;
  const scale = html`<span class="line-scale" aria-hidden="true">${[...ticks].reverse().map((tick) => html`<span>${input.formatNumber(round(tick))}</span>`)}</span>`;
  const axis = html`<span class="line-axis" aria-hidden="true"><span>${input.formatDate(firstDay)}</span><span>${input.formatDate(lastDay)}</span></span>`;
  const svg = html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" xmlns="http://www.w3.org/2000/svg">
  <title id="${titleId}">${input.title}</title>
  <desc id="${descId}">${input.description}</desc>
  <g class="axis" stroke="currentColor" stroke-width="1">
    <line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}"/>
    <line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${HEIGHT - PAD.bottom}"/>
  </g>
  ${input.target ? html`<g class="target"><line x1="${PAD.left}" y1="${y(input.target.value)}" x2="${WIDTH - PAD.right}" y2="${y(input.target.value)}" stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="6 4"/>
    <circle cx="${x(input.target.date)}" cy="${y(input.target.value)}" r="5" fill="none" stroke="#1a7f37" stroke-width="2"><title>${input.labels.target}: ${input.formatNumber(input.target.value)} (${input.formatDate(input.target.date)})</title></circle></g>` : ""}
  ${line.length > 1 ? html`<polyline class="series" fill="none" stroke="#0b5cad" stroke-width="2" points="${line.map((point) => `${x(point.date)},${y(point.value)}`).join(" ")}"/>` : ""}
  ${input.baseline ? html`<rect x="${x(input.baseline.date) - 4}" y="${y(input.baseline.value) - 4}" width="8" height="8" fill="#6e7781"><title>${input.labels.baseline}: ${input.formatNumber(input.baseline.value)} (${input.formatDate(input.baseline.date)})</title></rect>` : ""}
  ${reported.map((point) => html`<circle cx="${x(point.date)}" cy="${y(point.value)}" r="4" fill="#0b5cad"><title>${input.labels.reported}: ${input.formatNumber(point.value)} (${input.formatDate(point.date)})</title></circle>`)}
</svg>`;
  return html`<figure class="indicator-chart"><div class="line-plot">${scale}${svg}${axis}</div>${table}</figure>`;
}
