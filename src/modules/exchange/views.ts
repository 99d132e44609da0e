import { html, type SafeHtml } from "../../platform/html";
import type { ViewContext } from "../../platform/http/context";
import { localize, type LocalizedText } from "../../platform/i18n/localized";
import { countryName } from "../../platform/countries";
import { errorSummary, postForm, textField, type FormState } from "../../platform/views/forms";
import { renderPage } from "../../platform/views/layout";
import { localizedParagraphs, localizedText } from "../../platform/views/localized";
import { scrollableTable } from "../../platform/views/table";
import { COMMITMENT_STAGES } from "../commitments/schema";
import { EXCHANGE_FORMATS } from "./shapes";
import { sourceLabel, type HarvestRun, type HarvestSource, type PartnerRecord } from "./queries";
import type { RunReportLine } from "./schema";

export type ExchangeSpace = { slug: string; title: LocalizedText };

const spaceCrumb = (view: ViewContext, space: ExchangeSpace) => ({ label: localize(space.title, view.locale), href: `/spaces/${space.slug}` });
export const exchangeBase = (slug: string): string => `/spaces/${encodeURIComponent(slug)}/exchange`;
export const partnerBase = (slug: string): string => `/spaces/${encodeURIComponent(slug)}/partner-commitments`;

/** A stored error ("exchange.error.x: detail") in the reader's language, with the detail kept as it came. */
function errorMessage(view: ViewContext, stored: string): string {
  const [key = "exchange.error.failed", ...detail] = stored.split(": ");
  const known = key.startsWith("exchange.error.") ? view.t(key) : view.t("exchange.error.failed");
  return detail.length ? `${known} (${detail.join(": ")})` : known;
}

export type ExchangePageData = {
  space: ExchangeSpace;
  /** The kinds this space exports, with their endpoint segment. */
  kinds: { kind: string; path: string }[];
  canManage: boolean;
  sources: HarvestSource[];
  runs: Omit<HarvestRun, "report">[];
  uploadForm: FormState;
  harvestForm: FormState;
};

/** /spaces/:slug/exchange — what the space exports (anyone) and, for coordinators, import, harvest and reports. */
export function exchangePage(view: ViewContext, data: ExchangePageData): string {
  const { t } = view;
  const base = exchangeBase(data.space.slug);
  const api = `/api/v1/spaces/${encodeURIComponent(data.space.slug)}/exchange`;
  return renderPage(view, {
    title: `${t("exchange.title")} · ${localize(data.space.title, view.locale).text}`,
    breadcrumbs: [spaceCrumb(view, data.space), { label: t("exchange.title") }],
    body: html`<h1>${t("exchange.title")}</h1>
<p class="lead">${t("exchange.lead")}</p>
<section aria-labelledby="exchange-export">
<h2 id="exchange-export">${t("exchange.export.heading")}</h2>
<p>${t("exchange.export.lead")}</p>
${scrollableTable(
  t("exchange.export.caption"),
  html`<table><caption>${t("exchange.export.caption")}</caption>
<thead><tr><th scope="col">${t("exchange.export.kind")}</th><th scope="col">${t("exchange.export.shapes")}</th></tr></thead>
<tbody>${data.kinds.map(
    (entry) => html`<tr><th scope="row">${t(`exchange.kind.${entry.kind}`)}</th><td>${EXCHANGE_FORMATS.map(
      (format, index) => html`${index ? " · " : ""}<a href="${api}/${entry.path}?format=${format}">${t(`exchange.format.${format}`)}</a>`,
    )}</td></tr>`,
  )}</tbody></table>`,
)}
<p><a href="${partnerBase(data.space.slug)}">${t("exchange.partner.all")}</a></p>
</section>
${data.canManage ? manageSections(view, data, base) : ""}`,
  });
}

function manageSections(view: ViewContext, data: ExchangePageData, base: string): SafeHtml {
  const { t } = view;
  const fileError = data.uploadForm.errors.file;
  return html`<section aria-labelledby="exchange-import">
<h2 id="exchange-import">${t("exchange.import.heading")}</h2>
${errorSummary(view, data.uploadForm, { file: t("exchange.import.file") })}
${postForm(
  view,
  `${base}/import`,
  html`<div class="field${fileError ? " has-error" : ""}"><label for="field-file">${t("exchange.import.file")}</label>
<p class="hint" id="field-file-hint">${t("exchange.import.file_hint")}</p>
${fileError ? html`<p class="field-error" id="field-file-error">${t(fileError.key, fileError.values)}</p>` : ""}
<input type="file" id="field-file" name="file" accept=".json,application/json,application/ld+json" aria-describedby="field-file-hint${fileError ? " field-file-error" : ""}"${fileError ? html` aria-invalid="true"` : ""}></div>
<p><button type="submit">${t("exchange.import.button")}</button></p>`,
  { enctype: "multipart/form-data" },
)}
</section>
<section aria-labelledby="exchange-harvest">
<h2 id="exchange-harvest">${t("exchange.harvest.heading")}</h2>
${errorSummary(view, data.harvestForm, { url: t("exchange.harvest.url"), name: t("exchange.harvest.name") })}
${postForm(
  view,
  `${base}/harvest`,
  html`${textField(view, data.harvestForm, { name: "url", label: t("exchange.harvest.url"), hint: t("exchange.harvest.url_hint"), isRequired: true, type: "url" })}
${textField(view, data.harvestForm, { name: "name", label: t("exchange.harvest.name"), hint: t("exchange.harvest.name_hint"), maxLength: 200 })}
<p><button type="submit">${t("exchange.harvest.button")}</button></p>`,
)}
</section>
<section aria-labelledby="exchange-sources">
<h2 id="exchange-sources">${t("exchange.sources.heading")}</h2>
${data.sources.length
  ? html`<ul class="plain">${data.sources.map(
      (source) => html`<li><strong>${source.name}</strong> <span class="muted">${source.url} · ${source.lastRunAt ? t("exchange.sources.last_run", { date: view.format.dateTime(source.lastRunAt) }) : t("exchange.sources.never")}</span>
${postForm(view, `${base}/sources/${source.id}/run`, html`<button type="submit" class="button-small">${t("exchange.sources.run", { name: source.name })}</button>`)}</li>`,
    )}</ul>`
  : html`<p>${t("exchange.sources.empty")}</p>`}
</section>
<section aria-labelledby="exchange-runs">
<h2 id="exchange-runs">${t("exchange.runs.heading")}</h2>
${data.runs.length
  ? html`<ul class="plain">${data.runs.map(
      (run) => html`<li><a href="${base}/runs/${run.id}">${sourceLabel(run.origin)}</a> <span class="muted">· ${view.format.dateTime(run.createdAt)} · ${t(`exchange.run.status.${run.status}`)}</span></li>`,
    )}</ul>`
  : html`<p>${t("exchange.runs.empty")}</p>`}
</section>`;
}

/** How many records of a report had each outcome. */
export function outcomeCounts(report: readonly RunReportLine[]): Record<RunReportLine["outcome"], number> {
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const line of report) counts[line.outcome] += 1;
  return counts;
}

/** /spaces/:slug/exchange/runs/:id — one harvest and what happened to each record. */
export function runPage(view: ViewContext, space: ExchangeSpace, run: HarvestRun): string {
  const { t } = view;
  const isFinished = run.status === "done" || run.status === "failed";
  return renderPage(view, {
    title: `${t("exchange.run.title")} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: [spaceCrumb(view, space), { label: t("exchange.title"), href: exchangeBase(space.slug) }, { label: t("exchange.run.title") }],
    body: html`<h1>${t("exchange.run.title")}</h1>
<dl class="facts">
<dt>${t("exchange.run.origin")}</dt><dd>${run.origin}</dd>
<dt>${t("exchange.run.status")}</dt><dd>${t(`exchange.run.status.${run.status}`)}</dd>
${run.format ? html`<dt>${t("exchange.run.format")}</dt><dd>${t(`exchange.format.${run.format}`)}</dd>` : ""}
<dt>${t("exchange.run.started")}</dt><dd>${view.format.dateTime(run.createdAt)}</dd>
</dl>
${!isFinished ? html`<p role="status">${t("exchange.run.pending")}</p>` : ""}
${run.error ? html`<div class="error-summary" role="alert"><p>${errorMessage(view, run.error)}</p></div>` : ""}
${run.status === "done" ? html`<p role="status">${t("exchange.run.summary", outcomeCounts(run.report))}</p>${reportTable(view, run.report)}` : ""}
<p><a href="${exchangeBase(space.slug)}">${t("exchange.run.back")}</a></p>`,
  });
}

function reportTable(view: ViewContext, report: readonly RunReportLine[]): SafeHtml {
  const { t } = view;
  return scrollableTable(
    t("exchange.run.caption"),
    html`<table><caption>${t("exchange.run.caption")}</caption>
<thead><tr><th scope="col">${t("exchange.run.col.position")}</th><th scope="col">${t("exchange.run.col.identifier")}</th><th scope="col">${t("exchange.run.col.kind")}</th><th scope="col">${t("exchange.run.col.title")}</th><th scope="col">${t("exchange.run.col.outcome")}</th><th scope="col">${t("exchange.run.col.reason")}</th></tr></thead>
<tbody>${report.map(
      (line) => html`<tr><td>${line.position}</td><td>${line.identifier ?? ""}</td><td>${line.kind ? t(`exchange.kind.${line.kind}`) : ""}</td><td>${line.title}</td><td>${t(`exchange.outcome.${line.outcome}`)}</td><td>${line.reason ?? ""}</td></tr>`,
    )}</tbody></table>`,
  );
}

/** A stage Convene knows (planning … completed) in the reader's language; any other as the source wrote it. */
const stageLabel = (view: ViewContext, stage: string): string => ((COMMITMENT_STAGES as readonly string[]).includes(stage) ? view.t(`commitment.browse.stage.${stage}`) : stage);

/** One harvested commitment as a card; `level` is its heading's level where the card sits (3 under a section, 2 on its own list). */
function partnerCard(view: ViewContext, space: ExchangeSpace, record: PartnerRecord, level: 2 | 3): SafeHtml {
  const { t } = view;
  const link = html`<a href="${partnerBase(space.slug)}/${record.id}">${localizedText(view, record.title)}</a>`;
  return html`<li class="card">
  ${level === 2 ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`}
  <p class="result-meta"><span class="tag">${t("exchange.partner.from", { source: sourceLabel(record.sourceOrigin, record.sourceSystem) })}</span></p>
  ${Object.keys(record.actorName).length ? html`<p class="result-meta"><span class="muted">${t("exchange.partner.actor")}:</span> ${localizedText(view, record.actorName)}</p>` : ""}
  ${record.countries.length ? html`<p class="result-meta"><span class="muted">${t("exchange.partner.countries")}:</span> ${record.countries.map((code) => countryName(code.toUpperCase(), view.locale)).join(", ")}</p>` : ""}
</li>`;
}

/** The section the commitments list shows under the space's own: partner commitments, each marked with its source. */
export function partnerSection(view: ViewContext, space: ExchangeSpace, records: PartnerRecord[], hasMore: boolean): SafeHtml {
  const { t } = view;
  if (!records.length) return html``;
  return html`<section aria-labelledby="partner-commitments-heading" class="partner-commitments">
  <h2 id="partner-commitments-heading">${t("exchange.partner.heading")}</h2>
  <p class="hint">${t("exchange.partner.lead")}</p>
  <ul class="cards">${records.map((record) => partnerCard(view, space, record, 3))}</ul>
  ${hasMore ? html`<p><a href="${partnerBase(space.slug)}">${t("exchange.partner.all")}</a></p>` : ""}
</section>`;
}

/** /spaces/:slug/partner-commitments — every harvested commitment of the space, a keyset page at a time. */
export function partnerListPage(view: ViewContext, space: ExchangeSpace, records: PartnerRecord[], nextCursor: string | null): string {
  const { t } = view;
  return renderPage(view, {
    title: `${t("exchange.partner.heading")} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: [spaceCrumb(view, space), { label: t("exchange.partner.heading") }],
    body: html`<h1>${t("exchange.partner.heading")}</h1>
<p class="lead">${t("exchange.partner.lead")}</p>
${records.length ? html`<ul class="cards">${records.map((record) => partnerCard(view, space, record, 2))}</ul>` : html`<p>${t("exchange.partner.empty")}</p>`}
${nextCursor ? html`<nav class="pager" aria-label="${t("exchange.partner.heading")}"><a rel="next" href="${partnerBase(space.slug)}?cursor=${encodeURIComponent(nextCursor)}">${t("exchange.partner.more")}</a></nav>` : ""}`,
  });
}

/** /spaces/:slug/partner-commitments/:id — one harvested commitment, its provenance and a link to the original. */
export function partnerDetailPage(view: ViewContext, space: ExchangeSpace, record: PartnerRecord): string {
  const { t } = view;
  const title = localize(record.title, view.locale);
  const dates = [record.startDate, record.endDate].filter(Boolean).join(" – ");
  return renderPage(view, {
    title: `${title.text} · ${localize(space.title, view.locale).text}`,
    breadcrumbs: [spaceCrumb(view, space), { label: t("exchange.partner.heading"), href: partnerBase(space.slug) }, { label: title }],
    body: html`<h1>${localizedText(view, record.title)}</h1>
<p><span class="tag">${t("exchange.partner.from", { source: sourceLabel(record.sourceOrigin, record.sourceSystem) })}</span></p>
<p class="hint">${t("exchange.partner.note")}</p>
${localizedParagraphs(view, record.description)}
<dl class="facts">
${Object.keys(record.actorName).length ? html`<dt>${t("exchange.partner.actor")}</dt><dd>${localizedText(view, record.actorName)}</dd>` : ""}
${record.countries.length ? html`<dt>${t("exchange.partner.countries")}</dt><dd>${record.countries.map((code) => countryName(code.toUpperCase(), view.locale)).join(", ")}</dd>` : ""}
${record.keywords.length ? html`<dt>${t("exchange.partner.keywords")}</dt><dd>${record.keywords.join(", ")}</dd>` : ""}
${record.stage ? html`<dt>${t("exchange.partner.stage")}</dt><dd>${stageLabel(view, record.stage)}</dd>` : ""}
${dates ? html`<dt>${t("exchange.partner.dates")}</dt><dd>${dates}</dd>` : ""}
</dl>
${record.recordUrl ? html`<p><a href="${record.recordUrl}" rel="external nofollow">${t("exchange.partner.view_source")}</a></p>` : ""}
<h2>${t("exchange.partner.provenance")}</h2>
<dl class="facts">
<dt>${t("exchange.partner.source_system")}</dt><dd>${record.sourceSystem}</dd>
<dt>${t("exchange.partner.source_identifier")}</dt><dd>${record.sourceIdentifier}</dd>
<dt>${t("exchange.partner.origin")}</dt><dd>${record.sourceOrigin}</dd>
<dt>${t("exchange.partner.harvested_at")}</dt><dd>${view.format.dateTime(record.harvestedAt)}</dd>
</dl>`,
  });
}
