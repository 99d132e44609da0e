import { moduleStylesheet } from "../../../platform/http/module-stylesheet";

// The few styles the commitment list, dashboard, commitment page and certificate add to convene.css: status lights, the
// badge, charts (bars and axes are HTML text so they stay readable on a phone) and the certificate's print layout. A file of ours (the CSP allows no inline style).
const CSS = `.light{display:inline-block;padding:0 .55rem;border-radius:99px;font-size:.85rem;border:1px solid}
.light-green{background:#e6f4e8;border-color:#2e7d32;color:#1b5e20}
.light-yellow{background:#fff5d1;border-color:#8a6d00;color:#4d3d00}
.light-red{background:#fde8e8;border-color:#c62828;color:#8e1b1b}
.light-grey{background:#f1f1f1;border-color:#6b6b6b;color:#3d3d3d}
.badge-on-track{display:inline-block;padding:0 .55rem;border-radius:99px;font-size:.85rem;background:#1b5e20;color:#fff}
.result-meta{margin:.25rem 0;font-size:.95rem}
.totals{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.totals li{border:1px solid #ccc;border-radius:6px;padding:.75rem 1.25rem;min-width:9rem}
.totals strong{display:block;font-size:2rem;line-height:1.1}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(24rem,100%),1fr));gap:1.5rem}
.chart{margin:0}
.chart svg.map{width:100%;height:auto;display:block}
.chart-wide{grid-column:1/-1}
.map-legend-title{margin:.5rem 0 0;font-size:.9rem;font-weight:600}
.chart-links{font-size:.9rem}
.indicator-chart{margin:0 0 1rem}
.line-plot{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .4rem;font-size:.9rem;max-width:40rem}
.line-scale{display:flex;flex-direction:column;justify-content:space-between;text-align:end}
.line-plot svg{display:block;width:100%;height:auto}
.line-axis{grid-column:2;display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 .5rem}
.certificate{border:6px double #1b5e20;padding:2.5rem 2rem;text-align:center;max-width:48rem;margin:1.5rem auto;background:#fff}
.certificate h1{font-size:2.2rem;margin:.5rem 0 1rem}
.certificate .organisation{font-size:1.6rem;font-weight:700}
.certificate .verification{font-size:.9rem;word-break:break-all}
@media print{.breadcrumbs,.no-print{display:none}.certificate{margin:0 auto;border-color:#000;break-inside:avoid}@page{size:A4 landscape;margin:1.5cm}}
`;

const STYLES = moduleStylesheet("commitments", CSS);
export const COMMITMENT_CSS_PATH = STYLES.path;

/** The <link> to add to a page's head. */
export const commitmentStylesheet = STYLES.link;

/** Serves the stylesheet under its content hash, cacheable for a year. */
export const registerCommitmentStylesheet = STYLES.register;
