import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import countries from "i18n-iso-countries";
import { geoEqualEarth, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { html, type SafeHtml } from "../../../platform/html";
import { swatch } from "../../../platform/charts/bar-chart";
import { chartSvg } from "../../../platform/charts/chart-frame";

const WIDTH = 960;
const HEIGHT = 470;
/** No data, then five classes of a sequential green scale (distinguishable in greyscale too). */
export const MAP_COLORS = ["#e6e6e6", "#d4ecd0", "#a3d49b", "#65b360", "#2f8a37", "#165c1f"] as const;

type CountryShape = { numericId: string; alpha2: string | null; d: string };

let shapes: CountryShape[] | undefined;

type Point = [number, number];

/** Twice the signed area of a ring (shoelace), in square pixels. */
function ringArea(ring: Point[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index];
    const [x2, y2] = ring[(index + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

/** Numbers joined the short way SVG allows: no separator before a minus sign. */
function joinNumbers(numbers: number[]): string {
  let text = "";
  for (const [index, value] of numbers.entries()) text += index === 0 || value < 0 ? String(value) : ` ${value}`;
  return text;
}

/** Rings smaller than this (in square pixels of the 960 × 470 map) are left out, except a country's largest. */
const MIN_RING_AREA = 2;

/**
 * An SVG path of projected rings in whole pixels with relative moves and lines ("m dx dy dx dy … z"): at
 * this size a pixel is the precision the eye gets anyway, and relative whole numbers are about a third of
 * the absolute decimals d3 writes (the dashboard page stays under 50 KB gzip). Points that round onto the
 * previous one are dropped, and so are islands under MIN_RING_AREA — never a country's largest ring, so
 * every country keeps a shape.
 *
 * Every move is a lower-case "m", the first one too: SVG reads the pairs after a move as line-tos of the
 * move's own kind, so an upper-case "M" would turn every following delta into an absolute point near the
 * top-left corner. A path's first "m" is taken as absolute, which is right here because the cursor starts
 * at 0,0; after "z" the current point is the ring's first point, which is where the cursor is kept.
 */
function compactPath(rings: Point[][]): string {
  const rounded = rings
    .map((ring) => {
      const points: Point[] = [];
      for (const [x, y] of ring) {
        const point: Point = [Math.round(x), Math.round(y)];
        const last = points.at(-1);
        if (!last || last[0] !== point[0] || last[1] !== point[1]) points.push(point);
      }
      const first = points[0];
      const last = points.at(-1);
      if (points.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) points.pop();
      return points;
    })
    .filter((ring) => ring.length >= 3);
  if (!rounded.length) return "";
  const largest = Math.max(...rounded.map(ringArea));
  let cursor: Point = [0, 0];
  let d = "";
  for (const ring of rounded) {
    const area = ringArea(ring);
    if (area < MIN_RING_AREA && area < largest) continue;
    const numbers = [ring[0][0] - cursor[0], ring[0][1] - cursor[1]];
    for (let index = 1; index < ring.length; index++) numbers.push(ring[index][0] - ring[index - 1][0], ring[index][1] - ring[index - 1][1]);
    d += `m${joinNumbers(numbers)}z`;
    cursor = ring[0];
  }
  return d;
}

/** The projected rings of a feature, collected from d3's path generator through a drawing context. */
function projectedRings(path: ReturnType<typeof geoPath>, item: Feature<Geometry>): Point[][] {
  const rings: Point[][] = [];
  let current: Point[] = [];
  path.context({
    moveTo(x: number, y: number) {
      current = [[x, y]];
      rings.push(current);
    },
    lineTo(x: number, y: number) {
      current.push([x, y]);
    },
    closePath() {},
    arc() {},
  } as unknown as CanvasRenderingContext2D)(item);
  return rings;
}

let features: Feature<Geometry>[] | undefined;
let projection: GeoProjection | undefined;

/** Every country of Natural Earth's 1:110m map (world-atlas) but Antarctica, read once. */
function worldFeatures(): Feature<Geometry>[] {
  if (features) return features;
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry>;
  features = collection.features.filter((item) => item.id !== "010");
  return features;
}

/** The map's projection (Equal Earth fitted to the 960 × 470 frame): longitude, latitude → pixel of the map. */
export function mapProjection(): GeoProjection {
  projection ??= geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features: worldFeatures() });
  return projection;
}

/** The map's drawing area (the legend sits below it). */
export const MAP_SIZE = { width: WIDTH, height: HEIGHT } as const;

/**
 * Every country projected once with Equal Earth and kept as a compact SVG path string. Computed on first
 * use, then reused for every request.
 */
export function worldShapes(): CountryShape[] {
  if (shapes) return shapes;
  const path = geoPath(mapProjection());
  shapes = worldFeatures()
    .map((item: Feature<Geometry>) => {
      const numericId = String(item.id ?? "");
      return { numericId, alpha2: numericId ? (countries.numericToAlpha2(numericId) ?? null) : null, d: compactPath(projectedRings(path, item)) };
    })
    .filter((shape) => shape.d);
  return shapes;
}

/** The colour class (0 = none) of a count on a scale up to `max`. */
export function colorClass(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(5, Math.max(1, Math.ceil((count / max) * 5)));
}

/** The legend: "none", then each colour class that whole counts can fall in, with its range of counts. */
export function legendClasses(max: number): { colorIndex: number; from: number; to: number }[] {
  const classes = [{ colorIndex: 0, from: 0, to: 0 }];
  for (let index = 1; index <= 5; index++) {
    // colorClass gives class k to counts in (max·(k−1)/5, max·k/5].
    const from = Math.floor((max * (index - 1)) / 5) + 1;
    const to = Math.floor((max * index) / 5);
    if (from <= to) classes.push({ colorIndex: index, from, to });
  }
  return classes;
}

export type WorldMapInput = {
  id: string;
  title: string;
  description: string;
  /** Count per ISO alpha-2 country code. */
  counts: Record<string, number>;
  countryName: (alpha2: string) => string;
  formatCount: (count: number) => string;
  legendLabel: string;
  noDataLabel: string;
};

/**
 * A choropleth of the world: each country shaded by its count, named with its count in a tooltip. The
 * legend is HTML under the map, so its text keeps the page's font size however small the map is drawn.
 */
export function worldMap(input: WorldMapInput): SafeHtml {
  const max = Math.max(0, ...Object.values(input.counts));
  const paths = worldShapes().map((shape) => {
    const count = shape.alpha2 ? (input.counts[shape.alpha2] ?? 0) : 0;
    const fill = MAP_COLORS[colorClass(count, max)];
    return shape.alpha2
      ? html`<path d="${shape.d}" fill="${fill}" data-country="${shape.alpha2}" data-count="${count}"><title>${input.countryName(shape.alpha2)}: ${input.formatCount(count)}</title></path>`
      : html`<path d="${shape.d}" fill="${fill}"></path>`;
  });
  const legend = legendClasses(max).map((entry) => {
    const label = entry.colorIndex === 0 ? input.noDataLabel : entry.from === entry.to ? input.formatCount(entry.from) : `${input.formatCount(entry.from)}–${input.formatCount(entry.to)}`;
    return html`<li>${swatch(MAP_COLORS[entry.colorIndex])}${label}</li>`;
  });
  const map = chartSvg({
    id: input.id,
    title: input.title,
    description: input.description,
    width: WIDTH,
    height: HEIGHT,
    className: "map",
    body: html`<g stroke="#ffffff" stroke-width="0.5">${paths}</g>`,
  });
  return max > 0 ? html`${map}<p class="map-legend-title" aria-hidden="true">${input.legendLabel}</p><ul class="chart-legend map-legend" aria-hidden="true">${legend}</ul>` : map;
}
