import { html } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import { localizedLabel } from "../../../platform/views/localized";
import { renderPage } from "../../../platform/views/layout";
import type { ConsultationBreakout, ConsultationTopic } from "../queries";
import type { ContributionCard } from "../queries-contributions";
import type { GroupForViewer } from "../queries-participation";
import { renderThread, type ContributionContext } from "./contribution";
import { consultationPath, groupBreadcrumbs } from "./participation-breakouts";

export type PlenaryInput = {
  found: GroupForViewer;
  topics: ConsultationTopic[];
  breakouts: ConsultationBreakout[];
  contributions: ContributionCard[];
  now: Date;
};

/**
 * The plenary of a session: for each of its topics, every breakout's threads side by side (a column per
 * breakout, plus one for threads posted outside any breakout when there are some). Read-only: replying and
 * reacting happen on the topic page. Threads with nothing published in them are left out.
 */
export function plenaryPage(view: ViewContext, input: PlenaryInput): string {
  const { found, topics, breakouts, contributions } = input;
  const { t } = view;
  const base = consultationPath(found.space.slug, found.consultation.slug);
  const ctx: ContributionContext = {
    baseUrl: base,
    viewerId: view.user?.id ?? null,
    now: input.now,
    editWindowMinutes: found.consultation.editWindowMinutes,
    canModerate: found.access.canModerate,
    canFacilitate: found.canFacilitate,
    canParticipate: false,
    isBreakoutShown: false,
    returnTo: view.url,
  };
  const title = t("consultation.participation.plenary.title", { group: localizedString(found.group.title, view.locale) });
  const knownBreakouts = new Set(breakouts.map((breakout) => breakout.id));
  const roots = contributions.filter((card) => card.depth === 0 || card.rootId === card.id);
  const repliesOf = new Map<string, ContributionCard[]>();
  for (const card of contributions) {
    if (card.rootId === card.id) continue;
    const list = repliesOf.get(card.rootId ?? card.id) ?? [];
    list.push(card);
    repliesOf.set(card.rootId ?? card.id, list);
  }
  const threads = roots
    .filter((root) => root.status === "published" || (repliesOf.get(root.id) ?? []).some((reply) => reply.status === "published"))
    .map((root) => ({ root, replies: repliesOf.get(root.id) ?? [], column: root.breakoutId && knownBreakouts.has(root.breakoutId) ? root.breakoutId : "" }));
  const body = html`<h1>${title}</h1>
<p class="lead">${t("consultation.participation.plenary.lead", { count: breakouts.length })}</p>
${found.canFacilitate ? html`<p><a href="${base}/groups/${found.group.number}/breakouts">${t("consultation.participation.breakouts.manage")}</a></p>` : ""}
${topics.map((topic) => {
  const own = threads.filter((thread) => thread.root.topicId === topic.id);
  const hasLoose = own.some((thread) => thread.column === "");
  const columns = [
    ...breakouts.map((breakout) => ({ id: breakout.id, label: localizedString(breakout.name, view.locale) })),
    ...(hasLoose || !breakouts.length ? [{ id: "", label: t(breakouts.length ? "consultation.participation.plenary.outside" : "consultation.participation.plenary.whole_session") }] : []),
  ];
  return html`<section class="plenary-topic" aria-labelledby="topic-${topic.number}">
  <h2 id="topic-${topic.number}"><a href="${base}/topics/${topic.number}">${localizedLabel(view, topic.title)}</a></h2>
  <div class="cards plenary-columns">${columns.map((column) => {
    const items = own.filter((thread) => thread.column === column.id);
    return html`<section class="card plenary-column" aria-label="${column.label}">
    <h3>${column.label}</h3>
    <p class="muted">${t("consultation.participation.plenary.count", { count: items.length })}</p>
    ${items.length ? items.map((thread) => renderThread(view, ctx, thread.root, thread.replies)) : html`<p>${t("consultation.participation.plenary.empty")}</p>`}
  </section>`;
  })}</div>
</section>`;
})}`;
  return renderPage(view, { title, breadcrumbs: groupBreadcrumbs(view, found, t("consultation.participation.plenary.crumb")), body });
}
