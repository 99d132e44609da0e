import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import { renderMarkdown } from "../../../platform/markdown/subset";
import { contributionBodyHtml } from "../markdown";
import { canFacilitateGroup } from "../permissions";
import type { ConsultationForViewer } from "../queries";
import type { OutputContribution, ReportData, TaggedItem } from "../queries-synthesis";
import type { RecommendationFollowupLink } from "../recommendations";
import { SYNTHESIS_TAGS } from "../schema";
import { reportStylesheet } from "./report-styles";
import { authorLine, consultationUrl, synthesisCrumbs, synthesisSection } from "./synthesis-shared";
import { scrollableTable } from "../../../platform/views/table";

/** Details under a quoted contribution: its number (linked), who, which question and breakout. */
export function contributionMeta(view: ViewContext, contribution: OutputContribution): string {
  return [
    `#${contribution.number}`,
    authorLine(view, contribution),
    contribution.questionNumber ? view.t("consultation.synthesis.report.question", { number: contribution.questionNumber }) : "",
    contribution.breakoutName ? localizedString(contribution.breakoutName, view.locale) : "",
    view.format.date(contribution.createdAt),
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * A contribution quoted in the report: in full the first time (`quoted` remembers which were), afterwards —
 * under its other tags, in a finding — a line that links back to the quote, so a contribution with three tags
 * does not fill the report three times.
 */
function quote(view: ViewContext, base: string, contribution: OutputContribution, quoted: Set<number>): SafeHtml {
  if (quoted.has(contribution.number)) {
    return html`<p class="meta quoted-above"><a href="#quote-${contribution.number}">${view.t("consultation.synthesis.report.quoted_above", { meta: contributionMeta(view, contribution) })}</a></p>`;
  }
  quoted.add(contribution.number);
  return html`<blockquote id="quote-${contribution.number}" lang="${contribution.language}" cite="${base}/contributions/${contribution.number}">${contributionBodyHtml(contribution)}</blockquote>
<p class="meta"><a href="${base}/contributions/${contribution.number}">${contributionMeta(view, contribution)}</a></p>`;
}

function taggedSection(view: ViewContext, base: string, items: TaggedItem[], quoted: Set<number>, followups: Map<string, RecommendationFollowupLink[]>): SafeHtml[] {
  return SYNTHESIS_TAGS.flatMap((tag) => {
    const list = items.filter((item) => item.tag === tag);
    if (!list.length) return [];
    return [
      html`<section class="tagged tagged-${tag}"><h4>${view.t(`consultation.synthesis.report.tag_heading.${tag}`)} (${list.length})</h4>
${list.map(
  (item) => html`<div class="tagged-item">${item.practiceKind ? html`<p><span class="kind">${view.t(`consultation.synthesis.kind.${item.practiceKind}`)}</span></p>` : ""}
${quote(view, base, item.contribution, quoted)}
${item.note ? html`<p class="note">${view.t("consultation.synthesis.report.note", { note: item.note })}</p>` : ""}
${tag === "recommendation" && followups.get(item.contribution.id)?.length
  ? html`<p class="note">${view.t("consultation.synthesis.report.followup")} ${followups.get(item.contribution.id)!.map((link, at) => html`${at ? ", " : ""}<a href="${link.path}">${link.label}</a>`)}</p>`
  : ""}</div>`,
)}</section>`,
    ];
  });
}

/** The print-ready report: contents, participation, each group's and topic's synthesis and tagged items, accepted findings. */
export function reportPage(view: ViewContext, subject: ConsultationForViewer, report: ReportData, options: { canFacilitate: boolean; now: Date; followups?: Map<string, RecommendationFollowupLink[]> }): string {
  const base = consultationUrl(subject);
  const consultationTitle = localizedString(subject.consultation.title, view.locale);
  const title = view.t("consultation.synthesis.report.title");
  const groupHeading = (group: ReportData["groups"][number]) => view.t("consultation.synthesis.group_label", { number: group.number, title: localizedString(group.title, view.locale) });
  const topicHeading = (topic: ReportData["groups"][number]["topics"][number]) => view.t("consultation.synthesis.topic_label", { number: topic.number, title: localizedString(topic.title, view.locale) });
  const totals = report.totals;
  // contributions quoted in full so far, in reading order (tags topic by topic, then findings)
  const quoted = new Set<number>();
  // facilitators reach the synthesis forms from here; a named group facilitator only for their own groups
  const writeLink = (group: ReportData["groups"][number], path: string) =>
    canFacilitateGroup(subject.access, group.id) ? html`<p class="no-print"><a href="${base}${path}/synthesis">${view.t("consultation.synthesis.report.write_synthesis")}</a></p>` : "";
  return renderPage(view, {
    title: `${title} · ${consultationTitle}`,
    head: reportStylesheet(),
    breadcrumbs: synthesisCrumbs(view, subject, title),
    body: html`<article class="consultation-report">
<header>
<h1>${localizedText(view, subject.consultation.title)}</h1>
<p class="lead">${title} · ${view.t("consultation.synthesis.report.generated", { date: view.format.dateTime(options.now) })}</p>
<p class="no-print"><a href="${base}/report.md" download>${view.t("consultation.synthesis.report.download_markdown")}</a> · <a href="${base}/contributions.csv" download>${view.t("consultation.synthesis.report.download_csv")}</a>${options.canFacilitate
      ? html` · <a href="${base}/findings">${view.t("consultation.synthesis.findings.title")}</a>`
      : ""}</p>
</header>
<nav class="report-toc" aria-labelledby="report-contents"><h2 id="report-contents">${view.t("consultation.synthesis.report.contents")}</h2>
<ol>
<li><a href="#participation">${view.t("consultation.synthesis.report.participation")}</a></li>
${report.groups.map(
  (group) => html`<li><a href="#group-${group.number}">${groupHeading(group)}</a>${group.topics.length
    ? html`<ol>${group.topics.map((topic) => html`<li><a href="#topic-${topic.number}">${topicHeading(topic)}</a></li>`)}</ol>`
    : ""}</li>`,
)}
<li><a href="#findings">${view.t("consultation.synthesis.report.findings")}</a></li>
</ol></nav>
<section id="participation"><h2>${view.t("consultation.synthesis.report.participation")}</h2>
<p>${view.t("consultation.synthesis.report.totals", { contributions: totals.contributions, participants: totals.participants, organisations: totals.organisations })}</p>
${scrollableTable(view.t("consultation.synthesis.report.participation"), html`<table><thead><tr><th scope="col">${view.t("consultation.synthesis.report.col_topic")}</th><th scope="col" class="number">${view.t("consultation.synthesis.report.col_contributions")}</th><th scope="col" class="number">${view.t("consultation.synthesis.report.col_participants")}</th><th scope="col" class="number">${view.t("consultation.synthesis.report.col_organisations")}</th></tr></thead>
<tbody>${report.groups.flatMap((group) =>
  group.topics.map(
    (topic) => html`<tr><th scope="row">${groupHeading(group)} — ${topicHeading(topic)}</th><td class="number">${view.format.number(topic.participation.contributions)}</td><td class="number">${view.format.number(topic.participation.participants)}</td><td class="number">${view.format.number(topic.participation.organisations)}</td></tr>`,
  ),
)}</tbody></table>`)}
</section>
${report.groups.map(
  (group) => html`<section class="report-group" id="group-${group.number}"><h2>${groupHeading(group)}</h2>
${synthesisSection(view, group.synthesis, view.t(group.kind === "session" ? "consultation.synthesis.report.plenary_synthesis" : "consultation.synthesis.report.group_synthesis"), 3)}
${writeLink(group, `/groups/${group.number}`)}
${group.topics.map(
  (topic) => html`<section class="report-topic" id="topic-${topic.number}"><h3>${topicHeading(topic)}</h3>
<p class="meta">${view.t("consultation.synthesis.report.topic_counts", { contributions: topic.participation.contributions, participants: topic.participation.participants })}</p>
${synthesisSection(view, topic.synthesis, view.t("consultation.synthesis.report.topic_synthesis"), 4)}
${writeLink(group, `/topics/${topic.number}`)}
${topic.tagged.length ? taggedSection(view, base, topic.tagged, quoted, options.followups ?? new Map()) : html`<p>${view.t("consultation.synthesis.report.no_tags")}</p>`}
</section>`,
)}
</section>`,
)}
<section class="report-group" id="findings"><h2>${view.t("consultation.synthesis.report.findings")}</h2>
${report.findings.length
  ? report.findings.map(
      (finding) => html`<section class="finding"><h3>${finding.title}</h3>
${finding.summary ? html`<div class="finding-summary">${renderMarkdown(finding.summary)}</div>` : ""}
<p class="meta">${view.t("consultation.synthesis.report.finding_meta", { count: finding.contributions.length, groups: new Set(finding.contributions.map((contribution) => contribution.breakoutId ?? contribution.groupId)).size })}</p>
${finding.contributions.map((contribution) => html`<div class="finding-contribution">${quote(view, base, contribution, quoted)}</div>`)}
</section>`,
    )
  : html`<p>${view.t("consultation.synthesis.report.no_findings")}</p>`}
</section>
</article>`,
  });
}
