import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { localize, localizedString, type LocalizedText } from "../../../platform/i18n/localized";
import type { ScoredPair } from "../../../platform/matching/matcher";
import { spokenLanguageName } from "../../knowledge/experts/languages";
import type { FrameworkItem, FrameworkRef } from "../../spaces/queries";
import { mentoringPath } from "../queries";

// The few styles mentoring pages add to convene.css: profile facts, explained scores, the meeting log.
export const MENTORING_STYLES = moduleStylesheet(
  "mentoring",
  `.mentoring-facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .75rem;margin:.5rem 0}
.mentoring-facts dt{font-weight:600}
.mentoring-facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:40rem){.mentoring-facts{grid-template-columns:minmax(0,1fr)}.mentoring-facts dd{margin-bottom:.4rem}}
.mentoring-reasons{margin:.25rem 0 .5rem;padding-inline-start:1.25rem}
.mentoring-candidate{border-top:1px solid var(--line);padding:.5rem 0}
.mentoring-score{font-weight:600}
.mentoring-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.mentoring-actions form{margin:0}
.mentoring-meetings{list-style:none;padding:0}
.mentoring-meetings li{border-top:1px solid var(--line);padding:.5rem 0}
.mentoring-notes{white-space:pre-line;overflow-wrap:anywhere}
`,
);

export type SpaceRef = { slug: string; title: LocalizedText };

/** Labels of the space's framework items by id ("1. Access to information"). */
export type ItemLabels = Map<string, string>;

export function itemLabels(view: ViewContext, frameworks: { framework: FrameworkRef; items: FrameworkItem[] }[]): ItemLabels {
  return new Map(frameworks.flatMap((entry) => entry.items.map((item) => [item.id, `${item.number ? `${item.number}. ` : ""}${localizedString(item.label, view.locale)}`] as const)));
}

export const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("mentoring.title"), href: mentoringPath(space.slug) },
];

export const languageList = (view: ViewContext, codes: readonly string[]): string => codes.map((code) => spokenLanguageName(code, view.locale)).join(", ");

/** Expertise or needs: framework items by label, then free tags. */
export function topicList(view: ViewContext, labels: ItemLabels, itemIds: readonly string[], tags: readonly string[]): SafeHtml {
  const items = itemIds.flatMap((id) => labels.get(id) ?? []);
  if (!items.length && !tags.length) return html`<span class="muted">${view.t("mentoring.none_given")}</span>`;
  return html`${items.map((label) => html`<span class="tag">${label}</span> `)}${tags.map((tag) => html`<span class="tag">#${tag}</span> `)}`;
}

/** A matcher topic (`item:<id>` or `tag:<text>`) in words. */
function topicLabel(labels: ItemLabels, topic: string): string {
  return topic.startsWith("item:") ? (labels.get(topic.slice(5)) ?? topic.slice(5)) : `#${topic.slice(4)}`;
}

/** Why the matcher scored a pair as it did, in words: shared topics, languages, hours apart, a pairing before. */
export function reasonsList(view: ViewContext, labels: ItemLabels, pair: Pick<ScoredPair, "score" | "reasons">): SafeHtml {
  const { t } = view;
  const { reasons } = pair;
  return html`<p><span class="mentoring-score">${t("mentoring.score", { score: Math.round(pair.score * 100) })}</span></p>
<ul class="mentoring-reasons">
  <li>${reasons.sharedTopics.length ? t("mentoring.reason.topics", { topics: reasons.sharedTopics.map((topic) => topicLabel(labels, topic)).join(", ") }) : t("mentoring.reason.no_topics")}</li>
  <li>${t("mentoring.reason.languages", { languages: languageList(view, reasons.sharedLanguages) })}</li>
  <li>${reasons.hoursApart === undefined ? t("mentoring.reason.zone_unknown") : t("mentoring.reason.hours_apart", { hours: Math.round(reasons.hoursApart * 10) / 10 })}</li>
  ${reasons.pairedBefore ? html`<li>${t("mentoring.reason.paired_before")}</li>` : ""}
</ul>`;
}
