import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { errorSummary, postForm, textArea, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import type { loadSynthesisSubject } from "../queries-synthesis";
import { consultationUrl, synthesisCrumbs, synthesisSection } from "./synthesis-shared";

type Subject = Awaited<ReturnType<typeof loadSynthesisSubject>>;

/** The synthesis form of a topic or of a group's plenary, with the saved text rendered above it. */
export function synthesisPage(view: ViewContext, subject: Subject, form: FormState): string {
  const base = consultationUrl(subject);
  const title = subject.topic
    ? view.t("consultation.synthesis.edit.topic_title", { number: subject.topic.number })
    : view.t("consultation.synthesis.edit.group_title", { number: subject.group.number });
  const action = subject.topic ? `${base}/topics/${subject.topic.number}/synthesis` : `${base}/groups/${subject.group.number}/synthesis`;
  const back = subject.topic ? `${base}/topics/${subject.topic.number}` : `${base}/groups/${subject.group.number}${subject.group.kind === "session" ? "/plenary" : ""}`;
  return renderPage(view, {
    title,
    breadcrumbs: synthesisCrumbs(view, subject, title),
    body: html`<h1>${title}</h1>
<p class="lead"><a href="${back}">${localizedText(view, subject.topic ? subject.topic.title : subject.group.title)}</a></p>
${synthesisSection(view, subject.synthesis, view.t("consultation.synthesis.edit.current"), 2)}
${errorSummary(view, form, { body: view.t("consultation.synthesis.edit.body") })}
${postForm(
  view,
  action,
  html`${textArea(view, form, { name: "body", label: view.t("consultation.synthesis.edit.body"), hint: view.t("consultation.synthesis.edit.body_hint"), rows: 16 })}
  <button type="submit">${view.t("consultation.synthesis.edit.save")}</button>`,
)}
<p><a href="${base}/report">${view.t("consultation.synthesis.report.link")}</a></p>`,
  });
}
