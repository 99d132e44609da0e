import { html, type SafeHtml } from "../../../platform/html";
import type { ViewContext } from "../../../platform/http/context";
import { moduleStylesheet } from "../../../platform/http/module-stylesheet";
import { localize, type LocalizedText } from "../../../platform/i18n/localized";
import type { ApplicationStatus } from "../schema";

// The few styles programme pages add to convene.css (and surveys' for the application form's questions).
export const PROGRAMME_STYLES = moduleStylesheet(
  "programmes",
  `.programme-facts{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
.programme-answers{margin:.25rem 0 0;padding-inline-start:1.1rem}
.programme-answers li{overflow-wrap:anywhere}
.programme-applicant{border-top:1px solid var(--line);padding:.75rem 0}
.programme-applicant h4{margin:0 0 .25rem}
.programme-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.programme-progress td,.programme-progress th{padding:.25rem .5rem;text-align:center}
.programme-progress th[scope=row]{text-align:start}
.programme-certificate{border:3px double var(--line);padding:1.5rem;text-align:center;max-width:48rem;margin:1rem auto}
.programme-certificate code{overflow-wrap:anywhere}
@media print{.programme-certificate{border-color:#000;margin:0 auto;break-inside:avoid}.hint{display:none}@page{size:A4 landscape;margin:1.5cm}}
`,
);

export type SpaceRef = { slug: string; title: LocalizedText };

export const crumbs = (view: ViewContext, space: SpaceRef) => [
  { label: view.t("nav.spaces"), href: "/spaces" },
  { label: localize(space.title, view.locale), href: `/spaces/${space.slug}` },
  { label: view.t("programmes.title"), href: `/spaces/${space.slug}/programmes` },
];

/** An application's status in words ("Accepted", "On the waitlist"). */
export const statusTag = (view: ViewContext, status: ApplicationStatus, isCompleted = false): SafeHtml =>
  html`<span class="tag">${view.t(isCompleted ? "programmes.application.completed" : `programmes.application.status.${status}`)}</span>`;

/** A cohort's dates: "1 March 2027 – 30 June 2027". */
export function cohortDates(view: ViewContext, cohort: { startsOn: string; endsOn: string }): string {
  const format = new Intl.DateTimeFormat(view.locale === "ru" ? "ru-RU" : "en-GB", { dateStyle: "long", timeZone: "UTC" });
  return `${format.format(new Date(`${cohort.startsOn}T00:00:00Z`))} – ${format.format(new Date(`${cohort.endsOn}T00:00:00Z`))}`;
}
