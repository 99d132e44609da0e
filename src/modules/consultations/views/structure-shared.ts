import { DAY_MS } from "../../../platform/clock";
import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localize } from "../../../platform/i18n/localized";
import type { Breadcrumb } from "../../../platform/views/layout";
import type { Consultation } from "../queries";
import type { WindowState } from "../state";

/** Pieces every structure page uses: addresses, the state badge, a window in words, breadcrumbs. */

export const consultationsPath = (spaceSlug: string) => `/spaces/${spaceSlug}/consultations`;
export const consultationPath = (spaceSlug: string, consultationSlug: string) => `${consultationsPath(spaceSlug)}/${consultationSlug}`;

/**
 * The state badge of a consultation, group or topic. A draft (of the consultation or the part of one) shows
 * "Draft" alone: nobody but its builders can see it, so "Open now" beside it would be untrue.
 */
export function stateBadge(view: ViewContext, state: WindowState, status: Consultation["status"] = "published"): SafeHtml {
  if (status === "draft") return html`<span class="tag state-draft">${view.t("consultation.structure.state.draft")}</span>`;
  return html`<span class="tag state-${state}">${view.t(`consultation.structure.state.${state}`)}</span>`;
}

const isMidnight = (instant: Date) => instant.getTime() % DAY_MS === 0;

/**
 * How the end of a window reads. Windows are stored with an exclusive end, the midnight (UTC) after their last
 * day; people read the inclusive last day ("until 26 December", "по 26 декабря включительно"). An end that is
 * not a midnight (set by hand, or by a script through the database) is shown as the instant it is.
 */
export function windowEnd(view: ViewContext, closesAt: Date): { isLastDay: boolean; text: string } {
  return isMidnight(closesAt) ? { isLastDay: true, text: view.format.date(new Date(closesAt.getTime() - DAY_MS)) } : { isLastDay: false, text: view.format.dateTime(closesAt) };
}

/** How the start of a window reads: its first day, or the instant when it is not a midnight. */
export function windowStart(view: ViewContext, opensAt: Date): string {
  return isMidnight(opensAt) ? view.format.date(opensAt) : view.format.dateTime(opensAt);
}

/** "4 Oct 2026 – 10 Oct 2026": both ends are days people can post on (the stored end is the next midnight). */
export function windowText(view: ViewContext, window: { opensAt: Date | null; closesAt: Date | null }): string {
  const opens = window.opensAt ? windowStart(view, window.opensAt) : null;
  const closes = window.closesAt ? windowEnd(view, window.closesAt).text : null;
  if (opens && closes) return view.t("consultation.structure.window.both", { opens, closes });
  if (opens) return view.t("consultation.structure.window.from", { opens });
  if (closes) return view.t("consultation.structure.window.until", { closes });
  return view.t("consultation.structure.window.none");
}

export function consultationCrumbs(view: ViewContext, space: { slug: string; title: Consultation["title"] }, consultation?: Consultation): Breadcrumb[] {
  const crumbs: Breadcrumb[] = [
    { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
    { label: view.t("consultation.structure.list.title"), href: consultationsPath(space.slug) },
  ];
  if (consultation) crumbs.push({ label: localize(consultation.title, view.locale), href: consultationPath(space.slug, consultation.slug) });
  return crumbs;
}
