import { html, type SafeHtml } from "../../../platform/html";
import { chartSvg, round1 } from "./chart-frame";

export type ColumnChartInput = {
  id: string;
  title: string;
  description: string;
  columns: { label: string; shortLabel: string; value: number; valueText: string }[];
  color: string;
};

const WIDTH = 960;
const HEIGHT = 240;
const PAD = { left: 40, right: 10, top: 12, bottom: 36 };

/** Vertical columns over time (e.g. new commitments per month); at most 16 axis labels are written. */
export function columnChart(input: ColumnChartInput): SafeHtml {
  const count = Math.max(input.columns.length, 1);
  const max = Math.max(1, ...input.columns.map((column) => column.value));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / count;
  const labelEvery = Math.ceil(count / 16);
  const y = (value: number) => round1(PAD.top + plotHeight - (value / max) * plotHeight);
  const axis = html`<line x1="${PAD.left}" y1="${PAD.top + plotHeight}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotHeight}" stroke="#666"></line>
<text x="${PAD.left - 6}" y="${y(max) + 4}" text-anchor="end">${max}</text><text x="${PAD.left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>`;
  const columns = input.columns.map((column, index) => {
    const x = PAD.left + index * step;
    return html`<g><title>${column.label}: ${column.valueText}</title><rect x="${round1(x + step * 0.1)}" y="${y(column.value)}" width="${round1(step * 0.8)}" height="${round1(PAD.top + plotHeight - y(column.value))}" fill="${input.color}"></rect>${
      index % labelEvery === 0 ? html`<text x="${round1(x + step / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11">${column.shortLabel}</text>` : ""
    }</g>`;
  });
  return chartSvg({ id: input.id, title: input.title, description: input.description, width: WIDTH, height: HEIGHT, body: html`${axis}${columns}` });
}
