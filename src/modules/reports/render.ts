import { toCsv } from "../../platform/csv";
import { html, raw, type HtmlValue, type SafeHtml } from "../../platform/html";
import { intlFormat, translator } from "../../platform/i18n/messages";
import type { ReportBlock, ReportCell, ReportSection } from "../../platform/reports/sections";
import type { ReportDocument } from "./document";

// The one renderer of report blocks: HTML for the page (and its print), Markdown for download, CSV per table.
// A frozen version stores what these functions wrote at freezing time, so later changes here cannot alter it.

/** The CSV file name of a table: `<section>-<key>.csv`. */
export const tableFileName = (sectionKey: string, tableKey: string): string => `${sectionKey}-${tableKey}.csv`;
/** What a table's CSV route accepts. */
export const TABLE_FILE_PATTERN = /^[a-z][a-z-]{0,39}-[a-z0-9][a-z0-9-]{0,60}\.csv$/;

/** The last day of a half-open period (the day before `until`), as an ISO day. */
export function lastDay(until: string): string {
  const date = new Date(`${until}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** "1 Jan 2026 – 31 Dec 2026" in the document's language. */
export function periodLabel(document: Pick<ReportDocument, "locale" | "periodFrom" | "periodUntil">): string {
  const format = intlFormat(document.locale);
  return translator(document.locale)("reports.period_value", { from: format.date(document.periodFrom), to: format.date(lastDay(document.periodUntil)) });
}

function cellText(cell: ReportCell, format: ReturnType<typeof intlFormat>): string {
  if (cell === null) return "—";
  return typeof cell === "number" ? format.number(cell) : cell;
}

function blockHtml(block: ReportBlock, section: ReportSection, document: ReportDocument, csvBase: string | null): SafeHtml {
  const format = intlFormat(document.locale);
  const t = translator(document.locale);
  switch (block.kind) {
    case "figures":
      return html`<dl class="report-figures">${block.items.map((item) => html`<div><dt>${item.label}</dt><dd>${cellText(item.value, format)}${item.note ? html` <span class="muted">${item.note}</span>` : ""}</dd></div>`)}</dl>`;
    case "text":
      return html`${block.text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim()).map((paragraph) => html`<p>${paragraph.trim()}</p>`)}`;
    case "list":
      return html`<ul class="report-list">${block.items.map((item) => html`<li>${item.path?.startsWith("/") ? html`<a href="${item.path}">${item.text}</a>` : item.text}</li>`)}</ul>`;
    case "table": {
      const file = tableFileName(section.key, block.key);
      return html`<div class="report-table table-scroll" role="region" aria-label="${block.title}" tabindex="0"><table>
<caption>${block.title}</caption>
<thead><tr>${block.columns.map((column) => html`<th scope="col"${column.isNumeric ? html` class="num"` : ""}>${column.label}</th>`)}</tr></thead>
<tbody>${block.rows.map((row) => html`<tr>${row.map((cell, at) => (at === 0 ? html`<th scope="row">${cellText(cell, format)}</th>` : html`<td${block.columns[at]?.isNumeric ? html` class="num"` : ""}>${cellText(cell, format)}</td>`))}</tr>`)}</tbody>
</table></div>
${block.note ? html`<p class="report-note">${block.note}</p>` : ""}
${csvBase ? html`<p class="report-csv no-print"><a href="${csvBase}/${file}" download>${t("reports.csv_link", { table: block.title })}</a></p>` : ""}`;
    }
  }
}

/**
 * The document as HTML (the body of the draft page and of a version): title block, then narratives and sections in
 * order, each section starting a printed page. Section text is escaped; narratives are the HTML rendered from
 * Markdown when they were saved. `csvBase` is the path the table links point under (null: no links).
 */
export function documentHtml(document: ReportDocument, csvBase: string | null): string {
  const t = translator(document.locale);
  const parts: HtmlValue[] = document.parts.map((part) =>
    part.kind === "narrative"
      ? html`<div class="report-narrative">${raw(part.html)}</div>`
      : html`<section class="report-section" id="section-${part.section.key}" aria-labelledby="section-${part.section.key}-title"><h2 id="section-${part.section.key}-title">${part.section.title}</h2>
${part.section.blocks.map((block) => blockHtml(block, part.section, document, csvBase))}</section>`,
  );
  return html`<article class="report-document" lang="${document.locale}">
<header class="report-masthead">${document.symbol ? html`<p class="report-symbol">${document.symbol}</p>` : ""}
<h1>${document.title}</h1>
<p class="report-period">${t("reports.period")}: ${periodLabel(document)}</p></header>
${parts}
</article>`.value;
}

/** Text safe in Markdown: characters that would start markup are escaped, so a title cannot become a link or HTML. */
export function markdownEscape(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, "\\$1").replace(/\r?\n/g, " ");
}

function blockMarkdown(block: ReportBlock, document: ReportDocument, publicUrl: string): string {
  const format = intlFormat(document.locale);
  switch (block.kind) {
    case "figures":
      return block.items.map((item) => `- ${markdownEscape(item.label)}: **${markdownEscape(cellText(item.value, format))}**${item.note ? ` (${markdownEscape(item.note)})` : ""}`).join("\n");
    case "text":
      return block.text.split(/\n\s*\n/).map((paragraph) => markdownEscape(paragraph.trim())).filter(Boolean).join("\n\n");
    case "list":
      return block.items.map((item) => (item.path?.startsWith("/") ? `- [${markdownEscape(item.text)}](${publicUrl}${encodeURI(item.path)})` : `- ${markdownEscape(item.text)}`)).join("\n");
    case "table": {
      const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
      const lines = [
        `**${markdownEscape(block.title)}**`,
        "",
        row(block.columns.map((column) => markdownEscape(column.label))),
        row(block.columns.map((column) => (column.isNumeric ? "---:" : "---"))),
        ...block.rows.map((cells) => row(cells.map((cell) => markdownEscape(cellText(cell, format))))),
      ];
      if (block.note) lines.push("", `*${markdownEscape(block.note)}*`);
      return lines.join("\n");
    }
  }
}

/** The document as Markdown: the narratives as their authors wrote them, sections' blocks escaped. */
export function documentMarkdown(document: ReportDocument, publicUrl: string): string {
  const t = translator(document.locale);
  const lines = [document.symbol ? `${markdownEscape(document.symbol)}\n` : "", `# ${markdownEscape(document.title)}`, "", `${t("reports.period")}: ${periodLabel(document)}`];
  for (const part of document.parts) {
    lines.push("");
    if (part.kind === "narrative") lines.push(part.markdown.trim());
    else {
      lines.push(`## ${markdownEscape(part.section.title)}`);
      for (const block of part.section.blocks) lines.push("", blockMarkdown(block, document, publicUrl));
    }
  }
  return `${lines.join("\n").trim()}\n`;
}

/** Every table of the document with its CSV file name. */
export function documentTables(document: ReportDocument): { file: string; block: Extract<ReportBlock, { kind: "table" }> }[] {
  return document.parts.flatMap((part) =>
    part.kind === "section" ? part.section.blocks.flatMap((block) => (block.kind === "table" ? [{ file: tableFileName(part.section.key, block.key), block }] : [])) : [],
  );
}

/** One table as CSV (formula-safe; numbers as plain numbers, an empty cell for a missing value). */
export function tableCsv(block: Extract<ReportBlock, { kind: "table" }>): string {
  return toCsv(block.columns.map((column) => column.label), block.rows);
}
