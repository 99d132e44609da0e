import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import type { ConsultationForViewer } from "../queries";
import type { OutputContribution, ReportData, SynthesisRow } from "../queries-synthesis";
import { SYNTHESIS_TAGS } from "../schema";
import { contributionMeta } from "./report-page";
import { consultationUrl } from "./synthesis-shared";

/**
 * User text inside the Markdown file: angle brackets become entities so a viewer that renders raw HTML in
 * Markdown cannot be made to run a script from a contribution; the rest of the author's Markdown is kept.
 */
export function markdownText(text: string): string {
  return text.replace(/&(?=[#a-z0-9]+;)/gi, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One line of heading text: no line breaks, no leading # that would change the level. */
function headingText(text: string): string {
  return markdownText(text.replace(/\s+/g, " ").trim()).replace(/^#+\s*/, "");
}

function blockquote(text: string): string {
  return markdownText(text.replace(/\r\n/g, "\n").trim())
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

/** The report as a Markdown document: the same sections as the HTML page, in the reader's language. */
export function reportMarkdown(view: ViewContext, subject: ConsultationForViewer, report: ReportData, options: { publicUrl: string; now: Date }): string {
  const base = `${options.publicUrl.replace(/\/$/, "")}${consultationUrl(subject)}`;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const synthesis = (heading: string, row: SynthesisRow | null) => {
    if (!row?.body.trim()) return;
    push(heading, "", markdownText(row.body.trim()), "", `_${markdownText(view.t("consultation.synthesis.updated", { name: row.updatedByName ?? view.t("consultation.synthesis.former_participant"), date: view.format.dateTime(row.updatedAt) }))}_`, "");
  };
  // a contribution is quoted in full once; under its other tags and in findings a line refers back to it
  const quoted = new Set<number>();
  const quote = (contribution: OutputContribution) => {
    const link = `${base}/contributions/${contribution.number}`;
    if (quoted.has(contribution.number)) {
      push(`— [${markdownText(view.t("consultation.synthesis.report.quoted_above", { meta: contributionMeta(view, contribution) }))}](${link})`, "");
      return;
    }
    quoted.add(contribution.number);
    push(blockquote(contribution.body), "", `— [${markdownText(contributionMeta(view, contribution))}](${link})`, "");
  };
  const groupHeading = (group: ReportData["groups"][number]) => headingText(view.t("consultation.synthesis.group_label", { number: group.number, title: localizedString(group.title, view.locale) }));
  const topicHeading = (topic: ReportData["groups"][number]["topics"][number]) => headingText(view.t("consultation.synthesis.topic_label", { number: topic.number, title: localizedString(topic.title, view.locale) }));

  push(`# ${headingText(localizedString(subject.consultation.title, view.locale))}`, "");
  push(`${markdownText(view.t("consultation.synthesis.report.title"))} · ${markdownText(view.t("consultation.synthesis.report.generated", { date: view.format.dateTime(options.now) }))}`, "", base, "");
  push(`## ${headingText(view.t("consultation.synthesis.report.contents"))}`, "");
  push(`1. ${headingText(view.t("consultation.synthesis.report.participation"))}`);
  for (const [index, group] of report.groups.entries()) {
    push(`${index + 2}. ${groupHeading(group)}`);
    for (const topic of group.topics) push(`   - ${topicHeading(topic)}`);
  }
  push(`${report.groups.length + 2}. ${headingText(view.t("consultation.synthesis.report.findings"))}`, "");

  const totals = report.totals;
  push(`## ${headingText(view.t("consultation.synthesis.report.participation"))}`, "");
  push(markdownText(view.t("consultation.synthesis.report.totals", { contributions: totals.contributions, participants: totals.participants, organisations: totals.organisations })), "");
  const cell = (text: string) => headingText(text).replace(/\|/g, "\\|");
  push(
    `| ${cell(view.t("consultation.synthesis.report.col_topic"))} | ${cell(view.t("consultation.synthesis.report.col_contributions"))} | ${cell(view.t("consultation.synthesis.report.col_participants"))} | ${cell(view.t("consultation.synthesis.report.col_organisations"))} |`,
    "| --- | ---: | ---: | ---: |",
  );
  for (const group of report.groups) {
    for (const topic of group.topics) push(`| ${cell(`${groupHeading(group)} — ${topicHeading(topic)}`)} | ${topic.participation.contributions} | ${topic.participation.participants} | ${topic.participation.organisations} |`);
  }
  push("");

  for (const group of report.groups) {
    push(`## ${groupHeading(group)}`, "");
    synthesis(`### ${headingText(view.t(group.kind === "session" ? "consultation.synthesis.report.plenary_synthesis" : "consultation.synthesis.report.group_synthesis"))}`, group.synthesis);
    for (const topic of group.topics) {
      push(`### ${topicHeading(topic)}`, "");
      push(`_${markdownText(view.t("consultation.synthesis.report.topic_counts", { contributions: topic.participation.contributions, participants: topic.participation.participants }))}_`, "");
      synthesis(`#### ${headingText(view.t("consultation.synthesis.report.topic_synthesis"))}`, topic.synthesis);
      if (!topic.tagged.length) push(markdownText(view.t("consultation.synthesis.report.no_tags")), "");
      for (const tag of SYNTHESIS_TAGS) {
        const items = topic.tagged.filter((item) => item.tag === tag);
        if (!items.length) continue;
        push(`#### ${headingText(view.t(`consultation.synthesis.report.tag_heading.${tag}`))} (${items.length})`, "");
        for (const item of items) {
          if (item.practiceKind) push(`**${markdownText(view.t(`consultation.synthesis.kind.${item.practiceKind}`))}**`, "");
          quote(item.contribution);
          if (item.note) push(`_${markdownText(view.t("consultation.synthesis.report.note", { note: item.note.replace(/\s+/g, " ") }))}_`, "");
        }
      }
    }
  }

  push(`## ${headingText(view.t("consultation.synthesis.report.findings"))}`, "");
  if (!report.findings.length) push(markdownText(view.t("consultation.synthesis.report.no_findings")), "");
  for (const finding of report.findings) {
    push(`### ${headingText(finding.title)}`, "");
    if (finding.summary) push(markdownText(finding.summary), "");
    push(`_${markdownText(view.t("consultation.synthesis.report.finding_meta", { count: finding.contributions.length, groups: new Set(finding.contributions.map((contribution) => contribution.breakoutId ?? contribution.groupId)).size }))}_`, "");
    for (const contribution of finding.contributions) quote(contribution);
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
