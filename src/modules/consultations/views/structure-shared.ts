import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { localizedString } from "../../../platform/i18n/localized";
import type { Consultation } from "../queries";
import type { WindowState } from "../state";

/** Pieces every structure page uses: addresses, the state badge, a window in words, breadcrumbs. */

export const consultationsPath = (spaceSlug: string) => `/spaces/${spaceSlug}/consultations`;
export const consultationPath = (spaceSlug: string, consultationSlug: string) => `${consultationsPath(spaceSlug)}/${consultationSlug}`;

export function stateBadge(view: ViewContext, state: WindowState, status: Consultation["status"] = "published"): SafeHtml {
  const badges = [status === "draft" ? html`<span class="tag state-draft">${view.t("consultation.structure.state.draft")}</span>` : "", html`<span class="tag state-${state}">${view.t(`consultation.structure.state.${state}`)}</span>`];
  return html`${badges}`;
}

/** "4 Oct 2026 – 10 Oct 2026": a close at midnight reads as the day before, the last day people can post. */
export function windowText(view: ViewContext, window: { opensAt: Date | null; closesAt: Date | null }): string {
  const opens = window.opensAt ? view.format.date(window.opensAt) : null;
  const closes = window.closesAt ? view.format.date(new Date(window.closesAt.getTime() - 1)) : null;
  if (opens && closes) return view.t("consultation.structure.window.both", { opens, closes });
  if (opens) return view.t("consultation.structure.window.from", { opens });
  if (closes) return view.t("consultation.structure.window.until", { closes });
  return view.t("consultation.structure.window.none");
}

export function consultationCrumbs(view: ViewContext, space: { slug: string; title: Consultation["title"] }, consultation?: Consultation): { label: string; href?: string }[] {
  const crumbs: { label: string; href?: string }[] = [
    { label: localizedString(space.title, view.locale), href: `/spaces/${space.slug}` },
    { label: view.t("consultation.structure.list.title"), href: consultationsPath(space.slug) },
  ];
  if (consultation) crumbs.push({ label: localizedString(consultation.title, view.locale), href: consultationPath(space.slug, consultation.slug) });
  return crumbs;
}
