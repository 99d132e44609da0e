import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { postForm, textArea, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import type { FindingsRun } from "../commands/suggest-findings";
import type { ConsultationForViewer, ConsultationGroup, ConsultationTopic } from "../queries";
import type { FindingView, OutputContribution } from "../queries-synthesis";
import { authorLine, consultationUrl, synthesisCrumbs } from "./synthesis-shared";

export type FindingsPageInput = {
  subject: ConsultationForViewer;
  findings: FindingView[];
  groups: Map<string, ConsultationGroup>;
  topics: Map<string, ConsultationTopic>;
  /** The latest search for findings (the job), for its progress; null when none was ever started. */
  run: FindingsRun | null;
  /** The finding whose form failed, with the input and errors to show again. */
  failed?: { findingId: string; form: FormState };
};

const EXCERPT = 280;

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
}

/** Where a contribution was posted: group, topic and breakout, for a facilitator comparing groups. */
export function whereLine(view: ViewContext, contribution: OutputContribution, groups: Map<string, ConsultationGroup>, topics: Map<string, ConsultationTopic>): string {
  const group = groups.get(contribution.groupId);
  const topic = topics.get(contribution.topicId);
  return [
    group ? view.t("consultation.synthesis.group_label", { number: group.number, title: localizedString(group.title, view.locale) }) : "",
    topic ? view.t("consultation.synthesis.topic_label", { number: topic.number, title: localizedString(topic.title, view.locale) }) : "",
    contribution.breakoutName ? localizedString(contribution.breakoutName, view.locale) : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function members(view: ViewContext, input: FindingsPageInput, finding: FindingView): SafeHtml {
  const base = consultationUrl(input.subject);
  return html`<ul class="finding-members">${finding.contributions.map(
    (contribution) => html`<li><a href="${base}/contributions/${contribution.number}">#${contribution.number}</a> <span class="meta">${whereLine(view, contribution, input.groups, input.topics)} · ${authorLine(view, contribution)}</span>
    <blockquote lang="${contribution.language}">${excerpt(contribution.body)}</blockquote></li>`,
  )}</ul>`;
}

function decisionForm(view: ViewContext, input: FindingsPageInput, finding: FindingView): SafeHtml {
  const base = consultationUrl(input.subject);
  const form = input.failed?.findingId === finding.id ? input.failed.form : { values: { title: finding.title, summary: finding.summary }, errors: {} };
  return postForm(
    view,
    `${base}/findings/${finding.id}`,
    html`${textField(view, form, { name: "title", label: view.t("consultation.synthesis.findings.field_title"), isRequired: true, maxLength: 200 })}
    ${textArea(view, form, { name: "summary", label: view.t("consultation.synthesis.findings.field_summary"), hint: view.t("consultation.synthesis.findings.summary_hint"), rows: 3 })}
    <button type="submit" name="decision" value="accept">${view.t(finding.status === "accepted" ? "consultation.synthesis.findings.save" : "consultation.synthesis.findings.accept")}</button>
    ${finding.status !== "rejected" ? html`<button type="submit" name="decision" value="reject" class="secondary">${view.t("consultation.synthesis.findings.reject")}</button>` : ""}`,
    { className: "finding-decision" },
  );
}

function findingCard(view: ViewContext, input: FindingsPageInput, finding: FindingView): SafeHtml {
  // a breakout counts as a group of its own: findings recur across breakouts of one session too
  const groupCount = new Set(finding.contributions.map((contribution) => contribution.breakoutId ?? contribution.groupId)).size;
  return html`<article class="finding finding-${finding.status}" id="finding-${finding.id}">
<h3>${finding.title}</h3>
<p class="meta">${view.t("consultation.synthesis.findings.meta", { count: finding.contributions.length, groups: groupCount, score: Math.round(finding.score * 100) })}${finding.decidedAt
    ? html` · ${view.t(`consultation.synthesis.findings.decided_${finding.status}`, { name: finding.decidedByName ?? view.t("consultation.synthesis.former_participant"), date: view.format.dateTime(finding.decidedAt) })}`
    : ""}</p>
${finding.summary ? html`<p>${finding.summary}</p>` : ""}
${members(view, input, finding)}
${decisionForm(view, input, finding)}
</article>`;
}

/** Seconds between reloads of the page while a search is queued or running (a meta refresh: no JavaScript needed). */
export const FINDINGS_REFRESH_SECONDS = 5;

const isActive = (run: FindingsRun | null): boolean => run?.status === "pending" || run?.status === "running";

/**
 * The search's progress: queued, running, done (with how many suggestions are open) or failed, with a plain
 * refresh link; the button to start a search only when none is under way.
 */
function runPanel(view: ViewContext, input: FindingsPageInput, base: string): SafeHtml {
  const { run } = input;
  const refresh = html` <a href="${base}/findings">${view.t("consultation.synthesis.findings.refresh")}</a>`;
  const suggestions = input.findings.filter((finding) => finding.status === "suggested").length;
  const status = !run
    ? ""
    : run.status === "pending"
      ? html`<p class="notice findings-run findings-run-queued" role="status">${view.t("consultation.synthesis.findings.run_queued", { date: view.format.dateTime(run.createdAt) })}${refresh}</p>`
      : run.status === "running"
        ? html`<p class="notice findings-run findings-run-running" role="status">${view.t("consultation.synthesis.findings.run_running")}${refresh}</p>`
        : run.status === "done"
          ? html`<p class="findings-run findings-run-done" role="status">${view.t("consultation.synthesis.findings.run_done", { date: view.format.dateTime(run.finishedAt ?? run.createdAt), count: suggestions })}</p>`
          : html`<p class="notice findings-run findings-run-failed" role="status">${view.t("consultation.synthesis.findings.run_failed", { date: view.format.dateTime(run.finishedAt ?? run.createdAt) })}</p>`;
  const button = isActive(run) ? "" : postForm(view, `${base}/findings/suggest`, html`<button type="submit">${view.t("consultation.synthesis.findings.run")}</button>`);
  return html`${status}${button}`;
}

/** Suggested, accepted and rejected findings that recur across groups, with the button to look for new ones. */
export function findingsPage(view: ViewContext, input: FindingsPageInput): string {
  const base = consultationUrl(input.subject);
  const title = view.t("consultation.synthesis.findings.title");
  const section = (status: FindingView["status"]) => {
    const list = input.findings.filter((finding) => finding.status === status);
    return html`<section class="findings-${status}"><h2>${view.t(`consultation.synthesis.findings.${status}`, { count: list.length })}</h2>
${list.length ? list.map((finding) => findingCard(view, input, finding)) : html`<p>${view.t(`consultation.synthesis.findings.none_${status}`)}</p>`}</section>`;
  };
  return renderPage(view, {
    title,
    // while the search is queued or running the page reloads itself; the refresh link does the same by hand
    head: isActive(input.run) ? html`<meta http-equiv="refresh" content="${FINDINGS_REFRESH_SECONDS}">` : undefined,
    breadcrumbs: synthesisCrumbs(view, input.subject, title),
    body: html`<h1>${title}</h1>
<p class="lead">${view.t("consultation.synthesis.findings.intro")}</p>
${runPanel(view, input, base)}
${section("suggested")}
${section("accepted")}
${section("rejected")}
<p><a href="${base}/report">${view.t("consultation.synthesis.report.link")}</a></p>`,
  });
}
