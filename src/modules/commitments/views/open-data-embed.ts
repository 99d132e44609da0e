import { escapeHtml, html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import type { LocalizedText } from "../../../platform/i18n/localized";
import { localizedText } from "../../../platform/views/localized";
import { renderPage } from "../../../platform/views/layout";
import { feedLink, feedPath } from "../feed";
import type { CommitmentMode } from "../wording";
import { scrollableTable } from "../../../platform/views/table";

type EmbedSpace = { slug: string; title: string; titleValue: LocalizedText; publicUrl: string; isPublic: boolean; mode: CommitmentMode };

/** The widgets' `wording` attribute of a space (with its leading space), empty for the default wording. */
function wordingAttribute(mode: CommitmentMode): string {
  return mode === "memorandum" ? ' wording="memorandum"' : "";
}

/** The copy-paste code for a partner site. It is HTML the partner pastes, so the space title is escaped inside it. */
export function widgetSnippets(space: EmbedSpace, locale: string, linkText: string): { list: string; stats: string } {
  const listUrl = `${space.publicUrl}/spaces/${encodeURIComponent(space.slug)}/commitments`;
  const script = `<script src="${space.publicUrl}/widgets/convene.js" defer></script>`;
  const link = `<a href="${escapeHtml(listUrl)}">${escapeHtml(linkText)}</a>`;
  const wording = wordingAttribute(space.mode);
  return {
    list: `${script}\n<convene-commitments space="${escapeHtml(space.slug)}" lang="${locale}"${wording} limit="5">\n  ${link}\n</convene-commitments>`,
    stats: `${script}\n<convene-stats space="${escapeHtml(space.slug)}" lang="${locale}"${wording}>\n  ${link}\n</convene-stats>`,
  };
}

/** The snippet page: code for both widgets, what their attributes do, a live preview, and the open-data links. */
export function embedPage(view: ViewContext, space: EmbedSpace): string {
  const { t } = view;
  const base = `/spaces/${encodeURIComponent(space.slug)}/commitments`;
  const snippets = widgetSnippets(space, view.locale, t("commitment.open_data.embed.fallback_link", { space: space.title }));
  const previewWording = space.mode === "memorandum" ? html` wording="memorandum"` : "";
  const attributes = [
    ["space", t("commitment.open_data.embed.attribute_space")],
    ["target", t("commitment.open_data.embed.attribute_target")],
    ["country", t("commitment.open_data.embed.attribute_country")],
    ["lang", t("commitment.open_data.embed.attribute_lang")],
    ["limit", t("commitment.open_data.embed.attribute_limit")],
    ["base", t("commitment.open_data.embed.attribute_base")],
    ["wording", t("commitment.open_data.embed.attribute_wording")],
  ];
  const body = html`<h1>${t("commitment.open_data.embed.title")}</h1>
<p class="lead">${t("commitment.open_data.embed.intro")}</p>
${space.isPublic ? "" : html`<p class="flash" role="note">${t("commitment.open_data.embed.private_warning")}</p>`}
<h2>${t("commitment.open_data.embed.list_heading")}</h2>
<p>${t("commitment.open_data.embed.list_help")}</p>
<pre tabindex="0"><code>${snippets.list}</code></pre>
<h2>${t("commitment.open_data.embed.stats_heading")}</h2>
<p>${t("commitment.open_data.embed.stats_help")}</p>
<pre tabindex="0"><code>${snippets.stats}</code></pre>
<h2>${t("commitment.open_data.embed.attributes_heading")}</h2>
${scrollableTable(t("commitment.open_data.embed.attributes_caption"), html`<table>
  <caption>${t("commitment.open_data.embed.attributes_caption")}</caption>
  <thead><tr><th scope="col">${t("commitment.open_data.embed.attribute")}</th><th scope="col">${t("commitment.open_data.embed.meaning")}</th></tr></thead>
  <tbody>${attributes.map(([name, meaning]) => html`<tr><th scope="row"><code>${name}</code></th><td>${meaning}</td></tr>`)}</tbody>
</table>`)}
<p>${t("commitment.open_data.embed.fallback_help")}</p>
<h2>${t("commitment.open_data.embed.preview_heading")}</h2>
<div class="widget-preview">
  <convene-stats space="${space.slug}" lang="${view.locale}"${previewWording}><a href="${base}">${localizedText(view, space.titleValue)}</a></convene-stats>
  <convene-commitments space="${space.slug}" lang="${view.locale}"${previewWording} limit="5"><a href="${base}">${localizedText(view, space.titleValue)}</a></convene-commitments>
</div>
<script src="/widgets/convene.js" defer></script>
<h2>${t("commitment.open_data.embed.data_heading")}</h2>
<ul>
  <li><a href="${base}/export.csv">${t("commitment.open_data.embed.export_csv")}</a></li>
  <li><a href="${base}/export.json">${t("commitment.open_data.embed.export_json")}</a></li>
  <li><a href="${base}/export.ndjson">${t("commitment.open_data.embed.export_ndjson")}</a></li>
  <li><a href="${base}/export.clearing-house.json">${t("commitment.open_data.embed.export_clearing_house")}</a></li>
  <li><a href="${feedPath(space.slug)}">${t("commitment.open_data.embed.feed")}</a></li>
  <li><a href="/api/docs">${t("commitment.open_data.embed.api")}</a></li>
</ul>`;
  return renderPage(view, {
    title: t("commitment.open_data.embed.title"),
    head: feedLink(space.slug, t("commitment.open_data.feed_title")),
    breadcrumbs: [
      { label: t("nav.spaces"), href: "/spaces" },
      { label: space.title, href: `/spaces/${encodeURIComponent(space.slug)}` },
      { label: t("commitment.open_data.embed.title") },
    ],
    body,
  });
}
