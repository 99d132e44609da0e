import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { checkboxField, errorSummary, localizedFields, postForm, selectField, textField, type FormState } from "../../../platform/views/forms";
import { renderPage } from "../../../platform/views/layout";
import { localizedText } from "../../../platform/views/localized";
import type { TopicForViewer } from "../queries";
import type { ContributionCard } from "../queries-contributions";
import type { TaggingTarget } from "../queries-synthesis";
import { PRACTICE_KINDS, SYNTHESIS_TAGS } from "../schema";
import { renderContribution } from "./contribution";
import { contributionStylesheet } from "./contribution-styles";
import { consultationUrl, synthesisCrumbs } from "./synthesis-shared";
import { contributionContext } from "./topic-page";

/** The contribution as the topic page shows it (the shared card), for the facilitator tagging it. */
export type TaggedCard = { topic: TopicForViewer; card: ContributionCard; now: Date };

/** The tag form of one contribution: a checkbox and a note per tag, the good practice's kind, title and description. */
export function tagPage(view: ViewContext, target: TaggingTarget, shown: TaggedCard, form: FormState): string {
  const base = consultationUrl(target);
  const number = target.contribution.number;
  const title = view.t("consultation.synthesis.tag.title", { number });
  const labels: Record<string, string> = {
    tags: view.t("consultation.synthesis.tag.tags"),
    practice_kind: view.t("consultation.synthesis.tag.practice_kind"),
    practice_title: view.t("consultation.synthesis.tag.practice_title"),
    practice_description: view.t("consultation.synthesis.tag.practice_description"),
  };
  for (const tag of SYNTHESIS_TAGS) labels[`note.${tag}`] = view.t("consultation.synthesis.tag.note_for", { tag: view.t(`consultation.synthesis.tag.${tag}`) });
  const ctx = contributionContext(view, shown.topic, shown.now, `${base}/contributions/${number}/tag`);
  return renderPage(view, {
    title,
    breadcrumbs: synthesisCrumbs(view, target, title),
    head: contributionStylesheet(),
    body: html`<h1>${title}</h1>
<p class="lead"><a href="${base}/topics/${target.topic.number}">${localizedText(view, target.topic.title)}</a> · ${localizedText(view, target.group.title)}</p>
${target.contribution.status === "published" ? "" : html`<p class="notice">${view.t("consultation.synthesis.tag.not_published")}</p>`}
${renderContribution(view, { ...ctx, canFacilitate: false }, shown.card)}
<p><a href="${base}/contributions/${number}">${view.t("consultation.synthesis.tag.open_contribution")}</a></p>
${errorSummary(view, form, labels)}
${postForm(
  view,
  `${base}/contributions/${number}/tag`,
  html`<fieldset><legend>${labels.tags}</legend>
  ${form.errors.tags ? html`<p class="field-error">${view.t(form.errors.tags.key, form.errors.tags.values)}</p>` : ""}
  ${SYNTHESIS_TAGS.map(
    (tag) => html`<div class="tag-choice">
    ${checkboxField(view, form, { name: `tag.${tag}`, label: view.t(`consultation.synthesis.tag.${tag}`), hint: view.t(`consultation.synthesis.tag.${tag}_hint`) })}
    ${textField(view, form, { name: `note.${tag}`, label: labels[`note.${tag}`]!, maxLength: 1000 })}
  </div>`,
  )}
  </fieldset>
  <fieldset><legend>${view.t("consultation.synthesis.tag.good_practice_record")}</legend>
  <p class="hint">${view.t("consultation.synthesis.tag.good_practice_hint")}</p>
  ${selectField(view, form, {
    name: "practice_kind",
    label: labels.practice_kind!,
    placeholder: view.t("consultation.synthesis.tag.choose_kind"),
    choices: PRACTICE_KINDS.map((kind) => ({ value: kind, label: view.t(`consultation.synthesis.kind.${kind}`) })),
  })}
  ${localizedFields(view, form, { name: "practice_title", label: labels.practice_title! })}
  ${localizedFields(view, form, { name: "practice_description", label: labels.practice_description!, isMultiline: true, rows: 4 })}
  ${target.goodPractice
    ? html`<p class="meta">${view.t("consultation.synthesis.tag.record_saved", { title: localizedString(target.goodPractice.title, view.locale), date: view.format.dateTime(target.goodPractice.updatedAt) })}</p>`
    : ""}
  </fieldset>
  <button type="submit">${view.t("consultation.synthesis.tag.save")}</button>`,
)}`,
  });
}
