import { moduleStylesheet } from "../../../platform/http/module-stylesheet";

// The report's own styles, screen and print: a file of ours because the CSP allows no inline style. In print
// the site's header, footer, breadcrumbs and links to other formats disappear, each group starts a new page
// and quotes are not split across pages.
const CSS = `.consultation-report .report-toc ol{margin-block:.25rem;margin-inline:1.25rem 0}
.consultation-report .meta{color:#555;font-size:.9rem;margin:.25rem 0}
.consultation-report blockquote{border-inline-start:4px solid #ccc;margin:.5rem 0;padding:.1rem .9rem;background:#fafafa}
.consultation-report .tagged-item,.consultation-report .finding-contribution{margin:0 0 1rem}
.consultation-report .synthesis{border:1px solid #d7d7d7;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.consultation-report table{border-collapse:collapse;width:100%}
.consultation-report th,.consultation-report td{border:1px solid #ccc;padding:.3rem .5rem;text-align:start}
.consultation-report td.number,.consultation-report th.number{text-align:end}
.consultation-report .kind{display:inline-block;border:1px solid #888;border-radius:99px;padding:0 .5rem;font-size:.8rem}
@media print{
.site-header,.site-footer,.skip-link,.breadcrumbs,.no-print,.flash{display:none !important}
body{font-size:11pt;color:#000;background:#fff}
main.wrap{max-width:none;padding:0}
.consultation-report a{color:#000;text-decoration:none}
/* On paper a link is only its text: print where an outside one leads. */
.consultation-report a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;overflow-wrap:anywhere}
.consultation-report .report-group{break-before:page}
.consultation-report blockquote,.consultation-report .tagged-item,.consultation-report .synthesis,.consultation-report tr{break-inside:avoid}
.consultation-report h2,.consultation-report h3,.consultation-report h4{break-after:avoid}
@page{size:A4;margin:1.8cm}
}
`;

const STYLES = moduleStylesheet("consultation-report", CSS);
export const REPORT_CSS_PATH = STYLES.path;

/** The <link> to add to a page's head. */
export const reportStylesheet = STYLES.link;

/** Serves the stylesheet under its content hash, cacheable for a year. */
export const registerReportStylesheet = STYLES.register;
