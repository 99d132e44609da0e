import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize, localizedString } from "../../../platform/i18n/localized";
import { actorTypeLabel } from "../../organisations/actor-types";
import { renderMarkdown } from "../../../platform/markdown/subset";
import type { ConsultationForViewer } from "../queries";
import type { OutputContribution, SynthesisRow } from "../queries-synthesis";

/** The consultation's base URL: /spaces/:slug/consultations/:consultation. */
export const consultationUrl = (subject: Pick<ConsultationForViewer, "space" | "consultation">): string => `/spaces/${subject.space.slug}/consultations/${subject.consultation.slug}`;

/** Breadcrumbs from the space to the consultation, then the current page. */
export function synthesisCrumbs(view: ViewContext, subject: Pick<ConsultationForViewer, "space" | "consultation">, current: string) {
  return [
    { label: localize(subject.space.title, view.locale), href: `/spaces/${subject.space.slug}` },
    { label: localize(subject.consultation.title, view.locale), href: consultationUrl(subject) },
    { label: current },
  ];
}

/** Who said it: the organisation (with its kind of actor) when posted on its behalf, else the person's name. */
export function authorLine(view: ViewContext, contribution: Pick<OutputContribution, "authorName" | "organisationName" | "actorType">): string {
  if (contribution.organisationName) {
    const organisation = localizedString(contribution.organisationName, view.locale);
    return contribution.actorType ? `${organisation} (${actorTypeLabel(contribution.actorType, view.locale)})` : organisation;
  }
  return contribution.authorName ?? view.t("consultation.synthesis.former_participant");
}

/** A synthesis as readers see it: the Markdown rendered in the safe subset, with who saved it and when. */
export function synthesisSection(view: ViewContext, synthesis: SynthesisRow | null, heading: string, level: 2 | 3 | 4 = 3): SafeHtml {
  if (!synthesis?.body.trim()) return html``;
  const title = level === 2 ? html`<h2>${heading}</h2>` : level === 3 ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`;
  return html`<section class="synthesis">${title}
<div class="synthesis-body">${renderMarkdown(synthesis.body)}</div>
<p class="meta">${view.t("consultation.synthesis.updated", { name: synthesis.updatedByName ?? view.t("consultation.synthesis.former_participant"), date: view.format.dateTime(synthesis.updatedAt) })}</p>
</section>`;
}
