import { html, type SafeHtml } from "../../../platform/html";
import { chartSvg, clip, round1 } from "./chart-frame";

export type BarRow = { label: string; values: number[]; valueText: string; colors?: string[] };

export type BarChartInput = {
  id: string;
  title: string;
  description: string;
  rows: BarRow[];
  /** One colour and name per stacked series (a single series needs no legend). */
  series: { name: string; color: string }[];
};

const WIDTH = 640;
const LABEL_WIDTH = 250;
const VALUE_WIDTH = 90;
const ROW = 26;
const BAR = 18;
const TOP = 8;

/** Horizontal bars, stacked when there are several series (e.g. primary and other targets). */
export function barChart(input: BarChartInput): SafeHtml {
  const isStacked = input.series.length > 1;
  const legendHeight = isStacked ? 26 : 0;
  const height = TOP + legendHeight + Math.max(input.rows.length, 1) * ROW + 8;
  const max = Math.max(1, ...input.rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max;
  const legend = isStacked
    ? html`<g class="legend">${input.series.map(
        (series, index) => html`<rect x="${LABEL_WIDTH + index * 150}" y="${TOP}" width="12" height="12" fill="${series.color}"></rect><text x="${LABEL_WIDTH + index * 150 + 18}" y="${TOP + 11}">${series.name}</text>`,
      )}</g>`
    : "";
  const bars = input.rows.map((row, rowIndex) => {
    const y = TOP + legendHeight + rowIndex * ROW;
    let x = LABEL_WIDTH;
    const segments = row.values.map((value, index) => {
      const width = round1(value * scale);
      const segment = html`<rect x="${round1(x)}" y="${y + (ROW - BAR) / 2}" width="${width}" height="${BAR}" fill="${row.colors?.[index] ?? input.series[index]?.color ?? "#2f6f9f"}"></rect>`;
      x += value * scale;
      return segment;
    });
    return html`<g><title>${row.label}: ${row.valueText}</title><text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2 + 4}" text-anchor="end" font-size="12">${clip(row.label, 32)}</text>${segments}<text x="${round1(x) + 6}" y="${y + ROW / 2 + 4}">${row.valueText}</text></g>`;
  });
  return chartSvg({ id: input.id, title: input.title, description: input.description, width: WIDTH, height, body: html`${legend}${bars}` });
}
